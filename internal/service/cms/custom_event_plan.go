package cms

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan resolves the region and reports a missing credential at plan
// time instead of at apply.
func (r *customEventResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.clients == nil {
		return // destroy, or the provider is not configured yet (validate)
	}
	if !req.State.Raw.IsNull() {
		resuming, diags := planResume(ctx, req, resp)
		if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
			return
		}
		if !resuming && req.Plan.Raw.Equal(req.State.Raw) {
			return // nothing will be sent, so no credential is needed
		}
	}
	// A report goes to the configured region, else the provider's; one
	// that exists stays where it was sent.
	planRegion(ctx, r.clients, req, resp)
}

// planResume marks a kept report's pending events, request id and sent_at
// unknown, so that the plan shows the in-place update that finishes it. It
// says whether the report has events pending.
func planResume(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) (bool, diag.Diagnostics) {
	var pending types.List
	diags := req.State.GetAttribute(ctx, path.Root("pending_events"), &pending)
	if diags.HasError() || len(pending.Elements()) == 0 {
		return false, diags
	}
	diags.Append(resp.Plan.SetAttribute(ctx, path.Root("pending_events"), types.ListUnknown(types.Int64Type))...)
	diags.Append(resp.Plan.SetAttribute(ctx, path.Root("request_id"), types.StringUnknown())...)
	diags.Append(resp.Plan.SetAttribute(ctx, path.Root("sent_at"), types.StringUnknown())...)
	return true, diags
}
