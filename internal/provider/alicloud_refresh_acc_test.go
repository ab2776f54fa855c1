package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// assumeRoleSettings are alicloud settings that assume testRoleArn with
// the emulator's keys.
func assumeRoleSettings() string {
	return fmt.Sprintf(`access_key = %q
    secret_key = %q
    assume_role {
      role_arn = %q
    }`, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, testRoleArn)
}

// Issue 28, item 2, through a real apply: the role's credentials live 60 s
// (emulator -sts-ttl 60) and one apply lasts over 150 s: a custom event is
// reported at the start, a second one after a CLS export that takes 150 s.
// The emulator refuses expired credentials, so the second event only
// succeeds if the provider refreshed them; it does so once, not per call.
func TestAccAlicloudCredentials_refreshDuringLongApply(t *testing.T) {
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		o.STSTTL = 60 * time.Second
		o.Tencent.QueueMS, o.Tencent.ProcessMS = 1000, 150_000
	})
	// One provider block for both clouds: aliased configurations of an
	// in-process provider would share one configured instance.
	config := strings.Replace(aliBlock(e, assumeRoleSettings()), "  alicloud {", fmt.Sprintf(`  tencentcloud {
    secret_id  = %q
    secret_key = %q
    region     = %q
    endpoint   = %q
  }
  alicloud {`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey, acctest.TencentcloudRegion, e.URL), 1) + fmt.Sprintf(`
resource "telemetry_cms_custom_event" "first" {
  events = [{ name = "long-apply", content = "before the export" }]
}
resource "telemetry_cls_export" "slow" {
  topic_id  = %q
  query     = "*"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  log_count = 10
  depends_on = [telemetry_cms_custom_event.first]
}
resource "telemetry_cms_custom_event" "second" {
  events     = [{ name = "long-apply", content = "after the export" }]
  depends_on = [telemetry_cls_export.slow]
}
`, tencent.DefaultTopics[0].TopicID)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				stats := e.Stats(t)
				// Refreshed before expiry, not after a refusal (which the
				// expired-token retry would also survive).
				if n := stats[core.StatExpiredCredentialRefused]; n != 0 {
					return fmt.Errorf("%d calls were refused with expired credentials, want 0: not refreshed in time (%v)", n, stats)
				}
				if stats["PutCustomEvent"] != 2 {
					return fmt.Errorf("PutCustomEvent called %d times, want 2 (%v)", stats["PutCustomEvent"], stats)
				}
				// One AssumeRole at the start, one after the export; a third
				// at most when a plan's process assumed the role too.
				if n := stats["AssumeRole"]; n < 2 || n > 3 {
					return fmt.Errorf("AssumeRole called %d times over a 150 s apply with 60 s credentials, want 2 or 3 (%v)", n, stats)
				}
				return nil
			},
		}},
	})
}
