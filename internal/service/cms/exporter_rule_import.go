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

// ImportState accepts "rule_name", "region:rule_name" or an identity.
func (r *exporterRuleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id exporterRuleID
	if req.ID != "" {
		parsed, err := parseExporterRuleID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("importing CMS export rule", err.Error())
			return
		}
		id = parsed
	} else {
		var ident exporterRuleIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = exporterRuleID{RuleName: ident.RuleName.ValueString(), Region: ident.Region.ValueString()}
		if !ruleNamePattern.MatchString(id.RuleName) {
			resp.Diagnostics.AddAttributeError(path.Root("rule_name"), "importing CMS export rule",
				fmt.Sprintf("identity rule_name %q %s", id.RuleName, ruleNameRule))
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
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("rule_name"), id.RuleName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.Set(ctx, exporterRuleIdentityModel{RuleName: types.StringValue(id.RuleName), Region: region})...)
	}
	// An import names a rule its user says exists: the read that follows
	// takes "not found" for propagation within the read-after-write bound.
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, time.Now())...)
}
