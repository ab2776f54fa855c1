package provider_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// clearCredentialEnv makes sure no credential leaks in from the machine.
func clearCredentialEnv(t *testing.T) {
	for _, v := range []string{
		"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
		"ALICLOUD_SECURITY_TOKEN", "ALICLOUD_REGION", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY",
		"TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_REGION", "HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN",
		"HW_AUTH_TOKEN", "HW_PROJECT_ID", "HW_REGION_NAME", "TELEMETRY_ALICLOUD_ENDPOINT",
		"TELEMETRY_TENCENTCLOUD_ENDPOINT", "TELEMETRY_HUAWEICLOUD_ENDPOINT",
	} {
		t.Setenv(v, "")
	}
}

const customEventHCL = `
resource "telemetry_cms_custom_event" "test" {
  events = [{
    name    = "provider-test"
    content = "lazy credentials"
  }]
}
`

// Only the alicloud block is configured, with credentials from the
// environment: Tencent and Huawei settings are never needed.
func TestAccProvider_lazyCredentialsFromEnvironment(t *testing.T) {
	clearCredentialEnv(t)
	e := acctest.NewEmulator(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", acctest.AlicloudAccessKey)
	t.Setenv("ALICLOUD_SECRET_KEY", acctest.AlicloudSecretKey)
	t.Setenv("ALICLOUD_REGION", acctest.AlicloudRegion)
	t.Setenv("TELEMETRY_ALICLOUD_ENDPOINT", e.URL)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "telemetry" {}` + customEventHCL,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("telemetry_cms_custom_event.test", tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
			},
		}},
	})
	if got := e.Stats(t)["PutCustomEvent"]; got != 1 {
		t.Fatalf("PutCustomEvent calls = %d, want 1", got)
	}
}

// A missing credential is reported at plan time, naming the attribute and
// the environment variable, before any API call.
func TestAccProvider_missingCredentialNamesAttributeAndEnv(t *testing.T) {
	clearCredentialEnv(t)
	e := acctest.NewEmulator(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "telemetry" {
  alicloud {
    region   = "cn-hangzhou"
    endpoint = %q
  }
}
`, e.URL) + customEventHCL,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)alicloud\.access_key.*ALICLOUD_ACCESS_KEY`),
		}},
	})
	if n := len(e.Stats(t)); n != 0 {
		t.Fatalf("the emulator saw %d kinds of calls, want none: %v", n, e.Stats(t))
	}
}

// A wrong secret key is rejected by the emulator's signature check; the
// vendor's code reaches the user, the secret never does.
func TestAccProvider_wrongSecretKeySurfacesVendorCode(t *testing.T) {
	clearCredentialEnv(t)
	e := acctest.NewEmulator(t)
	const wrongSecret = "wrong-secret-value-8d1f"
	called := false
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		ErrorCheck: func(err error) error {
			called = true
			msg := err.Error()
			if !strings.Contains(msg, "SignatureDoesNotMatch") {
				return fmt.Errorf("error does not carry the vendor code SignatureDoesNotMatch: %w", err)
			}
			if strings.Contains(msg, wrongSecret) {
				return errors.New("the secret key appears in the error output")
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "telemetry" {
  alicloud {
    access_key = %q
    secret_key = %q
    region     = "cn-hangzhou"
    endpoint   = %q
  }
}
`, acctest.AlicloudAccessKey, wrongSecret, e.URL) + customEventHCL,
		}},
	})
	if !called {
		t.Fatal("apply with a wrong secret key succeeded")
	}
}
