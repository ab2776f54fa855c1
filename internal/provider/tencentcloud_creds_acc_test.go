package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

const tcRoleArn = "qcs::cam::uin/100000000001:roleName/telemetry"

// tcBlock is a provider block with only the tencentcloud block: the
// emulator's endpoints and the given credential settings.
func tcBlock(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  tencentcloud {
    region       = %q
    endpoint     = %q
    sts_endpoint = %q
%s
  }
}
`, acctest.TencentcloudRegion, e.URL, e.URL, settings)
}

// tcExportHCL is one CLS export of the emulator's first topic.
var tcExportHCL = fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %q
  query     = "*"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  log_count = 10
}
`, tencent.DefaultTopics[0].TopicID)

// tccliDir is a Tencent Cloud CLI directory with a profile "dev" holding
// the emulator's keys and a profile "role" that assumes a role with them.
func tccliDir(t *testing.T) string {
	dir := t.TempDir()
	tempFileIn(t, dir, "dev.credential", fmt.Sprintf(`{"secretId":%q,"secretKey":%q}`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey))
	tempFileIn(t, dir, "role.credential", fmt.Sprintf(`{"secretId":%q,"secretKey":%q,"roleArn":%q,"roleSessionName":"cli"}`,
		acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey, tcRoleArn))
	return dir
}

func tempFileIn(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := tempFile(t, name, content)
	dst := filepath.Join(dir, name)
	if err := renameFile(p, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// webIdentity is an assume_role_with_web_identity block reading file.
func webIdentity(file string) string {
	return fmt.Sprintf(`
    assume_role_with_web_identity {
      provider_id             = "github"
      role_arn                = %q
      web_identity_token_file = %q
    }`, tcRoleArn, file)
}

// checkCallsAtLeast asserts that each operation was called at least n times.
func checkCallsAtLeast(t *testing.T, e *acctest.Emulator, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats := e.Stats(t)
		for op, n := range want {
			if stats[op] < n {
				return fmt.Errorf("%s called %d times, want at least %d (all counts: %v)", op, stats[op], n, stats)
			}
		}
		return nil
	}
}

// tcCredsTest applies the export with settings and checks the calls.
func tcCredsTest(t *testing.T, e *acctest.Emulator, settings string, exact, atLeast map[string]int) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tcBlock(e, settings) + tcExportHCL,
			Check:  resource.ComposeTestCheckFunc(acctest.CheckCalls(t, e, exact), checkCallsAtLeast(t, e, atLeast)),
		}},
	})
}

func TestAccTencentcloudCredentials_static(t *testing.T) {
	e := acctest.NewEmulator(t)
	tcCredsTest(t, e, fmt.Sprintf(`secret_id = %q
    secret_key = %q`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey),
		map[string]int{"CreateExport": 1, "AssumeRole": 0}, nil)
}

func TestAccTencentcloudCredentials_profile(t *testing.T) {
	e := acctest.NewEmulator(t)
	tcCredsTest(t, e, fmt.Sprintf(`profile = "dev"
    shared_credentials_dir = %q`, tccliDir(t)), map[string]int{"CreateExport": 1, "AssumeRole": 0}, nil)
}

func TestAccTencentcloudCredentials_profileRoleArn(t *testing.T) {
	e := acctest.NewEmulator(t)
	tcCredsTest(t, e, fmt.Sprintf(`profile = "role"
    shared_credentials_dir = %q`, tccliDir(t)), map[string]int{"CreateExport": 1}, map[string]int{"AssumeRole": 1})
}

func TestAccTencentcloudCredentials_assumeRole(t *testing.T) {
	e := acctest.NewEmulator(t)
	tcCredsTest(t, e, fmt.Sprintf(`secret_id = %q
    secret_key = %q
    assume_role {
      role_arn         = %q
      session_name     = "acceptance"
      session_duration = 900
      external_id      = "abc"
      policy           = jsonencode({ version = "2.0", statement = [{ effect = "allow", action = ["cls:*"], resource = ["*"] }] })
    }`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey, tcRoleArn), map[string]int{"CreateExport": 1}, map[string]int{"AssumeRole": 1})
}

// assume_role on top of a profile: the profile's keys sign AssumeRole.
func TestAccTencentcloudCredentials_assumeRoleOverProfile(t *testing.T) {
	e := acctest.NewEmulator(t)
	tcCredsTest(t, e, fmt.Sprintf(`profile = "dev"
    shared_credentials_dir = %q
    assume_role {
      role_arn = %q
    }`, tccliDir(t), tcRoleArn), map[string]int{"CreateExport": 1}, map[string]int{"AssumeRole": 1})
}

func TestAccTencentcloudCredentials_webIdentity(t *testing.T) {
	e := acctest.NewEmulator(t)
	token := tempFile(t, "token", fmt.Sprintf(`{"web_identity_token": %q}`, emulator.DefaultOptions().Tencent.WebIdentityToken))
	tcCredsTest(t, e, webIdentity(token), map[string]int{"CreateExport": 1, "AssumeRole": 0}, map[string]int{"AssumeRoleWithWebIdentity": 1})
}

// The instance role: the metadata address points at the emulator, the role
// name is looked up there.
func TestAccTencentcloudCredentials_camRole(t *testing.T) {
	e := acctest.NewEmulator(t)
	tcCredsTest(t, e, fmt.Sprintf(`cvm_metadata_endpoint = %q`, e.URL), map[string]int{"CreateExport": 1}, map[string]int{"CVMMetadataCredentials": 2})
}

