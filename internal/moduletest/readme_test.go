package moduletest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// A new user's first hour: the provider block copied from README.md (with
// the credentials and endpoints the emulator guide puts in the environment)
// applies against the emulator, and the next plan is empty.
func TestReadmeProviderBlockApplies(t *testing.T) {
	acctest.RequireCLI(t)
	readme, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)[strings.Index(string(readme), "## Provider configuration"):]
	block := regexp.MustCompile("(?s)```hcl\n(.*?)```").FindStringSubmatch(section)
	if block == nil || !strings.Contains(block[1], `source = "cloud-telemetry/telemetry"`) {
		t.Fatalf("README's provider configuration has no HCL block with the source address")
	}
	w := newWorkspace(t, "examples/modules/telemetry-pipeline")
	dir := t.TempDir()
	w.dir = dir
	config := block[1] + `
resource "telemetry_cms_custom_event" "hello" {
  events = [{ name = "first-hour", content = "copied from the README" }]
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := w.run(acctest.TerraformPath(), "apply", "-auto-approve", "-no-color"); code != 0 {
		t.Fatalf("apply of the README's provider block exited %d:\n%s", code, out)
	}
	if out, code := w.run(acctest.TerraformPath(), "plan", "-detailed-exitcode", "-no-color"); code != 0 {
		t.Fatalf("plan after apply exited %d:\n%s", code, out)
	}
	if n := w.emu.Stats(t)["PutCustomEvent"]; n != 1 {
		t.Fatalf("PutCustomEvent calls = %d, want 1", n)
	}
}
