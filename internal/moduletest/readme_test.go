package moduletest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// readmeHCL returns the ```hcl blocks of one "## " section of README.md.
func readmeHCL(t *testing.T, heading string) []string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(readme), "\n"+heading+"\n")
	if start < 0 {
		t.Fatalf("README.md has no section %q", heading)
	}
	section := string(readme)[start+len(heading)+2:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```hcl\n(.*?)```").FindAllStringSubmatch(section, -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

// readmeProviderBlock is the README's required_providers and provider block.
func readmeProviderBlock(t *testing.T) string {
	t.Helper()
	blocks := readmeHCL(t, "## Install and configure")
	if len(blocks) == 0 || !strings.Contains(blocks[0], `source = "cloud-telemetry/telemetry"`) {
		t.Fatalf("README's provider configuration has no HCL block with the source address")
	}
	return blocks[0]
}

// A new user's first hour: the provider block copied from README.md (with
// the credentials and endpoints the emulator guide puts in the environment)
// applies against the emulator, and the next plan is empty.
func TestReadmeProviderBlockApplies(t *testing.T) {
	acctest.RequireCLI(t)
	block := readmeProviderBlock(t)
	w := newWorkspace(t, "examples/modules/telemetry-pipeline")
	dir := t.TempDir()
	w.dir = dir
	config := block + `
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

// The README's quick start: its examples, one per resource, with its
// provider block apply against the emulator as they stand (the CLS topic and
// the bare-metal server they name are seeded), each creating its object
// once, and the next plan is empty.
func TestReadmeExamplesApply(t *testing.T) {
	acctest.RequireCLI(t)
	examples := readmeHCL(t, "## Examples")
	if len(examples) != 4 {
		t.Fatalf("README's Examples section has %d HCL blocks, want one per resource (4)", len(examples))
	}
	w := newWorkspace(t, "examples/modules/telemetry-pipeline")
	w.dir = t.TempDir()
	config := readmeProviderBlock(t) + "\n" + strings.Join(examples, "\n")
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	secret := "-var=sls_access_key_secret=readme-secret"
	if out, code := w.run(acctest.TerraformPath(), "apply", "-auto-approve", "-no-color", secret); code != 0 {
		t.Fatalf("apply of the README's examples exited %d:\n%s", code, out)
	}
	if out, code := w.run(acctest.TerraformPath(), "plan", "-detailed-exitcode", "-no-color", secret); code != 0 {
		t.Fatalf("plan after apply exited %d:\n%s", code, out)
	}
	stats := w.emu.Stats(t)
	for _, op := range []string{"PutExporterOutput", "PutCustomEvent", "CreateExport", "ExportServerLogs", "DownloadServerLogs"} {
		if stats[op] != 1 {
			t.Errorf("%s calls = %d, want 1", op, stats[op])
		}
	}
	for _, f := range []string{"exports/errors.tar.gz", "logs/node1-dump.tar.gz"} {
		if _, err := os.Stat(filepath.Join(w.dir, f)); err != nil {
			t.Errorf("downloaded file: %v", err)
		}
	}
}

// The README is for users and stays short enough to read in five minutes
// (issue 26): at most 200 lines; the rest lives in docs/ and CONTRIBUTING.md.
// Every relative link in it points at a file of the repository.
func TestReadmeStaysShortAndLinksResolve(t *testing.T) {
	root := acctest.RepoRoot()
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(readme), "\n"); n > 200 {
		t.Errorf("README.md has %d lines, at most 200: move detail to docs/ or CONTRIBUTING.md", n)
	}
	links := regexp.MustCompile(`\]\(([^)#:]+)(#[^)]*)?\)`).FindAllStringSubmatch(string(readme), -1)
	if len(links) < 10 {
		t.Fatalf("found %d relative links: the pattern reads the README wrongly", len(links))
	}
	for _, l := range links {
		if _, err := os.Stat(filepath.Join(root, l[1])); err != nil {
			t.Errorf("README.md links to %s, which does not exist", l[1])
		}
	}
}

// The README's credential examples (one per source, issue 28) use the
// provider's real setting names: `terraform validate` decodes every block
// against the schema and runs its validators.
func TestReadmeCredentialsValidate(t *testing.T) {
	acctest.RequireCLI(t)
	blocks := readmeHCL(t, "## Credentials")
	if len(blocks) == 0 {
		t.Fatal("README's Credentials section has no HCL block")
	}
	all := strings.Join(blocks, "\n")
	for _, source := range []string{"static keys", "profile", "assume_role", "OIDC", "instance's role"} {
		if !strings.Contains(all, source) {
			t.Errorf("README's credential examples show no %q source", source)
		}
	}
	if out, code := validateProviderConfig(t, readmeProviderBlock(t)+all); code != 0 {
		t.Fatalf("terraform validate of the README's credential examples exited %d:\n%s", code, out)
	}
}
