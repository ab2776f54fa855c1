package huawei

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Requests signed as the Go SDK signs them (the computed vectors D1 and D2,
// which the SDK's own signer reproduces) are accepted; one changed byte of
// the path is refused with the gateway's code.
func TestReplay_SDKSignedExport(t *testing.T) {
	const (
		project = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
		server  = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
		host    = "clouddc.ap-southeast-3.myhuaweicloud.com"
	)
	cases := []struct{ name, body, signature string }{
		{"D1 body {}", "{}", "5cc0d833f842c4a354dd22740bf83d9f973b813c694a635ba87ed4aee95e1271"},
		{"D2 empty body (what the SDK sends)", "", "fc718e61729f9416e1a9f734bba0eb467021dc83c19cfd0c643b7b9247c1e831"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, tamper := range []bool{false, true} {
				opts := DefaultOptions()
				opts.AccessKey, opts.SecretKey, opts.ProjectID = "HWEXAMPLEAK0000000001", "HWexampleSecretKey000000000000000000000001", project
				opts.Servers = []Server{{ID: server, SN: "2102313LNM10P3000123", Name: "vector-node", ProjectID: project}}
				em := New(core.NewEnv(&fakeClock{now: time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)}), opts)

				path := "/v1/" + project + "/physicalservers/" + server + "/logs/exports"
				if tamper {
					path = strings.Replace(path, "3f2a", "3f2b", 1)
				}
				r := httptest.NewRequest(http.MethodPost, "http://"+host+path, strings.NewReader(tc.body))
				r.Host = host
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("X-Project-Id", project)
				r.Header.Set("X-Sdk-Date", "20250320T024806Z")
				r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access=HWEXAMPLEAK0000000001, SignedHeaders=host;x-project-id;x-sdk-date, Signature="+tc.signature)
				rec := httptest.NewRecorder()
				em.ServeHTTP(rec, r)
				switch {
				case !tamper && rec.Code != http.StatusAccepted:
					t.Fatalf("vector request refused: %d %s", rec.Code, rec.Body)
				case tamper && (rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "APIGW.0301")):
					t.Fatalf("tampered path: %d %s, want 401 APIGW.0301", rec.Code, rec.Body)
				}
			}
		})
	}
}
