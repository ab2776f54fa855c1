package moduletest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// providerDir holds the provider binary built once for the package.
var providerDir string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		fmt.Println("moduletest: TF_ACC is not set; these tests drive the Terraform CLI and run under make test")
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

// workspace is a copy of an examples/ directory wired to an emulator.
type workspace struct {
	t   *testing.T
	dir string
	env []string
	emu *acctest.Emulator
}

func newWorkspace(t *testing.T, from string) *workspace {
	t.Helper()
	e := acctest.NewEmulator(t)
	dir := t.TempDir()
	copyTree(t, filepath.Join(acctest.RepoRoot(), from), dir)
	env := append(append(acctest.CleanEnv(), acctest.DevOverridesConfig(t, providerDir)...), e.Env()...)
	env = append(env, "TERRAFORM="+acctest.TerraformPath()) // the drift check runs the CLI under test
	return &workspace{t: t, dir: dir, env: env, emu: e}
}

// run executes a command in the workspace and returns its output and exit code.
func (w *workspace) run(name string, args ...string) (string, int) {
	w.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			w.t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return out.String(), code
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, _ := d.Info()
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The example module's own terraform test suite passes offline.
func TestModule_terraformTest(t *testing.T) {
	acctest.RequireCLI(t)
	w := newWorkspace(t, "examples/modules/telemetry-pipeline")
	// No -var: the suite's own variables block gives archive_dir a default
	// under the working directory, so a plain `terraform test` passes.
	out, code := w.run(acctest.TerraformPath(), "test", "-no-color")
	if code != 0 {
		t.Fatalf("terraform test exited %d:\n%s", code, out)
	}
	if !strings.Contains(out, "3 passed, 0 failed") {
		t.Fatalf("expected 3 passing runs:\n%s", out)
	}
	// The suite really talked to the emulator.
	stats := w.emu.Stats(t)
	for _, op := range []string{"PutExporterOutput", "CreateExport", "PutCustomEvent", "ExportServerLogs"} {
		if stats[op] == 0 {
			t.Errorf("the suite never called %s: %v", op, stats)
		}
	}
}

// The drift-check recipe says "no drift" right after an apply and "drift
// detected" (exit 2) once the emulator changes the object out of band.
func TestDriftCheck_reportsDrift(t *testing.T) {
	acctest.RequireCLI(t)
	w := newWorkspace(t, "examples/ci")
	config := `
terraform {
  required_providers {
    telemetry = { source = "cloud-telemetry/telemetry" }
  }
}

provider "telemetry" {}

resource "telemetry_cms_exporter_output" "metrics" {
  dest_name         = "drift-check"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project       = "monitoring"
  sls_logstore      = "cms-metrics"
  access_key_id     = "LTAIdriftKeyId"
  access_key_secret = "drift-check-secret"
}
`
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := w.run(acctest.TerraformPath(), "apply", "-auto-approve", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("apply exited %d:\n%s", code, out)
	}

	out, code := w.run("bash", "drift-check.sh", ".")
	if code != 0 || !strings.Contains(out, "drift-check: no drift") {
		t.Fatalf("right after apply: exit %d, want 0 and \"no drift\":\n%s", code, out)
	}

	w.emu.Post(t, "/_emulator/alibaba/exporter_outputs/"+acctest.AlicloudRegion+"/drift-check",
		map[string]string{"logstore": "changed-by-hand"}, nil)
	out, code = w.run("bash", "drift-check.sh", ".")
	if code != 2 || !strings.Contains(out, "drift-check: drift detected") {
		t.Fatalf("after an out-of-band change: exit %d, want 2 and \"drift detected\":\n%s", code, out)
	}
	if !strings.Contains(out, "telemetry_cms_exporter_output.metrics will be updated in-place") {
		t.Fatalf("the report should name the drifted resource:\n%s", out)
	}
}
