package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// env is one emulator plus one Terraform working directory.
type env struct {
	cfg   Config
	opts  emulator.Options
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
	return &env{cfg: cfg, opts: opts, emu: srv, tap: tp, url: ts.URL, dir: dir, cliRC: rc, stop: func() { ts.Close(); os.RemoveAll(dir) }}, nil
}

func (e *env) close() { e.stop() }

// providerBlock configures every cloud against the emulator (Huawei by
// token).
func (e *env) providerBlock() string {
	return emulator.ProviderBlock{URL: e.url, Options: &e.opts, HuaweiToken: true, RequiredProviders: true}.String()
}

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
