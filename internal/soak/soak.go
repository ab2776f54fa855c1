package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// Config is what a soak run needs.
type Config struct {
	Seed   int64
	Rounds int
	// ProviderDir holds the built terraform-provider-telemetry.
	ProviderDir string
	// Terraform is the CLI to run.
	Terraform string
	// Log receives one line per step; nil discards them.
	Log io.Writer
}

// Violation is a broken invariant, with what is needed to replay it.
type Violation struct {
	Seed int64
	Plan RoundPlan
	What string
}

func (v Violation) String() string {
	return fmt.Sprintf("VIOLATION seed %d %s: %s", v.Seed, v.Plan, v.What)
}

// Result sums a run up.
type Result struct {
	Seed        int64
	Rounds      int
	FaultsFired int
	Violations  []Violation
	// WorkDir is the run's directory (configuration, state, emulator state
	// file, archives), kept when the run found a violation or broke.
	WorkDir string
}

// Summary is the last line of make soak.
func (r Result) Summary() string {
	return fmt.Sprintf("soak: %d rounds, seed %d, %d faults fired, %d invariant violations", r.Rounds, r.Seed, r.FaultsFired, len(r.Violations))
}

// Run runs cfg.Rounds rounds against a fresh emulator.
func Run(ctx context.Context, cfg Config) (res Result, err error) {
	res = Result{Seed: cfg.Seed}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	work, err := os.MkdirTemp("", "telemetry-soak-")
	if err != nil {
		return res, err
	}
	res.WorkDir = work
	defer func() {
		if len(res.Violations) == 0 && err == nil {
			os.RemoveAll(work)
			res.WorkDir = ""
		}
	}()
	emu, err := startEmulator(filepath.Join(work, "emulator-state.json"))
	if err != nil {
		return res, err
	}
	defer emu.close()
	tf := &cli{bin: cfg.Terraform, dir: filepath.Join(work, "config"), env: cliEnv(work, cfg.ProviderDir)}
	if err := os.MkdirAll(tf.dir, 0o755); err != nil {
		return res, err
	}
	led := newLedger()
	for round := 1; round <= cfg.Rounds; round++ {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		plan := Schedule(cfg.Seed, round)
		logf("soak: %s", plan)
		fired, violations, err := runRound(ctx, plan, emu, tf, work, led)
		if err != nil {
			return res, fmt.Errorf("%s: %w", plan, err)
		}
		res.Rounds, res.FaultsFired = round, res.FaultsFired+fired
		for _, v := range violations {
			v := Violation{Seed: cfg.Seed, Plan: plan, What: v}
			logf("%s", v)
			res.Violations = append(res.Violations, v)
		}
	}
	// Leave nothing behind: a last destroy, checked like any round.
	final := RoundPlan{Round: cfg.Rounds + 1, Variant: Variant{Destroy: true}}
	_, violations, err := runRound(ctx, final, emu, tf, work, led)
	if err != nil {
		return res, fmt.Errorf("final destroy: %w", err)
	}
	for _, v := range violations {
		res.Violations = append(res.Violations, Violation{Seed: cfg.Seed, Plan: final, What: v})
	}
	return res, nil
}

