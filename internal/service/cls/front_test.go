package cls_test

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// front is a test-local front door to an emulator on a port of its own: the
// provider talks to it and it serves the emulator's handler, while the test
// can intercept requests by CLS action, or close the port (new connections
// are refused, open ones cut) and open it again on the same port.
type front struct {
	t    *testing.T
	e    *acctest.Emulator
	addr string
	URL  string
	// hook sees every request first; true means it answered (or aborted) it.
	hook func(w http.ResponseWriter, r *http.Request) bool

	mu  sync.Mutex
	srv *http.Server
}

func newFront(t *testing.T, e *acctest.Emulator, hook func(w http.ResponseWriter, r *http.Request) bool) *front {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &front{t: t, e: e, addr: ln.Addr().String(), URL: "http://" + ln.Addr().String(), hook: hook}
	f.serve(ln)
	t.Cleanup(f.down)
	return f
}

func (f *front) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.hook != nil && f.hook(w, r) {
			return
		}
		f.e.Server.ServeHTTP(w, r)
	})}
	f.mu.Lock()
	f.srv = srv
	f.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// down closes the port and every open connection: from now on the
// provider's connections are refused.
func (f *front) down() {
	f.mu.Lock()
	srv := f.srv
	f.srv = nil
	f.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// up listens on the same port again (Go listeners set SO_REUSEADDR, so
// the port just closed can be bound at once). It reports a failure with
// t.Error, which is safe from any goroutine.
func (f *front) up() {
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		f.t.Errorf("reopening %s: %v", f.addr, err)
		return
	}
	f.serve(ln)
}

// providerConfig is the emulator's provider block pointed at the front.
func (f *front) providerConfig() string {
	return strings.ReplaceAll(f.e.ProviderConfig(), f.e.URL, f.URL)
}

// admin sends an admin API request straight to the emulator from any
// goroutine (acctest's helpers may only run on the test's).
func (f *front) admin(method, path, body string) (int, string) {
	rec := httptest.NewRecorder()
	f.e.Server.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec.Code, rec.Body.String()
}

// seedTwin adds an export through the admin API from any goroutine and
// returns its id ("" after reporting a failure).
func (f *front) seedTwin(args map[string]any) string {
	body, err := json.Marshal(args)
	if err != nil {
		f.t.Error(err)
		return ""
	}
	code, out := f.admin(http.MethodPost, "/_emulator/tencent/exports", string(body))
	var seeded struct {
		ExportIDs []string `json:"export_ids"`
	}
	if err := json.Unmarshal([]byte(out), &seeded); code != http.StatusOK || err != nil || len(seeded.ExportIDs) != 1 {
		f.t.Errorf("seeding an export: HTTP %d %s", code, out)
		return ""
	}
	return seeded.ExportIDs[0]
}

// action is the CLS action a request calls, "" for others.
func action(r *http.Request) string { return r.Header.Get("X-TC-Action") }
