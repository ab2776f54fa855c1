package baremetal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

func gzipLike(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	b[0], b[1] = 0x1f, 0x8b
	return b
}

func hexSum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// dirEntries lists what is in dir, to prove no temporary file is left over.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileAtomically(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "node.tar.gz")
	data := gzipLike(3*copyBufferSize + 17)
	size, sum, err := writeFileAtomically(context.Background(), out, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(data)) || sum != hexSum(data) {
		t.Errorf("size %d sha %s, want %d %s", size, sum, len(data), hexSum(data))
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, data) {
		t.Error("file content differs")
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
	if names := dirEntries(t, filepath.Dir(out)); strings.Join(names, ",") != "node.tar.gz" {
		t.Errorf("directory holds %v", names)
	}
	// Overwriting replaces the file atomically.
	data2 := gzipLike(100)
	if _, _, err := writeFileAtomically(context.Background(), out, bytes.NewReader(data2), -1); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, data2) {
		t.Error("overwrite did not replace the content")
	}
}

// failingReader returns n bytes of data, then an error.
type failingReader struct {
	data []byte
	n    int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	k := copy(p, f.data[:min(len(p), f.n, len(f.data))])
	f.data, f.n = f.data[k:], f.n-k
	return k, nil
}

func TestWriteFileAtomicallyFailuresLeaveNoFile(t *testing.T) {
	data := gzipLike(2*copyBufferSize + 5)
	cases := map[string]struct {
		r    io.Reader
		want int64
		msg  string
	}{
		"reader fails mid-stream":  {&failingReader{data: data, n: copyBufferSize + 3}, int64(len(data)), "connection reset"},
		"body shorter than length": {bytes.NewReader(data[:1000]), int64(len(data)), "received 1000 bytes"},
		"body longer than length":  {bytes.NewReader(data), 10, "announced 10"},
		"not a gzip archive":       {strings.NewReader("<html>oops</html>"), -1, "not a gzip archive"},
		"empty body":               {strings.NewReader(""), -1, "not a gzip archive"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "a.tar.gz")
			_, _, err := writeFileAtomically(context.Background(), out, c.r, c.want)
			if err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("error %v, want it to mention %q", err, c.msg)
			}
			if names := dirEntries(t, dir); len(names) != 0 {
				t.Errorf("left behind %v", names)
			}
		})
	}
	// A failed download leaves a previous file untouched.
	dir := t.TempDir()
	out := filepath.Join(dir, "a.tar.gz")
	os.WriteFile(out, []byte("previous"), 0o644)
	if _, _, err := writeFileAtomically(context.Background(), out, &failingReader{data: data, n: 10}, -1); err == nil {
		t.Fatal("want an error")
	}
	if got, _ := os.ReadFile(out); string(got) != "previous" {
		t.Errorf("previous file became %q", got)
	}
	if names := dirEntries(t, dir); strings.Join(names, ",") != "a.tar.gz" {
		t.Errorf("directory holds %v", names)
	}
}

func TestWriteFileAtomicallyCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := writeFileAtomically(ctx, filepath.Join(dir, "a.tar.gz"), bytes.NewReader(gzipLike(10)), -1); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}

// The server announces the whole archive, sends part of it and drops the
// connection: the download fails and nothing is left at output_path.
func TestDownloadExportFaultMidStream(t *testing.T) {
	data := gzipLike(4 << 20)
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
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}

func TestDownloadExportWritesArchive(t *testing.T) {
	data := gzipLike(300 << 10)
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
	if f != (downloadedFile{Name: "SN9-dump.tar.gz", Size: int64(len(data)), SHA256: hexSum(data)}) {
		t.Errorf("downloaded %+v", f)
	}
	for _, c := range []struct {
		size int64
		sha  string
		want fileState
	}{
		{f.Size, f.SHA256, fileMatches},
		{f.Size + 1, f.SHA256, fileDiffers},
		{f.Size, hexSum([]byte("x")), fileDiffers},
	} {
		if got, err := checkFile(out, c.size, c.sha); err != nil || got != c.want {
			t.Errorf("checkFile(%d, %s) = %v, %v; want %v", c.size, c.sha[:8], got, err, c.want)
		}
	}
	removeIfUnchanged(context.Background(), out, f.Size, hexSum([]byte("x")))
	if _, err := os.Stat(out); err != nil {
		t.Error("a changed file was removed")
	}
	removeIfUnchanged(context.Background(), out, f.Size, f.SHA256)
	if got, _ := checkFile(out, f.Size, f.SHA256); got != fileMissing {
		t.Error("the unchanged file was not removed")
	}
}

func TestOutputPathProblem(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "hostname")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
	}{
		{filepath.Join(dir, "logs", "node1.tar.gz"), ""},
		{file, ""}, // an existing file is overwritten
		{"node1.tar.gz", ""},
		{dir + "/", "ends with a slash, so it names a directory; it must name the archive file to write, e.g. " + filepath.Join(dir, exampleFileName) + "."},
		{dir + "//", "e.g. " + filepath.Join(dir, exampleFileName) + "."},
		{dir, "is an existing directory; it must name the archive file to write, e.g. " + filepath.Join(dir, exampleFileName) + "."},
		{filepath.Join(file, "x.tar.gz"), file + " is a file, not a directory"},
		{filepath.Join(file, "a", "b", "x.tar.gz"), file + " is a file, not a directory"},
	} {
		got := outputPathProblem(tc.path)
		switch {
		case tc.want == "" && got != "":
			t.Errorf("%s: unexpected problem %q", tc.path, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%s: got %q, want it to contain %q", tc.path, got, tc.want)
		case strings.Contains(strings.TrimPrefix(got, "output_path ("+tc.path+")"), "//"):
			t.Errorf("%s: a suggestion with a double slash: %q", tc.path, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "logs")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("outputPathProblem created a directory (stat: %v)", err)
	}
}

func TestOutputPathApplyProblem(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a", "b", "node1.tar.gz")
	if p := outputPathApplyProblem(out); p != "" {
		t.Fatalf("writable path: %s", p)
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil || len(entries) != 0 {
		t.Errorf("the probe left %v in the directory (%v)", entries, err)
	}
	if fi, err := os.Stat("/proc/self"); err == nil && fi.IsDir() {
		if p := outputPathApplyProblem("/proc/node1.tar.gz"); !strings.Contains(p, "cannot be written: creating a file in /proc") {
			t.Errorf("/proc: %q", p)
		}
	}
}
