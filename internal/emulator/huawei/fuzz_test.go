package huawei

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// FuzzTokenRequest sends token-authenticated calls with arbitrary methods,
// paths and bodies: every error answer is the gateway's JSON envelope, and
// nothing panics.
func FuzzTokenRequest(f *testing.F) {
	srv := "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
	f.Add("POST", "/v1/emulator-project/physicalservers/"+srv+"/logs/exports", []byte(`{}`))
	f.Add("POST", "/v1/emulator-project/physicalservers/"+srv+"/logs/exports", []byte(`{"x":`))
	f.Add("GET", "/v1/emulator-project/physicalservers/"+srv+"/logs/exports/1", []byte(nil))
	f.Add("GET", "/v1/emulator-project/physicalservers/"+srv+"/logs/exports/999999999999999999999/content", []byte(nil))
	f.Add("DELETE", "/v1/other-project/physicalservers/../logs", []byte(nil))
	f.Add("GET", "/v1//physicalservers//logs/exports/%2e%2e", []byte(nil))
	f.Fuzz(func(t *testing.T, method, path string, body []byte) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		r, err := http.NewRequest(method, "http://127.0.0.1"+path, bytes.NewReader(body))
		if err != nil {
			return
		}
		opts := DefaultOptions()
		opts.ExportMS, opts.ArchiveBytes = 0, 1024
		e := New(core.NewEnv(nil), opts)
		r.Header.Set("X-Auth-Token", opts.AuthToken)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if rec.Code >= 400 {
			var eb struct {
				Code string `json:"error_code"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || eb.Code == "" {
				t.Fatalf("%s %s answered HTTP %d without the error envelope: %q", method, path, rec.Code, rec.Body.String())
			}
		}
	})
}
