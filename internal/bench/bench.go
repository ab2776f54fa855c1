// Package bench measures the provider against the emulator with the real
// Terraform CLI: API calls per refresh, apply at scale under CLS's rate limit,
// several applies at once sharing that limit, how soon finished exports are noticed, download throughput and memory,
// plan-time rejection without API calls, and provider start-up. Figures are
// compared with the bounds the project promises; call counts are exact, so
// the short form runs in CI.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
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
// follows apply.
var scenarioOrder = []string{"refresh", "refresh-scaling", "apply", "quota", "latency", "download", "reject", "start"}

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

// Table renders results as an aligned text table.
func Table(results []Result) string {
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "scenario\tfigure\tvalue\tbound\tresult")
	for _, r := range results {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.Scenario, r.Figure, formatValue(r.Value, r.Unit), r.Bound, verdict(r))
	}
	w.Flush()
	return b.String()
}

// Markdown renders results as a Markdown table (for the README).
func Markdown(results []Result) string {
	var b strings.Builder
	b.WriteString("| scenario | figure | value | bound | result |\n|---|---|---:|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.Scenario, r.Figure, formatValue(r.Value, r.Unit), r.Bound, verdict(r))
	}
	return b.String()
}

func verdict(r Result) string {
	switch {
	case r.Pass == nil:
		return "reported"
	case *r.Pass:
		return "PASS"
	default:
		return "FAIL"
	}
}

func formatValue(v float64, unit string) string {
	return strings.TrimSpace(formatNumber(v) + " " + unit)
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}

// AllPass reports whether every bounded figure met its bound.
func AllPass(results []Result) bool {
	for _, r := range results {
		if r.Pass != nil && !*r.Pass {
			return false
		}
	}
	return true
}

// WriteJSON writes results to path.
func WriteJSON(path string, results []Result) error {
	if results == nil {
		results = []Result{}
	}
	data, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// env is one emulator plus one Terraform working directory.
type env struct {
	cfg   Config
	emu   *emulator.Server
	tap   *tap
	url   string
	dir   string
	cliRC string
	stop  func()
	// logPath, when set, receives the provider's INFO log of each command.
	logPath string
}

// newEnv starts an in-process emulator with opts and prepares a working
// directory whose CLI configuration points Terraform at the built provider.
func newEnv(cfg Config, opts emulator.Options) (*env, error) {
	srv := emulator.New(opts)
	tp := &tap{next: srv, throttled: map[string]int{}}
	ts := httptest.NewServer(tp)
	dir, err := os.MkdirTemp("", "telemetry-bench-")
	if err != nil {
		ts.Close()
		return nil, err
	}
	rc := filepath.Join(dir, "terraformrc")
	rcText := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cloud-telemetry/telemetry\" = %q\n  }\n  direct {}\n}\n", cfg.BinDir)
	if err := os.WriteFile(rc, []byte(rcText), 0o644); err != nil {
		ts.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	return &env{cfg: cfg, emu: srv, tap: tp, url: ts.URL, dir: dir, cliRC: rc, stop: func() { ts.Close(); os.RemoveAll(dir) }}, nil
}

func (e *env) close() { e.stop() }

// providerBlock configures every cloud against the emulator.
func (e *env) providerBlock() string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    telemetry = { source = "cloud-telemetry/telemetry" }
  }
}

