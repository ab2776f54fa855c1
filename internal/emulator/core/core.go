// Package core holds what every emulated vendor API shares: per-operation
// request counts, armed faults, and the clock.
package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"time"
)

// Fault kinds accepted by POST /_emulator/faults.
const (
	// FaultError answers with the vendor error Code (and HTTPStatus) without running the operation.
	FaultError = "error"
	// FaultThrottle answers with the vendor's throttling error without running the operation.
	FaultThrottle = "throttle"
	// FaultLatency waits Latency before running the operation normally.
	FaultLatency = "latency"
	// FaultDrop runs the operation (the write takes effect) and then drops the
	// connection without a response: the client sees an ambiguous failure.
	FaultDrop = "drop"
	// FaultCut sends the answer's headers and its first CutAfterBytes bytes
	// of body, then drops the connection: a transfer cut off mid-stream
	// (a download that stops half way).
	FaultCut = "cut"
)

// defaultCutAfter is how much of the body a cut fault lets through when it
// does not say.
const defaultCutAfter = 1024

// Fault is one armed fault: it lets the next After calls of Operation pass
// untouched, then applies to the Count calls after them.
type Fault struct {
	Operation  string        `json:"operation"`
	Kind       string        `json:"kind"`
	Code       string        `json:"code,omitempty"`
	Message    string        `json:"message,omitempty"`
	HTTPStatus int           `json:"http_status,omitempty"`
	Latency    time.Duration `json:"-"`
	LatencyMS  int64         `json:"latency_ms,omitempty"`
	Count      int           `json:"count"`
	// After is how many matching calls pass before the fault applies.
	After int `json:"after,omitempty"`
	// CutAfterBytes is how much body a cut fault sends (default 1024).
	CutAfterBytes int64 `json:"cut_after_bytes,omitempty"`
}

// Validate checks a fault read from the admin API.
func (f *Fault) Validate() error {
	if f.Operation == "" {
		return fmt.Errorf("operation is required")
	}
	switch f.Kind {
	case FaultError, FaultThrottle, FaultLatency, FaultDrop, FaultCut:
	default:
		return fmt.Errorf("kind must be one of error, throttle, latency, drop, cut; got %q", f.Kind)
	}
	if f.CutAfterBytes < 0 {
		return fmt.Errorf("cut_after_bytes must be 0 or more; got %d", f.CutAfterBytes)
	}
	if f.Kind == FaultCut && f.CutAfterBytes == 0 {
		f.CutAfterBytes = defaultCutAfter
	}
	if f.Kind == FaultError && f.Code == "" {
		return fmt.Errorf("code is required for kind error")
	}
	if f.Count <= 0 {
		f.Count = 1
	}
	if f.After < 0 {
		return fmt.Errorf("after must be 0 or more; got %d", f.After)
	}
	if f.LatencyMS > 0 {
		f.Latency = time.Duration(f.LatencyMS) * time.Millisecond
	}
	return nil
}

// Clock tells the emulator's time; tests may advance it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// Env is shared by the vendor handlers of one emulator.
type Env struct {
	Clock Clock

	mu     sync.Mutex
	stats  map[string]int
	faults map[string][]*Fault
	modes  Modes
	// issued and stsTTL: the temporary credentials of every vendor's STS
	// and metadata service (credentials.go).
	issued map[string]IssuedCredential
	stsTTL time.Duration
}

// NewEnv returns an Env using clock (the system clock when nil).
func NewEnv(clock Clock) *Env {
	if clock == nil {
		clock = SystemClock{}
	}
	return &Env{Clock: clock, stats: map[string]int{}, faults: map[string][]*Fault{}}
}

// Now is the emulator's current time.
func (e *Env) Now() time.Time { return e.Clock.Now() }

// Stats returns a copy of the per-operation request counts.
func (e *Env) Stats() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.stats))
	for k, v := range e.stats {
		out[k] = v
	}
	return out
}

// Count records one request that reached op.
func (e *Env) Count(op string) {
	e.mu.Lock()
	e.stats[op]++
	e.mu.Unlock()
}

// AddFault arms f.
func (e *Env) AddFault(f Fault) error {
	if err := f.Validate(); err != nil {
		return err
	}
	e.mu.Lock()
	e.faults[f.Operation] = append(e.faults[f.Operation], &f)
	e.mu.Unlock()
	return nil
}

// Faults lists the armed faults.
func (e *Env) Faults() []Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Fault
	for _, fs := range e.faults {
		for _, f := range fs {
			out = append(out, *f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Operation < out[j].Operation })
	return out
}

// takeFault consumes one use of the first fault armed for op. A fault still
// skipping calls (After > 0) lets this call pass and counts it; the faults
// behind it wait their turn.
func (e *Env) takeFault(op string) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	fs := e.faults[op]
	if len(fs) == 0 {
		return nil
	}
	if fs[0].After > 0 {
		fs[0].After--
		return nil
	}
	f := *fs[0]
	fs[0].Count--
	if fs[0].Count <= 0 {
		e.faults[op] = fs[1:]
	}
	return &f
}

// ClearFaults disarms every armed fault and returns how many there were.
func (e *Env) ClearFaults() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, fs := range e.faults {
		n += len(fs)
	}
	e.faults = map[string][]*Fault{}
	return n
}

// Reset clears counts and faults.
func (e *Env) Reset() {
	e.mu.Lock()
	e.stats = map[string]int{}
	e.faults = map[string][]*Fault{}
	e.mu.Unlock()
}

// ErrorWriter writes a vendor's error envelope.
type ErrorWriter interface {
	// WriteThrottled answers with the vendor's throttling error.
	WriteThrottled(w http.ResponseWriter, r *http.Request, op string)
	// WriteFault answers with the error a FaultError asks for.
	WriteFault(w http.ResponseWriter, r *http.Request, op string, f *Fault)
}

// Dispatch counts a request that reached op (after authentication), applies
// any armed fault, and otherwise runs handle.
func (e *Env) Dispatch(w http.ResponseWriter, r *http.Request, op string, ew ErrorWriter, handle http.HandlerFunc) {
	if n := noteOf(r); n != nil {
		n.Operation = op
	}
	e.Count(op)
	f := e.takeFault(op)
	if f == nil {
		handle(w, r)
		return
	}
	switch f.Kind {
	case FaultThrottle:
		ew.WriteThrottled(w, r, op)
	case FaultError:
		ew.WriteFault(w, r, op, f)
	case FaultLatency:
		if !sleep(r.Context(), f.Latency) {
			return
		}
		handle(w, r)
	case FaultDrop:
		// Let the write happen, then cut the connection before any byte of the
		// answer leaves: net/http closes the connection on ErrAbortHandler.
		handle(httptest.NewRecorder(), r)
		panic(http.ErrAbortHandler)
	case FaultCut:
		handle(&cutWriter{ResponseWriter: w, left: f.CutAfterBytes}, r)
		// An answer shorter than the cut: still cut the connection.
		panic(http.ErrAbortHandler)
	}
}

// cutWriter passes the first left bytes of the body, flushes them to the
// client and then aborts the handler, which drops the connection.
type cutWriter struct {
	http.ResponseWriter
	left int64
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if int64(len(p)) < c.left {
		c.left -= int64(len(p))
		return c.ResponseWriter.Write(p)
	}
	_, _ = c.ResponseWriter.Write(p[:c.left])
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// WriteJSON answers an admin API request with v as indented JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
