// Package bench measures the provider against the emulator with the real
// Terraform CLI: API calls per refresh, apply at scale under CLS's rate limit,
// how soon finished exports are noticed, download throughput and memory,
// plan-time rejection without API calls, and provider start-up. Figures are
// compared with the bounds the project promises; call counts are exact, so
// the short form runs in CI.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

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
}

func pass(ok bool) *bool { return &ok }

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

// Scenario is one named measurement.
type Scenario struct {
	Name string
	Run  func(ctx context.Context, cfg Config) ([]Result, error)
}

// Scenarios lists every scenario in the order the table prints them.
var Scenarios []Scenario

// Run executes the scenarios whose name is in only (all when empty).
func Run(ctx context.Context, cfg Config, only []string) ([]Result, error) {
	var all []Result
	for _, s := range Scenarios {
		if len(only) > 0 && !contains(only, s.Name) {
			continue
		}
		fmt.Fprintf(cfg.Log, "==> %s\n", s.Name)
		res, err := s.Run(ctx, cfg)
		if err != nil {
			return all, fmt.Errorf("scenario %s: %w", s.Name, err)
		}
		all = append(all, res...)
	}
	return all, nil
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
		verdict := "reported"
		if r.Pass != nil {
			verdict = map[bool]string{true: "PASS", false: "FAIL"}[*r.Pass]
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.Scenario, r.Figure, formatValue(r.Value, r.Unit), r.Bound, verdict)
	}
	w.Flush()
	return b.String()
}

func formatValue(v float64, unit string) string {
	switch {
	case v == float64(int64(v)):
		return fmt.Sprintf("%d %s", int64(v), unit)
	default:
		return fmt.Sprintf("%.2f %s", v, unit)
	}
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
	data, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// env is one emulator plus one Terraform working directory.
type env struct {
	cfg      Config
	emu      *emulator.Server
	url      string
	dir      string
	cliRC    string
	stop     func()
	provider *rssWatcher
}

// newEnv starts an in-process emulator with opts and prepares a working
// directory whose CLI configuration points Terraform at the built provider.
func newEnv(cfg Config, opts emulator.Options) (*env, error) {
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	dir, err := os.MkdirTemp("", "telemetry-bench-")
	if err != nil {
		ts.Close()
		return nil, err
	}
	rc := filepath.Join(dir, "terraformrc")
	rcText := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cloud-telemetry/telemetry\" = %q\n  }\n  direct {}\n}\n", cfg.BinDir)
	if err := os.WriteFile(rc, []byte(rcText), 0o644); err != nil {
		ts.Close()
		return nil, err
	}
	return &env{cfg: cfg, emu: srv, url: ts.URL, dir: dir, cliRC: rc, stop: func() { ts.Close(); os.RemoveAll(dir) }}, nil
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
    auth_token = "emulator-token"
    project_id = "emulator-project"
    region     = "cn-east-3"
    endpoint   = %[1]q
  }
}
`, e.url)
}

// writeConfig replaces the working directory's configuration.
func (e *env) writeConfig(hcl string) error {
	return os.WriteFile(filepath.Join(e.dir, "main.tf"), []byte(e.providerBlock()+hcl), 0o644)
}

// terraform runs the CLI in the working directory and returns its combined
// output and how long it took.
func (e *env) terraform(ctx context.Context, args ...string) (string, time.Duration, error) {
	cmd := exec.CommandContext(ctx, e.cfg.Terraform, args...)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+e.cliRC, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	w := newRSSWatcher(filepath.Join(e.cfg.BinDir, "terraform-provider-telemetry"))
	e.provider = w
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return "", 0, err
	}
	w.start()
	err := cmd.Wait()
	elapsed := time.Since(start)
	w.stop()
	if err != nil {
		return out.String(), elapsed, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 40))
	}
	return out.String(), elapsed, nil
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
	resp, err := http.Get(e.url + "/_emulator/stats")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Requests map[string]int `json:"requests"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return out.Requests, nil
}

// resetStats clears counts (objects stay) by reading them as the baseline.
func diff(after, before map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range after {
		if d := v - before[k]; d != 0 {
			out[k] = d
		}
	}
	return out
}

// defaultOptions are the emulator's defaults.
func defaultOptions() emulator.Options { return emulator.DefaultOptions() }
