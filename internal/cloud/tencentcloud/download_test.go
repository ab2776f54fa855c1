package tencentcloud

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestDownloadExportFile(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			if r.URL.Query().Get("sign") != "s3cr3t-signature" {
				w.WriteHeader(400)
				return
			}
			io.WriteString(w, "file content")
		case "/expired":
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(403)
			io.WriteString(w, `<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message><RequestId>req-1</RequestId></Error>`)
		case "/gone":
			w.WriteHeader(404)
			io.WriteString(w, `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`)
		}
	}))
	defer srv.Close()
	c := NewClient(Config{SecretID: "id", SecretKey: "key", Region: "ap-guangzhou", Endpoint: srv.URL, MaxRetries: 1,
		Sleep: func(context.Context, time.Duration) error { return nil }})

	dl, err := c.DownloadExportFile(context.Background(), srv.URL+"/ok?sign=s3cr3t-signature&expires=1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if string(b) != "file content" || dl.ContentLength != int64(len(b)) {
		t.Errorf("body %q, length %d", b, dl.ContentLength)
	}

	_, err = c.DownloadExportFile(context.Background(), srv.URL+"/expired?sign=s3cr3t-signature")
	var de *DownloadError
	if !errors.As(err, &de) || de.HTTPStatus != http.StatusForbidden || !strings.Contains(err.Error(), "HTTP 403 AccessDenied: Request has expired (request id req-1)") {
		t.Errorf("expired link: %v", err)
	}
	if _, err = c.DownloadExportFile(context.Background(), srv.URL+"/gone?sign=s3cr3t-signature"); !errors.As(err, &de) || de.HTTPStatus != http.StatusNotFound || de.Throttled() || de.Transient() {
		t.Errorf("a missing file: %v", err)
	}

	// A network error names the address without the presigned query.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	_, err = c.DownloadExportFile(context.Background(), "http://"+addr+"/x.tar.gz?sign=s3cr3t-signature")
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "http://"+addr+"/x.tar.gz") {
		t.Errorf("network error: %v", err)
	}
	if _, err = c.DownloadExportFile(context.Background(), "ftp://host/x?sign=s3cr3t-signature"); err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("not http: %v", err)
	}
}

// The link's expiry comes from its signature: q-sign-time inside CLS's
// `sign` parameter (the shapes' presigned answer), as a plain query
// parameter, the emulator's `expires`, or else an hour from the read.
func TestLinkExpiry(t *testing.T) {
	read := time.Date(2024, 3, 15, 1, 31, 0, 0, time.UTC)
	var shape struct {
		Response struct{ Exports []struct{ CosPath string } }
	}
	body, err := os.ReadFile("testdata/shapes/DescribeExports-presigned.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, &shape); err != nil || len(shape.Response.Exports) != 1 {
		t.Fatalf("shape: %v %+v", err, shape)
	}
	for _, tc := range []struct{ name, link string }{
		{"CLS sign parameter", shape.Response.Exports[0].CosPath},
		{"plain q-sign-time", "https://b.cos.ap-guangzhou.myqcloud.com/f.tar.gz?q-sign-algorithm=sha1&q-sign-time=1710466260%3B1710469860&q-signature=x"},
		{"emulator expires", "http://127.0.0.1:1/_emulator/tencent/download/export-1?expires=1710469860"},
	} {
		if got, want := LinkExpiry(tc.link, read), time.Unix(1710469860, 0).UTC(); !got.Equal(want) {
			t.Errorf("%s: %v, want %v", tc.name, got, want)
		}
	}
	for _, link := range []string{"https://example.invalid/f.tar.gz", "::not a url", "https://x/f?q-sign-time=oops"} {
		if got := LinkExpiry(link, read); !got.Equal(read.Add(time.Hour)) {
			t.Errorf("%q: %v, want an hour after the read", link, got)
		}
	}
}
