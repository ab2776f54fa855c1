package cls

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = (*exportResource)(nil)

// vendorExportType is the vendor provider's resource for the same object
// (tencentcloudstack/tencentcloud, tencentcloud/services/cls/resource_tc_cls_export.go):
// an SDKv2 resource of schema version 0 whose ID is `topic_id#export_id`.
const vendorExportType = "tencentcloud_cls_export"

// vendorExportState is the vendor resource's state: its arguments (every
// one forces a new export) and its ID. from and to are Unix milliseconds.
// It has no region (the vendor provider's applies), syntax rule or derived
// fields (it never sends them: CLS's defaults, Lucene and none).
type vendorExportState struct {
	ID       string `json:"id"`
	TopicID  string `json:"topic_id"`
	Query    string `json:"query"`
	LogCount int64  `json:"log_count"`
	From     int64  `json:"from"`
	To       int64  `json:"to"`
	Order    string `json:"order"`
	Format   string `json:"format"`
}

// MoveState takes over a tencentcloud_cls_export of the vendor's provider
// in a `moved` block (Terraform 1.8+), without a new export.
func (r *exportResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveFromVendor}}
}

// moveFromVendor maps the vendor's state onto ours. It answers only for
// tencentcloud_cls_export of a provider of type tencentcloud (the registry's
// tencentcloudstack/tencentcloud, or a mirror or fork of it); other sources
// are left to the framework's "not supported" error. The region stays null:
// MoveResourceState has no provider settings, and the Read that follows
// records the provider's region, where the vendor's provider had the export.
func moveFromVendor(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != vendorExportType || !strings.HasSuffix(req.SourceProviderAddress, "/tencentcloud") {
		return
	}
	summary := "moving " + vendorExportType + " to telemetry_cls_export"
	if req.SourceSchemaVersion != 0 {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The state of %s has schema version %d; this provider reads version 0, the only one the vendor's provider has had. "+
			"Import the export instead: an import block with id = \"topic_id:export_id\".", vendorExportType, req.SourceSchemaVersion))
		return
	}
	var v vendorExportState
	if req.SourceRawState == nil || json.Unmarshal(req.SourceRawState.JSON, &v) != nil {
		resp.Diagnostics.AddError(summary, "The vendor's state cannot be read as "+vendorExportType+"'s. Import the export instead: an import block with id = \"topic_id:export_id\".")
		return
	}
	id, err := parseExportID(v.ID)
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	m := movedModel(id, v)
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, m)...)
	// No identity yet: the vendor's state names no region, and the Read that
	// follows the move fills it in; an identity set here with a null region
	// would then change, which Terraform 1.12+ refuses ("Unexpected Identity
	// Change"). Read sets the identity once the region is known.
	if resp.TargetIdentity != nil && !m.Region.IsNull() {
		resp.Diagnostics.Append(resp.TargetIdentity.Set(ctx, identityOf(id, m.Region))...)
	}
}

// movedModel is our state of the vendor's export id: the arguments as the
// vendor stored them (from and to in RFC 3339, UTC; an unset order or format
// is CLS's default), our arguments' defaults, and the rest null for the
// Read that follows the move.
func movedModel(id exportID, v vendorExportState) exportResourceModel {
	orDefault := func(s, def string) types.String {
		if s == "" {
			return types.StringValue(def)
		}
		return types.StringValue(strings.ToLower(s))
	}
	return exportResourceModel{
		ID: types.StringValue(id.String()), TopicID: types.StringValue(id.TopicID), ExportID: types.StringValue(id.ExportID),
		Query: types.StringValue(v.Query), LogCount: types.Int64Value(v.LogCount), ExportedLogCount: types.Int64Null(),
		From: timetypes.NewRFC3339ValueMust(formatMillis(v.From)), To: timetypes.NewRFC3339ValueMust(formatMillis(v.To)),
		Order: orDefault(v.Order, defaultOrder), Format: orDefault(v.Format, defaultFormat), SyntaxRule: types.StringValue(defaultSyntaxRule),
		DerivedFields: types.ListNull(types.StringType), OutputPath: types.StringNull(), FileSHA256: types.StringNull(),
		RestoreMissing: types.BoolValue(true), WaitForCompletion: types.BoolValue(true), KeepDownloadURL: types.BoolValue(false),
		Region: types.StringNull(), Status: types.StringNull(), FileName: types.StringNull(), FileSize: types.Int64Null(),
		DownloadURL: types.StringNull(), CreateTime: timetypes.NewRFC3339Null(),
		Timeouts: nullTimeouts(),
	}
}