// Static keys beat web identity, a profile and the CAM role (whose files and
// address do not exist); web identity beats a profile; a profile beats the
// CAM role.
func TestAccTencentcloudCredentials_precedence(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent")
	token := tempFile(t, "token", emulator.DefaultOptions().Tencent.WebIdentityToken)
	for _, tc := range []struct {
		name     string
		settings string
		exact    map[string]int
	}{
		{"static beats web identity, profile and CAM role", fmt.Sprintf(`secret_id = %q
    secret_key = %q
    profile = "dev"
    shared_credentials_dir = %q
    cvm_metadata_endpoint = "http://127.0.0.1:9"`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey, missing) + webIdentity(missing),
			map[string]int{"CreateExport": 1, "AssumeRoleWithWebIdentity": 0, "CVMMetadataCredentials": 0}},
		{"web identity beats profile and CAM role", fmt.Sprintf(`profile = "dev"
    shared_credentials_dir = %q
    cvm_metadata_endpoint = "http://127.0.0.1:9"`, missing) + webIdentity(token),
			map[string]int{"CreateExport": 1, "CVMMetadataCredentials": 0}},
		{"profile beats CAM role", fmt.Sprintf(`profile = "dev"
    shared_credentials_dir = %q
    cvm_metadata_endpoint = "http://127.0.0.1:9"`, tccliDir(t)),
			map[string]int{"CreateExport": 1, "AssumeRoleWithWebIdentity": 0, "CVMMetadataCredentials": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := acctest.NewEmulator(t)
			tcCredsTest(t, e, tc.settings, tc.exact, nil)
		})
	}
}

// A configured source that fails is one diagnostic naming it, the cause and
// the order of the sources.
func TestAccTencentcloudCredentials_brokenSourceNamed(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tcBlock(e, fmt.Sprintf(`profile = "nope"
    shared_credentials_dir = %q`, tccliDir(t))) + tcExportHCL,
			ExpectError: regexp.MustCompile(`(?s)profile\s+"nope".*the\s+directory\s+has\s+the\s+profiles:\s+dev,\s+role.*tried\s+in\s+this\s+order:\s+1\.\s+static\s+keys.*2\.\s+web\s+identity.*3\.\s+a\s+profile.*4\.\s+the\s+CVM`),
		}, {
			Config:      tcBlock(e, webIdentity(tempFile(t, "token", "not-the-token"))) + tcExportHCL,
			ExpectError: regexp.MustCompile(`(?s)web\s+identity\s+\(STS\s+AssumeRoleWithWebIdentity.*InvalidParameter\.WebIdentityTokenError`),
		}},
	})
}

// THE REFRESH TEST: the assumed role's credentials live 60 s (-sts-ttl) and
// the export takes 150 s to complete. One apply waits it out and succeeds;
// the role is assumed a few times over the run, not per call.
func TestAccTencentcloudCredentials_refreshDuringLongExport(t *testing.T) {
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		o.STSTTL = 60 * time.Second
		o.Tencent.QueueMS = 500
		o.Tencent.ProcessMS = 150_000
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tcBlock(e, fmt.Sprintf(`secret_id = %q
    secret_key = %q
    assume_role {
      role_arn = %q
    }`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey, tcRoleArn)) + tcExportHCL,
			Check: func(*terraform.State) error {
				stats := e.Stats(t)
				assumed, polls := stats["AssumeRole"], stats["DescribeExports"]
				t.Logf("AssumeRole %d, DescribeExports %d, CreateExport %d", assumed, polls, stats["CreateExport"])
				// One per provider run (plan, apply) plus the refreshes of
				// the 150 s apply: about every 54 s, so 2 or 3.
				if assumed < 3 || assumed > 8 {
					return fmt.Errorf("AssumeRole called %d times over a 150 s apply with 60 s credentials, want a few (3 to 8)", assumed)
				}
				if polls <= 2*assumed {
					return fmt.Errorf("%d DescribeExports for %d AssumeRole: the role is assumed per call", polls, assumed)
				}
				// Refreshed before expiry, not after a refusal (which the
				// expired-token retry would also survive).
				if n := stats[core.StatExpiredCredentialRefused]; n != 0 {
					return fmt.Errorf("%d calls were refused with expired credentials, want 0: not refreshed in time", n)
				}
				if stats["CreateExport"] != 1 {
					return fmt.Errorf("CreateExport called %d times, want 1", stats["CreateExport"])
				}
				return nil
			},
		}},
	})
}

func renameFile(from, to string) error { return os.Rename(from, to) }

// A TKE pod's variables alone configure web identity, and
// TENCENTCLOUD_ASSUME_ROLE_ARN alone (no web identity) assumes a role over
// the static keys of the environment.
func TestAccTencentcloudCredentials_environmentOnly(t *testing.T) {
	clearCredentialEnv(t)
	token := tempFile(t, "token", emulator.DefaultOptions().Tencent.WebIdentityToken)
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"TKE web identity", map[string]string{"TKE_PROVIDER_ID": "tke", "TKE_ROLE_ARN": tcRoleArn, "TKE_WEB_IDENTITY_TOKEN_FILE": token}, "AssumeRoleWithWebIdentity"},
		{"assume_role from the environment", map[string]string{"TENCENTCLOUD_SECRET_ID": acctest.TencentcloudSecretID,
			"TENCENTCLOUD_SECRET_KEY": acctest.TencentcloudSecretKey, "TENCENTCLOUD_ASSUME_ROLE_ARN": tcRoleArn, "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION": "900"}, "AssumeRole"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			e := acctest.NewEmulator(t)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: tcBlock(e, "") + tcExportHCL,
					Check:  checkCallsAtLeast(t, e, map[string]int{tc.want: 1, "CreateExport": 1}),
				}},
			})
		})
	}
}
