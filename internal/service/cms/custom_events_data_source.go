package cms

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ datasource.DataSource                   = (*customEventsDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*customEventsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*customEventsDataSource)(nil)
)

// defaultEventWindow is how far before end_time the search starts when
// start_time is not set. The API's own default window is not documented, so
// the data source always sends both ends.
const defaultEventWindow = 24 * time.Hour

// NewCustomEventsDataSource returns the telemetry_cms_custom_events data source.
func NewCustomEventsDataSource() datasource.DataSource { return &customEventsDataSource{} }

// customEventsDataSource reads custom events back with
// DescribeCustomEventAttribute, through the client's one pager
// (ListCustomEvents). It reads once per plan or apply and never waits for
// an event to become visible.
type customEventsDataSource struct{ dataSourceClients }

type customEventsDataModel struct {
	Region         types.String       `tfsdk:"region"`
	Name           types.String       `tfsdk:"name"`
	GroupID        types.String       `tfsdk:"group_id"`
	EventID        types.String       `tfsdk:"event_id"`
	SearchKeywords types.String       `tfsdk:"search_keywords"`
	StartTime      types.String       `tfsdk:"start_time"`
	EndTime        types.String       `tfsdk:"end_time"`
	Events         []customEventsItem `tfsdk:"events"`
}

// customEventsItem is one element of events.
type customEventsItem struct {
	ID      string `tfsdk:"id"`
	Name    string `tfsdk:"name"`
	GroupID string `tfsdk:"group_id"`
	Content string `tfsdk:"content"`
	Time    string `tfsdk:"time"`
}

func (d *customEventsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_custom_events"
}

func (d *customEventsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = customEventsDataSourceSchema(ctx)
}

// customEventsTimeDoc is what start_time and end_time accept.
const customEventsTimeDoc = "An RFC 3339 timestamp (`2024-05-01T12:00:00+08:00`) or epoch milliseconds (`1714536000000`); the bound is inclusive."

// customEventsDataSourceSchema is the data source's schema, its Markdown
// descriptions split (desc.Split).
func customEventsDataSourceSchema(context.Context) schema.Schema {
	s := schema.Schema{
		Description: "Reads back the custom events reported to Alibaba Cloud CloudMonitor (`DescribeCustomEventAttribute`), " +
			"filtered by name, application group, event id, content keywords and a time window; every filter given must match. " +
			"Use it to check that an event arrived, for example in a `check` block after `telemetry_cms_custom_event`. " +
			"The data source reads once per plan or apply and does not wait: CloudMonitor may list a new event only some time after it was reported " +
			"(the delay is not documented), so a `check` block over it can fail, with a warning, in the apply that reports the event and pass in a later plan or apply. " +
			"No events found is an empty `events` list, not an error.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Alibaba Cloud region to read the events of, for example `cn-hangzhou`. Default: the provider's `alicloud.region`.",
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
			"name": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only events of this name (exact match). Default: any name.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"group_id": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only events of this application group id (digits; `0` is the events reported without a group). Default: any group.",
				Validators:  []validator.String{groupIDValidator()},
			},
			"event_id": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only the event of this id (the `id` of an element of `events`). Default: any id.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"search_keywords": schema.StringAttribute{
				Optional: true,
				Description: "Keep only events whose content contains these keywords: `a and b` for both, `a or b` for either (CloudMonitor's `SearchKeywords`). " +
					"Default: any content.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"start_time": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Start of the time window the events happened in. " + customEventsTimeDoc +
					" Default: 24 hours before `end_time`, recorded here in RFC 3339 (UTC).",
				Validators: []validator.String{eventTimeValidator{}},
			},
			"end_time": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "End of the time window the events happened in; not before `start_time`. " + customEventsTimeDoc +
					" Default: the moment of the read (or `start_time` when that is later), recorded here in RFC 3339 (UTC).",
				Validators: []validator.String{eventTimeValidator{}},
			},
			"events": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The matching events, oldest first (events of the same time in the API's order); empty when none match.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":       schema.StringAttribute{Computed: true, Description: "Event id, assigned by CloudMonitor."},
					"name":     schema.StringAttribute{Computed: true, Description: "Event name."},
					"group_id": schema.StringAttribute{Computed: true, Description: "Application group id (`0`: no group)."},
					"content":  schema.StringAttribute{Computed: true, Description: "Event body text."},
					"time":     schema.StringAttribute{Computed: true, Description: "When the event happened: RFC 3339 in UTC, with the milliseconds CloudMonitor keeps when they are not zero (`2024-05-01T04:00:00.123Z`, `2024-05-01T04:00:00Z`)."},
				}},
			},
		},
	}
	desc.Split(&s)
	return s
}

