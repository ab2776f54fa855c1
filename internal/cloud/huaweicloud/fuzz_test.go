package huaweicloud

import (
	"context"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport/transporttest"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Credentials of the fuzzed client: they must never show in an error.
const (
	fuzzSecret = "fuzz-secret-key-3f8a"
	fuzzToken  = "fuzz-security-token-61c2"
)

// FuzzDecodeError feeds arbitrary statuses, request ids and bodies to the
// gateway/service error envelope decoder.
func FuzzDecodeError(f *testing.F) {
	for _, s := range []struct {
		status uint16
		rid    string
		body   string
	}{
		{401, "r1", `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: decrypt token fail","request_id":"r"}`},
		{429, "", `Too Many Requests`},
		{404, "", `{"code":"CLOUDDC.40401","message":"server not found"}`},
		{500, "", `{"error_code":1234,"error_msg":{"x":1}}`},
		{410, "", ``},
		{400, "", `{"error_msg":"` + strings.Repeat("e", 6000) + `"}`},
		{200, "ok", `anything`},
	} {
		f.Add(s.status, s.rid, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status uint16, rid string, body []byte) {
		code := int(status)
		if code < 200 || code > 599 {
			code = 200 + code%400
		}
		_, err := decodeError(code, http.Header{"X-Request-Id": {rid}}, body)
		transporttest.CheckError(t, err, fuzzSecret, fuzzToken)
	})
}

// FuzzParsers covers the lenient field parsers of an export answer.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{`"30%"`, `30`, `"30"`, `"100.7%"`, `null`, `""`, `"%"`, `-5`, `1e400`, `"NaN"`, `{"a":1}`} {
		f.Add([]byte(s), "2024-01-01T00:00:00Z", `attachment; filename="2102313LNM10P3000123-dump.tar.gz"`)
	}
	f.Add([]byte(`"5%"`), "2024-01-01 08:00:00", `attachment; filename=../../etc/passwd`)
	f.Add([]byte(`7`), "garbage", `attachment; filename*=UTF-8''%e2%82%ac.tar.gz`)
	f.Fuzz(func(t *testing.T, pct []byte, created, disposition string) {
		if p, err := ParsePercentage(pct); err == nil && (p < 0 || p > 100) {
			t.Fatalf("percentage %s parsed to %d", pct, p)
		}
		_ = NormalizeTime(created)
		name := FileNameFromDisposition(disposition, "fallback.tar.gz")
		if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
			t.Fatalf("file name %q from %q is not a bare file name", name, disposition)
		}
	})
}

// FuzzClientResponses runs every client method against a server answering
// with an arbitrary status, Content-Disposition and body.
func FuzzClientResponses(f *testing.F) {
	seeds := []string{
		`{"export_id":"1","status":"processing","percentage":"30%","created_at":"2024-01-01T00:00:00Z"}`,
		`{"export_id":17,"status":"completed","percentage":100}`,
		`{"export_id":{"x":1},"percentage":"lots"}`,
		`{"export_id":"","status":null}`,
		`{"error_code":"APIGW.0301","error_msg":"bad token ` + fuzzToken + `"}`,
		"\x1f\x8b\x08\x00truncated gzip",
		`[`,
	}
	for i, s := range seeds {
		for op := uint8(0); op < 3; op++ {
			f.Add(op, uint16(i), `attachment; filename="x-dump.tar.gz"`, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, status uint16, disposition string, body []byte) {
		c := NewClient(Config{
			AccessKey: "fuzz-ak", SecretKey: fuzzSecret, SecurityToken: fuzzToken, ProjectID: "p", Region: "cn-east-3",
			Endpoint: "http://clouddc.invalid", MaxRetries: -1,
			HTTPClient: &http.Client{Transport: transporttest.Canned{Status: transporttest.FuzzStatus(status, http.StatusOK, http.StatusAccepted), Body: body,
				Header: http.Header{"Content-Disposition": {disposition}, "Content-Type": {"application/json"}}}},
			Sleep: func(context.Context, time.Duration) error { return nil },
		})
		ctx := context.Background()
		ref := ExportRef{ProjectID: "p", ServerID: "s", ExportID: "1"}
		var err error
		switch op % 3 {
		case 0:
			_, err = c.ExportServerLogs(ctx, ExportInput{ProjectID: "p", ServerID: "s"})
		case 1:
			var e *LogsExport
			e, err = c.ShowLogsExportStatus(ctx, ref)
			if err == nil && (e.Percentage < 0 || e.Percentage > 100) {
				t.Fatalf("percentage %d", e.Percentage)
			}
		case 2:
			var d *LogsDownload
			d, err = c.DownloadServerLogs(ctx, ref)
			if err == nil {
				if d.FileName == "" || strings.ContainsAny(d.FileName, `/\`) {
					t.Fatalf("download file name %q", d.FileName)
				}
				_, _ = io.Copy(io.Discard, d.Body)
				_ = d.Body.Close()
			}
		}
		transporttest.CheckError(t, err, fuzzSecret, fuzzToken)
	})
}
