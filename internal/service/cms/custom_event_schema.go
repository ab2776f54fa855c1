package cms

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

var customEventAttrTypes = map[string]attr.Type{
	"name": types.StringType, "content": types.StringType, "group_id": types.StringType, "time": eventTimeType{},
}

func (r *customEventResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
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
			"events": schema.ListNestedAttribute{
				Required:    true,
				Description: eventsDescription + " Changing this forces replacement, which reports the events again.",
				Validators:  []validator.List{listvalidator.SizeBetween(1, alicloud.MaxEventsPerPut)},
				PlanModifiers: []planmodifier.List{
					keepEqualEventTimes{},
					listplanmodifier.RequiresReplace(),
				},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":    schema.StringAttribute{Required: true, Description: eventNameDesc, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
					"content": schema.StringAttribute{Required: true, Description: eventContentDesc, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
					"group_id": schema.StringAttribute{
						Optional: true, Computed: true, Default: stringdefault.StaticString(alicloud.DefaultEventGroupID),
						Description: eventGroupDesc,
						Validators:  []validator.String{groupIDValidator()},
					},
					"time": schema.StringAttribute{
						Optional: true, Computed: true, CustomType: eventTimeType{},
						Description: eventTimeDesc + " Two spellings of the same instant (another UTC offset, or epoch milliseconds for an RFC 3339 time) are equal: changing only the spelling plans no change and keeps the state's spelling." +
							" Default: the moment of apply, recorded in the state (RFC 3339, UTC) so that later plans show no change.",
						Validators: []validator.String{eventTimeValidator{}},
					},
				}},
			},
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
	desc.Split(&resp.Schema)
}
