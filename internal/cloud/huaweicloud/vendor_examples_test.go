package huaweicloud

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The files in testdata/shapes are bodies this project wrote in the shapes
// Huawei Cloud documents (field names, JSON types, the status and
// percentage forms), with our own values; testdata/shapes/README.md lists
// the sources of the facts. No vendor text is copied.

// shape is the body in testdata/shapes/<name>.
func shape(t *testing.T, name string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "shapes", name))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// serveBody answers every request with body and status, without an
// X-Request-Id header (the documented examples show only bodies), and
// returns a client pointed at it.
func serveBody(t *testing.T, body []byte, status int) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return NewClient(Config{AuthToken: "shape-test-token", ProjectID: "p", Region: "cn-east-3", Endpoint: srv.URL, Sleep: noSleep})
}

// The documented status example shows "Running", outside the documented
// enum (processing, completed), and the percentage as a string with "%":
// the provider must read it as still running.
func TestVendorExampleShowLogsExportStatus(t *testing.T) {
	c := serveBody(t, shape(t, "ShowLogsExportStatus.200.json"), http.StatusOK)
	got, err := c.ShowLogsExportStatus(context.Background(), ExportRef{ServerID: "s", ExportID: "7"})
	if err != nil {
		t.Fatal(err)
	}
	if got.ExportID != "7" || got.Status != "running" || got.Percentage != 45 || got.CreatedAt != "2025-02-11T08:05:17Z" {
		t.Errorf("decoded %+v; want export 7, status running, 45%%, created 2025-02-11T08:05:17Z", *got)
	}
	if got.Completed() || got.Failed() {
		t.Errorf("status %q read as completed=%v failed=%v; want still running", got.Status, got.Completed(), got.Failed())
	}
}

// The gateway's 401 bodies: code, message and the body's request id reach
// the error, and the hint names the setting to fix.
func TestVendorExampleGatewayErrors(t *testing.T) {
	cases := []struct {
		file, message, requestID, hint string
	}{
		{"gateway.401.decrypt-token-fail.json", "IAM check failed for this request: decrypt token fail", "4f6d2a0c9b8e47d1a3c5e7f90b1d3e5a", "huaweicloud.auth_token"},
		{"gateway.401.ak-not-exist.json", "IAM check failed for this request: ak not exist (HPUASHAPESTEST0000001)", "8a1c3e5f7b9d4f2a8c0e6b4d2f1a3c5e", "huaweicloud.access_key"},
		{"gateway.401.ak-locked.json", "IAM check failed for this request: access key locked after too many failures", "d2b4f6a8c0e1435798badcfe10325476", "huaweicloud.access_key and huaweicloud.secret_key"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			c := serveBody(t, shape(t, tc.file), http.StatusUnauthorized)
			_, err := c.ShowLogsExportStatus(context.Background(), ExportRef{ServerID: "s", ExportID: "7"})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *Error", err)
			}
			if e.Code != CodeIAMAuth || e.Message != tc.message || e.RequestID != tc.requestID || e.HTTPStatus != http.StatusUnauthorized {
				t.Errorf("decoded %+v", *e)
			}
			if !IsAuth(err) || IsNotFound(err) || IsThrottled(err) || e.Transient() {
				t.Errorf("classified wrongly: auth %v, not found %v, throttled %v, transient %v", IsAuth(err), IsNotFound(err), IsThrottled(err), e.Transient())
			}
			if h := AuthHint(err); !strings.Contains(h, tc.hint) {
				t.Errorf("hint %q does not name %s", h, tc.hint)
			}
		})
	}
}

// The vendor prints its AK-locked example with part of it elided, so it is
// not JSON as shown. The same body cut short (ours, with "......" in place
// of its second half) still gives a 401 *Error, with a generic message and
// no part of the body.
func TestVendorExampleGatewayErrorNotJSON(t *testing.T) {
	full := shape(t, "gateway.401.ak-locked.json")
	cut := append(append([]byte{}, full[:bytes.Index(full, []byte("locked"))]...), []byte("......\n}")...)
	c := serveBody(t, cut, http.StatusUnauthorized)
	_, err := c.ExportServerLogs(context.Background(), ExportInput{ServerID: "s"})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *Error", err)
	}
	if e.HTTPStatus != http.StatusUnauthorized || e.Code != "" || e.Message != "unauthorized" || !IsAuth(err) {
		t.Errorf("decoded %+v", *e)
	}
	if strings.Contains(err.Error(), "access key") || strings.Contains(err.Error(), "d2b4f6a8") {
		t.Errorf("error %q carries the body", err)
	}
}
