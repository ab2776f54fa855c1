package cms

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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
)

// NewCustomEventResource returns the telemetry_cms_custom_event resource.
func NewCustomEventResource() resource.Resource { return &customEventResource{} }

// customEventResource reports events once, on create. Events are
// append-only in CloudMonitor, so Read keeps the state and Delete forgets.
type customEventResource struct {
	clients *conns.Clients
}

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
	// does not see a difference (and a resumed report sends the same events).
	for i := range events {
		if events[i].Time.IsNull() || events[i].Time.IsUnknown() {
			events[i].Time = eventTimeString(now.Format(time.RFC3339Nano))
		}
	}
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	// The resource keeps a report that fails part-way and resumes it, which
	// takes the baseline: without one, nothing is sent.
	p := newReportProgress(apiEvents)
	if err := p.takeBaseline(ctx, client); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reporting %s to CMS in %s", eventCountPhrase(len(apiEvents)), client.Region()),
			fmt.Sprintf("Looking up the events CloudMonitor already holds, before sending, failed: %s\n\n"+
				"No event was sent. The lookup is what lets a lost answer be checked without reporting an event twice; apply again once DescribeCustomEventAttribute answers.", apiErrorDetail(err, "")))
		return
	}
	err := p.run(ctx, client, r.clients.ReadAfterWrite(), nil)
	var failed *reportError
	if err != nil && (!errors.As(err, &failed) || (failed.Confirmed == 0 && failed.Unknown == 0)) {
		// Nothing is stored, nor may be: the next apply starts afresh.
		resp.Diagnostics.Append(reportDiagnostic(client.Region(), len(apiEvents), err))
		return
	}

	plan.ID = types.StringValue(newReportID())
	plan.Region = types.StringValue(client.Region())
	plan.RequestID = types.StringValue(p.requestID)
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: customEventAttrTypes}, events)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Events = list
	resp.Diagnostics.Append(r.saveProgress(ctx, &plan, p, resp.Private)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if failed != nil {
		// Some events are stored, or may be: the report is kept, untainted,
		// and the next apply finishes it. An error would taint the resource,
		// and its replacement would report every event again.
		tflog.Warn(ctx, "cms custom event report failed part-way; keeping it for the next apply", map[string]any{
			"region": client.Region(), "events": len(apiEvents), "pending": len(p.pending), "error": err.Error(),
		})
		resp.Diagnostics.AddWarning(fmt.Sprintf("reporting %s to CMS in %s failed part-way; the report is kept", eventCountPhrase(len(apiEvents)), client.Region()),
			failureFacts(failed)+"\n\n"+fmt.Sprintf("The report is saved in the state, untainted, with pending_events = %s (positions in events). "+
				"The next terraform apply finishes it as an in-place update: it looks up the events whose outcome is unknown and sends only those that did not arrive, "+
				"so no event is reported twice. Until then terraform plan shows the pending events.", positions(p.pending)))
	}
}