// runRound applies plan's configuration under its modes and faults, then
// without faults, and checks the invariants. It returns how many faults
// fired and the violations; an error means the soak itself broke.
func runRound(ctx context.Context, plan RoundPlan, emu *emulatorProc, tf *cli, work string, led *ledger) (int, []string, error) {
	var violations []string
	if err := emu.post("/_emulator/modes", plan.Modes); err != nil {
		return 0, nil, err
	}
	if err := os.WriteFile(filepath.Join(tf.dir, "main.tf"), []byte(configFor(plan.Variant, emu.url, filepath.Join(work, "archives"))), 0o644); err != nil {
		return 0, nil, err
	}
	for _, f := range plan.Faults {
		if err := emu.post("/_emulator/faults", f); err != nil {
			return 0, nil, err
		}
	}
	emu.restartAfter(plan.RestartAfter)
	verb := "apply"
	if plan.Variant.Destroy {
		verb = "destroy"
	}
	// The faulty run may fail; what matters is what it leaves behind.
	_, _ = tf.run(ctx, verb, "-auto-approve", "-input=false")
	led.record(tf.state(ctx))
	emu.restartAfter(0)
	fired := len(plan.Faults) - emu.armedFaults() - emu.takeLostFaults()
	if err := emu.clearFaults(); err != nil {
		return fired, nil, err
	}
	// The fault-free retry must succeed and leave an empty plan.
	if out, err := tf.run(ctx, verb, "-auto-approve", "-input=false"); err != nil {
		violations = append(violations, fmt.Sprintf("the fault-free %s failed: %v\n%s", verb, err, tail(out, 40)))
	}
	st := tf.state(ctx)
	led.record(st)
	if !plan.Variant.Destroy {
		if out, err := tf.run(ctx, "plan", "-detailed-exitcode", "-input=false"); err != nil {
			violations = append(violations, fmt.Sprintf("the plan after a fault-free apply is not empty (%v):\n%s", err, tail(out, 40)))
		}
	}
	truth, err := emu.state()
	if err != nil {
		return fired, violations, err
	}
	violations = append(violations, checkInvariants(st, truth, led)...)
	return fired, violations, nil
}

// configFor renders the round's configuration.
func configFor(v Variant, endpoint, archives string) string {
	if v.Destroy {
		v = Variant{Outputs: 1, Project: "p-a", Exports: 1, Query: "status:500", Release: "ra", Baremetal: true}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `
terraform {
  required_providers {
    telemetry = { source = "cloud-telemetry/telemetry" }
  }
}
provider "telemetry" {
  max_retries              = 3
  read_after_write_timeout = "5s"
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
    access_key = "emulator-ak"
    secret_key = "emulator-sk"
    project_id = "emulator-project"
    region     = "cn-east-3"
    endpoint   = %[1]q
  }
}
resource "telemetry_cms_exporter_output" "out" {
  count             = %[2]d
  dest_name         = "soak-${count.index}"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com/"
  sls_project       = %[3]q
  sls_logstore      = "metrics"
  access_key_id     = "LTAIsoak"
  access_key_secret = "soak-secret"
}
resource "telemetry_cls_export" "exp" {
  count     = %[4]d
  topic_id  = %[5]q
  query     = "%[6]s ${count.index}"
  from      = "2025-02-01T00:00:00Z"
  to        = "2025-02-01T09:00:00+08:00"
  log_count = 100
  timeouts {
    create = "2m"
  }
}
resource "telemetry_cms_custom_event" "ev" {
  triggers = { release = %[7]q }
  events = [
    { name = "soak", content = "same", time = "2025-02-01T00:00:00Z" },
    { name = "soak", content = "same", time = "2025-02-01T00:00:00Z" },
    { name = "soak", content = "now" },
  ]
}
`, endpoint, v.Outputs, v.Project, v.Exports, tencent.DefaultTopics[0].TopicID, v.Query, v.Release)
	if v.Baremetal {
		fmt.Fprintf(&b, `
resource "telemetry_baremetal_log_export" "bm" {
  physical_server_id = %q
  output_path        = %q
  timeouts {
    create = "2m"
  }
}
`, huawei.DefaultServers("emulator-project")[0].ID, filepath.Join(archives, "node.tar.gz"))
	}
	return b.String()
}

// ledger remembers every object any state ever held, so that objects the
// cloud keeps after a replacement (events, bare-metal exports) can be told
// from orphans.
type ledger struct {
	reports   map[string]int // custom event report id → events in it
	baremetal map[string]bool
}

func newLedger() *ledger { return &ledger{reports: map[string]int{}, baremetal: map[string]bool{}} }

func (l *ledger) record(st tfState) {
	for id, n := range st.reports {
		l.reports[id] = n
	}
	for id := range st.baremetal {
		l.baremetal[id] = true
	}
}

