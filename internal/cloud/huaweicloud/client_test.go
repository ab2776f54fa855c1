package huaweicloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

func TestParsePercentage(t *testing.T) {
	cases := []struct {
		raw  string
		want int64
		err  bool
	}{
		{`"30%"`, 30, false},
		{`"30"`, 30, false},
		{`30`, 30, false},
		{`" 45 % "`, 45, false},
		{`"100%"`, 100, false},
		{`"0%"`, 0, false},
		{`99.9`, 99, false},
		{`"12.5%"`, 12, false},
		{`150`, 100, false},
		{`-3`, 0, false},
		{``, 0, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`"%"`, 0, false},
		{`"thirty"`, 0, true},
		{`true`, 0, true},
		{`{}`, 0, true},
	}
	for _, c := range cases {
		got, err := ParsePercentage(json.RawMessage(c.raw))
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParsePercentage(%s) = %d, %v; want %d, error %v", c.raw, got, err, c.want, c.err)
		}
	}
}

func TestNormalizeTime(t *testing.T) {
	cases := map[string]string{
		"2024-07-01T11:32:49Z":          "2024-07-01T11:32:49Z",
		"2025-03-20T02:48:06+00:00":     "2025-03-20T02:48:06Z",
		"2025-03-20T10:48:06+08:00":     "2025-03-20T02:48:06Z",
		"2025-03-20T10:48:06+0800":      "2025-03-20T02:48:06Z",
		"2025-03-20T02:48:06.123Z":      "2025-03-20T02:48:06Z",
		"2025-03-20T02:48:06":           "2025-03-20T02:48:06Z",
		"2025-03-20 02:48:06":           "2025-03-20T02:48:06Z",
		"2025-03-20T02:48:06.5":         "2025-03-20T02:48:06Z",
		" 2025-03-20T02:48:06Z ":        "2025-03-20T02:48:06Z",
		"":                              "",
		"yesterday":                     "yesterday",
		"2025-03-20 02:48:06.250":       "2025-03-20T02:48:06Z",
		"2025-03-20 10:48:06+08:00":     "2025-03-20T02:48:06Z",
		"2025-03-20T02:48:06.000+00:00": "2025-03-20T02:48:06Z",
	}
	for in, want := range cases {
		if got := NormalizeTime(in); got != want {
			t.Errorf("NormalizeTime(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileNameFromDisposition(t *testing.T) {
	cases := map[string]string{
		"attachment; filename=2102313LNM10P3000123-dump.tar.gz": "2102313LNM10P3000123-dump.tar.gz",
		`attachment; filename="SN 1-dump.tar.gz"`:               "SN 1-dump.tar.gz",
		"attachment; filename=../../etc/passwd":                 "passwd",
		"attachment":                                            "fallback.tar.gz",
		"":                                                      "fallback.tar.gz",
		"attachment; filename=a b-dump.tar.gz; size=3":          "a b-dump.tar.gz",
		`attachment; filename="..\..\x.tar.gz"`:                 "x.tar.gz",
		"attachment; filename=..":                               "fallback.tar.gz",
		"attachment; filename*=UTF-8''caf%C3%A9-dump.tar.gz":    "café-dump.tar.gz",
	}
	for in, want := range cases {
		if got := FileNameFromDisposition(in, "fallback.tar.gz"); got != want {
			t.Errorf("FileNameFromDisposition(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeError(t *testing.T) {
	h := http.Header{}
	h.Set("X-Request-Id", "req-1")
	_, err := decodeError(401, h, []byte(`{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: decrypt token fail","request_id":"body-id"}`))
	var e *Error
	if !errors.As(err, &e) || e.Code != "APIGW.0301" || e.RequestID != "req-1" || e.HTTPStatus != 401 || !IsAuth(err) {
		t.Fatalf("decoded %#v", err)
	}
	if want := "APIGW.0301: Incorrect IAM authentication information: decrypt token fail (HTTP 401, request id req-1)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	_, err = decodeError(429, http.Header{}, []byte("Too many requests, secret-ish body"))
	if !IsThrottled(err) || strings.Contains(err.Error(), "secret-ish") {
		t.Errorf("429 with a text body: %v", err)
	}
	_, err = decodeError(404, http.Header{}, []byte(`{"code":"CLOUDDC.40401","message":"no server","request_id":"r2"}`))
	if !IsNotFound(err) || !errors.As(err, &e) || e.RequestID != "r2" || e.Code != "CLOUDDC.40401" {
		t.Errorf("404 with code/message: %#v", err)
	}
	_, err = decodeError(404, http.Header{}, []byte(`{"error_code":"APIGW.0101","error_msg":"API not found"}`))
	if IsNotFound(err) {
		t.Errorf("a missing route must not count as a missing object: %v", err)
	}
	_, err = decodeError(500, http.Header{}, nil)
	if !errors.As(err, &e) || !e.Transient() || e.Throttled() {
		t.Errorf("500: %#v", err)
	}
	if id, err := decodeError(202, h, nil); err != nil || id != "req-1" {
		t.Errorf("202: %q %v", id, err)
	}
}

func TestDefaultEndpoint(t *testing.T) {
	c := NewClient(Config{Region: "cn-east-3"})
	if got := c.Endpoint(); got != "https://clouddc.cn-east-3.myhuaweicloud.com" {
		t.Errorf("Endpoint() = %q", got)
	}
	c = NewClient(Config{Region: "cn-east-3", Endpoint: "http://127.0.0.1:1/"})
	if got := c.Endpoint(); got != "http://127.0.0.1:1" {
		t.Errorf("Endpoint() with override = %q", got)
	}
}

// verifySigned checks a request the way the gateway does, with the package's
// own pure functions, and returns the problem or "".
func verifySigned(r *http.Request, body []byte, sk string) string {
	a, err := ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return err.Error()
	}
	headers := map[string][]string{}
	for _, n := range a.SignedHeaders {
		if n == "host" {
			headers[n] = []string{r.Host}
			continue
		}
		headers[n] = r.Header.Values(n)
	}
	want := Sign(SignInput{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Headers: headers,
		SignedHeaders: a.SignedHeaders, PayloadHash: PayloadHash(body)}, r.Header.Get(HeaderSdkDate), sk)
	if want != a.Signature {
		return "signature mismatch"
	}
	return ""
}

func TestClientSignsAndParses(t *testing.T) {
	fixed := time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if p := verifySigned(r, body, "sk"); p != "" {
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error_code":"APIGW.0301","error_msg":%q}`, p)
			return
		}
		seen = append(seen, r.Method+" "+r.URL.Path+" "+strings.Split(r.Header.Get("Authorization"), ", Signature=")[0]+" "+r.Header.Get(HeaderSdkDate)+" "+string(body))
		w.Header().Set("X-Request-Id", "rid")
		switch {
		case r.Method == http.MethodPost:
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, `{"export_id":"1","status":"processing","percentage":"0%","created_at":"2025-03-20T02:48:06+00:00"}`)
		case strings.HasSuffix(r.URL.Path, "/content"):
			w.Header().Set("Content-Disposition", "attachment; filename=SN123-dump.tar.gz")
			w.Write([]byte{0x1f, 0x8b, 1, 2, 3})
		default:
			io.WriteString(w, `{"export_id":"1","status":"Running","percentage":40,"created_at":"2025-03-20 02:48:06"}`)
		}
	}))
	defer srv.Close()
	c := NewClient(Config{AccessKey: "ak", SecretKey: "sk", ProjectID: "proj", Region: "cn-east-3", Endpoint: srv.URL, Now: func() time.Time { return fixed }})
	ctx := context.Background()
	exp, err := c.ExportServerLogs(ctx, ExportInput{ServerID: "srv-1"})
	if err != nil {
		t.Fatal(err)
	}
	if *exp != (LogsExport{ExportID: "1", Status: "processing", Percentage: 0, CreatedAt: "2025-03-20T02:48:06Z"}) {
		t.Errorf("export = %+v", exp)
	}
	st, err := c.ShowLogsExportStatus(ctx, ExportRef{ProjectID: "other", ServerID: "srv-1", ExportID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if *st != (LogsExport{ExportID: "1", Status: "running", Percentage: 40, CreatedAt: "2025-03-20T02:48:06Z"}) || st.Completed() || st.Failed() {
		t.Errorf("status = %+v", st)
	}
	dl, err := c.DownloadServerLogs(ctx, ExportRef{ServerID: "srv-1", ExportID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if dl.FileName != "SN123-dump.tar.gz" || !bytes.Equal(data, []byte{0x1f, 0x8b, 1, 2, 3}) || dl.ContentLength != 5 || dl.RequestID != "rid" {
		t.Errorf("download = %+v %x", dl, data)
	}
	want := []string{
		"POST /v1/proj/physicalservers/srv-1/logs/exports SDK-HMAC-SHA256 Access=ak, SignedHeaders=host;x-project-id;x-sdk-date 20250320T024806Z {}",
		"GET /v1/other/physicalservers/srv-1/logs/exports/1 SDK-HMAC-SHA256 Access=ak, SignedHeaders=host;x-project-id;x-sdk-date 20250320T024806Z ",
		"GET /v1/proj/physicalservers/srv-1/logs/exports/1/content SDK-HMAC-SHA256 Access=ak, SignedHeaders=host;x-project-id;x-sdk-date 20250320T024806Z ",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests\n%s\nwant\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}

func TestClientTokenAuthAndSecurityToken(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		io.WriteString(w, `{"export_id":"9","status":"completed","percentage":"100%"}`)
	}))
	defer srv.Close()
	c := NewClient(Config{AuthToken: "tok", AccessKey: "ak", SecretKey: "sk", ProjectID: "p", Endpoint: srv.URL})
	if _, err := c.ShowLogsExportStatus(context.Background(), ExportRef{ServerID: "s", ExportID: "9"}); err != nil {
		t.Fatal(err)
	}
	if got.Get("X-Auth-Token") != "tok" || got.Get("Authorization") != "" || got.Get("X-Sdk-Date") != "" {
		t.Errorf("token request headers: %v", got)
	}
	c = NewClient(Config{AccessKey: "ak", SecretKey: "sk", SecurityToken: "sts", ProjectID: "p", Endpoint: srv.URL})
	if _, err := c.ShowLogsExportStatus(context.Background(), ExportRef{ServerID: "s", ExportID: "9"}); err != nil {
		t.Fatal(err)
	}
	if got.Get("X-Security-Token") != "sts" || !strings.Contains(got.Get("Authorization"), "SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,") {
		t.Errorf("temporary-key request headers: %v", got)
	}
}

func noSleep(context.Context, time.Duration) error { return nil }

// A throttled POST had no effect and is retried; a 500 on the POST is
// ambiguous and is not retried; a 500 on the status GET is.
func TestClientRetryRules(t *testing.T) {
	var posts, gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			n := posts.Add(1)
			switch n {
			case 1:
				w.WriteHeader(429)
				io.WriteString(w, `{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached","request_id":"t"}`)
			case 2:
				w.WriteHeader(202)
				io.WriteString(w, `{"export_id":"1","status":"processing","percentage":"0%"}`)
			default:
				w.WriteHeader(500)
				io.WriteString(w, `{"error_code":"CLOUDDC.500","error_msg":"internal"}`)
			}
			return
		}
		if gets.Add(1) == 1 {
			w.WriteHeader(503)
			return
		}
		io.WriteString(w, `{"export_id":"1","status":"completed","percentage":"100%"}`)
	}))
	defer srv.Close()
	c := NewClient(Config{AuthToken: "tok", ProjectID: "p", Endpoint: srv.URL, MaxRetries: 3, Sleep: noSleep})
	ctx := context.Background()
	if _, err := c.ExportServerLogs(ctx, ExportInput{ServerID: "s"}); err != nil || posts.Load() != 2 {
		t.Fatalf("throttled POST: err %v after %d posts", err, posts.Load())
	}
	_, err := c.ExportServerLogs(ctx, ExportInput{ServerID: "s"})
	if !transport.IsAmbiguous(err) || posts.Load() != 3 {
		t.Fatalf("500 on POST: want one ambiguous attempt, got %v after %d posts", err, posts.Load())
	}
	if _, err := c.ShowLogsExportStatus(ctx, ExportRef{ServerID: "s", ExportID: "1"}); err != nil || gets.Load() != 2 {
		t.Fatalf("503 on GET: err %v after %d gets", err, gets.Load())
	}
}

// No secret appears in TRACE logs or error strings.
func TestClientNeverLogsSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		io.WriteString(w, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: decrypt token fail"}`)
	}))
	defer srv.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	t.Setenv("TF_LOG_PROVIDER_TELEMETRY_HUAWEICLOUD", "TRACE")
	for _, cfg := range []Config{
		{AuthToken: "very-secret-token", ProjectID: "p", Endpoint: srv.URL},
		{AccessKey: "ak", SecretKey: "very-secret-sk", SecurityToken: "very-secret-sts", ProjectID: "p", Endpoint: srv.URL},
	} {
		_, err := NewClient(cfg).ShowLogsExportStatus(ctx, ExportRef{ServerID: "s", ExportID: "1"})
		if err == nil || !IsAuth(err) {
			t.Fatalf("want auth error, got %v", err)
		}
		if strings.Contains(err.Error(), "very-secret") {
			t.Errorf("error holds a secret: %v", err)
		}
	}
	if logs.Len() == 0 {
		t.Fatal("no logs captured; the test would prove nothing")
	}
	if strings.Contains(logs.String(), "very-secret") {
		t.Errorf("logs hold a secret:\n%s", logs.String())
	}
}
