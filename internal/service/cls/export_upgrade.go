package cls

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ resource.ResourceWithUpgradeState = (*exportResource)(nil)

// exportSchemaVersion is the version of exportSchema. Each change of the
// schema that an old state cannot be read into unchanged bumps it and adds
// an upgrader from the previous version (CONTRIBUTING, "Changing a schema").
//
//	0: the first schema (timeouts with create only, download_url always stored)
//	1: keep_download_url (download_url null by default); timeouts update, read, delete
const exportSchemaVersion = 1

// UpgradeState moves states of older schema versions to the current one.
func (r *exportResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: r.upgradeFromV0},
	}
}

// upgradeFromV0 reads a version-0 state into the current model (what
// version 1 added, keep_download_url and the new timeouts, arrive null) and
// fills in what version 0 left to Read or had no argument for:
// keep_download_url false, so the stored download link is dropped;
// wait_for_completion and restore_missing_file true when null (an import
// not yet read); region, when null, the provider's when it is known here
// (Read fills it otherwise).
func (r *exportResource) upgradeFromV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	m, diags := readRawState(ctx, req.RawState)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	if m.KeepDownloadURL.IsNull() {
		m.KeepDownloadURL = types.BoolValue(false)
	}
	if !m.KeepDownloadURL.ValueBool() {
		m.DownloadURL = types.StringNull()
	}
	m.WaitForCompletion = trueIfNull(m.WaitForCompletion)
	m.RestoreMissing = trueIfNull(m.RestoreMissing)
	if (m.Region.IsNull() || m.Region.ValueString() == "") && r.clients != nil {
		if d := r.clients.Default("tencentcloud.region"); !d.IsUnknown() && d.ValueString() != "" {
			m.Region = d
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// readRawState reads a raw state JSON into the current model: attributes
// the current schema added are null, attributes it no longer has are
// ignored.
func readRawState(ctx context.Context, raw *tfprotov6.RawState) (exportResourceModel, diag.Diagnostics) {
	var m exportResourceModel
	var diags diag.Diagnostics
	s := exportSchema(ctx)
	typ := s.Type().TerraformType(ctx)
	v, err := raw.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		diags.AddError("upgrading the state of a CLS export", "The stored state cannot be read: "+err.Error()+"\n\nThis is a bug in the provider; please report it.")
		return m, diags
	}
	diags.Append(tfsdk.State{Schema: s, Raw: v}.Get(ctx, &m)...)
	return m, diags
}

func trueIfNull(b types.Bool) types.Bool {
	if b.IsNull() || b.IsUnknown() {
		return types.BoolValue(true)
	}
	return b
}
