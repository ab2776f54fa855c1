package cls

import (
	"context"
	"errors"
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

// privateNotDownloadable marks, from Read to ModifyPlan, an export whose
// file is missing or changed locally and which CLS no longer serves
// (Expired): only a new export can bring the file back.
const privateNotDownloadable = "not_downloadable"

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

// downloadErrorDetail explains a failed download.
func downloadErrorDetail(err error, out string) string {
	var e *tencentcloud.DownloadError
	if errors.As(err, &e) {
		return "CLS's file storage refused the download: " + err.Error() + "\n\nNothing was written to " + out + "."
	}
	return err.Error() + "\n\nNo partial file was left at " + out + "."
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
