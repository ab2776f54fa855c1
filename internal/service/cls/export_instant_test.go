package cls_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// rangeConfig is an export of the time range [from, to).
func rangeConfig(e *acctest.Emulator, from, to string) string {
	return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %[1]q
  query     = "status:304"
  from      = %[2]q
  to        = %[3]q
  log_count = 10
}
`, topicID, from, to)
}

func expectRange(from, to string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("from"), knownvalue.StringExact(from)),
		statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("to"), knownvalue.StringExact(to)),
	}
}

func checkCreates(t *testing.T, e *acctest.Emulator, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.Stats(t)["CreateExport"]; n != want {
			return fmt.Errorf("CreateExport called %d times, want %d", n, want)
		}
		return nil
	}
}

// TestAccCLSExport_sameInstant: another spelling of the same instants plans
// nothing (before: a replacement); another instant still replaces.
func TestAccCLSExport_sameInstant(t *testing.T) {
	e := fastEmulator(t)
	const fromZ, toZ = "2025-02-01T00:00:00Z", "2025-02-01T01:00:00Z"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{Config: rangeConfig(e, fromZ, toZ), ConfigStateChecks: expectRange(fromZ, toZ), Check: checkCreates(t, e, 1)},
			{
				// Z -> +08:00 (and fractional zeros, and -00:00): no diff, no replacement; the state keeps its spelling.
				Config:            rangeConfig(e, "2025-02-01T08:00:00+08:00", "2025-01-31T20:00:00.000-05:00"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: expectRange(fromZ, toZ),
				Check:             resource.ComposeTestCheckFunc(checkCreates(t, e, 1), checkOneLiveExport(t, e, "Completed")),
			},
			{
				// One millisecond later is another export.
				Config: rangeConfig(e, "2025-02-01T08:00:00.001+08:00", toZ),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: expectRange("2025-02-01T08:00:00.001+08:00", toZ),
				Check:             checkCreates(t, e, 2),
			},
		},
	})
}

// TestAccCLSExport_importOtherOffset imports an export (state from the API:
// "...Z") into a configuration that spells the same range in +08:00:
// the import plans no change, and neither does the next plan.
func TestAccCLSExport_importOtherOffset(t *testing.T) {
	e := fastEmulator(t)
	from := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	var seeded struct {
		ExportIDs []string `json:"export_ids"`
	}
	e.Post(t, "/_emulator/tencent/exports", map[string]any{
		"topic_id": topicID, "query": "status:304", "log_count": 10,
		"from": from.UnixMilli(), "to": from.Add(time.Hour).UnixMilli(),
	}, &seeded)
	importID := topicID + ":" + seeded.ExportIDs[0]
	config := rangeConfig(e, "2025-02-01T08:00:00+08:00", "2025-02-01T09:00:00+08:00")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				// An import block: plugin-testing requires the import to plan a no-op.
				Config: config, ResourceName: resourceName, ImportState: true,
				ImportStateKind: resource.ImportBlockWithID, ImportStateId: importID,
			},
			{
				Config: config, ResourceName: resourceName, ImportState: true, ImportStatePersist: true, ImportStateId: importID,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["from"] != "2025-02-01T00:00:00Z" || states[0].Attributes["to"] != "2025-02-01T01:00:00Z" {
						return fmt.Errorf("imported state: %+v", states)
					}
					return nil
				},
			},
			{
				// The imported export is kept as it is: nothing planned, nothing created.
				Config:            config,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: expectRange("2025-02-01T00:00:00Z", "2025-02-01T01:00:00Z"),
				Check:             resource.ComposeTestCheckFunc(checkCreates(t, e, 0), checkOneLiveExport(t, e, "Completed")),
			},
		},
	})
}