// ValidateConfig checks at plan time that end_time is not before
// start_time (each one's form is checked by its validator).
func (d *customEventsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m customEventsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !isKnown(m.StartTime) || !isKnown(m.EndTime) {
		return
	}
	start, err1 := parseEventTime(m.StartTime.ValueString())
	end, err2 := parseEventTime(m.EndTime.ValueString())
	if err1 != nil || err2 != nil {
		return
	}
	if end.Before(start) {
		resp.Diagnostics.AddAttributeError(path.Root("end_time"), "invalid time window",
			fmt.Sprintf("end_time %q is before start_time %q: the window must not end before it starts.", m.EndTime.ValueString(), m.StartTime.ValueString()))
	}
}

func isKnown(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

func (d *customEventsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m customEventsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	in, diags := m.query(time.Now())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	recs, err := client.ListCustomEvents(ctx, in, 0)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS custom events in %s", client.Region()), apiErrorDetail(err, ""))
		return
	}
	m.Region = types.StringValue(client.Region())
	if m.StartTime.IsNull() {
		m.StartTime = types.StringValue(in.StartTime.UTC().Format(time.RFC3339Nano))
	}
	if m.EndTime.IsNull() {
		m.EndTime = types.StringValue(in.EndTime.UTC().Format(time.RFC3339Nano))
	}
	m.Events = customEventsItems(recs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// query is the DescribeCustomEventAttribute input of the configuration,
// with the default time window filled in: end_time the moment now (or
// start_time when that is later), start_time defaultEventWindow before
// end_time.
func (m customEventsDataModel) query(now time.Time) (alicloud.DescribeCustomEventAttributeInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := alicloud.DescribeCustomEventAttributeInput{
		Name: m.Name.ValueString(), GroupID: m.GroupID.ValueString(), EventID: m.EventID.ValueString(),
		SearchKeywords: m.SearchKeywords.ValueString(),
	}
	parse := func(attr string, v types.String) time.Time {
		if v.IsNull() {
			return time.Time{}
		}
		t, err := parseEventTime(v.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "invalid event time", fmt.Sprintf("%s %q %v.", attr, v.ValueString(), err))
		}
		return t
	}
	in.StartTime, in.EndTime = parse("start_time", m.StartTime), parse("end_time", m.EndTime)
	if diags.HasError() {
		return in, diags
	}
	if in.EndTime.IsZero() {
		in.EndTime = now.Truncate(time.Millisecond)
		if in.StartTime.After(in.EndTime) {
			in.EndTime = in.StartTime
		}
	}
	if in.StartTime.IsZero() {
		in.StartTime = in.EndTime.Add(-defaultEventWindow)
	}
	if in.EndTime.Before(in.StartTime) {
		diags.AddAttributeError(path.Root("end_time"), "invalid time window",
			fmt.Sprintf("end_time %q is before start_time %q: the window must not end before it starts.", m.EndTime.ValueString(), m.StartTime.ValueString()))
	}
	return in, diags
}

// customEventsItems converts the listed events, oldest first; events of the
// same millisecond keep the API's order.
func customEventsItems(recs []alicloud.CustomEventRecord) []customEventsItem {
	sorted := append([]alicloud.CustomEventRecord{}, recs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Time.Before(sorted[j].Time) })
	items := make([]customEventsItem, 0, len(sorted))
	for _, r := range sorted {
		items = append(items, customEventsItem{
			ID: r.ID, Name: r.Name, GroupID: r.GroupID, Content: r.Content,
			Time: r.Time.UTC().Format(time.RFC3339Nano),
		})
	}
	return items
}
