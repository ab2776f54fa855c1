package cms

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// ImportState accepts "dest_name", "region:dest_name" or an identity.
func (r *exporterOutputResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id exporterOutputID
	if req.ID != "" {
		parsed, err := parseExporterOutputID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("importing CMS exporter output", err.Error())
			return
		}
		id = parsed
	} else {
		var ident exporterOutputIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = exporterOutputID{DestName: ident.DestName.ValueString(), Region: ident.Region.ValueString()}
		if !destNamePattern.MatchString(id.DestName) {
			resp.Diagnostics.AddAttributeError(path.Root("dest_name"), "importing CMS exporter output",
				fmt.Sprintf("identity dest_name %q %s", id.DestName, destNameRule))
			return
		}
	}
	if id.Region == "" && r.clients != nil {
		id.Region = r.clients.AlicloudRegion()
	}
	region := types.StringNull()
	if id.Region != "" {
		region = types.StringValue(id.Region)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("dest_name"), id.DestName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.Set(ctx, exporterOutputIdentityModel{DestName: types.StringValue(id.DestName), Region: region})...)
	}
	// An import names an output its user says exists: the read that follows
	// takes "not found" for propagation within the read-after-write bound,
	// as after our own write (an output made moments ago elsewhere).
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, time.Now())...)
}
