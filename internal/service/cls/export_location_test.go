package cls_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// withTencentRegion rewrites the provider block's default tencentcloud.region
// ("" removes it, leaving TENCENTCLOUD_REGION).
func withTencentRegion(e *acctest.Emulator, region string) string {
	line := fmt.Sprintf("region     = %q\n", acctest.TencentcloudRegion)
	cfg := e.ProviderConfig()
	if !strings.Contains(cfg, line) {
		panic("acctest.ProviderConfig no longer holds " + line)
	}
	repl := ""
	if region != "" {
		repl = fmt.Sprintf("region     = %q\n", region)
	}
	return strings.Replace(cfg, line, repl, 1)
}

// locationConfig is exportConfig with the provider's default region and the
// resource's region ("" leaves it unset).
func locationConfig(e *acctest.Emulator, providerRegion, region string) string {
	extra := ""
	if region != "" {
		extra = fmt.Sprintf("  region = %q", region)
	}
	return withTencentRegion(e, providerRegion) + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %[1]q
  query     = "status:301"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  log_count = 10
%[2]s
}
`, topicID, extra)
}

type regionalExport struct {
	ExportID string `json:"export_id"`
	Region   string `json:"region"`
}

// checkExportIn asserts the emulator holds exactly one export, in region,
// and that the state tracks it.
func checkExportIn(t *testing.T, e *acctest.Emulator, region string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var st struct {
			Tencent struct {
				Exports []regionalExport `json:"exports"`
			} `json:"tencent"`
		}
		e.State(t, &st)
		xs := st.Tencent.Exports
		if len(xs) != 1 || xs[0].Region != region {
			return fmt.Errorf("want exactly one export, in %s; the emulator holds %+v", region, xs)
		}
		if got := s.RootModule().Resources[resourceName].Primary.Attributes["export_id"]; got != xs[0].ExportID {
			return fmt.Errorf("state tracks %s, the emulator holds %s", got, xs[0].ExportID)
		}
		return nil
	}
}

// TestAccCLSExport_location proves the location rule: a changed provider
// default never moves (replaces) an export; a region configured on the
// resource that differs from the state does; a new object goes where the
// configuration says, else to the provider default.
func TestAccCLSExport_location(t *testing.T) {
	const gz, sh, bj = "ap-guangzhou", "ap-shanghai", "ap-beijing"
	// Topics belong to one region: the test's topic exists in all three.
	e := fastEmulator(t, func(o *emulator.Options) {
		o.Tencent.Topics = append(o.Tencent.Topics, tencent.Topic{TopicID: topicID, Region: sh}, tencent.Topic{TopicID: topicID, Region: bj})
	})
	region := func(r string) []statecheck.StateCheck {
		return []statecheck.StateCheck{statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("region"), knownvalue.StringExact(r))}
	}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	replace := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			// A new export goes to the provider default.
			{Config: locationConfig(e, gz, ""), ConfigStateChecks: region(gz), Check: checkExportIn(t, e, gz)},
			// Another default (another CI runner): nothing planned, the export stays and is still read from where it is.
			{Config: locationConfig(e, sh, ""), ConfigPlanChecks: empty, ConfigStateChecks: region(gz), Check: checkExportIn(t, e, gz)},
			// The same region set on the resource: nothing planned.
			{Config: locationConfig(e, sh, gz), ConfigPlanChecks: empty, ConfigStateChecks: region(gz), Check: checkExportIn(t, e, gz)},
			// A configured region that differs from the state: replaced, and created there.
			{Config: locationConfig(e, sh, bj), ConfigPlanChecks: replace, ConfigStateChecks: region(bj), Check: checkExportIn(t, e, bj)},
			// The region removed from the resource again: it stays in ap-beijing.
			{Config: locationConfig(e, gz, ""), ConfigPlanChecks: empty, ConfigStateChecks: region(bj), Check: checkExportIn(t, e, bj)},
			// A replacement for another reason goes to the provider default of now.
			{
				Config:            strings.Replace(locationConfig(e, sh, ""), "status:301", "status:308", 1),
				ConfigPlanChecks:  replace,
				ConfigStateChecks: region(sh),
				Check:             checkExportIn(t, e, sh),
			},
		},
	})
}

// TestAccCLSExport_locationEnv is TestAccCLSExport_location's first half
// with the default from TENCENTCLOUD_REGION. It sets the environment, so it
// cannot run in parallel.
func TestAccCLSExport_locationEnv(t *testing.T) {
	e := fastEmulator(t)
	const gz, sh = "ap-guangzhou", "ap-shanghai"
	t.Setenv("TENCENTCLOUD_REGION", gz)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{Config: locationConfig(e, "", ""), Check: checkExportIn(t, e, gz)},
			{
				PreConfig:        func() { t.Setenv("TENCENTCLOUD_REGION", sh) },
				Config:           locationConfig(e, "", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("region"), knownvalue.StringExact(gz)),
				},
				Check: checkExportIn(t, e, gz),
			},
		},
	})
}
