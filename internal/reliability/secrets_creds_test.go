package reliability_test

import (
	"fmt"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// Distinctive secrets of the Alibaba credential sources.
const (
	credsBaseSecret = "ali-base-SECRET-19e2c4"
	credsOIDCToken  = "ali-OIDC-TOKEN-6b7c8d"
	wrongOIDCToken  = "WRONG-ali-OIDC-TOKEN-0c1"
)

// credsProvider is an alicloud block at the emulator with the credential
// settings given.
func credsProvider(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  alicloud {
    region       = %[2]q
    endpoint     = %[1]q
    sts_endpoint = %[1]q
%[3]s
  }
}
`, e.URL, acctest.AlicloudRegion, settings)
}

// TestAccReliability_credentialSourceSecretsStayOut runs apply and destroy
// at TF_LOG=TRACE with every Alibaba credential source that handles
// temporary credentials (assume_role, OIDC, the ECS metadata role, a
// RamRoleArn profile), then a failing OIDC exchange, and scans the logs,
// the diagnostics and the state for the base secret, the OIDC tokens and
// every secret and security token the emulator issued.
func TestAccReliability_credentialSourceSecretsStayOut(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		fast(o)
		o.Alibaba.SecretKey = credsBaseSecret
		o.Alibaba.OIDCToken = credsOIDCToken
	})
	_, write := fileWriter(t)
	token, wrong := write("token", credsOIDCToken), write("wrong", wrongOIDCToken)
	profile := write("config.json", fmt.Sprintf(`{"profiles":[{"name":"role","mode":"RamRoleArn","access_key_id":%q,"access_key_secret":%q,"ram_role_arn":"acs:ram::1:role/p"}]}`,
		acctest.AlicloudAccessKey, credsBaseSecret))
	oidc := func(file string) string {
		return fmt.Sprintf(`oidc_role_arn = "acs:ram::1:role/ci"
    oidc_provider_arn = "acs:ram::1:oidc-provider/ci"
    oidc_token_file = %q`, file)
	}
	sources := []string{
		fmt.Sprintf(`access_key = %q
    secret_key = %q
    assume_role {
      role_arn = "acs:ram::1:role/telemetry"
    }`, acctest.AlicloudAccessKey, credsBaseSecret),
		oidc(token),
		fmt.Sprintf(`ecs_metadata_endpoint = %q`, e.URL),
		fmt.Sprintf(`profile = "role"
    shared_credentials_file = %q`, profile),
	}
	credentialSecretsCase{
		config:  func(src string) string { return credsProvider(e, src) + eventHCL() },
		sources: sources, failing: oidc(wrong), failCode: "AuthenticationFail.OIDCToken.Invalid",
		secrets: []string{credsBaseSecret, credsOIDCToken, wrongOIDCToken},
		logged:  []string{"AssumeRoleWithOIDC", "AssumeRole"},
	}.run(t)
	if n := e.Stats(t)["AssumeRole"]; n < 2 {
		t.Errorf("AssumeRole called %d times, want the assume_role and profile runs", n)
	}
}
