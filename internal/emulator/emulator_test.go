package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func do(t *testing.T, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec
}

func stateJSON(t *testing.T, s *Server) map[string]any {
	t.Helper()
	var out map[string]any
	data, err := json.Marshal(s.State())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStateFile_survivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := DefaultOptions()
	opts.StateFile = path
	s, err := NewFromOptions(opts)
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, s, http.MethodPost, "/_emulator/alibaba/exporter_outputs",
		`{"dest_name":"kept","endpoint":"https://cn-hangzhou.log.aliyuncs.com","project":"p","logstore":"l","access_key_id":"id","access_key_secret":"sec"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("seeding: %d %s", rec.Code, rec.Body)
	}
	before := stateJSON(t, s)
	if !strings.Contains(mustJSON(t, before), `"kept"`) {
		t.Fatalf("seeded output missing from state: %v", before)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	restarted, err := NewFromOptions(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustJSON(t, stateJSON(t, restarted)), mustJSON(t, before); got != want {
		t.Fatalf("state after restart differs:\n got %s\nwant %s", got, want)
	}
}

func TestStateFile_corruptIsAnError(t *testing.T) {
	for name, content := range map[string]string{
		"not json":    "{not json",
		"unknown key": `{"azure": {}}`,
		"wrong shape": `{"tencent": {"topics": "nope"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			opts := DefaultOptions()
			opts.StateFile = path
			if _, err := NewFromOptions(opts); err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("error = %v, want one naming %s", err, path)
			}
			data, _ := os.ReadFile(path)
			if string(data) != content {
				t.Fatal("a corrupt state file was overwritten")
			}
		})
	}
}

func TestAdmin_statsFaultsReset(t *testing.T) {
	s := New(DefaultOptions())
	if rec := do(t, s, http.MethodPost, "/_emulator/faults", `{"operation":"CreateExport","kind":"bogus"}`); rec.Code != http.StatusBadRequest {
		t.Fatalf("bad fault accepted: %d", rec.Code)
	}
	if rec := do(t, s, http.MethodPost, "/_emulator/faults", `{"operation":"CreateExport","kind":"throttle","count":2}`); rec.Code != http.StatusOK {
		t.Fatalf("fault refused: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, s, http.MethodGet, "/_emulator/faults", ""); !strings.Contains(rec.Body.String(), `"count": 2`) {
		t.Fatalf("armed fault not listed: %s", rec.Body)
	}
	if rec := do(t, s, http.MethodPost, "/_emulator/reset", ""); rec.Code != http.StatusOK {
		t.Fatalf("reset: %d", rec.Code)
	}
	if rec := do(t, s, http.MethodGet, "/_emulator/faults", ""); strings.Contains(rec.Body.String(), "CreateExport") {
		t.Fatalf("reset kept the fault: %s", rec.Body)
	}
	rec := do(t, s, http.MethodGet, "/_emulator/stats", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"requests"`) {
		t.Fatalf("stats: %d %s", rec.Code, rec.Body)
	}
	state := stateJSON(t, s)
	for _, k := range []string{"alibaba", "tencent", "huawei"} {
		if _, ok := state[k]; !ok {
			t.Errorf("state lacks %q", k)
		}
	}
}

// DELETE /_emulator/faults disarms everything; a negative "after" is refused.
func TestAdmin_faultsClear(t *testing.T) {
	s := New(DefaultOptions())
	if rec := do(t, s, http.MethodPost, "/_emulator/faults", `{"operation":"X","kind":"throttle","after":-1}`); rec.Code != http.StatusBadRequest {
		t.Fatalf("negative after accepted: %d", rec.Code)
	}
	for _, op := range []string{"A", "B"} {
		if err := s.AddFault(core.Fault{Operation: op, Kind: core.FaultThrottle, Count: 5}); err != nil {
			t.Fatal(err)
		}
	}
	rec := do(t, s, http.MethodDelete, "/_emulator/faults", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"disarmed": 2`) {
		t.Fatalf("DELETE faults: %d %s", rec.Code, rec.Body)
	}
	if f := s.env.Faults(); len(f) != 0 {
		t.Fatalf("faults left after DELETE: %+v", f)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Temporary credentials issued before a restart are still accepted after
// it, as the cloud's are (they live in the state file, not in GET
// /_emulator/state); expired ones are not kept.
func TestStateFile_issuedCredentialsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := DefaultOptions()
	opts.StateFile = path
	s, err := NewFromOptions(opts)
	if err != nil {
		t.Fatal(err)
	}
	live := s.env.Issue("tencent", "AKIDtmp", time.Hour)
	gone := s.env.Issue("alibaba", "STS.", -time.Minute)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(mustJSON(t, stateJSON(t, s)), live.Secret) {
		t.Fatal("GET /_emulator/state shows an issued secret")
	}
	restarted, err := NewFromOptions(opts)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := restarted.env.Issued("tencent", live.AccessKey)
	if !ok || got.Secret != live.Secret || got.Token != live.Token || !got.Expires.Equal(live.Expires) {
		t.Fatalf("after a restart the issued credential is %+v (found %v), want %+v", got, ok, live)
	}
	if _, ok := restarted.env.Issued("alibaba", gone.AccessKey); ok {
		t.Fatal("an expired credential was kept across the restart")
	}
	if _, ok := restarted.env.Issued("alibaba", live.AccessKey); ok {
		t.Fatal("a Tencent credential is accepted by the Alibaba API after the restart")
	}
}
