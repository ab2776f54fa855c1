package reliability_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// providerDir holds the provider binary, built once for the tests that run
// the Terraform CLI themselves (raw logs, signals, the state file's bytes).
var providerDir string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	dir, cleanup, err := acctest.BuildProvider()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cleanup()
	providerDir = dir
	return m.Run()
}

// swappable serves through whichever emulator is current, so that a test
// can "restart" the emulator with other options and the same objects.
type swappable struct {
	mu  sync.Mutex
	srv *emulator.Server
	// after, when set, is called after each request is served.
	after func(r *http.Request)
}

func (s *swappable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	srv, after := s.srv, s.after
	s.mu.Unlock()
	srv.ServeHTTP(w, r)
	if after != nil {
		after(r)
	}
}

// restart replaces the emulator by one with opts holding the same objects.
func (s *swappable) restart(t *testing.T, opts emulator.Options) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := jsonMarshal(s.srv.State())
	if err != nil {
		t.Fatal(err)
	}
	next := emulator.New(opts)
	if err := next.Restore(data); err != nil {
		t.Fatalf("restoring the emulator's objects: %v", err)
	}
	s.srv = next
}

// newSwappableEmulator starts an emulator behind a swappable handler.
func newSwappableEmulator(t *testing.T, opts emulator.Options) (*acctest.Emulator, *swappable) {
	t.Helper()
	sw := &swappable{srv: emulator.New(opts)}
	ts := httptest.NewServer(sw)
	t.Cleanup(ts.Close)
	return &acctest.Emulator{URL: ts.URL, Server: sw.srv}, sw
}

// workspace is a directory with a configuration, the provider from
// providerDir (dev_overrides) and an environment for the CLI.
type workspace struct {
	t   *testing.T
	dir string
	env []string
}

const requiredProviders = `
terraform {
  required_providers {
    telemetry = { source = "cloud-telemetry/telemetry" }
  }
}
`

// newWorkspace writes config (plus the required_providers block) into a
// fresh directory. env adds to a clean environment: no credentials or
// TF_LOG settings leak in from the caller's.
func newWorkspace(t *testing.T, config string, env ...string) *workspace {
	t.Helper()
	w := &workspace{t: t, dir: t.TempDir(), env: append(acctest.CleanEnv(), acctest.DevOverridesConfig(t, providerDir)...)}
	w.env = append(w.env, env...)
	w.write(config)
	return w
}

func (w *workspace) write(config string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(requiredProviders+config), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// command prepares a terraform command in the workspace; extraEnv adds to
// the workspace's environment.
func (w *workspace) command(out *bytes.Buffer, extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.Command(acctest.TerraformPath(), args...)
	cmd.Dir = w.dir
	cmd.Env = append(append([]string{}, w.env...), extraEnv...)
	cmd.Stdout, cmd.Stderr = out, out
	return cmd
}

// run executes terraform and returns its combined output and exit code.
func (w *workspace) run(extraEnv []string, args ...string) (string, int) {
	w.t.Helper()
	var out bytes.Buffer
	err := w.command(&out, extraEnv, args...).Run()
	return out.String(), exitCode(w.t, err, args)
}

func exitCode(t *testing.T, err error, args []string) int {
	t.Helper()
	if err == nil {
		return 0
	}
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return ee.ExitCode()
}

// mustRun fails the test unless terraform exits with want.
func (w *workspace) mustRun(want int, extraEnv []string, args ...string) string {
	w.t.Helper()
	out, code := w.run(extraEnv, args...)
	if code != want {
		w.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

func (w *workspace) stateBytes() []byte {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		w.t.Fatalf("reading the state file: %v", err)
	}
	return data
}
