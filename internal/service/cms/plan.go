package cms

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// planRegion is the plan step every CMS resource shares: it places the
// object (the location rule of tfresource: a new object goes to the
// configured region or the provider's, an existing one stays where it is)
// and makes sure the Alibaba credentials are there, so a missing key fails
// the plan, not the apply. A replacement is a create too: Terraform plans
// its create half with a null prior state (resp.RequiresReplace is only
// filled after ModifyPlan).
func planRegion(ctx context.Context, clients *conns.Clients, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	config, prior, diags := tfresource.ConfigAndPrior(ctx, req, "region")
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	region := tfresource.PlanLocation(config, prior, creating, clients.Default("alicloud.region"))
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), region)...)
	if region.IsUnknown() {
		return // known at apply; checked then
	}
	if _, err := clients.Alicloud(region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
		resp.Diagnostics.AddError("configuring the Alibaba Cloud client", err.Error())
	}
}
