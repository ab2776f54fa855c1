package reliability_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// In HCP Terraform, Atlantis or a CI job every run starts on a fresh worker:
// the state comes from the backend, but a file an earlier run downloaded is
// not there. With restore_missing_file = false the drift check
// (plan -detailed-exitcode) of such a worker is clean for both exports; with
// the default (true) the missing file is drift. A file that is present but
// changed is drift either way.
func TestAccReliability_freshWorkerDriftCheck(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, fast)
	for _, restore := range []bool{false, true} {
		t.Run(fmt.Sprintf("restore_missing_file=%v", restore), func(t *testing.T) {
			config := fmt.Sprintf(`provider "telemetry" {}

resource "telemetry_cls_export" "errors" {
  topic_id             = %q
  query                = "level:ERROR"
  from                 = "2024-06-01T00:00:00Z"
  to                   = "2024-06-01T01:00:00Z"
  log_count            = 500
  output_path          = "exports/errors.tar.gz"
  restore_missing_file = %[2]v
}

resource "telemetry_baremetal_log_export" "node" {
  physical_server_id   = %[3]q
  output_path          = "exports/node.tar.gz"
  restore_missing_file = %[2]v
}
`, topicID, restore, serverID)
			first := newWorkspace(t, config, e.Env()...)
			first.mustRun(0, nil, "apply", "-no-color", "-auto-approve")
			first.mustRun(0, nil, "plan", "-no-color", "-detailed-exitcode")
			for _, f := range []string{"errors.tar.gz", "node.tar.gz"} {
				if _, err := os.Stat(filepath.Join(first.dir, "exports", f)); err != nil {
					t.Fatalf("the apply did not download %s: %v", f, err)
				}
			}
			creates := e.Stats(t)

			// A fresh worker: the same configuration and state, no exports/.
			fresh := newWorkspace(t, config, e.Env()...)
			if err := os.WriteFile(filepath.Join(fresh.dir, "terraform.tfstate"), first.stateBytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if restore {
				out := fresh.mustRun(2, nil, "plan", "-no-color", "-detailed-exitcode")
				if !strings.Contains(out, "0 to add, 2 to change, 0 to destroy") {
					t.Fatalf("missing files with restore_missing_file = true should plan two in-place downloads:\n%s", out)
				}
			} else {
				fresh.mustRun(0, nil, "plan", "-no-color", "-detailed-exitcode")
				// A present file that differs is still drift.
				if err := os.MkdirAll(filepath.Join(fresh.dir, "exports"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(fresh.dir, "exports", "errors.tar.gz"), []byte("not the export"), 0o644); err != nil {
					t.Fatal(err)
				}
				out := fresh.mustRun(2, nil, "plan", "-no-color", "-detailed-exitcode")
				if !strings.Contains(out, "0 to add, 1 to change, 0 to destroy") || !strings.Contains(out, "telemetry_cls_export.errors") {
					t.Fatalf("a changed file with restore_missing_file = false should plan one in-place download:\n%s", out)
				}
			}
			after := e.Stats(t)
			for _, op := range []string{"CreateExport", "ExportServerLogs"} {
				if after[op] != creates[op] {
					t.Errorf("%s called %d more times by the fresh worker's plans", op, after[op]-creates[op])
				}
			}
			first.mustRun(0, nil, "destroy", "-no-color", "-auto-approve")
		})
	}
}
