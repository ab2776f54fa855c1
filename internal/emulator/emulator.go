// Package emulator serves the Alibaba CloudMonitor, Tencent CLS and Huawei
// CloudDC APIs on one loopback HTTP handler, told apart the way the real
// gateways are, plus an admin API under /_emulator/.
package emulator

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/alibaba"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// Options configures an emulator.
type Options struct {
	Alibaba alibaba.Options
	Tencent tencent.Options
	Huawei  huawei.Options
	// Clock defaults to the system clock.
	Clock core.Clock
}

// DefaultOptions returns the options the command uses without flags: the
// fixed default credentials shared by the docs, the demo and the tests.
func DefaultOptions() Options {
	return Options{
		Alibaba: alibaba.DefaultOptions(),
		Tencent: tencent.DefaultOptions(),
		Huawei:  huawei.DefaultOptions(),
	}
}

// RegisterFlags adds every vendor's flags to fs.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	o.Alibaba.RegisterFlags(fs)
	o.Tencent.RegisterFlags(fs)
	o.Huawei.RegisterFlags(fs)
}

// vendor is one emulated cloud API.
type vendor interface {
	// ServeHTTP answers the vendor's API requests.
	ServeHTTP(w http.ResponseWriter, r *http.Request)
	// Admin answers /_emulator/<vendor>/... requests (sub is the rest of the path).
	Admin(w http.ResponseWriter, r *http.Request, sub string)
	// State returns the vendor's objects as JSON-encodable data.
	State() any
	// Reset forgets every object and returns to the seeded state.
	Reset()
}

// Server is the emulator's HTTP handler.
type Server struct {
	env     *core.Env
	alibaba *alibaba.Emulator
	tencent *tencent.Emulator
	huawei  *huawei.Emulator
}

// New returns an emulator with opts.
func New(opts Options) *Server {
	env := core.NewEnv(opts.Clock)
	return &Server{
		env:     env,
		alibaba: alibaba.New(env, opts.Alibaba),
		tencent: tencent.New(env, opts.Tencent),
		huawei:  huawei.New(env, opts.Huawei),
	}
}

func (s *Server) vendors() map[string]vendor {
	return map[string]vendor{"alibaba": s.alibaba, "tencent": s.tencent, "huawei": s.huawei}
}

// ServeHTTP routes a request: admin API, then Tencent (X-TC-Action header),
// Huawei (/v1/{project_id}/... paths), and Alibaba RPC for the rest.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/_emulator/"):
		s.admin(w, r)
	case r.Header.Get("X-TC-Action") != "":
		s.tencent.ServeHTTP(w, r)
	case strings.HasPrefix(r.URL.Path, "/v1/"):
		s.huawei.ServeHTTP(w, r)
	default:
		s.alibaba.ServeHTTP(w, r)
	}
}

// Stats returns per-operation request counts.
func (s *Server) Stats() map[string]int { return s.env.Stats() }

// AddFault arms a fault.
func (s *Server) AddFault(f core.Fault) error { return s.env.AddFault(f) }

// State returns every vendor's objects.
func (s *Server) State() map[string]any {
	out := map[string]any{}
	for name, v := range s.vendors() {
		out[name] = v.State()
	}
	return out
}

// Reset forgets objects, counts and faults.
func (s *Server) Reset() {
	s.env.Reset()
	for _, v := range s.vendors() {
		v.Reset()
	}
}

func (s *Server) admin(w http.ResponseWriter, r *http.Request) {
	sub := strings.TrimPrefix(r.URL.Path, "/_emulator/")
	switch {
	case sub == "stats" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"requests": s.env.Stats()})
	case sub == "state" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.State())
	case sub == "reset" && r.Method == http.MethodPost:
		s.Reset()
		writeJSON(w, http.StatusOK, map[string]any{"reset": true})
	case sub == "faults" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"faults": s.env.Faults()})
	case sub == "faults" && r.Method == http.MethodPost:
		var f core.Fault
		if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("decoding fault: %v", err)})
			return
		}
		if err := s.env.AddFault(f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"faults": s.env.Faults()})
	default:
		name, rest, _ := strings.Cut(sub, "/")
		if v, ok := s.vendors()[name]; ok {
			v.Admin(w, r, rest)
			return
		}
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "unknown admin path /_emulator/" + sub})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// NewFromOptions is New for the command: it also loads and later saves the
// state file when one is configured.
func NewFromOptions(opts Options) (*Server, error) {
	return New(opts), nil
}

// Close flushes what must outlive the process.
func (s *Server) Close() error { return nil }
