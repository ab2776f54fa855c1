package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

const testRoleArn = "acs:ram::123456789012:role/telemetry"

// aliBlock is a provider block with only the alicloud block: the
// emulator's endpoints and the given credential settings.
func aliBlock(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  alicloud {
    region       = %q
    endpoint     = %q
    sts_endpoint = %q
%s
  }
}
`, acctest.AlicloudRegion, e.URL, e.URL, settings)
}

func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// cliConfig is an Alibaba Cloud CLI config.json with an AK profile "dev"
// holding the emulator's keys and a RamRoleArn profile "role".
func cliConfig(t *testing.T) string {
	return tempFile(t, "config.json", fmt.Sprintf(`{"current":"dev","profiles":[
  {"name":"dev","mode":"AK","access_key_id":%q,"access_key_secret":%q,"region_id":"cn-hangzhou"},
  {"name":"role","mode":"RamRoleArn","access_key_id":%q,"access_key_secret":%q,"ram_role_arn":%q,"ram_session_name":"cli","expired_seconds":900}
]}`, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, testRoleArn))
}

// credsTest applies the custom event with settings and checks the calls
// the emulator saw.
func credsTest(t *testing.T, e *acctest.Emulator, settings string, want map[string]int) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: aliBlock(e, settings) + customEventHCL,
			Check:  acctest.CheckCalls(t, e, want),
		}},
	})
}

func TestAccAlicloudCredentials_profile(t *testing.T) {
	e := acctest.NewEmulator(t)
	credsTest(t, e, fmt.Sprintf(`profile = "dev"
    shared_credentials_file = %q`, cliConfig(t)), map[string]int{"PutCustomEvent": 1, "AssumeRole": 0})
}

func TestAccAlicloudCredentials_profileRamRoleArn(t *testing.T) {
	e := acctest.NewEmulator(t)
	credsTest(t, e, fmt.Sprintf(`profile = "role"
    shared_credentials_file = %q`, cliConfig(t)), map[string]int{"PutCustomEvent": 1, "AssumeRole": 1})
}

func TestAccAlicloudCredentials_assumeRole(t *testing.T) {
	e := acctest.NewEmulator(t)
	credsTest(t, e, fmt.Sprintf(`access_key = %q
    secret_key = %q
    assume_role {
      role_arn     = %q
      session_name = "acceptance"
      duration     = "15m"
      external_id  = "abc"
      policy       = jsonencode({ Version = "1", Statement = [{ Effect = "Allow", Action = ["cms:*"], Resource = ["*"] }] })
    }`, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, testRoleArn), map[string]int{"PutCustomEvent": 1, "AssumeRole": 1})
}

// assume_role on top of a profile: the profile's keys sign AssumeRole.
func TestAccAlicloudCredentials_assumeRoleOverProfile(t *testing.T) {
	e := acctest.NewEmulator(t)
	credsTest(t, e, fmt.Sprintf(`profile = "dev"
    shared_credentials_file = %q
    assume_role {
      role_arn = %q
    }`, cliConfig(t), testRoleArn), map[string]int{"PutCustomEvent": 1, "AssumeRole": 1})
}

func TestAccAlicloudCredentials_oidc(t *testing.T) {
	e := acctest.NewEmulator(t)
	token := tempFile(t, "token", emulator.DefaultOptions().Alibaba.OIDCToken+"\n")
	credsTest(t, e, fmt.Sprintf(`oidc_role_arn     = %q
    oidc_provider_arn = "acs:ram::123456789012:oidc-provider/ci"
    oidc_token_file   = %q`, testRoleArn, token), map[string]int{"PutCustomEvent": 1, "AssumeRoleWithOIDC": 1})
}

// The instance role: the metadata address points at the emulator, the role
// name is looked up there.
func TestAccAlicloudCredentials_ecsMetadataRole(t *testing.T) {
	e := acctest.NewEmulator(t)
	credsTest(t, e, fmt.Sprintf(`ecs_metadata_endpoint = %q`, e.URL), map[string]int{"PutCustomEvent": 1, "ECSMetadataCredentials": 2})
}

// Static keys beat a profile (whose file does not even exist), a profile
// beats OIDC (whose token file does not exist), OIDC beats the instance role.
func TestAccAlicloudCredentials_precedence(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent")
	token := tempFile(t, "token", emulator.DefaultOptions().Alibaba.OIDCToken)
	oidc := func(file string) string {
		return fmt.Sprintf(`
    oidc_role_arn     = %q
    oidc_provider_arn = "acs:ram::123456789012:oidc-provider/ci"
    oidc_token_file   = %q`, testRoleArn, file)
	}
	for _, tc := range []struct {
		name     string
		settings func(e *acctest.Emulator) string
		want     map[string]int
	}{
		{"static beats profile, OIDC and ECS", func(*acctest.Emulator) string {
			return fmt.Sprintf(`access_key = %q
    secret_key = %q
    profile = "dev"
    shared_credentials_file = %q
    ecs_metadata_endpoint = "http://127.0.0.1:9"`, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, missing) + oidc(missing)
		}, map[string]int{"PutCustomEvent": 1, "AssumeRoleWithOIDC": 0, "ECSMetadataCredentials": 0}},
		{"profile beats OIDC and ECS", func(*acctest.Emulator) string {
			return fmt.Sprintf(`profile = "dev"
    shared_credentials_file = %q
    ecs_metadata_endpoint = "http://127.0.0.1:9"`, cliConfig(t)) + oidc(missing)
		}, map[string]int{"PutCustomEvent": 1, "AssumeRoleWithOIDC": 0, "ECSMetadataCredentials": 0}},
		{"OIDC beats ECS", func(e *acctest.Emulator) string {
			return fmt.Sprintf(`ecs_metadata_endpoint = %q`, e.URL) + oidc(token)
		}, map[string]int{"PutCustomEvent": 1, "AssumeRoleWithOIDC": 1, "ECSMetadataCredentials": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := acctest.NewEmulator(t)
			credsTest(t, e, tc.settings(e), tc.want)
		})
	}
}

// A configured source that fails is one diagnostic naming it, the cause and
// the order of the sources.
func TestAccAlicloudCredentials_brokenSourceNamed(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: aliBlock(e, fmt.Sprintf(`profile = "nope"
    shared_credentials_file = %q`, cliConfig(t))) + customEventHCL,
			ExpectError: regexp.MustCompile(`(?s)profile\s+"nope".*has\s+no\s+profile\s+"nope"\s+\(it\s+has:\s+dev,\s+role\).*tried\s+in\s+this\s+order:\s+1\.\s+static\s+keys.*2\.\s+a\s+profile.*3\.\s+OIDC.*4\.\s+the\s+ECS`),
		}, {
			Config: aliBlock(e, fmt.Sprintf(`oidc_role_arn     = %q
    oidc_provider_arn = "acs:ram::123456789012:oidc-provider/ci"
    oidc_token_file   = %q`, testRoleArn, tempFile(t, "token", "not-the-token"))) + customEventHCL,
			ExpectError: regexp.MustCompile(`(?s)OIDC\s+\(STS\s+AssumeRoleWithOIDC.*AuthenticationFail\.OIDCToken\.Invalid`),
		}},
	})
}

// offsetClock is the real clock moved forward by a test.
type offsetClock struct{ off atomic.Int64 }

func (c *offsetClock) Now() time.Time { return time.Now().Add(time.Duration(c.off.Load())) }