// checkInvariants compares the state with the emulator's truth.
func checkInvariants(st tfState, truth emulatorState, led *ledger) []string {
	var out []string
	if d := diffSets(st.outputs, truth.outputs); d != "" {
		out = append(out, "exporter outputs: "+d)
	}
	if d := diffSets(st.exports, truth.exports); d != "" {
		out = append(out, "CLS exports: "+d)
	}
	for id := range st.baremetal {
		if !truth.baremetal[id] {
			out = append(out, fmt.Sprintf("bare-metal export %s is in the state but not in the cloud", id))
		}
	}
	for id := range truth.baremetal {
		if !led.baremetal[id] {
			out = append(out, fmt.Sprintf("bare-metal export %s is in the cloud but was never in a state (orphan or duplicate)", id))
		}
	}
	want := 0
	for _, n := range led.reports {
		want += n
	}
	if truth.events != want {
		out = append(out, fmt.Sprintf("the cloud holds %d custom events, the reports ever in the state account for %d (sent twice or lost)", truth.events, want))
	}
	return out
}

func diffSets(state, cloud map[string]bool) string {
	var onlyState, onlyCloud []string
	for k := range state {
		if !cloud[k] {
			onlyState = append(onlyState, k)
		}
	}
	for k := range cloud {
		if !state[k] {
			onlyCloud = append(onlyCloud, k)
		}
	}
	if len(onlyState)+len(onlyCloud) == 0 {
		return ""
	}
	sort.Strings(onlyState)
	sort.Strings(onlyCloud)
	return fmt.Sprintf("only in the state %v, only in the cloud %v", onlyState, onlyCloud)
}

// tfState is what the soak reads of terraform show -json.
type tfState struct {
	outputs, exports, baremetal map[string]bool
	reports                     map[string]int
}

type cli struct {
	bin, dir string
	env      []string
}

func (c *cli) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, c.bin, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return buf.String(), err
}

func (c *cli) state(ctx context.Context) tfState {
	st := tfState{outputs: map[string]bool{}, exports: map[string]bool{}, baremetal: map[string]bool{}, reports: map[string]int{}}
	out, err := c.run(ctx, "show", "-json")
	if err != nil {
		return st
	}
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &doc) != nil {
		return st
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	for _, r := range doc.Values.RootModule.Resources {
		switch r.Type {
		case "telemetry_cms_exporter_output":
			st.outputs[str(r.Values, "dest_name")] = true
		case "telemetry_cls_export":
			st.exports[strings.ToLower(str(r.Values, "export_id"))] = true
		case "telemetry_baremetal_log_export":
			st.baremetal[strings.ToLower(str(r.Values, "export_id"))] = true
		case "telemetry_cms_custom_event":
			events, _ := r.Values["events"].([]any)
			st.reports[str(r.Values, "id")] = len(events)
		}
	}
	return st
}

func cliEnv(work, providerDir string) []string {
	rc := filepath.Join(work, "terraformrc")
	text := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cloud-telemetry/telemetry\" = %q\n  }\n  direct {}\n}\n", providerDir)
	_ = os.WriteFile(rc, []byte(text), 0o644)
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "ALICLOUD_") || strings.HasPrefix(name, "ALIBABA_CLOUD_") ||
			strings.HasPrefix(name, "TENCENTCLOUD_") || strings.HasPrefix(name, "HW_") || strings.HasPrefix(name, "TELEMETRY_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

// emulatorState is what the soak reads of GET /_emulator/state: the truth.
type emulatorState struct {
	outputs, exports, baremetal map[string]bool
	events                      int
}

// emulatorProc is an in-process emulator with a state file, on a fixed
// loopback address, that can be restarted (a new emulator loaded from the
// state file) in the middle of a request stream.
type emulatorProc struct {
	url       string
	stateFile string
	ln        net.Listener
	srvHTTP   *http.Server

	// serving is held shared by every request and exclusively by a restart.
	serving sync.RWMutex

	mu       sync.Mutex
	srv      *emulator.Server
	requests int
	restartN int
	lost     int // faults armed on an emulator that was restarted away
}

// soakOptions are the emulator's options for the soak: short exports and
// small archives, objects kept in stateFile (a restart reloads them).
func soakOptions(stateFile string, modes core.Modes) emulator.Options {
	opts := emulator.DefaultOptions()
	opts.StateFile, opts.Modes = stateFile, modes
	opts.Tencent.QueueMS, opts.Tencent.ProcessMS = 200, 800
	opts.Huawei.ExportMS, opts.Huawei.ArchiveBytes = 800, 64<<10
	return opts
}

func startEmulator(stateFile string) (*emulatorProc, error) {
	srv, err := emulator.NewFromOptions(soakOptions(stateFile, core.Modes{}))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &emulatorProc{url: "http://" + ln.Addr().String(), stateFile: stateFile, ln: ln, srv: srv}
	p.srvHTTP = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srvHTTP.Serve(ln) }()
	return p, nil
}

