package cls_test

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// Issue 27, item 5: an in-place update that downloads waits for Completed
// within timeouts.update (no longer timeouts.create), and the error names
// it; nothing is tainted or downloaded, and the export stays.
func TestAccCLSExport_updateTimeout(t *testing.T) {
	// The export runs for minutes: only the update's wait can outlast.
	e := acctest.NewEmulator(t, durations(600_000, 600_000))
	out := filepath.Join(t.TempDir(), "errors.tar.gz")
	base := "  wait_for_completion = false\n"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: exportConfig(e, "status:500", base+"  timeouts {\n    create = \"1m\"\n    update = \"1m\"\n  }"),
				Check:  checkOneLiveExport(t, e, "Queuing"),
			},
			{
				// create stays long: only update bounds the wait.
				Config: exportConfig(e, "status:500", base+outputPath(out, "  timeouts {\n    create = \"1h\"\n    update = \"1s\"\n  }")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ExpectError: regexp.MustCompile(`(?s)downloading CLS export .*still "Queuing" after 1s \(timeouts\.update\).*Raise timeouts\.update`),
			},
			{
				// The export was kept, untainted (an update, not a replacement),
				// and nothing was downloaded.
				Config: exportConfig(e, "status:500", base+"  timeouts {\n    create = \"1m\"\n    update = \"1m\"\n  }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(checkOneLiveExport(t, e, "Queuing"),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 0}), acctest.CheckNoFile(out)),
			},
		},
	})
}