// Read keeps the state: reported events cannot change or disappear through
// the API, so there is nothing to refresh.
func (r *customEventResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Update finishes a report that failed part-way (the plan shows it when
// pending_events is not empty): the events whose outcome was unknown are
// looked up, and only those not stored are sent. Every argument forces
// replacement, so nothing else changes here.
func (r *customEventResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state customEventResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.Events = state.ID, state.Events
	p, diags := loadProgress(ctx, state, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.RequestID, plan.SentAt = state.RequestID, state.SentAt
	if len(p.pending) == 0 {
		if plan.Pending.IsUnknown() {
			plan.Pending = emptyPositions()
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	err := p.run(ctx, client, r.clients.ReadAfterWrite(), nil)
	if p.requestID != "" {
		plan.RequestID = types.StringValue(p.requestID)
	}
	resp.Diagnostics.Append(r.saveProgress(ctx, &plan, p, resp.Private)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if err != nil {
		resp.Diagnostics.Append(resumeDiagnostic(client.Region(), p, err))
	}
}

// Delete forgets the report: CloudMonitor has no API to retract events.
func (r *customEventResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var pending types.List
	req.State.GetAttribute(ctx, path.Root("pending_events"), &pending)
	if n := len(pending.Elements()); n > 0 {
		tflog.Warn(ctx, "cms custom event report removed with events still pending; they will not be sent", map[string]any{"pending": n})
	}
	tflog.Info(ctx, "cms custom events cannot be retracted; removing the report from state only")
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (r *customEventResource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return r.clients.AlicloudFor(region.ValueString(), diags)
}

func newReportID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// progressKey is the private state key under which a report that failed
// part-way keeps what its resumption needs beyond pending_events.
const progressKey = "report_progress"

// savedProgress is the private part of a kept report: the baseline taken
// before its first send, and which pending events have an unknown outcome.
type savedProgress struct {
	Baseline []savedCount `json:"baseline"`
	Unknown  []int        `json:"unknown,omitempty"`
}

// savedCount is one baseline entry: how many events identical to one of
// the report's CloudMonitor held before it was first sent.
type savedCount struct {
	Name    string `json:"name"`
	GroupID string `json:"group_id"`
	Content string `json:"content"`
	TimeMS  int64  `json:"time_ms"`
	Count   int    `json:"count"`
}

// saveProgress records where the report stands: pending_events and
// sent_at in m, the baseline and the unknown outcomes in the private
// state while any event is pending (removed once none is).
func (r *customEventResource) saveProgress(ctx context.Context, m *customEventResourceModel, p *reportProgress, private tfresource.PrivateSetter) diag.Diagnostics {
	var diags diag.Diagnostics
	m.SentAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	if len(p.pending) == 0 {
		m.Pending = emptyPositions()
		return private.SetKey(ctx, progressKey, nil)
	}
	m.Pending, diags = types.ListValueFrom(ctx, types.Int64Type, p.pending)
	if diags.HasError() {
		return diags
	}
	saved := savedProgress{Baseline: []savedCount{}}
	for k, n := range p.baseline {
		saved.Baseline = append(saved.Baseline, savedCount{Name: k.name, GroupID: k.group, Content: k.content, TimeMS: k.ms, Count: n})
	}
	slices.SortFunc(saved.Baseline, func(a, b savedCount) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.GroupID, b.GroupID), cmp.Compare(a.Content, b.Content), cmp.Compare(a.TimeMS, b.TimeMS))
	})
	for i := range p.unknown {
		saved.Unknown = append(saved.Unknown, i)
	}
	sort.Ints(saved.Unknown)
	b, err := json.Marshal(saved)
	if err != nil {
		diags.AddError("saving the progress of the report", fmt.Sprintf("Encoding it failed: %v. This is a bug in the provider; please report it.", err))
		return diags
	}
	return private.SetKey(ctx, progressKey, b)
}

// loadProgress rebuilds a kept report from the state: its events with the
// times they were sent with, pending_events, and the private baseline. A
// report whose private part is missing (a state edited by hand) cannot be
// checked against a baseline: its pending events count as unknown, and
// resuming it fails without sending anything.
func loadProgress(ctx context.Context, state customEventResourceModel, private tfresource.PrivateGetter) (*reportProgress, diag.Diagnostics) {
	events, diags := eventsFromList(ctx, state.Events)
	if diags.HasError() {
		return nil, diags
	}
	apiEvents, d := toAPIEvents(events, time.Now())
	if diags.Append(d...); diags.HasError() {
		return nil, diags
	}
	p := &reportProgress{events: apiEvents, unknown: map[int]bool{}, pending: []int{}}
	if !state.Pending.IsNull() && !state.Pending.IsUnknown() {
		if diags.Append(state.Pending.ElementsAs(ctx, &p.pending, false)...); diags.HasError() {
			return nil, diags
		}
	}
	for _, i := range p.pending {
		if i < 0 || i >= len(apiEvents) {
			diags.AddError("resuming the report", fmt.Sprintf("pending_events holds %d, which is not a position in events (0 to %d). This is a bug in the provider; please report it.", i, len(apiEvents)-1))
			return nil, diags
		}
	}
	if len(p.pending) == 0 {
		return p, diags
	}
	b, d := private.GetKey(ctx, progressKey)
	if diags.Append(d...); diags.HasError() {
		return nil, diags
	}
	var saved savedProgress
	if len(b) == 0 || json.Unmarshal(b, &saved) != nil {
		for _, i := range p.pending {
			p.unknown[i] = true
		}
		p.baselineErr = errors.New("the lookup baseline of this report is missing from the state")
		return p, diags
	}
	p.baseline = map[eventKey]int{}
	for _, c := range saved.Baseline {
		p.baseline[eventKey{c.Name, c.GroupID, c.Content, c.TimeMS}] = c.Count
	}
	for _, i := range saved.Unknown {
		p.unknown[i] = true
	}
	return p, diags
}

// positions renders pending_events as Terraform shows a list: [0, 2].
func positions(idx []int) string {
	parts := make([]string, len(idx))
	for i, n := range idx {
		parts[i] = strconv.Itoa(n)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// emptyPositions is pending_events of a complete report.
func emptyPositions() types.List {
	return types.ListValueMust(types.Int64Type, []attr.Value{})
}
