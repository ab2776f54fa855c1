package baremetal

import (
	"context"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// findExport reads an export's status; a vendor 404 becomes a
// *tfresource.NotFoundError. The API has no list, so this is a direct GET.
func findExport(ctx context.Context, client *huaweicloud.Client, id exportID) (*huaweicloud.LogsExport, error) {
	out, err := client.ShowLogsExportStatus(ctx, huaweicloud.ExportRef{ProjectID: id.ProjectID, ServerID: id.ServerID, ExportID: id.ExportID})
	if huaweicloud.IsNotFound(err) {
		return nil, &tfresource.NotFoundError{What: describe(id), Err: err}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// describe names an export in errors and logs.
func describe(id exportID) string {
	return "bare-metal log export " + id.String()
}
