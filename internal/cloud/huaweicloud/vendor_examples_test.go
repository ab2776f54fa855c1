package huaweicloud

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// serveVendorFile answers every request with testdata/vendor/<name> and
// status, without an X-Request-Id header (the vendor's examples show
// only bodies), and returns a client pointed at it.
func serveVendorFile(t *testing.T, name string, status int) *Client {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "vendor", name))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return NewClient(Config{AuthToken: "vendor-example-token", ProjectID: "p", Region: "cn-east-3", Endpoint: srv.URL, Sleep: noSleep})
}

// The status example shows "Running", outside the documented enum
// (processing, completed): the provider must read it as still running.
func TestVendorExampleShowLogsExportStatus(t *testing.T) {
	c := serveVendorFile(t, "ShowLogsExportStatus.200.json", http.StatusOK)
	got, err := c.ShowLogsExportStatus(context.Background(), ExportRef{ServerID: "s", ExportID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if got.ExportID != "1" || got.Status != "running" || got.Percentage != 30 || got.CreatedAt != "2024-07-01T11:32:49Z" {
		t.Errorf("decoded %+v; want export 1, status running, 30%%, created 2024-07-01T11:32:49Z", *got)
	}
	if got.Completed() || got.Failed() {
		t.Errorf("status %q read as completed=%v failed=%v; want still running", got.Status, got.Completed(), got.Failed())
	}
}

// The gateway's 401 examples: code, message and the body's request id
// reach the error, and the hint names the setting to fix.
func TestVendorExampleGatewayErrors(t *testing.T) {
	cases := []struct {
		file, message, hint string
	}{
		{"gateway.401.decrypt-token-fail.json", "Incorrect IAM authentication information: decrypt token fail", "huaweicloud.auth_token"},
		{"gateway.401.ak-not-exist.json", "Incorrect IAM authentication information: Get secretKey failed,ak:******,err:ak not exist", "huaweicloud.access_key"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			c := serveVendorFile(t, tc.file, http.StatusUnauthorized)
			_, err := c.ShowLogsExportStatus(context.Background(), ExportRef{ServerID: "s", ExportID: "1"})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *Error", err)
			}
			if e.Code != CodeIAMAuth || e.Message != tc.message || e.RequestID != "******" || e.HTTPStatus != http.StatusUnauthorized {
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

// The AK-locked example is not JSON as printed: the client still gives a
// 401 *Error, with a generic message and no part of the body.
func TestVendorExampleGatewayErrorNotJSON(t *testing.T) {
	c := serveVendorFile(t, "gateway.401.ak-locked.txt", http.StatusUnauthorized)
	_, err := c.ExportServerLogs(context.Background(), ExportInput{ServerID: "s"})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *Error", err)
	}
	if e.HTTPStatus != http.StatusUnauthorized || e.Code != "" || e.Message != "unauthorized" || !IsAuth(err) {
		t.Errorf("decoded %+v", *e)
	}
	if strings.Contains(err.Error(), "AK access") {
		t.Errorf("error %q carries the body", err)
	}
}
