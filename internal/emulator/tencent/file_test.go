package tencent

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func testExport(count uint64, format, order string) *export {
	return &export{
		TopicID: topicA, ExportID: "export-0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b", Count: count, Format: format, Order: order,
		From: 1717200000000, To: 1717203600000, CreatedAt: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC),
	}
}

// unpack reads the single member of a .tar.gz.
func unpack(t *testing.T, b []byte) (string, []byte) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	hdr, err := tr.Next()
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(tr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Next(); err != io.EOF {
		t.Fatalf("a second member or a broken end: %v", err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		t.Fatalf("gzip trailer: %v", err)
	}
	return hdr.Name, body
}

func TestExportFileIsAnExactDeterministicTarGz(t *testing.T) {
	for _, c := range []struct {
		count         uint64
		format, order string
	}{
		{0, "json", "desc"}, {1, "json", "asc"}, {1000, "json", "desc"}, {3, "csv", "asc"},
		{200_000, "csv", "desc"}, // several stored blocks
	} {
		f := newExportFile(testExport(c.count, c.format, c.order))
		var buf bytes.Buffer
		n, err := f.WriteTo(&buf)
		if err != nil || n != int64(buf.Len()) || n != f.Size() {
			t.Fatalf("%+v: wrote %d (%v), buffer %d, Size %d", c, n, err, buf.Len(), f.Size())
		}
		name, body := unpack(t, buf.Bytes())
		if name != "export-0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b."+c.format {
			t.Errorf("%+v: member %q", c, name)
		}
		lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
		if c.format == "csv" {
			if lines[0] != "__TIMESTAMP__,__TOPIC__,seq,msg" {
				t.Errorf("csv header %q", lines[0])
			}
			lines = lines[1:]
		}
		if c.count == 0 {
			if len(body) != 0 {
				t.Errorf("%+v: body %q", c, body)
			}
			continue
		}
		if uint64(len(lines)) != c.count {
			t.Fatalf("%+v: %d lines", c, len(lines))
		}
		if c.format == "json" {
			var first, last struct {
				TS    int64  `json:"__TIMESTAMP__,string"`
				Topic string `json:"__TOPIC__"`
			}
			if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Topic != topicA {
				t.Fatalf("line %q: %v", lines[0], err)
			}
			_ = json.Unmarshal([]byte(lines[len(lines)-1]), &last)
			if c.order == "desc" && c.count > 1 && first.TS <= last.TS {
				t.Errorf("desc order: first %d, last %d", first.TS, last.TS)
			}
			if first.TS < 1717200000000 || first.TS >= 1717203600000 {
				t.Errorf("timestamp %d outside the range", first.TS)
			}
		}
		var again bytes.Buffer
		newExportFile(testExport(c.count, c.format, c.order)).WriteTo(&again)
		if !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Errorf("%+v: two renderings differ", c)
		}
	}
	a, b := newExportFile(testExport(10, "json", "desc")), testExport(10, "json", "desc")
	b.ExportID = "export-11111111-2222-4333-8444-555555555555"
	var ba, bb bytes.Buffer
	a.WriteTo(&ba)
	newExportFile(b).WriteTo(&bb)
	if bytes.Equal(ba.Bytes()[gzipHeadLen:], bb.Bytes()[gzipHeadLen:]) {
		t.Error("two exports have the same content")
	}
}

// The download follows the export: served while Completed with the link
// valid, refused once Expired or with an expired link, and a cut fault stops
// it mid-stream.
func TestDownloadServesFileAndStops(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.ExpireMS = (72 * time.Hour).Milliseconds() })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.em.Admin(w, r, strings.TrimPrefix(r.URL.Path, "/_emulator/tencent/"))
	}))
	defer srv.Close()
	res := h.call("CreateExport", `{"TopicId":"`+topicA+`","Count":5000,"Query":"*","From":1717200000000,"To":1717203600000,"Format":"csv"}`)
	id := res.Response.ExportID
	h.clock.Advance(10 * time.Second)
	var info map[string]any
	for _, x := range h.describe(0, 100).Response.Exports {
		if x["ExportId"] == id {
			info = x
		}
	}
	if info == nil || info["Status"] != "Completed" {
		t.Fatalf("export %s: %v", id, info)
	}
	u := srv.URL + strings.TrimPrefix(info["CosPath"].(string), "http://127.0.0.1:8787")
	get := func() (*http.Response, []byte, error) {
		resp, err := http.Get(u)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	resp, body, err := get()
	if err != nil || resp.StatusCode != 200 || int64(len(body)) != int64(info["FileSize"].(float64)) || resp.ContentLength != int64(len(body)) {
		t.Fatalf("download: %v %v, %d bytes, FileSize %v", resp, err, len(body), info["FileSize"])
	}
	if _, content := unpack(t, body); bytes.Count(content, []byte("\n")) != 5001 {
		t.Errorf("%d lines", bytes.Count(content, []byte("\n")))
	}

	if err := h.env.AddFault(core.Fault{Operation: OpDownload, Kind: core.FaultCut, CutAfterBytes: 3000}); err != nil {
		t.Fatal(err)
	}
	resp, cut, err := get()
	if err == nil || len(cut) != 3000 || resp.ContentLength != int64(len(body)) {
		t.Errorf("cut download: err %v, %d bytes of %d announced", err, len(cut), resp.ContentLength)
	}
	if _, again, err := get(); err != nil || !bytes.Equal(again, body) {
		t.Errorf("the download after the fault: %v, same content %v", err, bytes.Equal(again, body))
	}

	h.clock.Advance(2 * time.Hour) // the link is valid for one hour
	if resp, _, _ := get(); resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("an expired link: %v", resp)
	}
	rec := httptest.NewRecorder()
	h.em.Admin(rec, httptest.NewRequest(http.MethodPost, "/", nil), "exports/"+id+"/expire")
	for _, x := range h.describe(0, 100).Response.Exports {
		if x["ExportId"] == id && (x["Status"] != "Expired" || x["CosPath"] != "") {
			t.Errorf("after expiry: %v %q", x["Status"], x["CosPath"])
		}
	}
	// Even a link that would still be valid no longer serves the file.
	fresh := strings.Split(u, "?")[0] + "?expires=" + "99999999999"
	r2, err := http.Get(fresh)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := io.ReadAll(bufio.NewReader(r2.Body))
	r2.Body.Close()
	if r2.StatusCode != http.StatusNotFound || !bytes.Contains(b2, []byte("<Code>NoSuchKey</Code>")) {
		t.Errorf("an Expired export's file: %d %s", r2.StatusCode, b2)
	}
}
