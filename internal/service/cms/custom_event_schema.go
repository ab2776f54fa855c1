package cms

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

type customEventResourceModel struct {
	ID        types.String `tfsdk:"id"`
	Events    types.List   `tfsdk:"events"`
	Region    types.String `tfsdk:"region"`
	Triggers  types.Map    `tfsdk:"triggers"`
	RequestID types.String `tfsdk:"request_id"`
	SentAt    types.String `tfsdk:"sent_at"`
	Pending   types.List   `tfsdk:"pending_events"`
}

// customEventModel is one element of events, shared by the resource and
// the action.
type customEventModel struct {
	Name    types.String   `tfsdk:"name"`
	Content types.String   `tfsdk:"content"`
	GroupID types.String   `tfsdk:"group_id"`
	Time    eventTimeValue `tfsdk:"time"`
}

// customEventSchema and customEventActionSchema (custom_event_action.go)
// build their events attribute from one list, eventFields: the field list,
// the descriptions and the validators of an event are written once.

// Descriptions shared by the resource and the action schemas.
const (
	eventsDescription = "The events to report, 1 to 50 (CloudMonitor accepts at most 50 per call); all are sent in one `PutCustomEvent` call."
	eventRegionDesc   = "Alibaba Cloud region to report to, for example `cn-hangzhou`. Default: the provider's `alicloud.region`."
)

var (
	groupIDPattern = regexp.MustCompile(`^[0-9]+$`)
	// reportFacts keep the facts of the report when nothing is reported
	// again (a replacement plans them anew from a null state).
	reportFacts = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
)

// eventField is one attribute of an element of events (customEventModel).
// An optional one is also computed in the resource, which records the
// value it sent (resourceDefault, when set, is its static default); the
// action keeps nothing.
type eventField struct {
	name        string
	required    bool
	eventTime   bool // of eventTimeType, else a plain string
	description string
	validators  []validator.String
	// resourceNote and actionNote end the description in each schema.
	resourceNote, actionNote string
	resourceDefault          string
}

