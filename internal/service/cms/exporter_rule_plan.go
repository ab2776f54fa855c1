package cms

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// ModifyPlan places the rule (tfresource's location rule: a new rule goes
// to the configured region or the provider's, an existing one stays where
// it is) and makes sure the Alibaba credentials are there, so a missing key
// fails the plan, not the apply.
func (r *exporterRuleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.clients == nil {
		return // destroy, or the provider is not configured yet
	}
	config, prior, diags := tfresource.ConfigAndPrior(ctx, req, "region")
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull() // a replacement's create half too
	region := tfresource.PlanLocation(config, prior, creating, r.clients.Default("alicloud.region"))
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), region)...)
	if region.IsUnknown() {
		return
	}
	if _, err := r.clients.Alicloud(region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
		resp.Diagnostics.AddError("configuring the Alibaba Cloud client", err.Error())
	}
}
