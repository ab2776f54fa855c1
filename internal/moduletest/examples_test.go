package moduletest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// Every example the docs show is valid configuration: terraform validate
// passes in each examples/{provider,resources,data-sources,
// ephemeral-resources}/<type> directory against the built provider (the
// action and list-resource examples need Terraform 1.14, whose blocks an
// older CLI cannot parse: their pages are checked by
// TestListResourceDocsPages and the action tests).
func TestExamplesValidate(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: terraform validate runs the real CLI (make test sets it)")
	}
	root := acctest.RepoRoot()
	var dirs []string
	for _, kind := range []string{"resources", "data-sources", "ephemeral-resources"} {
		entries, err := os.ReadDir(filepath.Join(root, "examples", kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join("examples", kind, e.Name()))
			}
		}
	}
	if len(dirs) < 10 {
		t.Fatalf("found %d example directories: the walk reads the tree wrongly", len(dirs))
	}
	// The provider page's examples are alternatives: each file alone.
	providerFiles, _ := filepath.Glob(filepath.Join(root, "examples", "provider", "*.tf"))
	for _, f := range providerFiles {
		dirs = append(dirs, filepath.Join("examples", "provider", filepath.Base(f)))
	}
	identity := cliAtLeast(t, 1, 12)
	for _, d := range dirs {
		t.Run(strings.ReplaceAll(d, "/", "_"), func(t *testing.T) {
			t.Parallel()
			if strings.HasPrefix(d, filepath.Join("examples", "provider")) {
				// Provider blocks alone: validated with a resource using each.
				content, err := os.ReadFile(filepath.Join(root, d))
				if err != nil {
					t.Fatal(err)
				}
				if out, code := validateProviderConfig(t, string(content)); code != 0 {
					t.Errorf("terraform validate of %s with a resource using it failed (exit %d):\n%s", d, code, out)
				}
				return
			}
			w := newWorkspace(t, exampleDir(d))
			if strings.HasSuffix(d, ".tf") {
				keepOnly(t, w.dir, filepath.Base(d))
			}
			if f := filepath.Join(w.dir, "import-with-identity.tf"); !identity {
				if _, err := os.Stat(f); err == nil {
					t.Logf("skipping %s/import-with-identity.tf: import by identity needs Terraform 1.12, this CLI is older", d)
					_ = os.Remove(f)
				}
			}
			if !declaresSource(t, w.dir) {
				required := "terraform {\n  required_providers {\n    telemetry = { source = \"cloud-telemetry/telemetry\" }\n  }\n}\n"
				if err := os.WriteFile(filepath.Join(w.dir, "zz_required_providers.tf"), []byte(required), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if out, code := w.run(acctest.TerraformPath(), "validate", "-no-color"); code != 0 {
				t.Errorf("terraform validate in %s failed (exit %d):\n%s", d, code, out)
			}
		})
	}
}

// declaresSource reports whether a .tf file in dir already names the
// provider's source address.
func declaresSource(t *testing.T, dir string) bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "cloud-telemetry/telemetry") {
			return true
		}
	}
	return false
}

// exampleDir is the directory of an example: d itself, or the directory
// of a single .tf file.
func exampleDir(d string) string {
	if strings.HasSuffix(d, ".tf") {
		return filepath.Dir(d)
	}
	return d
}

// keepOnly removes every .tf file of dir but name.
func keepOnly(t *testing.T, dir, name string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		if filepath.Base(f) != name {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// cliAtLeast reports whether the Terraform CLI under test is at least
// major.minor.
func cliAtLeast(t *testing.T, major, minor int) bool {
	t.Helper()
	out, err := exec.Command(acctest.TerraformPath(), "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	var ma, mi int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &ma, &mi); err != nil {
		t.Fatalf("terraform version %q: %v", v.Version, err)
	}
	return ma > major || (ma == major && mi >= minor)
}
