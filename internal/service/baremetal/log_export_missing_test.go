package baremetal_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// removedBlock forgets the resource without destroying it (Terraform 1.7+).
const removedBlock = `
removed {
  from = telemetry_baremetal_log_export.test
  lifecycle {
    destroy = false
  }
}
`

// TestAccBaremetalLogExport_missingAnswersOtherStatus: CloudDC documents no
// answer for a missing export; here it comes as HTTP 400 with an error body
// (-huawei-missing-export-status 400). The refresh is not retried and fails
// once per plan with what the API said and how to forget the export; the
// removed block it names then takes the export out of the state, and the
// emulator was asked nothing more than one status read per plan.
func TestAccBaremetalLogExport_missingAnswersOtherStatus(t *testing.T) {
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) { o.Huawei.MissingExportStatus = 400 })
	cfg := e.ProviderConfigHuaweiToken() + config("")
	var exportID string
	var reads int
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(checkExports(t, e, 1), func(s *terraform.State) error {
					exportID = s.RootModule().Resources[resName].Primary.Attributes["export_id"]
					return nil
				}),
			},
			{
				PreConfig: func() {
					e.Post(t, "/_emulator/huawei/exports/"+exportID+"/delete", map[string]any{}, nil)
					reads = e.Stats(t)["ShowLogsExportStatus"]
				},
				Config:   cfg,
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)reading bare-metal log export emulator-project/` + serverID + `/[0-9a-f]+.*` +
					`HTTP\s+400\s+with\s+error_code\s+CLOUDDC\.40402.*documents\s+no\s+answer\s+for\s+a\s+missing\s+export.*` +
					`terraform\s+state\s+rm\s+'telemetry_baremetal_log_export\.<name>'.*removed\s+\{.*destroy\s+=\s+false`),
			},
			{
				PreConfig: func() {
					if n := e.Stats(t)["ShowLogsExportStatus"] - reads; n != 1 {
						t.Errorf("the failed plan made %d status reads, want 1 (no retries of a 400)", n)
					}
				},
				Config: e.ProviderConfigHuaweiToken() + removedBlock,
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[resName]; ok {
						return fmt.Errorf("%s is still in the state after the removed block", resName)
					}
					if n := len(emulatorState(t, e).Huawei.Exports); n != 0 {
						return fmt.Errorf("the emulator holds %d exports, want 0 (nothing new started)", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccBaremetalLogExport_missingAnswers410: a 410 for a missing export
// is read as gone like a 404: the refresh removes the export and the plan
// starts a new one.
func TestAccBaremetalLogExport_missingAnswers410(t *testing.T) {
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) { o.Huawei.MissingExportStatus = 410 })
	cfg := e.ProviderConfigHuaweiToken() + config("")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(checkExports(t, e, 1), func(*terraform.State) error {
					e.Post(t, "/_emulator/huawei/exports/"+emulatorState(t, e).Huawei.Exports[0].ExportID+"/delete", map[string]any{}, nil)
					return nil
				}),
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}
