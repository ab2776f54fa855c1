package reliability_test

import (
	"fmt"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// Distinctive secrets of the Tencent Cloud credential sources.
const (
	tcBaseSecret       = "tc-base-SECRET-7a1f30"
	tcWebIdentityToken = "tc-WEB-IDENTITY-TOKEN-52e9aa"
	tcWrongToken       = "WRONG-tc-WEB-IDENTITY-TOKEN-d41"
)

// tcCredsProvider is a tencentcloud block at the emulator with the
// credential settings given.
func tcCredsProvider(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  tencentcloud {
    region       = %[2]q
    endpoint     = %[1]q
    sts_endpoint = %[1]q
%[3]s
  }
}
`, e.URL, acctest.TencentcloudRegion, settings)
}

// TestAccReliability_tencentCredentialSourceSecretsStayOut runs apply and
// destroy at TF_LOG=TRACE with every Tencent Cloud credential source that
// handles temporary credentials (assume_role, web identity, the CVM CAM
// role, a profile with a roleArn), then a failing web identity exchange,
// and scans the logs, the diagnostics and the state for the base secret,
// the web identity tokens and every secret and token the emulator issued.
func TestAccReliability_tencentCredentialSourceSecretsStayOut(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		fast(o)
		o.Tencent.SecretKey = tcBaseSecret
		o.Tencent.WebIdentityToken = tcWebIdentityToken
	})
	dir, write := fileWriter(t)
	token, wrong := write("token", tcWebIdentityToken), write("wrong", tcWrongToken)
	write("role.credential", fmt.Sprintf(`{"secretId":%q,"secretKey":%q,"roleArn":"qcs::cam::uin/1:roleName/p"}`, acctest.TencentcloudSecretID, tcBaseSecret))
	web := func(file string) string {
		return fmt.Sprintf(`assume_role_with_web_identity {
      provider_id             = "ci"
      role_arn                = "qcs::cam::uin/1:roleName/ci"
      web_identity_token_file = %q
    }`, file)
	}
	sources := []string{
		fmt.Sprintf(`secret_id = %q
    secret_key = %q
    assume_role {
      role_arn = "qcs::cam::uin/1:roleName/telemetry"
    }`, acctest.TencentcloudSecretID, tcBaseSecret),
		web(token),
		fmt.Sprintf(`cvm_metadata_endpoint = %q`, e.URL),
		fmt.Sprintf(`profile = "role"
    shared_credentials_dir = %q`, dir),
	}
	credentialSecretsCase{
		config:  func(src string) string { return tcCredsProvider(e, src) + clsHCL("") },
		sources: sources, failing: web(wrong), failCode: "InvalidParameter.WebIdentityTokenError",
		secrets: []string{tcBaseSecret, tcWebIdentityToken, tcWrongToken},
		logged:  []string{"AssumeRoleWithWebIdentity", "AssumeRole"},
	}.run(t)
	if n := e.Stats(t)["AssumeRole"]; n < 2 {
		t.Errorf("AssumeRole called %d times, want the assume_role and profile runs", n)
	}
}
