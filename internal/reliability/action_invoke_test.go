package reliability_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// requireCLI skips, naming the version, when the CLI under test is older
// than min (Terraform's version; OpenTofu has no actions and is skipped).
func requireCLI(t *testing.T, min, feature string) {
	t.Helper()
	out, err := exec.Command(acctest.TerraformPath(), "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version -json: %v", err)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("terraform version %q: %v", v.Version, err)
	}
	if strings.Contains(strings.ToLower(string(out)), "opentofu") || have.Core().LessThan(version.Must(version.NewVersion(min))) {
		t.Skipf("%s needs Terraform %s or later; the CLI under test is %s", feature, min, v.Version)
	}
}

// terraform apply -invoke runs the action alone: the event is reported once
// and nothing else changes.
func TestAccReliability_actionInvoke(t *testing.T) {
	acctest.RequireCLI(t)
	requireCLI(t, "1.14.0", "terraform apply -invoke (actions)")
	e := acctest.NewEmulator(t)
	w := newWorkspace(t, `
provider "telemetry" {}
action "telemetry_cms_custom_event" "notify" {
  config {
    events = [{ name = "invoked", content = "by hand" }]
  }
}
`, e.Env()...)
	out := w.mustRun(0, nil, "apply", "-auto-approve", "-no-color", "-invoke=action.telemetry_cms_custom_event.notify")
	if got := e.Stats(t)["PutCustomEvent"]; got != 1 {
		t.Fatalf("PutCustomEvent calls = %d, want 1:\n%s", got, out)
	}
	var st struct {
		Alibaba struct {
			CustomEvents []struct{ Name, Content string } `json:"custom_events"`
		} `json:"alibaba"`
	}
	e.State(t, &st)
	if len(st.Alibaba.CustomEvents) != 1 || st.Alibaba.CustomEvents[0].Name != "invoked" {
		t.Fatalf("emulator holds %+v", st.Alibaba.CustomEvents)
	}
}
