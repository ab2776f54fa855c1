package provider_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

const hwExportHCL = `
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
}
`

// hwAgency is an assume_role block the emulator accepts.
const hwAgency = `
    assume_role {
      agency_name  = "telemetry-ops"
      domain_name  = "acme"
      duration     = 3600
      session_name = "acceptance"
    }`

// hwBlock is a provider block with only the huaweicloud block: the
// emulator's endpoints and the given credential settings.
func hwBlock(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  huaweicloud {
    region       = %q
    project_id   = %q
    endpoint     = %q
    iam_endpoint = %q
%s
  }
}
`, acctest.HuaweicloudRegion, acctest.HuaweicloudProjectID, e.URL, e.URL, settings)
}

// hwEmulator is an emulator whose exports finish at once.
func hwEmulator(t *testing.T, opts ...func(*emulator.Options)) *acctest.Emulator {
	return acctest.NewEmulator(t, append([]func(*emulator.Options){func(o *emulator.Options) { o.Huawei.ExportMS = 40 }}, opts...)...)
}

// hcloudConfig is a KooCLI config.json whose current profile "dev" holds
// the emulator's keys, and a profile "agency" that names an agency.
func hcloudConfig(t *testing.T) string {
	return tempFile(t, "config.json", fmt.Sprintf(`{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":%[1]q,"secretAccessKey":%[2]q,"region":"cn-east-3","projectId":%[3]q},
  {"name":"agency","mode":"AKSK","accessKeyId":%[1]q,"secretAccessKey":%[2]q,"agencyName":"ops","agencyDomainName":"acme"}
]}`, acctest.HuaweicloudAccessKey, acctest.HuaweicloudSecretKey, acctest.HuaweicloudProjectID))
}

// hwCredsTest applies an export with settings and checks the calls the
// emulator saw (each count at least 1 means "called", 0 "never called").
func hwCredsTest(t *testing.T, e *acctest.Emulator, settings string, called map[string]bool) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: hwBlock(e, settings) + hwExportHCL,
			Check:  checkCalled(t, e, called),
		}},
	})
}

func checkCalled(t *testing.T, e *acctest.Emulator, called map[string]bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats := e.Stats(t)
		if stats[huawei.OpExport] != 1 {
			return fmt.Errorf("%d exports, want 1 (all counts: %v)", stats[huawei.OpExport], stats)
		}
		for op, want := range called {
			if (stats[op] > 0) != want {
				return fmt.Errorf("%s called %d times, want called: %v (all counts: %v)", op, stats[op], want, stats)
			}
		}
		return nil
	}
}

func TestAccHuaweicloudCredentials_staticKeys(t *testing.T) {
	e := hwEmulator(t)
	hwCredsTest(t, e, fmt.Sprintf(`access_key = %q
    secret_key = %q`, acctest.HuaweicloudAccessKey, acctest.HuaweicloudSecretKey), map[string]bool{huawei.OpAssumeAgency: false})
}

func TestAccHuaweicloudCredentials_authToken(t *testing.T) {
	e := hwEmulator(t)
	hwCredsTest(t, e, fmt.Sprintf(`auth_token = %q`, acctest.HuaweicloudAuthToken), map[string]bool{huawei.OpAssumeAgency: false})
}

func TestAccHuaweicloudCredentials_profile(t *testing.T) {
	e := hwEmulator(t)
	hwCredsTest(t, e, fmt.Sprintf(`shared_config_file = %q`, hcloudConfig(t)), map[string]bool{huawei.OpAssumeAgency: false})
}

func TestAccHuaweicloudCredentials_profileWithAgency(t *testing.T) {
	e := hwEmulator(t)
	hwCredsTest(t, e, fmt.Sprintf(`profile = "agency"
    shared_config_file = %q`, hcloudConfig(t)), map[string]bool{huawei.OpAssumeAgency: true})
}

func TestAccHuaweicloudCredentials_assumeRole(t *testing.T) {
	e := hwEmulator(t)
	hwCredsTest(t, e, fmt.Sprintf(`access_key = %q
    secret_key = %q`, acctest.HuaweicloudAccessKey, acctest.HuaweicloudSecretKey)+hwAgency, map[string]bool{huawei.OpAssumeAgency: true})
}

// assume_role on top of a profile, and on top of the IAM token.
func TestAccHuaweicloudCredentials_assumeRoleOverProfileAndToken(t *testing.T) {
	t.Run("profile", func(t *testing.T) {
		e := hwEmulator(t)
		hwCredsTest(t, e, fmt.Sprintf(`profile = "dev"
    shared_config_file = %q`, hcloudConfig(t))+hwAgency, map[string]bool{huawei.OpAssumeAgency: true})
	})
	t.Run("token", func(t *testing.T) {
		e := hwEmulator(t)
		hwCredsTest(t, e, fmt.Sprintf(`auth_token = %q`, acctest.HuaweicloudAuthToken)+hwAgency, map[string]bool{huawei.OpAssumeAgency: true})
	})
}

func TestAccHuaweicloudCredentials_oidc(t *testing.T) {
	e := hwEmulator(t)
	o := emulator.DefaultOptions().Huawei
	token := tempFile(t, "id-token", o.IDToken+"\n")
	hwCredsTest(t, e, fmt.Sprintf(`idp_id = %q
    id_token_file = %q`, o.IdpID, token), map[string]bool{huawei.OpTokenWithIDToken: true, huawei.OpTokenCredentials: true})
}

// The ECS agency: the metadata address points at the emulator.
func TestAccHuaweicloudCredentials_ecsAgency(t *testing.T) {
	e := hwEmulator(t)
	hwCredsTest(t, e, fmt.Sprintf(`ecs_metadata_endpoint = %q`, e.URL), map[string]bool{huawei.OpMetadataKey: true})
}

// The token beats static keys (wrong ones), static keys beat a profile
// (whose file does not exist), a profile beats OIDC (whose token file does
// not exist), OIDC beats the ECS agency.
func TestAccHuaweicloudCredentials_precedence(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent")
	o := emulator.DefaultOptions().Huawei
	token := tempFile(t, "id-token", o.IDToken)
	oidc := func(file string) string {
		return fmt.Sprintf(`
    idp_id = %q
    id_token_file = %q`, o.IdpID, file)
	}
	profile := func(file string) string { return fmt.Sprintf("\n    shared_config_file = %q", file) }
	const deadECS = "\n    ecs_metadata_endpoint = \"http://127.0.0.1:9\""
	for _, tc := range []struct {
		name     string
		settings func(e *acctest.Emulator) string
		called   map[string]bool
	}{
		{"token beats keys, profile, OIDC and ECS", func(*acctest.Emulator) string {
			return fmt.Sprintf(`auth_token = %q
    access_key = "wrong"
    secret_key = "wrong"`, acctest.HuaweicloudAuthToken) + profile(missing) + oidc(missing) + deadECS
		}, map[string]bool{huawei.OpTokenWithIDToken: false, huawei.OpMetadataKey: false}},
		{"keys beat profile, OIDC and ECS", func(*acctest.Emulator) string {
			return fmt.Sprintf(`access_key = %q
    secret_key = %q`, acctest.HuaweicloudAccessKey, acctest.HuaweicloudSecretKey) + profile(missing) + oidc(missing) + deadECS
		}, map[string]bool{huawei.OpTokenWithIDToken: false, huawei.OpMetadataKey: false}},
		{"profile beats OIDC and ECS", func(*acctest.Emulator) string {
			return profile(hcloudConfig(t)) + oidc(missing) + deadECS
		}, map[string]bool{huawei.OpTokenWithIDToken: false, huawei.OpMetadataKey: false}},
		{"OIDC beats ECS", func(e *acctest.Emulator) string {
			return fmt.Sprintf(`ecs_metadata_endpoint = %q`, e.URL) + oidc(token)
		}, map[string]bool{huawei.OpTokenWithIDToken: true, huawei.OpMetadataKey: false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := hwEmulator(t)
			hwCredsTest(t, e, tc.settings(e), tc.called)
		})
	}
}

// A configured source that fails is one diagnostic naming it, the cause and
// the order of the sources.
func TestAccHuaweicloudCredentials_brokenSourceNamed(t *testing.T) {
	e := hwEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: hwBlock(e, fmt.Sprintf(`profile = "nope"
    shared_config_file = %q`, hcloudConfig(t))) + hwExportHCL,
			ExpectError: regexp.MustCompile(`(?s)profile\s+"nope".*has\s+no\s+profile\s+"nope"\s+\(it\s+has:\s+dev,\s+agency\).*tried\s+in\s+this\s+order:\s+1\.\s+an\s+IAM\s+token.*2\.\s+static\s+keys.*3\.\s+a\s+profile.*4\.\s+OIDC.*5\.\s+the\s+ECS`),
		}, {
			Config: hwBlock(e, fmt.Sprintf(`idp_id = "emulator-idp"
    id_token_file = %q`, tempFile(t, "id-token", "not-the-token"))) + hwExportHCL,
			ExpectError: regexp.MustCompile(`(?s)OIDC\s+\(IAM\s+id-token\s+tokens.*IAM\.0012`),
		}},
	})
}

// THE REFRESH TEST: the agency's AK/SK live 60 s (-sts-ttl), the export
// takes 150 s; one apply succeeds, and the agency is assumed a few times
// over the run, not per call.
func TestAccHuaweicloudCredentials_refreshDuringLongExport(t *testing.T) {
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		o.STSTTL = 60 * time.Second
		o.Huawei.ExportMS = 150_000
		o.Huawei.PercentStep = 10
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: hwBlock(e, fmt.Sprintf(`access_key = %q
    secret_key = %q`, acctest.HuaweicloudAccessKey, acctest.HuaweicloudSecretKey)+hwAgency) + hwExportHCL,
			Check: func(*terraform.State) error {
				stats := e.Stats(t)
				refreshes, polls := stats[huawei.OpAssumeAgency], stats[huawei.OpStatus]
				t.Logf("%d agency AK/SK for %d status reads over the 150 s export", refreshes, polls)
				// Refreshed before expiry, not after a refusal (which the
				// expired-token retry would also survive).
				if n := stats[core.StatExpiredCredentialRefused]; n != 0 {
					return fmt.Errorf("%d calls were refused with expired credentials, want 0: not refreshed in time", n)
				}
				if refreshes < 3 || refreshes > 6 || polls < 2*refreshes {
					return fmt.Errorf("the agency was assumed %d times for %d status reads, want 3 to 6 and far fewer than the reads (all counts: %v)", refreshes, polls, stats)
				}
				return nil
			},
		}},
	})
}