func (p *emulatorProc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.serve(w, r)
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		return
	}
	p.mu.Lock()
	p.requests++
	restart := p.restartN > 0 && p.requests == p.restartN
	p.mu.Unlock()
	if restart {
		p.restart()
	}
}

// serve answers r on the current emulator, holding off restarts meanwhile.
// The unlock is deferred: a drop fault ends the handler with a panic
// (http.ErrAbortHandler) that net/http recovers.
func (p *emulatorProc) serve(w http.ResponseWriter, r *http.Request) {
	p.serving.RLock()
	defer p.serving.RUnlock()
	p.mu.Lock()
	srv := p.srv
	p.mu.Unlock()
	srv.ServeHTTP(w, r)
}

// restart loads a new emulator from the state file, as the command does
// with -state-file. It first waits for every request in flight: each has
// saved its effect by the time it answers, so the new emulator starts from
// everything the old one acknowledged. (Swapping while requests were still
// running on the old emulator lost their writes — a delete acknowledged to
// the provider came back after the restart — and made the verdict of a seed
// depend on timing.) Modes are flags: they survive; armed faults and
// counters do not.
func (p *emulatorProc) restart() {
	p.serving.Lock()
	defer p.serving.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lost += len(p.srv.Faults())
	if next, err := emulator.NewFromOptions(soakOptions(p.stateFile, p.srv.Modes())); err == nil {
		p.srv = next
	}
}

func (p *emulatorProc) restartAfter(n int) {
	p.mu.Lock()
	p.requests, p.restartN = 0, n
	p.mu.Unlock()
}

func (p *emulatorProc) takeLostFaults() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.lost
	p.lost = 0
	return n
}

func (p *emulatorProc) armedFaults() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.srv.Faults())
}

func (p *emulatorProc) clearFaults() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.srv.ClearFaults()
	return nil
}

func (p *emulatorProc) post(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	resp, err := http.Post(p.url+path, "application/json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("POST %s: HTTP %d %s", path, resp.StatusCode, body)
	}
	return nil
}

func (p *emulatorProc) state() (emulatorState, error) {
	st := emulatorState{outputs: map[string]bool{}, exports: map[string]bool{}, baremetal: map[string]bool{}}
	resp, err := http.Get(p.url + "/_emulator/state")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	var doc struct {
		Alibaba struct {
			ExporterOutputs map[string][]struct {
				DestName string `json:"dest_name"`
			} `json:"exporter_outputs"`
			CustomEvents []json.RawMessage `json:"custom_events"`
		} `json:"alibaba"`
		Tencent struct {
			Exports []struct {
				ExportID string `json:"export_id"`
			} `json:"exports"`
		} `json:"tencent"`
		Huawei struct {
			Exports []struct {
				ExportID string `json:"export_id"`
			} `json:"exports"`
		} `json:"huawei"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		return st, errors.New("decoding /_emulator/state: " + err.Error())
	}
	for _, o := range doc.Alibaba.ExporterOutputs["cn-hangzhou"] {
		st.outputs[o.DestName] = true
	}
	for _, x := range doc.Tencent.Exports {
		st.exports[strings.ToLower(x.ExportID)] = true
	}
	for _, x := range doc.Huawei.Exports {
		st.baremetal[strings.ToLower(x.ExportID)] = true
	}
	st.events = len(doc.Alibaba.CustomEvents)
	return st, nil
}

func (p *emulatorProc) close() {
	_ = p.srvHTTP.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.srv.Close()
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}
