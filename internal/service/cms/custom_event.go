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

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ resource.Resource               = (*customEventResource)(nil)
	_ resource.ResourceWithConfigure  = (*customEventResource)(nil)
	_ resource.ResourceWithModifyPlan = (*customEventResource)(nil)
	_ validator.String                = eventTimeValidator{}
)

func newCustomEventResource() resource.Resource { return &customEventResource{} }

// customEventResource reports events once, on create. Events are
// append-only in CloudMonitor, so Read keeps the state and Delete forgets.
type customEventResource struct {
	clients *conns.Clients
}

type customEventResourceModel struct {
	ID        types.String `tfsdk:"id"`
	Events    types.List   `tfsdk:"events"`
	Region    types.String `tfsdk:"region"`
	Triggers  types.Map    `tfsdk:"triggers"`
	RequestID types.String `tfsdk:"request_id"`
	SentAt    types.String `tfsdk:"sent_at"`
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

func (r *customEventResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reports custom events to Alibaba Cloud CloudMonitor once, when the resource is created. " +
			"Changing any argument replaces the resource, which reports the events again. " +
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
				Description:   "Request id of the `PutCustomEvent` call that reported the events. Empty when the answer was lost and the provider confirmed the events with `DescribeCustomEventAttribute` instead.",
				PlanModifiers: reportFacts,
			},
			"sent_at": schema.StringAttribute{
				Computed:      true,
				Description:   "When the provider reported the events (RFC 3339, UTC).",
				PlanModifiers: reportFacts,
			},
		},
	}
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
	client, err := r.client(plan.Region.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("configuring the Alibaba Cloud client", err.Error())
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
	var region, configRegion types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("region"), &region)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("region"), &configRegion)...)
	if resp.Diagnostics.HasError() || configRegion.IsUnknown() {
		return // the region comes from another resource: checked at apply
	}
	// With no region configured the plan holds the prior one, or is unknown
	// on create and replacement: the events then go to the provider's region.
	name := ""
	if !region.IsUnknown() && !region.IsNull() {
		name = region.ValueString()
	}
	client, err := r.clients.Alicloud(name)
	if conns.IsUnknownSetting(err) {
		return // a provider setting comes from another resource: checked at apply
	}
	if err != nil {
		resp.Diagnostics.AddError("configuring the Alibaba Cloud client", err.Error())
		return
	}
	if region.IsUnknown() || region.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), types.StringValue(client.Region()))...)
	}
}

