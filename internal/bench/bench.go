// Package bench measures the provider against the emulator with the real
// Terraform CLI: API calls per refresh, apply at scale under CLS's rate limit,
// several applies at once sharing that limit, how soon finished exports are noticed, the status polls of many
// exports waiting at once, download throughput and memory,
// plan-time rejection without API calls, and provider start-up. Figures are
// compared with the bounds the project promises; call counts are exact, so
// the short form runs in CI.
package bench

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"
)

// Result is one figure of one scenario.
type Result struct {
	Scenario string  `json:"scenario"`
	Figure   string  `json:"figure"`
	Value    float64 `json:"value"`
	Unit     string  `json:"unit"`
	// Bound is the promise in words ("<= 4", ">= 0.5", "" when only reported).
	Bound string `json:"bound"`
	// Pass is nil for reported-only figures.
	Pass *bool `json:"pass,omitempty"`
	// Series and X place the figure in a chart (chart.go): a point (X,
	// Value) of the named series of its scenario.
	Series string  `json:"series,omitempty"`
	X      float64 `json:"x,omitempty"`
}

// at places r at x in series, for the charts.
func (r Result) at(series string, x float64) Result {
	r.Series, r.X = series, x
	return r
}

func pass(ok bool) *bool { return &ok }

// atMost, atLeast, below and exactly build a bounded result.
func atMost(scenario, figure string, v float64, unit string, bound float64) Result {
	return Result{Scenario: scenario, Figure: figure, Value: v, Unit: unit, Bound: "<= " + formatNumber(bound), Pass: pass(v <= bound)}
}

func atLeast(scenario, figure string, v float64, unit string, bound float64) Result {
	return Result{Scenario: scenario, Figure: figure, Value: v, Unit: unit, Bound: ">= " + formatNumber(bound), Pass: pass(v >= bound)}
}

func below(scenario, figure string, v float64, unit string, bound float64) Result {
	return Result{Scenario: scenario, Figure: figure, Value: v, Unit: unit, Bound: "< " + formatNumber(bound), Pass: pass(v < bound)}
}

func exactly(scenario, figure string, v float64, unit string, bound float64) Result {
	return Result{Scenario: scenario, Figure: figure, Value: v, Unit: unit, Bound: "= " + formatNumber(bound), Pass: pass(v == bound)}
}

func reported(scenario, figure string, v float64, unit string) Result {
	return Result{Scenario: scenario, Figure: figure, Value: v, Unit: unit}
}

// timing marks r as a timing bound: the short form (CI, on a shared
// machine, with durations of milliseconds) shows the bound but does not
// enforce it; call counts and memory stay enforced.
func (s *Session) timing(r Result) Result {
	if s.Short && r.Pass != nil {
		r.Bound, r.Pass = r.Bound+" (full run only)", nil
	}
	return r
}

// Config is what the bench needs from its caller.
type Config struct {
	// BinDir holds terraform-provider-telemetry (built by make build).
	BinDir string
	// Terraform is the CLI to run.
	Terraform string
	// Short runs every scenario at a scale that takes seconds.
	Short bool
	// Log receives progress lines.
	Log io.Writer
	// Self is an executable that runs FloorReaderMain when its first
	// argument is FloorReaderCommand (telemetry-bench itself); the
	// download scenario runs its floor reader that way.
	Self string
}

// Session is one bench run: the configuration plus fixtures that several
// scenarios share (the refresh scenario plans against the state the apply
// scenario created), closed when the run ends.
type Session struct {
	Config
	fixtures map[string]any
	closers  []func()
}

func newSession(cfg Config) *Session {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	return &Session{Config: cfg, fixtures: map[string]any{}}
}

// fixture returns the value built under name in this session, building it
// on first use.
func fixture[T any](s *Session, name string, build func() (T, error)) (T, error) {
	if v, ok := s.fixtures[name]; ok {
		return v.(T), nil
	}
	v, err := build()
	if err != nil {
		return v, err
	}
	s.fixtures[name] = v
	return v, nil
}

func (s *Session) onClose(f func()) { s.closers = append(s.closers, f) }

func (s *Session) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

func (s *Session) logf(format string, args ...any) { fmt.Fprintf(s.Log, "    "+format+"\n", args...) }

// Scenario is one named measurement.
type Scenario struct {
	Name string
	Run  func(ctx context.Context, s *Session) ([]Result, error)
}

// Scenarios lists every scenario in the order the table prints them; each
// file registers its own in init, and sortScenarios puts them in order.
var Scenarios []Scenario

// scenarioOrder is the order of the issue: refresh, apply, latency,
// download, reject, start; refresh-scaling (refresh calls at several N)
// follows refresh, quota (applies sharing CLS's account-wide rate limit)
// follows apply, waits (many long export waits sharing their polls)
// follows latency.
var scenarioOrder = []string{"refresh", "refresh-scaling", "apply", "quota", "latency", "waits", "download", "reject", "start"}

func register(s Scenario) {
	Scenarios = append(Scenarios, s)
	sort.SliceStable(Scenarios, func(i, j int) bool {
		return orderOf(Scenarios[i].Name) < orderOf(Scenarios[j].Name)
	})
}

func orderOf(name string) int {
	for i, n := range scenarioOrder {
		if n == name {
			return i
		}
	}
	return len(scenarioOrder)
}

// Run executes the scenarios whose name is in only (all when empty). An
// unknown name is an error.
func Run(ctx context.Context, cfg Config, only []string) ([]Result, error) {
	for _, name := range only {
		if !knownScenario(name) {
			return nil, fmt.Errorf("unknown scenario %q", name)
		}
	}
	s := newSession(cfg)
	defer s.close()
	var all []Result
	for _, sc := range Scenarios {
		if len(only) > 0 && !contains(only, sc.Name) {
			continue
		}
		fmt.Fprintf(s.Log, "==> %s\n", sc.Name)
		start := time.Now()
		res, err := sc.Run(ctx, s)
		all = append(all, res...)
		if err != nil {
			return all, fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		fmt.Fprintf(s.Log, "    (%s)\n", time.Since(start).Round(100*time.Millisecond))
	}
	return all, nil
}

func knownScenario(name string) bool {
	for _, s := range Scenarios {
		if s.Name == name {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ceilDiv is a/b rounded up.
func ceilDiv(a, b int) int { return (a + b - 1) / b }
