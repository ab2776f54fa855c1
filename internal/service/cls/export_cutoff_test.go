package cls_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// TestAccCLSExport_listCutOff: the export in state is the 1001st of its
// topic (1000 newer ones are seeded) while the server serves one export per
// page, so the refresh's list is cut off at the 1000-page cap before it
// reaches the export. That is an error, not "not found": the export stays
// in state and no second one is created. Once pages are full again the
// same export is found and nothing is planned. (It used to be dropped from
// state and created again.) The 1000 pages take about 50 s at CLS's rate
// limit of 20 requests per second.
func TestAccCLSExport_listCutOff(t *testing.T) {
	const seeded = 1000
	e := fastEmulator(t)
	// No read-after-write window: the refresh of step 2 must come from the
	// shared list alone, not from the fresh lookups of a window still open.
	config := withReadAfterWrite(t, exportConfig(e, "status:500", ""), "0s")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var ours string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			xs := exports(t, e)
			for _, x := range xs {
				if x.ExportID == ours {
					return fmt.Errorf("export %s left after destroy", ours)
				}
			}
			if len(xs) != seeded {
				return fmt.Errorf("%d exports after destroy, want the %d seeded ones", len(xs), seeded)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("export_id"))},
				Check: func(*terraform.State) error {
					ours = onlyExport(t, e).ExportID
					return nil
				},
			},
			{
				PreConfig: func() {
					seedExports(t, e, topicID, "", seeded, "*")
					e.Post(t, "/_emulator/modes", core.Modes{PageCap: 1}, nil)
				},
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)reading CLS export.*more than\s+1000\s+pages`),
			},
			{
				PreConfig: func() {
					e.Post(t, "/_emulator/modes", core.Modes{}, nil)
				},
				Config:            config,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("export_id"))},
				Check: func(*terraform.State) error {
					if n := e.Stats(t)["CreateExport"]; n != 1 {
						return fmt.Errorf("%d CreateExport calls, want 1", n)
					}
					if xs := exports(t, e); len(xs) != seeded+1 {
						return fmt.Errorf("the emulator holds %d exports, want %d", len(xs), seeded+1)
					}
					return nil
				},
			},
		},
	})
}
