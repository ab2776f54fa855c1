package cls

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// ImportState accepts `topic_id:export_id` (or the vendor provider's
// `topic_id#export_id`), either prefixed by `region/`, or the identity (topic_id, export_id, region).
func (r *exportResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id exportID
	region := types.StringNull()
	if req.ID != "" {
		parsed, err := parseImportID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("importing CLS export", err.Error())
			return
		}
		id = parsed.exportID
		if parsed.Region != "" {
			region = types.StringValue(parsed.Region)
		}
	} else {
		var ident exportIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		parsed, err := parseExportID(ident.TopicID.ValueString() + idSeparator + ident.ExportID.ValueString())
		if err != nil {
			resp.Diagnostics.AddError("importing CLS export", err.Error())
			return
		}
		id = parsed
		if !ident.Region.IsNull() && ident.Region.ValueString() != "" {
			region = ident.Region
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.String())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("topic_id"), id.TopicID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("export_id"), id.ExportID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	// The arguments an import cannot read take their defaults.
	for _, name := range []string{"wait_for_completion", "restore_missing_file"} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), true)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("keep_download_url"), false)...)
	// An import names an export its user says exists: the read that follows
	// takes "not found" for propagation within the read-after-write bound,
	// as after our own create (an export started moments ago elsewhere).
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, time.Now())...)
}

// identityOf is the resource identity of the export id in region.
func identityOf(id exportID, region types.String) exportIdentityModel {
	return exportIdentityModel{TopicID: types.StringValue(id.TopicID), ExportID: types.StringValue(id.ExportID), Region: region}
}
