package baremetal

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// ImportState accepts project_id/physical_server_id/export_id, the same
// prefixed by the region (region/project_id/physical_server_id/export_id),
// or the identity.
func (r *logExportResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id importID
	if req.ID != "" {
		parsed, err := parseImportID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("importing bare-metal log export", err.Error()+
				"\n\nImport with: terraform import "+r.typeName()+".<name> [<region>/]<project_id>/<physical_server_id>/<export_id>")
			return
		}
		id = parsed
	} else {
		var ident logExportIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = importID{Region: ident.Region.ValueString(), exportID: exportID{
			ProjectID: ident.ProjectID.ValueString(), ServerID: ident.PhysicalServerID.ValueString(), ExportID: ident.ExportID.ValueString(),
		}}
		for name, v := range map[string]string{"project_id": id.ProjectID, "physical_server_id": id.ServerID, "export_id": id.ExportID} {
			if !idPartPattern.MatchString(v) {
				resp.Diagnostics.AddError("importing bare-metal log export",
					fmt.Sprintf("identity %s %q must be non-empty, must not contain '/' and must not be '.' or '..'.", name, v))
			}
		}
		if id.Region != "" && !validate.RegionPattern.MatchString(id.Region) {
			resp.Diagnostics.AddError("importing bare-metal log export", fmt.Sprintf("identity region %q is not a region id such as cn-east-3.", id.Region))
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}
	// The state is complete in the current schema's shape, as after a
	// create: the region of an ID without one is the provider's, and
	// restore_missing_file has its default.
	if id.Region == "" && r.clients != nil {
		id.Region = r.clients.HuaweicloudRegion()
	}
	region := types.StringNull()
	if id.Region != "" {
		region = types.StringValue(id.Region)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.String())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_id"), id.ProjectID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("physical_server_id"), id.ServerID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("export_id"), id.ExportID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("restore_missing_file"), true)...)
	// An import names an object its user says exists: the read that follows
	// takes "not found" for propagation within the read-after-write bound,
	// as after our own create (an export started moments ago elsewhere).
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, r.now())...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte(`true`))...)
}
