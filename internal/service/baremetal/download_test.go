package baremetal

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download/downloadtest"
)

// The server announces the whole archive, sends part of it and drops the
// connection: the download fails and nothing is left at output_path.
func TestDownloadExportFaultMidStream(t *testing.T) {
	data := downloadtest.GzipLike(4 << 20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", "attachment; filename=SN9-dump.tar.gz")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(200)
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}))
	defer srv.Close()
	client := huaweicloud.NewClient(huaweicloud.Config{AuthToken: "t", ProjectID: "p", Region: "cn-east-3", Endpoint: srv.URL})
	dir := t.TempDir()
	out := filepath.Join(dir, "node.tar.gz")
	_, err := downloadExport(context.Background(), client, exportID{"p", "s", "e"}, out)
	if err == nil {
		t.Fatal("a truncated download succeeded")
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}

func TestDownloadExportWritesArchive(t *testing.T) {
	data := downloadtest.GzipLike(300 << 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/p/physicalservers/s/logs/exports/e/content" {
			w.WriteHeader(404)
			return
		}
		w.Header().Set("Content-Disposition", "attachment; filename=SN9-dump.tar.gz")
		w.Write(data)
	}))
	defer srv.Close()
	client := huaweicloud.NewClient(huaweicloud.Config{AuthToken: "t", ProjectID: "p", Region: "cn-east-3", Endpoint: srv.URL})
	out := filepath.Join(t.TempDir(), "node.tar.gz")
	f, err := downloadExport(context.Background(), client, exportID{"p", "s", "e"}, out)
	if err != nil {
		t.Fatal(err)
	}
	if f != (downloadedFile{Name: "SN9-dump.tar.gz", File: download.File{Size: int64(len(data)), SHA256: downloadtest.SHA256Hex(data)}}) {
		t.Errorf("downloaded %+v", f)
	}
	if got, err := os.ReadFile(out); err != nil || downloadtest.SHA256Hex(got) != f.SHA256 {
		t.Errorf("the file on disk does not hash to %s (%v)", f.SHA256, err)
	}
}
