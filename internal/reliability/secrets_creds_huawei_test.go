package reliability_test

import (
	"fmt"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// Distinctive secrets of the Huawei Cloud credential sources.
const (
	hwCredsBaseSecret   = "hw-base-SECRET-5d1e7a"
	hwCredsAuthToken    = "hw-AUTH-TOKEN-8c2f4b"
	hwCredsIDToken      = "hw-OIDC-ID-TOKEN-3a9b0c"
	hwCredsWrongIDToken = "WRONG-hw-OIDC-ID-TOKEN-77d"
)

// hwCredsProvider is a huaweicloud block at the emulator with the
// credential settings given.
func hwCredsProvider(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  huaweicloud {
    region       = %[2]q
    project_id   = %[3]q
    endpoint     = %[1]q
    iam_endpoint = %[1]q
%[4]s
  }
}

resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %[5]q
}
`, e.URL, acctest.HuaweicloudRegion, acctest.HuaweicloudProjectID, settings, serverID)
}

// TestAccReliability_huaweiCredentialSourceSecretsStayOut runs apply and
// destroy at TF_LOG=TRACE with every Huawei Cloud credential source that
// handles temporary credentials (assume_role over the keys and over the IAM
// token, OIDC, the ECS agency, a KooCLI profile with an agency), then a
// failing OIDC exchange, and scans the logs, the diagnostics and the state
// for the base secret, the IAM token, the ID tokens and every secret,
// security token and IAM token the emulator issued.
func TestAccReliability_huaweiCredentialSourceSecretsStayOut(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		fast(o)
		o.Huawei.SecretKey = hwCredsBaseSecret
		o.Huawei.AuthToken = hwCredsAuthToken
		o.Huawei.IDToken = hwCredsIDToken
	})
	_, write := fileWriter(t)
	idToken, wrong := write("id-token", hwCredsIDToken), write("wrong", hwCredsWrongIDToken)
	profile := write("config.json", fmt.Sprintf(`{"current":"agency","profiles":[{"name":"agency","mode":"AKSK","accessKeyId":%q,"secretAccessKey":%q,"agencyName":"ops","agencyDomainName":"acme"}]}`,
		acctest.HuaweicloudAccessKey, hwCredsBaseSecret))
	oidc := func(file string) string {
		return fmt.Sprintf("idp_id = %q\n    id_token_file = %q", emulator.DefaultOptions().Huawei.IdpID, file)
	}
	const agency = "\n    assume_role {\n      agency_name = \"telemetry\"\n      domain_name = \"acme\"\n    }"
	sources := []string{
		fmt.Sprintf("access_key = %q\n    secret_key = %q", acctest.HuaweicloudAccessKey, hwCredsBaseSecret) + agency,
		fmt.Sprintf("auth_token = %q", hwCredsAuthToken) + agency,
		oidc(idToken),
		fmt.Sprintf("ecs_metadata_endpoint = %q", e.URL),
		fmt.Sprintf("shared_config_file = %q", profile),
	}
	credentialSecretsCase{
		config:  func(src string) string { return hwCredsProvider(e, src) },
		sources: sources, failing: oidc(wrong), failCode: "IAM.0012",
		secrets: []string{hwCredsBaseSecret, hwCredsAuthToken, hwCredsIDToken, hwCredsWrongIDToken},
		logged:  []string{huawei.OpAssumeAgency, huawei.OpTokenWithIDToken, huawei.OpTokenCredentials},
	}.run(t)
	stats := e.Stats(t)
	for _, op := range []string{huawei.OpAssumeAgency, huawei.OpTokenWithIDToken, huawei.OpTokenCredentials, huawei.OpMetadataKey} {
		if stats[op] == 0 {
			t.Errorf("%s never called: a source was not exercised (all counts: %v)", op, stats)
		}
	}
}
