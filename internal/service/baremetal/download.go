package baremetal

import (
	"context"

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
