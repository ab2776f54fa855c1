package baremetal_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// TestAccBaremetalLogExport_waitPropagationBound: status answers lag ten
// minutes behind writes, so the export just started is never found during
// the wait. With read_after_write_timeout = "1s" the wait takes "not found"
// for propagation for about a second, then fails as not found, long before
// timeouts.create (20 s): a handful of status calls. (The poller used to
// take two minutes for propagation whatever the setting, so the create
// timed out after 20 s of polling instead.) Then the lag is lifted: the
// export, kept in state (tainted), is found and read again.
func TestAccBaremetalLogExport_waitPropagationBound(t *testing.T) {
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) { o.Modes = core.Modes{VisibilityLagMS: 600_000} })
	const line = `read_after_write_timeout = "5s"`
	provider := e.ProviderConfigHuaweiToken()
	if !strings.Contains(provider, line) {
		t.Fatal("acctest.ProviderConfigHuaweiToken no longer holds " + line)
	}
	cfg := strings.Replace(provider, line, `read_after_write_timeout = "1s"`, 1) + config("  timeouts {\n    create = \"20s\"\n  }")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)waiting for bare-metal log export emulator-project/` + serverID + `/[0-9a-f]+ to complete.*disappeared\s+while\s+the\s+provider\s+was\s+waiting`),
			},
			{
				PreConfig: func() {
					if n := e.Stats(t)["ShowLogsExportStatus"]; n > 8 {
						t.Errorf("the wait made %d status calls, want at most 8 (about one second of polling)", n)
					}
					if n := e.Stats(t)["ExportServerLogs"]; n != 1 {
						t.Errorf("%d ExportServerLogs calls, want 1", n)
					}
					e.Post(t, "/_emulator/modes", core.Modes{}, nil)
				},
				RefreshState: true,
				// Tainted by the failed wait: the next apply replaces it.
				ExpectNonEmptyPlan: true,
				Check: func(s *terraform.State) error {
					rs, ok := s.RootModule().Resources[resName]
					if !ok {
						return fmt.Errorf("%s is no longer in state", resName)
					}
					st := emulatorState(t, e)
					if len(st.Huawei.Exports) != 1 || rs.Primary.Attributes["export_id"] != st.Huawei.Exports[0].ExportID {
						return fmt.Errorf("state tracks %s, the emulator holds %+v", rs.Primary.Attributes["export_id"], st.Huawei.Exports)
					}
					return nil
				},
			},
		},
	})
}
