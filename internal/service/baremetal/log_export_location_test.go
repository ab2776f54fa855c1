package baremetal_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// withProviderDefaults is the token provider block with other default
// region and project_id (another CI runner, another HW_REGION_NAME).
func withProviderDefaults(e *acctest.Emulator, region, project string) string {
	cfg := e.ProviderConfigHuaweiToken()
	cfg = strings.Replace(cfg, `region     = "`+acctest.HuaweicloudRegion+`"`, `region     = "`+region+`"`, 1)
	return strings.Replace(cfg, `project_id = "`+acctest.HuaweicloudProjectID+`"`, `project_id = "`+project+`"`, 1)
}

// A changed provider default never replaces an existing export; only a
// region or project_id configured on the resource that differs from the
// state does. (The emulator serves every region at one endpoint, so a new
// region is reachable; it accepts only its own project.)
func TestAccBaremetalLogExport_providerDefaultNeverReplaces(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	const otherRegion = "cn-north-4"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            e.ProviderConfigHuaweiToken() + config(""),
				ConfigStateChecks: append(completedChecks(), sameID.AddStateValue(resName, tfjsonpath.New("id"))),
				Check:             checkExports(t, e, 1),
			},
			{
				// Only the provider's defaults changed: nothing to do.
				Config: withProviderDefaults(e, otherRegion, "another-project") + config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(completedChecks(), sameID.AddStateValue(resName, tfjsonpath.New("id"))),
				Check:             checkExports(t, e, 1),
			},
			{
				// The state's values configured explicitly: still nothing to do.
				Config: withProviderDefaults(e, otherRegion, "another-project") +
					config(`  region     = "`+acctest.HuaweicloudRegion+`"`+"\n"+`  project_id = "`+acctest.HuaweicloudProjectID+`"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resName, tfjsonpath.New("id"))},
				Check:             checkExports(t, e, 1),
			},
			{
				// Another region configured on the resource: replaced there.
				Config: e.ProviderConfigHuaweiToken() + config(`  region = "`+otherRegion+`"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectKnownValue(resName, tfjsonpath.New("region"), knownvalue.StringExact(otherRegion)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("region"), knownvalue.StringExact(otherRegion)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("project_id"), knownvalue.StringExact(acctest.HuaweicloudProjectID)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
				},
				Check: checkExports(t, e, 2),
			},
			{
				// region dropped from the configuration: the export stays in
				// otherRegion although the provider default is cn-east-3.
				Config: e.ProviderConfigHuaweiToken() + config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("region"), knownvalue.StringExact(otherRegion)),
				},
				Check: checkExports(t, e, 2),
			},
			{
				// A replacement for another reason goes to the provider default.
				Config: withProviderDefaults(e, "cn-south-1", acctest.HuaweicloudProjectID) + config(`  triggers = { build = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectKnownValue(resName, tfjsonpath.New("region"), knownvalue.StringExact("cn-south-1")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkExports(t, e, 3),
			},
		},
	})
}
