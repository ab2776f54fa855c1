package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Some tests run the Terraform CLI themselves rather than through
// resource.Test: to read raw logs and state bytes, send signals, or run
// `terraform test`. They share the helpers below: the provider binary is
// built once per test package (BuildProvider from TestMain) and reached
// through a dev_overrides CLI configuration.

// RepoRoot is the repository's top directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// BuildProvider builds terraform-provider-telemetry into a new temporary
// directory and returns it with a function that removes it.
func BuildProvider() (dir string, cleanup func(), err error) {
	dir, err = os.MkdirTemp("", "telemetry-provider-bin-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-telemetry"), ".")
	build.Dir = RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	return dir, cleanup, nil
}

// RequireCLI skips without TF_ACC (as resource.Test does) and fails when
// the Terraform CLI is missing.
func RequireCLI(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 (make test does) to run the Terraform CLI")
	}
	PreCheck(t)
}

// TerraformPath is the CLI the tests run.
func TerraformPath() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

// DevOverridesConfig writes a CLI configuration that serves the provider
// from providerDir and returns the environment variables that select it.
func DevOverridesConfig(t testing.TB, providerDir string) []string {
	t.Helper()
	rc := filepath.Join(t.TempDir(), "terraformrc")
	text := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cloud-telemetry/telemetry\" = %q\n  }\n  direct {}\n}\n", providerDir)
	if err := os.WriteFile(rc, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
}

// CleanEnv is this process's environment without cloud credentials,
// endpoint overrides or Terraform settings, so none leak into a CLI run.
func CleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_"), strings.HasPrefix(name, "ALICLOUD_"), strings.HasPrefix(name, "ALIBABA_CLOUD_"),
			strings.HasPrefix(name, "TENCENTCLOUD_"), strings.HasPrefix(name, "HW_"), strings.HasPrefix(name, "TELEMETRY_"),
			strings.HasPrefix(name, "TKE_"), strings.HasPrefix(name, "HUAWEICLOUD_SDK_"):
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Env points every cloud of an empty provider block at the emulator with
// its default credentials (Huawei by token).
func (e *Emulator) Env() []string {
	return []string{
		"TELEMETRY_ALICLOUD_ENDPOINT=" + e.URL, "TELEMETRY_TENCENTCLOUD_ENDPOINT=" + e.URL, "TELEMETRY_HUAWEICLOUD_ENDPOINT=" + e.URL,
		"ALICLOUD_ACCESS_KEY=" + AlicloudAccessKey, "ALICLOUD_SECRET_KEY=" + AlicloudSecretKey, "ALICLOUD_REGION=" + AlicloudRegion,
		"TENCENTCLOUD_SECRET_ID=" + TencentcloudSecretID, "TENCENTCLOUD_SECRET_KEY=" + TencentcloudSecretKey, "TENCENTCLOUD_REGION=" + TencentcloudRegion,
		"HW_AUTH_TOKEN=" + HuaweicloudAuthToken, "HW_PROJECT_ID=" + HuaweicloudProjectID, "HW_REGION_NAME=" + HuaweicloudRegion,
	}
}
