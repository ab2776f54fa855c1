package cms

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ImportState accepts "dest_name", "region:dest_name" or an identity
// (kind.importState).
func (r *exporterOutputResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	outputKind.importState(ctx, r.clients, req, resp)
}