func (r *customEventResource) client(region string) (*alicloud.Client, error) {
	if r.clients == nil {
		return nil, errors.New("the provider is not configured. This is a bug in the provider; please report it")
	}
	return r.clients.Alicloud(region)
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

// reportResult says how the events were reported.
type reportResult struct {
	// RequestID is the id of the PutCustomEvent call that succeeded; empty
	// when the events were confirmed by a lookup after a lost answer.
	RequestID string
	// Confirmed counts events that were found already reported after an
	// ambiguous failure, and so were not sent again.
	Confirmed int
}

// maxReportAttempts bounds the PutCustomEvent calls of one report; each one
// after the first only happens when a lookup proved that the events had not
// arrived.
const maxReportAttempts = 3

// reportCustomEvents sends events in one PutCustomEvent call. The call is
// not idempotent and the API returns no event ids, so an event is known by
// its name, group, content and time (ms). Before sending, a baseline lookup
// counts the identical events CloudMonitor already holds (an earlier report
// with the same fixed time, say). After a failure whose effect is unknown
// (connection lost, 5xx) a second lookup counts them again: only what is
// there beyond the baseline arrived, each stored event counts once, and
// only the events that did not arrive are sent again. An event is never
// reported twice, and never counted as arrived when it did not. progress,
// when set, receives a line per step.
//
// settle is the read-after-write bound: an event just stored may not be
// listed at once, so a lookup after a lost answer keeps looking for that
// long before it concludes that an event is missing and sends it again.
func reportCustomEvents(ctx context.Context, client *alicloud.Client, events []alicloud.CustomEvent, settle time.Duration, progress func(string)) (reportResult, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	baseline, baseErr := storedEvents(ctx, client, events)
	if baseErr != nil {
		// Without a baseline a lost answer cannot be reconciled; the report
		// goes ahead and such a failure is then reported as unknown.
		tflog.Warn(ctx, "cms custom event baseline lookup failed; a lost answer will not be reconciled", map[string]any{
			"region": client.Region(), "events": len(events), "error": baseErr.Error(),
		})
	}
	var res reportResult
	pending := events
	for attempt := 1; ; attempt++ {
		out, err := client.PutCustomEvent(ctx, alicloud.PutCustomEventInput{Events: pending})
		if err == nil {
			res.RequestID = out.RequestID
			return res, nil
		}
		failed := &reportError{Total: len(events), Confirmed: res.Confirmed, Attempts: attempt, Cause: err}
		if !transport.IsAmbiguous(err) {
			failed.NotReported = len(pending)
			return res, failed
		}
		tflog.Warn(ctx, "cms custom event report outcome unknown; looking the events up before sending again", map[string]any{
			"region": client.Region(), "events": len(pending), "attempt": attempt, "error": err.Error(),
		})
		if baseErr != nil {
			failed.Unknown, failed.Lookup = len(pending), baseErr
			return res, failed
		}
		say("The answer to PutCustomEvent was lost (%v); looking up which of the %s arrived before sending anything again", err, eventCountPhrase(len(pending)))
		missing, lookErr := awaitEvents(ctx, client, events, baseline, settle)
		if lookErr != nil {
			failed.Unknown, failed.Lookup = len(pending), lookErr
			return res, failed
		}
		res.Confirmed = len(events) - len(missing)
		if len(missing) == 0 {
			say("All %s arrived; nothing is sent again", eventCountPhrase(len(pending)))
			return res, nil
		}
		if attempt >= maxReportAttempts {
			failed.Confirmed, failed.NotReported = res.Confirmed, len(missing)
			return res, failed
		}
		say("%d of %s had not arrived; sending those again", len(missing), eventCountPhrase(len(pending)))
		pending = missing
	}
}

// awaitEvents looks the events up until every one of them is seen beyond
// the baseline or settle has passed (a stored event may take that long to
// be listed), and returns those still not seen.
func awaitEvents(ctx context.Context, client *alicloud.Client, events []alicloud.CustomEvent, baseline map[eventKey]int, settle time.Duration) ([]alicloud.CustomEvent, error) {
	var missing []alicloud.CustomEvent
	_, err := tfresource.RetryWhileNotFound(ctx, settle, nil, func(ctx context.Context) (struct{}, error) {
		stored, err := storedEvents(ctx, client, events)
		if err != nil {
			return struct{}{}, err
		}
		if missing = notArrived(events, baseline, stored); len(missing) > 0 {
			return struct{}{}, &tfresource.NotFoundError{What: fmt.Sprintf("%d of %s", len(missing), eventCountPhrase(len(events)))}
		}
		return struct{}{}, nil
	})
	if tfresource.NotFound(err) {
		err = nil // waited out: they did not arrive
	}
	return missing, err
}

// reportError is a report that did not fully succeed, with an exact count
// of where each event stands.
type reportError struct {
	// Total events in the report.
	Total int
	// Confirmed were seen stored by a lookup; NotReported are known not to
	// be stored (refused, or missing after the last attempt); Unknown were
	// sent and their outcome could not be checked.
	Confirmed, NotReported, Unknown int
	Attempts                        int
	// Cause is the last PutCustomEvent error; Lookup the failed lookup, if any.
	Cause, Lookup error
}

func (e *reportError) Error() string {
	msg := fmt.Sprintf("of %s: %d confirmed as reported, %d not reported, %d unknown (sent, but whether they arrived could not be checked); "+
		"PutCustomEvent calls: %d, the last failed: %v",
		eventCountPhrase(e.Total), e.Confirmed, e.NotReported, e.Unknown, e.Attempts, e.Cause)
	if e.Lookup != nil {
		msg += fmt.Sprintf("; looking the events up failed: %v", e.Lookup)
	}
	return msg
}

func (e *reportError) Unwrap() error { return e.Cause }

// eventKey identifies an event for reconciliation: the API returns no ids
// on put, so name, group, time (ms) and content stand in for one.
type eventKey struct {
	name, group, content string
	ms                   int64
}

func keyOf(ev alicloud.CustomEvent) eventKey {
	return eventKey{ev.Name, groupOrDefault(ev.GroupID), ev.Content, ev.Time.UnixMilli()}
}

// lookupWindow widens the time filter around the events' times; matching
// is then exact to the millisecond.
const lookupWindow = time.Second

// maxLookupPages bounds the reconciliation walk per event name.
const maxLookupPages = 20

// storedEvents counts, for each distinct key among events, the identical
// events DescribeCustomEventAttribute shows: one lookup per name and group,
// over the window of the events' times.
func storedEvents(ctx context.Context, client *alicloud.Client, events []alicloud.CustomEvent) (map[eventKey]int, error) {
	type nameGroup struct{ name, group string }
	windows := map[nameGroup][2]time.Time{}
	var order []nameGroup
	wanted := map[eventKey]bool{}
	for _, ev := range events {
		wanted[keyOf(ev)] = true
		k := nameGroup{ev.Name, groupOrDefault(ev.GroupID)}
		w, ok := windows[k]
		if !ok {
			order = append(order, k)
			w = [2]time.Time{ev.Time, ev.Time}
		}
		if ev.Time.Before(w[0]) {
			w[0] = ev.Time
		}
		if ev.Time.After(w[1]) {
			w[1] = ev.Time
		}
		windows[k] = w
	}
	found := map[eventKey]int{}
	for _, k := range order {
		w := windows[k]
		recs, err := client.ListCustomEvents(ctx, alicloud.DescribeCustomEventAttributeInput{
			Name: k.name, GroupID: k.group, StartTime: w[0].Add(-lookupWindow), EndTime: w[1].Add(lookupWindow),
		}, maxLookupPages)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			key := eventKey{rec.Name, groupOrDefault(rec.GroupID), rec.Content, rec.Time.UnixMilli()}
			if wanted[key] {
				found[key]++
			}
		}
	}
	return found, nil
}

