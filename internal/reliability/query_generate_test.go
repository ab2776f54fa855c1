package reliability_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// terraform query -generate-config-out adopts CLS exports made outside
// Terraform: the generated import blocks and configuration plan imports
// only (no change), apply, and leave an empty plan.
func TestAccReliability_queryGenerateConfig(t *testing.T) {
	acctest.RequireCLI(t)
	requireCLI(t, "1.14.0", "terraform query -generate-config-out (list resources)")
	e := acctest.NewEmulator(t)
	topic := tencent.DefaultTopics[0].TopicID
	e.Post(t, "/_emulator/tencent/exports", map[string]any{"topic_id": topic, "count": 3, "query": "status:500"}, nil)
	w := newWorkspace(t, `provider "telemetry" {}`, e.Env()...)
	query := `list "telemetry_cls_export" "made_elsewhere" {
  provider         = telemetry
  include_resource = true
  config {
    topic_id = "` + topic + `"
  }
}
`
	if err := os.WriteFile(filepath.Join(w.dir, "adopt.tfquery.hcl"), []byte(query), 0o644); err != nil {
		t.Fatal(err)
	}
	w.mustRun(0, nil, "query", "-no-color", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated configuration: %v", err)
	}
	if n := strings.Count(string(gen), "import {"); n != 3 {
		t.Fatalf("generated %d import blocks, want 3:\n%s", n, gen)
	}
	plan := w.mustRun(2, nil, "plan", "-no-color", "-detailed-exitcode")
	if !strings.Contains(plan, "3 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the generated configuration does not plan imports only:\n%s", plan)
	}
	w.mustRun(0, nil, "apply", "-no-color", "-auto-approve")
	w.mustRun(0, nil, "plan", "-no-color", "-detailed-exitcode")
	if n := e.Stats(t)["CreateExport"]; n != 0 {
		t.Fatalf("CreateExport calls = %d, want 0: the exports were adopted, not made", n)
	}
}