provider "telemetry" {
  alicloud {
    access_key = "emulator-access-key"
    secret_key = "emulator-secret-key"
    region     = "cn-hangzhou"
    endpoint   = %[1]q
  }
  tencentcloud {
    secret_id  = "emulator-secret-id"
    secret_key = "emulator-secret-key"
    region     = "ap-guangzhou"
    endpoint   = %[1]q
  }
  huaweicloud {
    auth_token = %[2]q
    project_id = %[3]q
    region     = "cn-east-3"
    endpoint   = %[1]q
  }
}
`, e.url, huaweiToken, huaweiProject)
}

// The Huawei credentials of the provider block (the emulator's defaults).
const (
	huaweiToken   = "emulator-token"
	huaweiProject = "emulator-project"
)

// writeConfig replaces the working directory's configuration.
func (e *env) writeConfig(hcl string) error {
	return os.WriteFile(filepath.Join(e.dir, "main.tf"), []byte(e.providerBlock()+hcl), 0o644)
}

// tfRun is one finished Terraform command.
type tfRun struct {
	Out  string
	Took time.Duration
	// End is when the command exited.
	End time.Time
	// Code is the exit code.
	Code int
	// PeakRSSMiB is the highest resident set size of the provider process.
	PeakRSSMiB float64
	// CPU is the user and system time of the command and of the
	// processes it waited for (the provider).
	CPU time.Duration
}

// Start is when the command was started.
func (r tfRun) Start() time.Time { return r.End.Add(-r.Took) }

// run runs the CLI in the working directory. A non-zero exit is not an
// error here (plan -detailed-exitcode uses it); failing to run at all is.
func (e *env) run(ctx context.Context, args ...string) (tfRun, error) {
	cmd := exec.CommandContext(ctx, e.cfg.Terraform, args...)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+e.cliRC, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=", "TF_LOG_CORE=")
	if e.logPath != "" {
		cmd.Env = append(cmd.Env, "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+e.logPath)
	} else {
		cmd.Env = append(cmd.Env, "TF_LOG_PROVIDER=", "TF_LOG_PATH=")
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	w := newRSSWatcher(filepath.Join(e.cfg.BinDir, "terraform-provider-telemetry"))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return tfRun{}, err
	}
	w.start()
	err := cmd.Wait()
	end := time.Now()
	w.stop()
	r := tfRun{
		Out: out.String(), Took: end.Sub(start), End: end, Code: cmd.ProcessState.ExitCode(), PeakRSSMiB: w.PeakMiB(),
		CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return r, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	return r, nil
}

// terraform runs the CLI and fails unless it exits 0.
func (e *env) terraform(ctx context.Context, args ...string) (tfRun, error) {
	r, err := e.run(ctx, args...)
	if err == nil && r.Code != 0 {
		err = fmt.Errorf("terraform %s exited %d:\n%s", strings.Join(args, " "), r.Code, tail(r.Out, 40))
	}
	return r, err
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stats reads /_emulator/stats over HTTP, as any user would.
func (e *env) stats() (map[string]int, error) {
	var out struct {
		Requests map[string]int `json:"requests"`
	}
	if err := e.getJSON("/_emulator/stats", &out); err != nil {
		return nil, err
	}
	return out.Requests, nil
}

// getJSON decodes an admin API answer.
func (e *env) getJSON(path string, v any) error {
	resp, err := http.Get(e.url + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// diff is after minus before, without the operations that did not change.
func diff(after, before map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range after {
		if d := v - before[k]; d != 0 {
			out[k] = d
		}
	}
	return out
}

func total(counts map[string]int) int {
	n := 0
	for _, v := range counts {
		n += v
	}
	return n
}

// defaultOptions are the emulator's defaults.
func defaultOptions() emulator.Options { return emulator.DefaultOptions() }

// rateLimitedOptions are the emulator's defaults with CLS's rate limit
// enforced and the scale scenarios' short export timeline.
func rateLimitedOptions() emulator.Options {
	opts := defaultOptions()
	opts.Tencent.QueueMS, opts.Tencent.ProcessMS = scaleQueueMS, scaleProcessMS
	opts.Tencent.RateLimit, opts.Tencent.RateLimitPerSecond = true, tencentcloud.RateLimit
	return opts
}

// seedExports creates Completed CLS exports through the emulator's admin
// API (spec as POST /_emulator/tencent/exports takes it) and returns their
// ids; want is how many spec asks for.
func (e *env) seedExports(spec map[string]any, want int) ([]string, error) {
	body, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	resp, err := http.Post(e.url+"/_emulator/tencent/exports", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		IDs []string `json:"export_ids"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || len(out.IDs) != want {
		return nil, fmt.Errorf("seeding %d CLS exports: %s, %v (%d ids)", want, resp.Status, err, len(out.IDs))
	}
	return out.IDs, nil
}

