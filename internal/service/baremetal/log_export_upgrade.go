package baremetal

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithUpgradeState = (*logExportResource)(nil)

// UpgradeState turns a state of every earlier schema version into one of
// the current version (logExportSchema's Version), each in one step. CRUD
// then sees the current shape only: a default an older build did not write
// is filled here, not in Read.
func (r *logExportResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	v0 := logExportSchemaV0()
	return map[int64]resource.StateUpgrader{
		0: {PriorSchema: &v0, StateUpgrader: r.upgradeFromV0},
	}
}

// logExportModelV0 is the state of schema version 0 (builds up to e890243).
// Frozen: it never changes with the current model.
type logExportModelV0 struct {
	ID               types.String `tfsdk:"id"`
	PhysicalServerID types.String `tfsdk:"physical_server_id"`
	ProjectID        types.String `tfsdk:"project_id"`
	Region           types.String `tfsdk:"region"`
	OutputPath       types.String `tfsdk:"output_path"`
	RestoreMissing   types.Bool   `tfsdk:"restore_missing_file"`
	Triggers         types.Map    `tfsdk:"triggers"`
	Timeouts         types.Object `tfsdk:"timeouts"`
	ExportID         types.String `tfsdk:"export_id"`
	Status           types.String `tfsdk:"status"`
	Percentage       types.Int64  `tfsdk:"percentage"`
	CreatedAt        types.String `tfsdk:"created_at"`
	FileName         types.String `tfsdk:"file_name"`
	FileSize         types.Int64  `tfsdk:"file_size"`
	FileSHA256       types.String `tfsdk:"file_sha256"`
}

// logExportSchemaV0 is the shape of schema version 0, for reading its
// states: the types of the attributes and of the timeouts block, which
// held create only. Frozen like logExportModelV0.
func logExportSchemaV0() schema.Schema {
	str := func(required, optional bool) schema.StringAttribute {
		return schema.StringAttribute{Required: required, Optional: optional, Computed: !required}
	}
	return schema.Schema{
		Version: 0,
		Attributes: map[string]schema.Attribute{
			"id":                   str(false, false),
			"physical_server_id":   str(true, false),
			"project_id":           str(false, true),
			"region":               str(false, true),
			"output_path":          schema.StringAttribute{Optional: true},
			"restore_missing_file": schema.BoolAttribute{Optional: true, Computed: true},
			"triggers":             schema.MapAttribute{Optional: true, ElementType: types.StringType},
			"export_id":            str(false, false),
			"status":               str(false, false),
			"percentage":           schema.Int64Attribute{Computed: true},
			"created_at":           str(false, false),
			"file_name":            str(false, false),
			"file_size":            schema.Int64Attribute{Computed: true},
			"file_sha256":          str(false, false),
		},
		Blocks: map[string]schema.Block{
			"timeouts": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{"create": schema.StringAttribute{Optional: true}}},
		},
	}
}

// upgradeFromV0 reads a version 0 state, fills what builds of that version
// left out or left to Read, and writes the current shape.
func (r *logExportResource) upgradeFromV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old logExportModelV0
	if resp.Diagnostics.Append(req.State.Get(ctx, &old)...); resp.Diagnostics.HasError() {
		return
	}
	region := ""
	if r.clients != nil {
		region = r.clients.HuaweicloudRegion()
	}
	m, diags := old.upgrade(ctx, region)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// upgrade is the version 0 state in the current model, with the gaps of
// older builds filled as Read used to fill them on every refresh:
//   - project_id, physical_server_id and export_id, if null, from id;
//   - region, if null or empty, the provider's huaweicloud.region
//     (defaultRegion; left null when that is not set either);
//   - restore_missing_file, absent before it existed (d4c78c3), true, its default;
//   - timeouts: create is kept, update, read and delete are new (null).
func (o logExportModelV0) upgrade(ctx context.Context, defaultRegion string) (logExportModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := logExportModel{
		ID: o.ID, PhysicalServerID: o.PhysicalServerID, ProjectID: o.ProjectID, Region: o.Region,
		OutputPath: o.OutputPath, RestoreMissing: o.RestoreMissing, Triggers: o.Triggers,
		ExportID: o.ExportID, Status: o.Status, Percentage: o.Percentage, CreatedAt: o.CreatedAt,
		FileName: o.FileName, FileSize: o.FileSize, FileSHA256: o.FileSHA256,
	}
	if m.ExportID.IsNull() || m.ProjectID.IsNull() || m.PhysicalServerID.IsNull() {
		id, err := parseExportID(m.ID.ValueString())
		if err != nil {
			diags.AddError("upgrading the state of a bare-metal log export", err.Error())
			return m, diags
		}
		m.ProjectID, m.PhysicalServerID, m.ExportID = types.StringValue(id.ProjectID), types.StringValue(id.ServerID), types.StringValue(id.ExportID)
	}
	if (m.Region.IsNull() || m.Region.ValueString() == "") && defaultRegion != "" {
		m.Region = types.StringValue(defaultRegion)
	}
	if m.RestoreMissing.IsNull() {
		m.RestoreMissing = types.BoolValue(true)
	}
	t, d := upgradeTimeouts(ctx, o.Timeouts)
	diags.Append(d...)
	m.Timeouts = t
	return m, diags
}

// upgradeTimeouts carries timeouts.create of a version 0 state into the
// current timeouts block; the other timeouts are null (their defaults).
func upgradeTimeouts(ctx context.Context, old types.Object) (timeouts.Value, diag.Diagnostics) {
	attrTypes := timeoutsAttrTypes(ctx)
	if old.IsNull() || old.IsUnknown() {
		return timeouts.Value{Object: types.ObjectNull(attrTypes)}, nil
	}
	vals := map[string]attr.Value{}
	for name := range attrTypes {
		vals[name] = types.StringNull()
	}
	if create, ok := old.Attributes()["create"]; ok {
		vals["create"] = create
	}
	obj, diags := types.ObjectValue(attrTypes, vals)
	return timeouts.Value{Object: obj}, diags
}

// timeoutsAttrTypes are the attributes of the current timeouts block.
func timeoutsAttrTypes(ctx context.Context) map[string]attr.Type {
	return logExportSchema(ctx).Blocks["timeouts"].Type().(timeouts.Type).AttrTypes
}
