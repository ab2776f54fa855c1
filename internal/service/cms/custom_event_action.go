package cms

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ action.Action               = (*customEventAction)(nil)
	_ action.ActionWithConfigure  = (*customEventAction)(nil)
	_ action.ActionWithModifyPlan = (*customEventAction)(nil)
)

// NewCustomEventAction returns the telemetry_cms_custom_event action.
func NewCustomEventAction() action.Action { return &customEventAction{} }

// customEventAction reports events each time it is invoked (Terraform >= 1.14:
// action_trigger blocks or terraform apply -invoke). It keeps no state.
type customEventAction struct {
	clients *conns.Clients
}

type customEventActionModel struct {
	Events types.List   `tfsdk:"events"`
	Region types.String `tfsdk:"region"`
}

func (a *customEventAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_custom_event"
}

// Schema delegates to customEventActionSchema.
func (a *customEventAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = customEventActionSchema(ctx)
}

// customEventActionSchema is the action's schema, its Markdown descriptions
// split (desc.Split). Its events attribute comes from eventFields, as the
// resource's does.
func customEventActionSchema(context.Context) schema.Schema {
	s := schema.Schema{
		Description: "Reports custom events to Alibaba Cloud CloudMonitor each time the action is invoked, for example from an " +
			"`action_trigger` block after a deployment, or with `terraform apply -invoke`. Requires Terraform 1.14 or later; " +
			"on older versions use the `telemetry_cms_custom_event` resource. Events cannot be retracted.",
		Attributes: map[string]schema.Attribute{
			"events": eventsActionAttribute(),
			"region": schema.StringAttribute{
				Optional:    true,
				Description: eventRegionDesc,
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
		},
	}
	desc.Split(&s)
	return s
}

func (a *customEventAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	a.clients = c
}

// ModifyPlan reports a missing credential or region when the action is
// planned, before anything runs.
func (a *customEventAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.clients == nil {
		return
	}
	var region types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("region"), &region)...)
	if resp.Diagnostics.HasError() || region.IsUnknown() {
		return
	}
	if _, err := a.clients.Alicloud(region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
		resp.Diagnostics.AddError("configuring the Alibaba Cloud client", err.Error())
	}
}

func (a *customEventAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m customEventActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.clients == nil {
		resp.Diagnostics.AddError("invoking telemetry_cms_custom_event", "The provider is not configured. This is a bug in the provider; please report it.")
		return
	}
	events, diags := eventsFromList(ctx, m.Events)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Plan and invoke do not run the schema validators (only the validate
	// RPC does), so the times are checked again here.
	apiEvents, diags := toAPIEvents(events, time.Now().UTC().Truncate(time.Millisecond))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := a.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	progress := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	progress(fmt.Sprintf("Reporting %s to CloudMonitor in %s", eventCountPhrase(len(apiEvents)), client.Region()))
	res, err := reportCustomEvents(ctx, client, apiEvents, a.clients.ReadAfterWrite(), progress)
	if err != nil {
		resp.Diagnostics.Append(reportDiagnostic(client.Region(), len(apiEvents), err))
		return
	}
	if res.RequestID != "" {
		progress(fmt.Sprintf("Reported %s in %s (request id %s)", eventCountPhrase(len(apiEvents)), client.Region(), res.RequestID))
	} else {
		progress(fmt.Sprintf("Reported %s in %s (confirmed by lookup)", eventCountPhrase(len(apiEvents)), client.Region()))
	}
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (a *customEventAction) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return a.clients.AlicloudFor(region.ValueString(), diags)
}