// tap sits in front of the emulator and sees what the admin API does not
// tell: throttling answers (CLS answers them with HTTP 200 and an error code
// in the body), when file downloads (Huawei archives, CLS export files)
// start and end, and when the last other API call ended.
type tap struct {
	next http.Handler

	mu        sync.Mutex
	throttled map[string]int
	// downloads are the file downloads (Huawei archives, CLS export
	// files).
	downloads []span
	// lastCall is when the latest cloud API request other than a download
	// was answered (the emulator's admin API does not count).
	lastCall time.Time
	// firstCall is when the first cloud API request other than a download
	// arrived; firstCLS and lastCLS when the first CLS API request arrived
	// and the latest was answered.
	firstCall, firstCLS, lastCLS time.Time
}

// span is one served file download.
type span struct {
	Start, End time.Time
	Bytes      int64
}

func (t *tap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Header.Get("X-TC-Action") != "":
		start := time.Now()
		sw := &sniffWriter{ResponseWriter: w}
		t.next.ServeHTTP(sw, r)
		t.mu.Lock()
		if bytes.Contains(sw.head, []byte(`"RequestLimitExceeded"`)) {
			t.throttled[r.Header.Get("X-TC-Action")]++
		}
		t.called(start, time.Now())
		if t.firstCLS.IsZero() {
			t.firstCLS = start
		}
		t.lastCLS = t.lastCall
		t.mu.Unlock()
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/_emulator/tencent/download/"):
		sp := t.serveCounted(w, r)
		t.mu.Lock()
		t.downloads = append(t.downloads, sp)
		t.mu.Unlock()
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/"):
		sp := t.serveCounted(w, r)
		t.mu.Lock()
		if strings.HasSuffix(r.URL.Path, "/content") {
			t.downloads = append(t.downloads, sp)
		} else {
			t.called(sp.Start, sp.End)
		}
		t.mu.Unlock()
	default:
		start := time.Now()
		t.next.ServeHTTP(w, r)
		if !strings.HasPrefix(r.URL.Path, "/_emulator/") {
			t.mu.Lock()
			t.called(start, time.Now())
			t.mu.Unlock()
		}
	}
}

// called records one cloud API call other than a download; t.mu is held.
func (t *tap) called(start, end time.Time) {
	if t.firstCall.IsZero() {
		t.firstCall = start
	}
	t.lastCall = end
}

// callSpan is when the first cloud API call (other than a download)
// arrived, when the first CLS call arrived and when the latest CLS call was
// answered; zero when none.
func (t *tap) callSpan() (first, firstCLS, lastCLS time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.firstCall, t.firstCLS, t.lastCLS
}

// serveCounted serves r and returns its span and body size.
func (t *tap) serveCounted(w http.ResponseWriter, r *http.Request) span {
	cw := &countWriter{ResponseWriter: w}
	start := time.Now()
	t.next.ServeHTTP(cw, r)
	return span{Start: start, End: time.Now(), Bytes: cw.n}
}

// lastCallEnd is when the latest API call other than a download ended.
func (t *tap) lastCallEnd() (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastCall, !t.lastCall.IsZero()
}

// throttledCounts returns a copy of the throttling answers per action.
func (t *tap) throttledCounts() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := map[string]int{}
	for k, v := range t.throttled {
		out[k] = v
	}
	return out
}

func (t *tap) downloadSpans() []span {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]span(nil), t.downloads...)
}

// sniffWriter keeps the first bytes of a (small) JSON answer.
type sniffWriter struct {
	http.ResponseWriter
	head []byte
}

func (s *sniffWriter) Write(p []byte) (int, error) {
	if room := 4096 - len(s.head); room > 0 {
		s.head = append(s.head, p[:min(room, len(p))]...)
	}
	return s.ResponseWriter.Write(p)
}

// countWriter counts the bytes of a streamed answer.
type countWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

// ReadFrom keeps io.Copy's fast path into the connection.
func (c *countWriter) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.ResponseWriter.(io.ReaderFrom); ok {
		n, err := rf.ReadFrom(r)
		c.n += n
		return n, err
	}
	return io.Copy(struct{ io.Writer }{c}, r)
}

func (c *countWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
