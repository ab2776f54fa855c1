package cls

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
)

// exampleFileName is the file name suggested when output_path names a directory.
const exampleFileName = "errors-last-hour.tar.gz"

// downloadFile streams the file of the Completed export e to out through
// download.Write (a temporary file, hashed while written, renamed into
// place). e must come from a fresh DescribeExports: its CosPath is good for
// one hour from that read.
func downloadFile(ctx context.Context, client *tencentcloud.Client, id exportID, e *tencentcloud.Export, out string) (download.File, error) {
	if e.CosPath == "" {
		return download.File{}, fmt.Errorf("CLS gave no download URL for export %s (status %q)", id.ExportID, e.Status)
	}
	tflog.Info(ctx, "downloading the CLS export file", map[string]any{"export_id": id.ExportID, "output_path": out, "file_size": e.FileSize})
	dl, err := client.DownloadExportFile(ctx, e.CosPath)
	if err != nil {
		return download.File{}, err
	}
	defer dl.Body.Close()
	// Content-Length is what the server sends; FileSize what DescribeExports
	// said, the check when the answer is chunked.
	size := dl.ContentLength
	if size < 0 && e.FileSize > 0 {
		size = int64(e.FileSize)
	}
	f, err := download.Write(ctx, out, dl.Body, download.Expect{Size: size})
	if err != nil {
		return download.File{}, err
	}
	tflog.Info(ctx, "downloaded the CLS export file", map[string]any{"export_id": id.ExportID, "output_path": out, "bytes": f.Size, "sha256": f.SHA256})
	return f, nil
}

// warnDownloadKept reports a failed download after Create saw the export
// Completed. The export is done and can be downloaded again (for three
// days), so it must not be lost: an error would taint it and the next apply
// would start a new export. It stays saved untainted without file_sha256,
// with a warning; the next plan shows an in-place update that downloads it
// (Update).
func warnDownloadKept(ctx context.Context, id exportID, out string, err error, diags *diag.Diagnostics) {
	tflog.Warn(ctx, "downloading the finished CLS export failed; keeping the export for the next apply", map[string]any{"id": id.String(), "error": err.Error()})
	diags.AddWarning(fmt.Sprintf("downloading CLS export %s failed; the export is kept", id),
		downloadErrorDetail(err, out)+fmt.Sprintf("\n\nThe export completed and is saved in the state (export_id %s) without "+
			"file_sha256. The next terraform apply downloads it to %s as an in-place update; "+
			"no new export is started. Until then terraform plan shows that pending download.", id.ExportID, out))
}

// checkFile compares the file at output_path with file_sha256 after a
// refresh filled state from the API. A file that changed, or is missing
// while restore_missing_file is true, clears file_sha256 so that the plan
// shows the download again; it reports true when the export can no longer
// be downloaded (Expired), so that ModifyPlan replaces it.
func checkFile(ctx context.Context, state *exportResourceModel, id exportID, diags *diag.Diagnostics) (gone bool) {
	if state.OutputPath.IsNull() {
		state.FileSHA256 = types.StringNull()
		return false
	}
	out := state.OutputPath.ValueString()
	need := state.FileSHA256.IsNull()
	if !need {
		// The size CLS reports need not be the size written (it is the
		// vendor's figure), so the check always hashes.
		drifted, err := download.Drifted(ctx, out, -1, state.FileSHA256.ValueString(), state.RestoreMissing.ValueBool())
		if err != nil {
			// Not an error: a refresh that fails here would block even a
			// destroy. file_sha256 stays as it was.
			diags.AddWarning(fmt.Sprintf("could not check the downloaded file of CLS export %s", id),
				err.Error()+"\n\nfile_sha256 is left as it was; fix access to output_path to let the provider check the file again.")
		}
		need = drifted
	}
	if !need {
		return false
	}
	state.FileSHA256 = types.StringNull()
	if !strings.EqualFold(state.Status.ValueString(), tencentcloud.StatusExpired) {
		return false
	}
	diags.AddWarning(fmt.Sprintf("CLS export %s can no longer be downloaded", id),
		fmt.Sprintf("The file at %s is missing or changed, and export %s has Expired: CLS keeps export files for 3 days. "+
			"Terraform will plan to replace this resource, which starts a new export of the same logs "+
			"(if they are still within the topic's retention). To keep the export without its file instead, "+
			"set restore_missing_file = false (a missing file is then not drift) or remove output_path.", out, id.ExportID))
	return true
}
