// Package emulator serves the Alibaba CloudMonitor, Tencent CLS and Huawei
// CloudDC APIs on one loopback HTTP handler, told apart the way the real
// gateways are, plus an admin API under /_emulator/.
package emulator

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

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
	// StateFile, when set, persists objects across restarts (command only).
	StateFile string
	// Modes are the undocumented behaviours to emulate (all off by default).
	Modes core.Modes
	// Logger, when set, gets one line per vendor request (see logRequest).
	Logger hclog.Logger
	// STSTTL, when positive, is the lifetime of every temporary credential
	// the emulator issues (every vendor's STS and instance metadata
	// service), whatever the request asks.
	STSTTL time.Duration
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
	fs.StringVar(&o.StateFile, "state-file", o.StateFile, "persist emulated objects in this JSON file so they survive a restart (loaded at start; a corrupt file is an error)")
	o.Modes.RegisterFlags(fs)
	fs.Func("sts-ttl", "lifetime in seconds of the temporary credentials the emulator issues (every vendor's STS and instance metadata service); 0 means what each request asks (Alibaba's default 3600)", func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("-sts-ttl takes a number of seconds, not %q", v)
		}
		o.STSTTL = time.Duration(n) * time.Second
		return nil
	})
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

	stateFile string
	saveMu    sync.Mutex
	logger    hclog.Logger
}

// New returns an emulator with opts.
func New(opts Options) *Server {
	env := core.NewEnv(opts.Clock)
	env.SetSTSTTL(opts.STSTTL)
	if err := env.SetModes(opts.Modes); err != nil {
		log.Printf("telemetry-emulator: ignoring modes: %v", err)
	}
	return &Server{
		env:     env,
		alibaba: alibaba.New(env, opts.Alibaba),
		tencent: tencent.New(env, opts.Tencent),
		huawei:  huawei.New(env, opts.Huawei),
		logger:  opts.Logger,
	}
}

func (s *Server) vendors() map[string]vendor {
	return map[string]vendor{"alibaba": s.alibaba, "tencent": s.tencent, "huawei": s.huawei}
}

// ServeHTTP routes a request: admin API, then Tencent (X-TC-Action header,
// CVM metadata paths), Huawei (/v1/{project_id}/..., IAM /v3... and ECS
// metadata /openstack/... paths), and Alibaba RPC for the rest.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		s.admin(w, r)
		if r.Method != http.MethodGet {
			s.saveOrLog()
		}
		return
	}
	vendor, handler := s.route(r)
	if s.logger == nil {
		handler.ServeHTTP(w, r)
		s.saveOrLog()
		return
	}
	start := time.Now()
	r, note := core.WithNote(r)
	lw := &logWriter{ResponseWriter: w}
	defer func() {
		s.logRequest(vendor, r, note, lw, time.Since(start))
		s.saveOrLog()
	}()
	handler.ServeHTTP(lw, r)
}

// route picks the vendor API a request is for, the way the real gateways
// tell them apart.
func (s *Server) route(r *http.Request) (string, http.Handler) {
	switch {
	case r.Header.Get("X-TC-Action") != "", strings.HasPrefix(r.URL.Path, "/latest/meta-data/cam/"):
		return "tencent", s.tencent // CLS, STS and the CVM metadata service
	case strings.HasPrefix(r.URL.Path, "/v1/"), strings.HasPrefix(r.URL.Path, "/v3"), strings.HasPrefix(r.URL.Path, "/openstack/"), strings.HasPrefix(r.URL.Path, "/meta-data/"):
		return "huawei", s.huawei // CloudDC, IAM and the ECS metadata service
	default:
		return "alibaba", s.alibaba
	}
}

// saveOrLog persists state after a request that may have changed it. A
// failure is reported on stderr (the command's log), never to the client.
func (s *Server) saveOrLog() {
	if err := s.save(); err != nil {
		log.Printf("telemetry-emulator: %v", err)
	}
}

// Stats returns per-operation request counts.
func (s *Server) Stats() map[string]int { return s.env.Stats() }

// AddFault arms a fault.
func (s *Server) AddFault(f core.Fault) error { return s.env.AddFault(f) }

// SetModes changes the emulated behaviours (see core.Modes).
func (s *Server) SetModes(m core.Modes) error { return s.env.SetModes(m) }

