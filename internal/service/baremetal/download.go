package baremetal

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
)

// exampleFileName is the file name suggested when output_path names a directory.
const exampleFileName = "node1-logs.tar.gz"

// downloadedFile describes an archive written to disk.
type downloadedFile struct {
	// Name is the vendor's file name (<SN>-dump.tar.gz).
	Name string
	download.File
}

// downloadExport streams the export's archive to outputPath (download.Write:
// a temporary file, hashed while written, renamed into place).
func downloadExport(ctx context.Context, client *huaweicloud.Client, id exportID, outputPath string) (downloadedFile, error) {
	dl, err := client.DownloadServerLogs(ctx, huaweicloud.ExportRef{ProjectID: id.ProjectID, ServerID: id.ServerID, ExportID: id.ExportID})
	if err != nil {
		return downloadedFile{}, err
	}
	defer dl.Body.Close()
	f, err := download.Write(ctx, outputPath, dl.Body, download.Expect{Size: dl.ContentLength, Magic: download.GzipMagic, What: "a gzip archive"})
	if err != nil {
		return downloadedFile{}, err
	}
	return downloadedFile{Name: dl.FileName, File: f}, nil
}

// outputPathUsable reports whether the file can be written at out
// (download.ApplyProblem); if not, the error, on output_path, says so and
// what was not done.
func outputPathUsable(out, summary, notDone string, diags *diag.Diagnostics) bool {
	problem := download.ApplyProblem(out, exampleFileName)
	if problem == "" {
		return true
	}
	diags.AddAttributeError(path.Root("output_path"), summary,
		"invalid output_path: "+problem+"\n\n"+notDone+" Fix output_path and apply again.")
	return false
}

// downloadCreated downloads the archive of the export Create just saw
// complete into plan.OutputPath. A failure is a warning, not an error: the
// export is done and can be downloaded again, so it must not be lost (an
// error would taint the resource and the next apply would start a new
// export). It is saved untainted without file_*; the next plan shows an
// in-place update that downloads it (Update).
func downloadCreated(ctx context.Context, client *huaweicloud.Client, plan *logExportModel, diags *diag.Diagnostics) {
	id, out := plan.id(), plan.OutputPath.ValueString()
	f, err := downloadExport(ctx, client, id, out)
	if err == nil {
		plan.setFile(&f)
		return
	}
	tflog.Warn(ctx, "downloading the finished log archive failed; keeping the export for the next apply", map[string]any{"id": id.String(), "error": err.Error()})
	diags.AddWarning("downloading "+describe(id)+" failed; the export is kept",
		downloadErrorDetail(err, out)+fmt.Sprintf("\n\nThe export completed and is saved in the state (export_id %s) without "+
			"file_name, file_size and file_sha256. The next terraform apply downloads it to %s as an in-place update; "+
			"no new export is started. Until then terraform plan shows that pending download.", id.ExportID, out))
}
