// Package alibaba emulates this vendor's API for the telemetry emulator.
package alibaba

import (
	"flag"
	"net/http"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Options configures the alibaba emulator. STUB: replaced by the vendor's owner.
type Options struct{}

// DefaultOptions returns the defaults.
func DefaultOptions() Options { return Options{} }

// RegisterFlags adds the vendor's flags to fs.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {}

// Emulator is the alibaba API.
type Emulator struct {
	env  *core.Env
	opts Options
}

// New returns an emulator.
func New(env *core.Env, opts Options) *Emulator { return &Emulator{env: env, opts: opts} }

// ServeHTTP answers API requests.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

// Admin answers /_emulator/alibaba/... requests.
func (e *Emulator) Admin(w http.ResponseWriter, r *http.Request, sub string) { http.NotFound(w, r) }

// State returns the objects.
func (e *Emulator) State() any { return map[string]any{} }

// Reset forgets every object.
func (e *Emulator) Reset() {}
