package cls_test

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

// spacedQuery is a search statement CLS may echo trimmed and re-spaced.
const spacedQuery = "  status:500   OR  status:502 "

// TestAccCLSExport_normalizedEcho: the emulator normalises its answers,
// echoing the query trimmed and re-spaced and, as Count, the number of logs
// actually exported (360: one per 10 s of the hour, fewer than the 1000
// asked). Neither is a change of the export: the state keeps the configured
// query and log_count, reports the API's count as exported_log_count, and
// the plan after apply and refresh is empty, with no replacement. (Read
// used to write the API's values into these replace-forcing arguments, so
// every plan replaced the export.) An import takes the API's values, the
// only ones it can know.
func TestAccCLSExport_normalizedEcho(t *testing.T) {
	e := fastEmulator(t, func(o *emulator.Options) { o.Modes = core.Modes{Normalize: true} })
	config := e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %[1]q
  query     = %[2]q
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  log_count = 1000
}
`, topicID, spacedQuery)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("query"), knownvalue.StringExact(spacedQuery)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("log_count"), knownvalue.Int64Exact(1000)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("exported_log_count"), knownvalue.Int64Exact(360)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkOneLiveExport(t, e, "Completed"),
			},
			{
				// Refreshed again, the same configuration plans nothing.
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkOneLiveExport(t, e, "Completed"),
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateVerify: true,
				// An import knows only what the API says: the query as it
				// echoes it and the count it reports, not the configured
				// spelling and number (the apply's state keeps those).
				// download_url is signed anew on every read.
				ImportStateVerifyIgnore: []string{"query", "log_count", "download_url"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("imported %d objects, want 1", len(states))
					}
					a := states[0].Attributes
					if a["query"] != "status:500 OR status:502" || a["log_count"] != "360" || a["exported_log_count"] != "360" {
						return fmt.Errorf("imported query %q, log_count %s, exported_log_count %s; want the API's \"status:500 OR status:502\", 360, 360",
							a["query"], a["log_count"], a["exported_log_count"])
					}
					return nil
				},
			},
		},
	})
}
