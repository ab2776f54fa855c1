package cms_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// smallPages is an emulator whose lists refuse any page larger than the
// documented default (10) with the vendor's parameter error, where the
// clients ask for 100.
func smallPages(o *emulator.Options) { o.Alibaba.MaxPageSize = 10 }

// The exporter output's lifecycle against lists that refuse 100 per page:
// the client falls back to 10 and finds its output among 25 others.
func TestAccCMSExporterOutput_refusedPageSize(t *testing.T) {
	e := acctest.NewEmulator(t, smallPages)
	others := make([]string, 25)
	for i := range others {
		others[i] = fmt.Sprintf("a-other-%02d", i)
	}
	seedOutputs(t, e, others...)
	cfg := e.ProviderConfig() + `
resource "telemetry_cms_exporter_output" "test" {
  dest_name         = "zz-small-pages"
  dest_type         = "sls"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com/"
  sls_project       = "proj"
  sls_logstore      = "metrics"
  access_key_id     = "LTAIexample"
  access_key_secret = "example-secret"
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := emulatorOutputs(t, e, acctest.AlicloudRegion)["zz-small-pages"]; ok {
				return fmt.Errorf("the output survived destroy")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					if o, ok := emulatorOutputs(t, e, acctest.AlicloudRegion)["zz-small-pages"]; !ok || o.Project != "proj" {
						return fmt.Errorf("emulator holds %+v", o)
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:                         outputAddr,
				ImportState:                          true,
				ImportStateId:                        "zz-small-pages",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "dest_name",
				ImportStateVerifyIgnore:              []string{"access_key_secret"},
			},
		},
	})
}

// A dropped PutCustomEvent answer is reconciled through
// DescribeCustomEventAttribute lookups that refuse 100 per page: the
// events are found (at 10 per page) and not sent again.
func TestAccCMSCustomEvent_refusedPageSize(t *testing.T) {
	e := acctest.NewEmulator(t, smallPages)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultDrop}) },
			Config: e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "test" {
  events = [
    { name = "deploy", content = "a", time = "2025-02-01T00:00:00Z" },
    { name = "deploy", content = "b", time = "2025-02-01T00:00:01Z" },
  ]
}
`,
			Check: testAccCheckCustomEventCalls(t, e, 1, 2),
		}},
	})
}
