package cms_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// emulatorModes are the undocumented behaviours the provider must survive,
// one at a time and all together (issue 14).
var emulatorModes = []struct {
	name  string
	modes core.Modes
}{
	{"page-cap", core.Modes{PageCap: 7}},
	{"visibility-lag", core.Modes{VisibilityLagMS: 2000}},
	{"normalize", core.Modes{Normalize: true}},
	{"vendor-example-shapes", core.Modes{VendorExamples: true}},
	{"all", core.Modes{PageCap: 7, VisibilityLagMS: 2000, Normalize: true, VendorExamples: true}},
}

// The exporter output's main scenario under each mode: create, empty plan,
// in-place update, empty plan, import, destroy, with 20 other outputs so
// that paging matters. After each step the emulator holds exactly one
// output of this name with the configured values.
func TestAccCMSExporterOutput_modes(t *testing.T) {
	for _, m := range emulatorModes {
		t.Run(m.name, func(t *testing.T) {
			e := acctest.NewEmulator(t, func(o *emulator.Options) { o.Modes = m.modes })
			others := make([]string, 20)
			for i := range others {
				others[i] = fmt.Sprintf("other-%02d", i)
			}
			seedOutputs(t, e, others...)
			cfg := func(project string) string {
				return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_exporter_output" "test" {
  dest_name         = "zz-mode-out"
  dest_type         = "sls"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com/"
  sls_project       = %q
  sls_logstore      = "metrics"
  access_key_id     = "LTAIexample"
  access_key_secret = "example-secret"
}
`, project)
			}
			holds := func(project string) resource.TestCheckFunc {
				return func(*terraform.State) error {
					all := emulatorOutputs(t, e, acctest.AlicloudRegion)
					if len(all) != 21 {
						return fmt.Errorf("emulator holds %d outputs, want 21", len(all))
					}
					if o := all["zz-mode-out"]; o.Project != project || o.Endpoint != "https://cn-hangzhou.log.aliyuncs.com/" {
						return fmt.Errorf("emulator holds %+v", o)
					}
					return nil
				}
			}
			importIgnore := []string{"access_key_secret"}
			if m.modes.Normalize {
				// Imported, the output has no configured spelling yet: the
				// state takes the API's (an equivalent address).
				importIgnore = append(importIgnore, "sls_endpoint", "dest_type")
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if _, ok := emulatorOutputs(t, e, acctest.AlicloudRegion)["zz-mode-out"]; ok {
						return fmt.Errorf("the output survived destroy")
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config: cfg("proj-a"),
						Check:  holds("proj-a"),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("sls_endpoint"), knownvalue.StringExact("https://cn-hangzhou.log.aliyuncs.com/")),
							statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("dest_type"), knownvalue.StringExact("sls")),
						},
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					{
						Config: cfg("proj-b"),
						Check:  holds("proj-b"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						ResourceName:                         outputAddr,
						ImportState:                          true,
						ImportStateId:                        "zz-mode-out",
						ImportStateVerify:                    true,
						ImportStateVerifyIdentifierAttribute: "dest_name",
						ImportStateVerifyIgnore:              importIgnore,
					},
				},
			})
		})
	}
}

// Custom events under each mode: a dropped answer (the events were stored)
// is reconciled without sending them again, also while the lookup does not
// show them yet (visibility lag); a 500 (not stored) sends them once more.
func TestAccCMSCustomEvent_modes(t *testing.T) {
	for _, m := range emulatorModes {
		t.Run(m.name, func(t *testing.T) {
			e := acctest.NewEmulator(t, func(o *emulator.Options) { o.Modes = m.modes })
			cfg := func(release string) string {
				return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_custom_event" "test" {
  triggers = { release = %q }
  events = [
    { name = "deploy", content = "a", time = "2025-02-01T00:00:00Z" },
    { name = "deploy", content = "a", time = "2025-02-01T00:00:00Z" },
    { name = "deploy", content = "b" },
  ]
}
`, release)
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig: func() { e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultDrop}) },
						Config:    cfg("v1"),
						Check:     testAccCheckCustomEventCalls(t, e, 1, 3),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						PreConfig: func() {
							e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500})
						},
						Config: cfg("v2"),
						Check:  testAccCheckCustomEventCalls(t, e, 3, 6),
					},
				},
			})
		})
	}
}
