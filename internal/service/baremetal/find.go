package baremetal

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// findExport reads an export's status; a vendor 404 or 410 (other than the
// gateway's "no such route") becomes a *tfresource.NotFoundError. CloudDC
// documents no answer for a missing export, so these two are the only
// answers read as "gone"; any other is returned as it is (see
// readErrorDetail). The API has no list, so this is a direct GET.
func findExport(ctx context.Context, client *huaweicloud.Client, id exportID) (*huaweicloud.LogsExport, error) {
	out, err := client.ShowLogsExportStatus(ctx, huaweicloud.ExportRef{ProjectID: id.ProjectID, ServerID: id.ServerID, ExportID: id.ExportID})
	if huaweicloud.IsGone(err) {
		return nil, &tfresource.NotFoundError{What: describe(id), Err: err}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// findExportAfterWrite is findExport for a read within window of our own
// create: while window lasts, "not found" is the write not visible yet and
// is retried with backoff (tfresource.RetryWhileNotFound); after it, or
// with window <= 0, the not-found is returned as it is.
func findExportAfterWrite(ctx context.Context, client *huaweicloud.Client, id exportID, window time.Duration, clock tfresource.Clock) (*huaweicloud.LogsExport, error) {
	out, err := findExport(ctx, client, id)
	if !tfresource.NotFound(err) || window <= 0 {
		return out, err
	}
	tflog.Info(ctx, "bare-metal log export not visible yet after its creation; retrying", map[string]any{"id": id.String(), "window_s": int(window.Seconds())})
	return tfresource.RetryWhileNotFound(ctx, window, clock, func(ctx context.Context) (*huaweicloud.LogsExport, error) {
		return findExport(ctx, client, id)
	})
}

// describe names an export in errors and logs.
func describe(id exportID) string {
	return "bare-metal log export " + id.String()
}
