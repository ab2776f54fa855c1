package cms

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ImportState accepts "rule_name", "region:rule_name" or an identity
// (kind.importState).
func (r *exporterRuleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ruleKind.importState(ctx, r.clients, req, resp)
}
