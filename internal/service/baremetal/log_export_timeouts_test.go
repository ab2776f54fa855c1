package baremetal_test

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// Issue 27 item 5: timeouts.update bounds an in-place update (it used to
// borrow timeouts.create). An export imported while running, given an
// output_path, is waited for by the update; when that wait outlasts
// timeouts.update (2s, with timeouts.create at 30m) the apply fails naming
// timeouts.update, the export stays in the state without the file, and the
// next apply, once the export is done, downloads it and converges.
func TestAccBaremetalLogExport_updateTimeout(t *testing.T) {
	clock := &offsetClock{}
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) { o.Clock = clock; o.Huawei.ExportMS = time.Hour.Milliseconds() })
	var made struct {
		ImportID string `json:"import_id"`
	}
	e.Post(t, "/_emulator/huawei/exports", map[string]string{"server_id": serverID}, &made)
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	// A token: an hour's jump would put an AK/SK signature out of the skew window.
	cfg := e.ProviderConfigHuaweiToken() + config(outputPath(out)+"  timeouts {\n    create = \"30m\"\n    update = \"2s\"\n  }\n")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       resName,
				ImportState:        true,
				ImportStateId:      made.ImportID,
				ImportStatePersist: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
				},
				ExpectError: regexp.MustCompile(`(?s)waiting for bare-metal log export .* to complete.*did\s+not\s+complete\s+within\s+2s.*` +
					`stays\s+in\s+the\s+state\s+without\s+the\s+file.*raise\s+timeouts\.update\.`),
			},
			{
				// The failed update kept the export, untainted, without the file.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "status", "processing"),
					resource.TestCheckNoResourceAttr(resName, "file_sha256"),
					acctest.CheckNoFile(out),
				),
			},
			{
				PreConfig: func() { clock.advance(time.Hour) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: completedChecks(),
				Check: resource.ComposeTestCheckFunc(
					checkArchive(out), checkExports(t, e, 1),
					acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 0, huawei.OpDownload: 1}),
				),
			},
		},
	})
}
