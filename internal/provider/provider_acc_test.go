package provider_test

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// clearCredentialEnv makes sure no credential leaks in from the machine:
// every variable the provider reads (conns.EnvVars) is emptied.
func clearCredentialEnv(t *testing.T) {
	for _, names := range conns.EnvVars {
		for _, v := range names {
			t.Setenv(v, "")
		}
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

// Issue 13, item 10: provider settings that come from another resource are
// unknown at plan, which means "known at apply". Every cloud's credentials,
// region and project come from terraform_data here; the plan goes through
// and the apply creates one object per resource with the values known then.
// Before the fix the plan failed with "credential ... is not set".
func TestAccProvider_unknownSettingsAtPlan(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := fmt.Sprintf(`
resource "terraform_data" "settings" {
  input = {
    ali_key = %[2]q, ali_secret = %[3]q, ali_region = %[4]q
    tc_id = %[5]q, tc_key = %[6]q, tc_region = %[7]q
    hw_ak = %[8]q, hw_sk = %[9]q, hw_project = %[10]q, hw_region = %[11]q
  }
}
locals { s = terraform_data.settings.output }
provider "telemetry" {
  alicloud {
    access_key = local.s.ali_key
    secret_key = local.s.ali_secret
    region     = local.s.ali_region
    endpoint   = %[1]q
  }
  tencentcloud {
    secret_id  = local.s.tc_id
    secret_key = local.s.tc_key
    region     = local.s.tc_region
    endpoint   = %[1]q
  }
  huaweicloud {
    access_key = local.s.hw_ak
    secret_key = local.s.hw_sk
    project_id = local.s.hw_project
    region     = local.s.hw_region
    endpoint   = %[1]q
  }
}
resource "telemetry_cls_export" "test" {
  topic_id  = %[12]q
  query     = "*"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  log_count = 10
}
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %[13]q
}
`, e.URL, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, acctest.AlicloudRegion, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey,
		acctest.TencentcloudRegion, acctest.HuaweicloudAccessKey, acctest.HuaweicloudSecretKey, acctest.HuaweicloudProjectID, acctest.HuaweicloudRegion,
		tencent.DefaultTopics[0].TopicID, huawei.DefaultServers(acctest.HuaweicloudProjectID)[0].ID) + customEventHCL
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("telemetry_cms_custom_event.test", tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
				statecheck.ExpectKnownValue("telemetry_cls_export.test", tfjsonpath.New("region"), knownvalue.StringExact(acctest.TencentcloudRegion)),
				statecheck.ExpectKnownValue("telemetry_baremetal_log_export.test", tfjsonpath.New("region"), knownvalue.StringExact(acctest.HuaweicloudRegion)),
				statecheck.ExpectKnownValue("telemetry_baremetal_log_export.test", tfjsonpath.New("project_id"), knownvalue.StringExact(acctest.HuaweicloudProjectID)),
			},
		}},
	})
	stats := e.Stats(t)
	for op, want := range map[string]int{"PutCustomEvent": 1, "CreateExport": 1} {
		if stats[op] != want {
			t.Errorf("%s calls = %d, want %d", op, stats[op], want)
		}
	}
}

// Issue 18, item 11: an http:// endpoint on a host that is not loopback is
// refused at plan, naming the attribute, unless the block sets
// insecure_http; loopback (the emulator) is always fine.
func TestAccProvider_cleartextEndpointRefused(t *testing.T) {
	e := acctest.NewEmulator(t)
	remote := strings.Replace(e.URL, "127.0.0.1", "emulator.internal", 1)
	cfg := func(insecure string) string {
		return fmt.Sprintf(`
provider "telemetry" {
  alicloud {
    access_key = %q
    secret_key = %q
    region     = "cn-hangzhou"
    endpoint   = %q
    %s
  }
}
`, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, remote, insecure) + customEventHCL
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg(""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)alicloud\.endpoint.*not a loopback host.*insecure_http`),
			},
			{
				// Allowed for a test rig: the plan goes through (nothing is sent at plan).
				Config:             cfg("insecure_http = true"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
	if n := len(e.Stats(t)); n != 0 {
		t.Fatalf("the emulator saw calls at plan: %v", e.Stats(t))
	}
}

// Issue 18, item 3: a connection refused names the endpoint and the
// setting that chose it, and is not reported as a write that may have
// happened.
func TestAccProvider_connectionRefusedNamesEndpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		ErrorCheck: func(err error) error {
			if strings.Contains(err.Error(), "may or may not") {
				return fmt.Errorf("a refused connection was reported as ambiguous: %w", err)
			}
			return err
		},
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "telemetry" {
  max_retries = 0
  tencentcloud {
    secret_id  = %q
    secret_key = %q
    region     = "ap-guangzhou"
    endpoint   = %q
  }
}
resource "telemetry_cls_export" "test" {
  topic_id  = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  query     = "*"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  log_count = 10
}
`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey, dead),
			ExpectError: regexp.MustCompile(`(?s)connection refused.*tencentcloud\.endpoint\s+or\s+TELEMETRY_TENCENTCLOUD_ENDPOINT.*never\s+reached`),
		}},
	})
}

// Issue 18, item 2: a Huawei configuration with nothing set names every
// missing setting in one plan (credentials, region and project), each with
// its environment variable.
func TestAccProvider_everyMissingSettingAtOnce(t *testing.T) {
	clearCredentialEnv(t)
	e := acctest.NewEmulator(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "telemetry" {
  huaweicloud {
    endpoint = %q
  }
}
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
}
`, e.URL),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)huaweicloud\.access_key \(HW_ACCESS_KEY\).*huaweicloud\.secret_key \(HW_SECRET_KEY\).*huaweicloud\.region \(HW_REGION_NAME\).*HW_PROJECT_ID`),
		}},
	})
}
