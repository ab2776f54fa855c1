package download

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download/downloadtest"
)

// gz expects a gzip body of size n (< 0: unknown).
func gz(n int64) Expect { return Expect{Size: n, Magic: GzipMagic, What: "a gzip archive"} }

const example = "node1-logs.tar.gz"

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

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "node.tar.gz")
	data := downloadtest.GzipLike(3*BufferSize + 17)
	f, err := Write(context.Background(), out, bytes.NewReader(data), Expect{Size: int64(len(data)), Magic: GzipMagic, What: "a gzip archive"})
	size, sum := f.Size, f.SHA256
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(data)) || sum != downloadtest.SHA256Hex(data) {
		t.Errorf("size %d sha %s, want %d %s", size, sum, len(data), downloadtest.SHA256Hex(data))
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
	data2 := downloadtest.GzipLike(100)
	if _, err := Write(context.Background(), out, bytes.NewReader(data2), gz(-1)); err != nil {
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

func TestWriteFailuresLeaveNoFile(t *testing.T) {
	data := downloadtest.GzipLike(2*BufferSize + 5)
	cases := map[string]struct {
		r    io.Reader
		want int64
		msg  string
	}{
		"reader fails mid-stream":  {&failingReader{data: data, n: BufferSize + 3}, int64(len(data)), "connection reset"},
		"body shorter than length": {bytes.NewReader(data[:1000]), int64(len(data)), "received 1000 bytes"},
		"body longer than length":  {bytes.NewReader(data), 10, "announced 10"},
		"not a gzip archive":       {strings.NewReader("<html>oops</html>"), -1, "not a gzip archive"},
		"empty body":               {strings.NewReader(""), -1, "not a gzip archive"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "a.tar.gz")
			_, err := Write(context.Background(), out, c.r, gz(c.want))
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
	if _, err := Write(context.Background(), out, &failingReader{data: data, n: 10}, gz(-1)); err == nil {
		t.Fatal("want an error")
	}
	if got, _ := os.ReadFile(out); string(got) != "previous" {
		t.Errorf("previous file became %q", got)
	}
	if names := dirEntries(t, dir); strings.Join(names, ",") != "a.tar.gz" {
		t.Errorf("directory holds %v", names)
	}
}

func TestWriteCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, filepath.Join(dir, "a.tar.gz"), bytes.NewReader(downloadtest.GzipLike(10)), gz(-1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}

func TestPathProblem(t *testing.T) {
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
		{dir + "/", "ends with a slash, so it names a directory; it must name the file to write, e.g. " + filepath.Join(dir, example) + "."},
		{dir + "//", "e.g. " + filepath.Join(dir, example) + "."},
		{dir, "is an existing directory; it must name the file to write, e.g. " + filepath.Join(dir, example) + "."},
		{filepath.Join(file, "x.tar.gz"), file + " is a file, not a directory"},
		{filepath.Join(file, "a", "b", "x.tar.gz"), file + " is a file, not a directory"},
	} {
		got := PathProblem(tc.path, example)
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
		t.Errorf("PathProblem created a directory (stat: %v)", err)
	}
}

func TestApplyProblem(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a", "b", "node1.tar.gz")
	if p := ApplyProblem(out, example); p != "" {
		t.Fatalf("writable path: %s", p)
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil || len(entries) != 0 {
		t.Errorf("the probe left %v in the directory (%v)", entries, err)
	}
	if fi, err := os.Stat("/proc/self"); err == nil && fi.IsDir() {
		if p := ApplyProblem("/proc/node1.tar.gz", example); !strings.Contains(p, "cannot be written: creating a file in /proc") {
			t.Errorf("/proc: %q", p)
		}
	}
}

func TestWriteWithoutMagic(t *testing.T) {
	out := filepath.Join(t.TempDir(), "export.csv")
	f, err := Write(context.Background(), out, strings.NewReader("a,b\n"), Expect{Size: 4})
	if err != nil || f.Size != 4 || f.SHA256 != downloadtest.SHA256Hex([]byte("a,b\n")) {
		t.Fatalf("Write = %+v, %v", f, err)
	}
}

func TestCheckAndRemoveIfUnchanged(t *testing.T) {
	data := downloadtest.GzipLike(300 << 10)
	out := filepath.Join(t.TempDir(), "node.tar.gz")
	f, err := Write(context.Background(), out, bytes.NewReader(data), gz(int64(len(data))))
	if err != nil {
		t.Fatal(err)
	}
	if f != (File{Size: int64(len(data)), SHA256: downloadtest.SHA256Hex(data)}) {
		t.Errorf("wrote %+v", f)
	}
	for _, c := range []struct {
		size int64
		sha  string
		want State
	}{
		{f.Size, f.SHA256, Matches},
		{f.Size + 1, f.SHA256, Differs},
		{f.Size, downloadtest.SHA256Hex([]byte("x")), Differs},
	} {
		if got, err := Check(out, c.size, c.sha); err != nil || got != c.want {
			t.Errorf("Check(%d, %s) = %v, %v; want %v", c.size, c.sha[:8], got, err, c.want)
		}
	}
	if got, err := Check(filepath.Join(out, "below-a-file"), 1, "x"); err != nil || got != Missing {
		t.Errorf("a path below a file: %v, %v; want Missing", got, err)
	}
	RemoveIfUnchanged(context.Background(), out, f.Size, downloadtest.SHA256Hex([]byte("x")))
	if _, err := os.Stat(out); err != nil {
		t.Error("a changed file was removed")
	}
	RemoveIfUnchanged(context.Background(), out, f.Size, f.SHA256)
	if got, _ := Check(out, f.Size, f.SHA256); got != Missing {
		t.Error("the unchanged file was not removed")
	}
}

func TestDrifted(t *testing.T) {
	dir := t.TempDir()
	data := []byte("exported lines\n")
	f, err := Write(context.Background(), filepath.Join(dir, "f"), bytes.NewReader(data), Expect{Size: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "changed"), []byte("exported lineZ\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file    string
		size    int64
		restore bool
		want    bool
	}{
		{"f", f.Size, true, false},
		{"f", -1, false, false},
		{"changed", -1, false, true}, // present but different: drift whatever restore says
		{"changed", f.Size, true, true},
		{"missing", f.Size, true, true},
		{"missing", f.Size, false, false}, // restore_missing_file = false
	} {
		got, err := Drifted(context.Background(), filepath.Join(dir, tc.file), tc.size, f.SHA256, tc.restore)
		if err != nil || got != tc.want {
			t.Errorf("%s (size %d, restore %v): %v, %v; want %v", tc.file, tc.size, tc.restore, got, err, tc.want)
		}
	}
}
