package cms

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

var (
	_ resource.Resource               = (*customEventResource)(nil)
	_ resource.ResourceWithConfigure  = (*customEventResource)(nil)
	_ resource.ResourceWithModifyPlan = (*customEventResource)(nil)
	_ validator.String                = eventTimeValidator{}
)

// NewCustomEventResource returns the telemetry_cms_custom_event resource.
func NewCustomEventResource() resource.Resource { return &customEventResource{} }

// customEventResource reports events once, on create. Events are
// append-only in CloudMonitor, so Read keeps the state and Delete forgets.
type customEventResource struct {
	clients *conns.Clients
}

// Descriptions shared by the resource and the action schemas.
const (
	eventsDescription = "The events to report, 1 to 50 (CloudMonitor accepts at most 50 per call); all are sent in one `PutCustomEvent` call."
	eventNameDesc     = "Event name, shown as `Name` in CloudMonitor and used to look events up."
	eventContentDesc  = "Event body text."
	eventGroupDesc    = "Application group id the event belongs to: digits, `0` meaning no group. Default `0`."
	eventTimeDesc     = "When the event happened: an RFC 3339 timestamp (`2024-05-01T12:00:00+08:00`) or epoch milliseconds (`1714536000000`); sent with millisecond precision in the format the API wants (`20240501T120000.000+0800`)."
	eventRegionDesc   = "Alibaba Cloud region to report to, for example `cn-hangzhou`. Default: the provider's `alicloud.region`."
)

var (
	groupIDPattern = regexp.MustCompile(`^[0-9]+$`)
	// reportFacts keep the facts of the report when nothing is reported
	// again (a replacement plans them anew from a null state).
	reportFacts = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
)

func (r *customEventResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_custom_event"
}

func (r *customEventResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

func (r *customEventResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan customEventResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	events, diags := eventsFromList(ctx, plan.Events)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	apiEvents, diags := toAPIEvents(events, now)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The default time is the moment of apply; record it so the next plan
	// does not see a difference.
	for i := range events {
		if events[i].Time.IsNull() || events[i].Time.IsUnknown() {
			events[i].Time = eventTimeString(now.Format(time.RFC3339Nano))
		}
	}
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	res, err := reportCustomEvents(ctx, client, apiEvents, r.clients.ReadAfterWrite(), nil)
	if err != nil {
		resp.Diagnostics.Append(reportDiagnostic(client.Region(), len(apiEvents), err))
		return
	}

	plan.ID = types.StringValue(newReportID())
	plan.Region = types.StringValue(client.Region())
	plan.RequestID = types.StringValue(res.RequestID)
	plan.SentAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: customEventAttrTypes}, events)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Events = list
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read keeps the state: reported events cannot change or disappear through
// the API, so there is nothing to refresh.
func (r *customEventResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Update is never called with a change: every argument forces replacement.
// It copies the plan so that the framework's contract holds.
func (r *customEventResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan customEventResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete forgets the report: CloudMonitor has no API to retract events.
func (r *customEventResource) Delete(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
	tflog.Info(ctx, "cms custom events cannot be retracted; removing the report from state only")
}

// ModifyPlan resolves the region and reports a missing credential at plan
// time instead of at apply.
func (r *customEventResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.clients == nil {
		return // destroy, or the provider is not configured yet (validate)
	}
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		return // nothing will be sent, so no credential is needed
	}
	// The location rule of every resource (tfresource.PlanLocation): a
	// report goes to the configured region, else the provider's; one that
	// exists stays where it was sent.
	config, prior, diags := tfresource.ConfigAndPrior(ctx, req, "region")
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	region := tfresource.PlanLocation(config, prior, req.State.Raw.IsNull(), r.clients.Default("alicloud.region"))
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), region)...)
	if region.IsUnknown() {
		return // known at apply; checked then
	}
	if _, err := r.clients.Alicloud(region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
		resp.Diagnostics.AddError("configuring the Alibaba Cloud client", err.Error())
	}
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (r *customEventResource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return r.clients.AlicloudFor(region.ValueString(), diags)
}

// groupIDValidator checks an application group id.
func groupIDValidator() validator.String {
	return stringvalidator.RegexMatches(groupIDPattern, "must be an application group id made of digits (0 means no group)")
}

// eventTimeValidator accepts an RFC 3339 timestamp or epoch milliseconds.
type eventTimeValidator struct{}

func (eventTimeValidator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp or epoch milliseconds"
}

func (v eventTimeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (eventTimeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseEventTime(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "invalid event time",
			fmt.Sprintf("%s %q %v.", req.Path, req.ConfigValue.ValueString(), err))
	}
}

// minEpochMillis rejects numbers that are surely epoch seconds: anything
// before 2001-09-09 in milliseconds.
const minEpochMillis = 1_000_000_000_000

// parseEventTime reads the time attribute: RFC 3339 or epoch milliseconds.
func parseEventTime(s string) (time.Time, error) {
	if s != "" && groupIDPattern.MatchString(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms > 253402300799999 {
			return time.Time{}, errors.New("is out of range for epoch milliseconds")
		}
		if ms < minEpochMillis {
			return time.Time{}, errors.New("looks like epoch seconds or is before 2001; give epoch milliseconds (13 digits, e.g. 1714536000000) or an RFC 3339 timestamp")
		}
		return time.UnixMilli(ms).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errors.New("must be an RFC 3339 timestamp (2024-05-01T12:00:00Z, 2024-05-01T20:00:00+08:00) or epoch milliseconds (1714536000000)")
	}
	return t, nil
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

func newReportID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