// notArrived returns the events of the report that stored does not account
// for beyond baseline. Copies count: of two identical events with one new
// copy stored, one is missing; each stored copy accounts for one event.
func notArrived(events []alicloud.CustomEvent, baseline, stored map[eventKey]int) []alicloud.CustomEvent {
	arrived := map[eventKey]int{}
	for k, n := range stored {
		arrived[k] = max(0, n-baseline[k])
	}
	var missing []alicloud.CustomEvent
	for _, ev := range events {
		k := keyOf(ev)
		if arrived[k] > 0 {
			arrived[k]--
			continue
		}
		missing = append(missing, ev)
	}
	return missing
}

func groupOrDefault(g string) string {
	if g == "" {
		return alicloud.DefaultEventGroupID
	}
	return g
}

// reportDiagnostic turns a failed report into a diagnostic: facts first
// (how many events stand where, the vendor's answer), then what to do.
func reportDiagnostic(region string, n int, err error) diag.Diagnostic {
	summary := fmt.Sprintf("reporting %s to CMS in %s", eventCountPhrase(n), region)
	var missing *conns.MissingSettingError
	if errors.As(err, &missing) {
		return diag.NewErrorDiagnostic("configuring the Alibaba Cloud client", err.Error())
	}
	var failed *reportError
	if !errors.As(err, &failed) {
		return diag.NewErrorDiagnostic(summary, fmt.Sprintf("%v\n\nNo event was sent; apply again to retry.", err))
	}
	detail := "Of " + eventCountPhrase(failed.Total) + fmt.Sprintf(": %d confirmed as reported, %d not reported, %d unknown (sent, but whether they arrived could not be checked). PutCustomEvent calls: %d.",
		failed.Confirmed, failed.NotReported, failed.Unknown, failed.Attempts)
	var apiErr *alicloud.Error
	if errors.As(failed.Cause, &apiErr) {
		detail += fmt.Sprintf("\nThe last call was answered %s: %s (HTTP %d, request id %s).", apiErr.Code, apiErr.Message, apiErr.HTTPStatus, orNone(apiErr.RequestID))
	} else {
		detail += fmt.Sprintf("\nThe last call failed: %v.", failed.Cause)
	}
	if failed.Lookup != nil {
		detail += fmt.Sprintf("\nLooking the events up failed: %v.", failed.Lookup)
	}
	switch {
	case failed.Unknown > 0:
		detail += "\n\nThe events may or may not have been reported. Nothing was sent again, so that no event is reported twice. " +
			"Check the events in the CloudMonitor console (Event Monitoring > Custom Events) before applying again: applying again reports them again."
	case failed.Confirmed > 0:
		detail += "\n\nApplying again reports every event of the resource again, including those confirmed above; " +
			"to report only the rest, remove the confirmed events from the configuration first."
	case alicloud.AuthHint(failed.Cause) != "":
		detail += "\n\nNo event was reported. " + alicloud.AuthHint(failed.Cause)
	case alicloud.IsAuthFailure(failed.Cause):
		detail += "\n\nNo event was reported. Check the provider's alicloud access_key and secret_key (or ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY) and the system clock."
	case alicloud.IsThrottled(failed.Cause):
		detail += "\n\nNo event was reported. CloudMonitor is throttling requests; retry later or raise max_retries."
	case apiErr != nil && (apiErr.Code == "ParameterInvalid" || apiErr.Code == "InvalidParameter" || apiErr.HTTPStatus == 400):
		detail += "\n\nThe events were rejected and not reported; fix the events and apply again."
	default:
		detail += "\n\nNo event was reported; apply again to retry."
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func newReportID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// eventCountPhrase is "1 custom event" or "N custom events".
func eventCountPhrase(n int) string {
	if n == 1 {
		return "1 custom event"
	}
	return strconv.Itoa(n) + " custom events"
}
