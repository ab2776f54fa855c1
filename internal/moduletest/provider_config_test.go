package moduletest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// requiredProviders names the provider's source address.
const requiredProviders = "terraform {\n  required_providers {\n    telemetry = { source = \"cloud-telemetry/telemetry\" }\n  }\n}\n"

var (
	aliasPattern = regexp.MustCompile(`alias\s*=\s*"([^"]+)"`)
	varPattern   = regexp.MustCompile(`\bvar\.(\w+)`)
)

// validateProviderConfig runs terraform validate on config (provider
// blocks) with one resource per provider configuration (validate checks a
// provider block only when a resource uses it) and a declaration of each
// variable it names. It returns the output and the exit code.
func validateProviderConfig(t *testing.T, config string) (string, int) {
	t.Helper()
	if !strings.Contains(config, "cloud-telemetry/telemetry") {
		config = requiredProviders + config
	}
	const event = "  events = [{ name = \"validate\", content = \"provider configuration\" }]\n"
	config += "resource \"telemetry_cms_custom_event\" \"default\" {\n" + event + "}\n"
	declared := map[string]bool{}
	for _, v := range varPattern.FindAllStringSubmatch(config, -1) {
		if !declared[v[1]] {
			declared[v[1]] = true
			config += fmt.Sprintf("variable %q {\n  sensitive = true\n}\n", v[1])
		}
	}
	for i, alias := range aliasPattern.FindAllStringSubmatch(config, -1) {
		config += fmt.Sprintf("resource \"telemetry_cms_custom_event\" \"aliased_%d\" {\n  provider = telemetry.%s\n%s}\n", i, alias[1], event)
	}
	w := newWorkspace(t, "examples/modules/telemetry-pipeline")
	w.dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return w.run(acctest.TerraformPath(), "validate", "-no-color")
}

// The validation above catches a wrong setting name in a provider block,
// also in an aliased one (terraform validate alone skips provider blocks
// no resource uses).
func TestValidateProviderConfigCatchesUnknownSettings(t *testing.T) {
	acctest.RequireCLI(t)
	for _, config := range []string{
		"provider \"telemetry\" {\n  alicloud { regionx = \"cn-hangzhou\" }\n}\n",
		"provider \"telemetry\" {\n  alias = \"b\"\n  huaweicloud { idp_idx = \"x\" }\n}\n",
	} {
		if out, code := validateProviderConfig(t, config); code == 0 || !strings.Contains(out, "Unsupported argument") {
			t.Errorf("validate accepted a wrong setting (exit %d):\n%s\n%s", code, config, out)
		}
	}
}

// Every provider block of the provider page (docs/index.md: the credential
// sources of each cloud, one example per source) and of the emulator guide
// (assume_role offline, per cloud) validates against the provider's
// schema, each alone.
func TestDocsProviderExamplesValidate(t *testing.T) {
	acctest.RequireCLI(t)
	for page, atLeast := range map[string]int{"index.md": 15, filepath.Join("guides", "emulator.md"): 4} {
		text, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "docs", page))
		if err != nil {
			t.Fatal(err)
		}
		var examples []string
		for _, b := range regexp.MustCompile("(?s)```terraform\n(.*?)```").FindAllStringSubmatch(string(text), -1) {
			if strings.Contains(b[1], `provider "telemetry"`) {
				examples = append(examples, b[1])
			}
		}
		if len(examples) < atLeast {
			t.Fatalf("docs/%s has %d provider examples, want at least %d: the page or this test reads them wrongly", page, len(examples), atLeast)
		}
		for i, example := range examples {
			t.Run(fmt.Sprintf("%s-%d", filepath.Base(page), i+1), func(t *testing.T) {
				t.Parallel()
				if out, code := validateProviderConfig(t, example); code != 0 {
					t.Errorf("terraform validate of provider example %d of docs/%s exited %d:\n%s\n%s", i+1, page, code, example, out)
				}
			})
		}
	}
}
