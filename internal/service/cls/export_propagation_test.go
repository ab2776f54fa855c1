package cls_test

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

// withReadAfterWrite sets the provider's read_after_write_timeout in a
// configuration built on acctest.ProviderConfig.
func withReadAfterWrite(t *testing.T, config, d string) string {
	t.Helper()
	const line = `read_after_write_timeout = "5s"`
	if !strings.Contains(config, line) {
		t.Fatal("acctest.ProviderConfig no longer holds " + line)
	}
	return strings.Replace(config, line, fmt.Sprintf("read_after_write_timeout = %q", d), 1)
}

// TestAccCLSExport_waitPropagationBound: DescribeExports lags ten minutes
// behind writes, so the export just created is never listed during the
// wait. With read_after_write_timeout = "1s" the wait takes "not listed"
// for propagation for about a second, then fails as not found, long before
// timeouts.create (20 s): a handful of DescribeExports calls. (The poller
// used to take two minutes for propagation whatever the setting, so the
// create timed out after 20 s of polling instead.) Then the lag is lifted:
// the export, kept in state (tainted), is listed and read again.
func TestAccCLSExport_waitPropagationBound(t *testing.T) {
	e := fastEmulator(t, func(o *emulator.Options) { o.Modes = core.Modes{VisibilityLagMS: 600_000} })
	config := withReadAfterWrite(t, exportConfig(e, "status:404", "  timeouts {\n    create = \"20s\"\n  }"), "1s")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)waiting for CLS export .* to complete.*not listed.*read_after_write_timeout`),
			},
			{
				PreConfig: func() {
					if n := e.Stats(t)["DescribeExports"]; n > 8 {
						t.Errorf("the wait made %d DescribeExports calls, want at most 8 (about one second of polling)", n)
					}
					if n := e.Stats(t)["CreateExport"]; n != 1 {
						t.Errorf("%d CreateExport calls, want 1", n)
					}
					e.Post(t, "/_emulator/modes", core.Modes{}, nil)
				},
				RefreshState: true,
				// Tainted by the failed wait: the next apply replaces it.
				ExpectNonEmptyPlan: true,
				Check: func(s *terraform.State) error {
					rs, ok := s.RootModule().Resources[resourceName]
					if !ok {
						return fmt.Errorf("%s is no longer in state", resourceName)
					}
					if x := onlyExport(t, e); rs.Primary.Attributes["export_id"] != x.ExportID {
						return fmt.Errorf("state tracks %s, the emulator holds %s", rs.Primary.Attributes["export_id"], x.ExportID)
					}
					return nil
				},
			},
		},
	})
}