// eventFields are the attributes of an element of events, for the resource
// and the action.
func eventFields() []eventField {
	return []eventField{
		{
			name: "name", required: true, description: "Event name, shown as `Name` in CloudMonitor and used to look events up.",
			validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		{
			name: "content", required: true, description: "Event body text.",
			validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		{
			name: "group_id", description: "Application group id the event belongs to: digits, `0` meaning no group. Default `0`.",
			validators: []validator.String{groupIDValidator()}, resourceDefault: alicloud.DefaultEventGroupID,
		},
		{
			name: "time", eventTime: true,
			description: "When the event happened: an RFC 3339 timestamp (`2024-05-01T12:00:00+08:00`) or epoch milliseconds (`1714536000000`); " +
				"sent with millisecond precision in the format the API wants (`20240501T120000.000+0800`).",
			validators: []validator.String{eventTimeValidator{}},
			resourceNote: " Two spellings of the same instant (another UTC offset, or epoch milliseconds for an RFC 3339 time) are equal: changing only the spelling plans no change and keeps the state's spelling." +
				" Default: the moment of apply, recorded in the state (RFC 3339, UTC) so that later plans show no change.",
			actionNote: " Default: the moment of invocation.",
		},
	}
}

// customEventAttrTypes are the attribute types of an element of events.
var customEventAttrTypes = func() map[string]attr.Type {
	m := map[string]attr.Type{}
	for _, f := range eventFields() {
		m[f.name] = f.attrType()
	}
	return m
}()

func (f eventField) attrType() attr.Type {
	if f.eventTime {
		return eventTimeType{}
	}
	return types.StringType
}

// customType is the attribute's custom type (nil: a plain string).
func (f eventField) customType() basetypes.StringTypable {
	if f.eventTime {
		return eventTimeType{}
	}
	return nil
}

// eventsSize is the rule of both events attributes: 1 to 50 events, what
// one PutCustomEvent call takes.
func eventsSize() []validator.List {
	return []validator.List{listvalidator.SizeBetween(1, alicloud.MaxEventsPerPut)}
}

// eventsResourceAttribute is events in the resource schema: replacing the
// report when it changes, keeping the state's spelling of equal times.
func eventsResourceAttribute() schema.ListNestedAttribute {
	attrs := map[string]schema.Attribute{}
	for _, f := range eventFields() {
		a := schema.StringAttribute{
			Required: f.required, Optional: !f.required, Computed: !f.required, CustomType: f.customType(),
			Description: f.description + f.resourceNote, Validators: f.validators,
		}
		if f.resourceDefault != "" {
			a.Default = stringdefault.StaticString(f.resourceDefault)
		}
		attrs[f.name] = a
	}
	return schema.ListNestedAttribute{
		Required:      true,
		Description:   eventsDescription + " Changing this forces replacement, which reports the events again.",
		Validators:    eventsSize(),
		PlanModifiers: []planmodifier.List{keepEqualEventTimes{}, listplanmodifier.RequiresReplace()},
		NestedObject:  schema.NestedAttributeObject{Attributes: attrs},
	}
}

// eventsActionAttribute is events in the action schema.
func eventsActionAttribute() actionschema.ListNestedAttribute {
	attrs := map[string]actionschema.Attribute{}
	for _, f := range eventFields() {
		attrs[f.name] = actionschema.StringAttribute{
			Required: f.required, Optional: !f.required, CustomType: f.customType(),
			Description: f.description + f.actionNote, Validators: f.validators,
		}
	}
	return actionschema.ListNestedAttribute{
		Required:     true,
		Description:  eventsDescription,
		Validators:   eventsSize(),
		NestedObject: actionschema.NestedAttributeObject{Attributes: attrs},
	}
}

// Schema delegates to customEventSchema.
func (r *customEventResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = customEventSchema(ctx)
}

// customEventSchema is the resource's schema, its Markdown descriptions
// split (desc.Split).
func customEventSchema(context.Context) schema.Schema {
	s := schema.Schema{
		Description: "Reports custom events to Alibaba Cloud CloudMonitor once, when the resource is created. " +
			"Changing any argument replaces the resource, which reports the events again. " +
			"A report that fails part-way is kept and finished by the next apply, which sends only the events not confirmed as reported. " +
			"Events cannot be retracted: destroying the resource only removes it from the state. " +
			"On Terraform 1.14 and later, the `telemetry_cms_custom_event` action reports events without keeping state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "Identifier of this report, assigned by the provider (the API returns no event ids).",
				PlanModifiers: reportFacts,
			},
			"events": eventsResourceAttribute(),
			"region": schema.StringAttribute{
				Optional: true, Computed: true,
				Description:   eventRegionDesc + " " + tfresource.LocationRuleDoc,
				Validators:    []validator.String{validate.Region("cn-hangzhou")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				Description:   "Arbitrary values; changing any of them forces replacement and so reports the events again (for example a release version).",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"request_id": schema.StringAttribute{
				Computed:      true,
				Description:   "Request id of the last `PutCustomEvent` call of this report that was answered. Empty when no answer came (the answer was lost and the provider confirmed the events with `DescribeCustomEventAttribute` instead).",
				PlanModifiers: reportFacts,
			},
			"sent_at": schema.StringAttribute{
				Computed:      true,
				Description:   "When the provider last sent or looked up the events of this report (RFC 3339, UTC).",
				PlanModifiers: reportFacts,
			},
			"pending_events": schema.ListAttribute{
				ElementType: types.Int64Type,
				Computed:    true,
				Description: "Positions (from 0) in `events` of the events not yet confirmed as reported; empty once the report is complete. " +
					"Only a report that failed part-way leaves events pending (the apply warns and keeps the resource, untainted): " +
					"the next apply then shows an in-place update that looks up the pending events whose outcome was unknown and sends only those that did not arrive.",
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
	}
	desc.Split(&s)
	return s
}

// groupIDValidator checks an application group id.
func groupIDValidator() validator.String {
	return stringvalidator.RegexMatches(groupIDPattern, "must be an application group id made of digits (0 means no group)")
}

func eventsFromList(ctx context.Context, l types.List) ([]customEventModel, diag.Diagnostics) {
	var events []customEventModel
	if l.IsNull() || l.IsUnknown() {
		var d diag.Diagnostics
		d.AddError("reading events", "The events are not known yet. This is a bug in the provider; please report it.")
		return nil, d
	}
	d := l.ElementsAs(ctx, &events, false)
	return events, d
}

// toAPIEvents converts the configured events; a null or unknown time means now.
func toAPIEvents(events []customEventModel, now time.Time) ([]alicloud.CustomEvent, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := make([]alicloud.CustomEvent, 0, len(events))
	for i, ev := range events {
		e := alicloud.CustomEvent{Name: ev.Name.ValueString(), Content: ev.Content.ValueString(), GroupID: ev.GroupID.ValueString(), Time: now}
		if e.GroupID == "" {
			e.GroupID = alicloud.DefaultEventGroupID
		}
		if !ev.Time.IsNull() && !ev.Time.IsUnknown() {
			t, err := parseEventTime(ev.Time.ValueString())
			if err != nil {
				diags.AddAttributeError(path.Root("events").AtListIndex(i).AtName("time"), "invalid event time",
					fmt.Sprintf("events[%d].time %q %v.", i, ev.Time.ValueString(), err))
				continue
			}
			e.Time = t
		}
		out = append(out, e)
	}
	return out, diags
}