// Modes returns the emulated behaviours in force.
func (s *Server) Modes() core.Modes { return s.env.Modes() }

// Faults lists the armed faults.
func (s *Server) Faults() []core.Fault { return s.env.Faults() }

// ClearFaults disarms every armed fault.
func (s *Server) ClearFaults() int { return s.env.ClearFaults() }

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
		core.WriteJSON(w, http.StatusOK, map[string]any{"requests": s.env.Stats()})
	case sub == "state" && r.Method == http.MethodGet:
		core.WriteJSON(w, http.StatusOK, s.State())
	case sub == "reset" && r.Method == http.MethodPost:
		s.Reset()
		core.WriteJSON(w, http.StatusOK, map[string]any{"reset": true})
	case sub == "faults" && r.Method == http.MethodGet:
		core.WriteJSON(w, http.StatusOK, map[string]any{"faults": s.env.Faults()})
	case sub == "faults" && r.Method == http.MethodPost:
		var f core.Fault
		if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("decoding fault: %v", err)})
			return
		}
		if err := s.env.AddFault(f); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
		core.WriteJSON(w, http.StatusOK, map[string]any{"faults": s.env.Faults()})
	case sub == "modes" && r.Method == http.MethodGet:
		core.WriteJSON(w, http.StatusOK, s.env.Modes())
	case sub == "modes" && r.Method == http.MethodPost:
		var m core.Modes
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("decoding modes: %v", err)})
			return
		}
		if err := s.env.SetModes(m); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
		core.WriteJSON(w, http.StatusOK, s.env.Modes())
	case sub == "faults" && r.Method == http.MethodDelete:
		core.WriteJSON(w, http.StatusOK, map[string]any{"disarmed": s.env.ClearFaults()})
	default:
		name, rest, _ := strings.Cut(sub, "/")
		if v, ok := s.vendors()[name]; ok {
			v.Admin(w, r, rest)
			return
		}
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "unknown admin path /_emulator/" + sub})
	}
}

// NewFromOptions is New plus the state file: when opts.StateFile names an
// existing file, the objects in it are loaded (a corrupt or unreadable file is
// an error, never a silent reset), and every later change is written back.
func NewFromOptions(opts Options) (*Server, error) {
	s := New(opts)
	if opts.StateFile == "" {
		return s, nil
	}
	s.stateFile = opts.StateFile
	data, err := os.ReadFile(opts.StateFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, s.save()
	case err != nil:
		return nil, fmt.Errorf("reading state file: %w", err)
	}
	if err := s.Restore(data); err != nil {
		return nil, fmt.Errorf("state file %s is not a valid emulator state (fix or remove it): %w", opts.StateFile, err)
	}
	return s, nil
}

// restorer is implemented by vendors whose objects can be reloaded.
type restorer interface {
	Restore(raw json.RawMessage) error
}

// Restore replaces every vendor's objects with the ones in data, the JSON
// that GET /_emulator/state returns.
func (s *Server) Restore(data []byte) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return err
	}
	for name, raw := range top {
		if name == stateCredentialsKey {
			var creds []core.IssuedCredential
			if err := json.Unmarshal(raw, &creds); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			s.env.RestoreIssued(creds)
			continue
		}
		if _, ok := s.vendors()[name]; !ok {
			return fmt.Errorf("unknown top-level key %q (want alibaba, tencent, huawei, %s)", name, stateCredentialsKey)
		}
	}
	for name, v := range s.vendors() {
		raw, ok := top[name]
		if !ok {
			continue
		}
		r, ok := v.(restorer)
		if !ok {
			return fmt.Errorf("the %s emulator cannot restore state", name)
		}
		if err := r.Restore(raw); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// stateCredentialsKey holds, in the state file only (not in GET
// /_emulator/state), the temporary credentials issued and not expired.
const stateCredentialsKey = "issued_credentials"

// save writes the state file atomically (temporary file, then rename).
func (s *Server) save() error {
	if s.stateFile == "" {
		return nil
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	doc := s.State()
	doc[stateCredentialsKey] = s.env.IssuedCredentials()
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	tmp := s.stateFile + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("writing state file: %w", err)
	}
	if err := os.Rename(tmp, s.stateFile); err != nil {
		return fmt.Errorf("writing state file: %w", err)
	}
	return nil
}

// Close writes the state file one last time.
func (s *Server) Close() error { return s.save() }
