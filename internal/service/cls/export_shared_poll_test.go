package cls_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// sharedPollExports is how many exports TestAccCLSExport_sharedPolls
// applies on one topic.
const sharedPollExports = 20

// sharedPollBudget bounds the DescribeExports calls of that apply. Each
// export runs 4.5 s, which one poller per export covers with about 8 polls
// (250 ms, 250 ms, 500 ms, then every 750 ms): 171 to 174 calls measured
// for the 20 exports when every wait polled on its own. Waits that share
// their polls cost about one page per poll round whatever the number of
// exports waiting (18 to 20 measured), and Terraform's default parallelism
// (10) runs the 20 creates in about two rounds of 4.5 s.
const sharedPollBudget = 60

// TestAccCLSExport_sharedPolls applies 20 exports of one topic that wait
// for completion: their waits share DescribeExports pages (the client's
// status poller), so the apply costs far fewer DescribeExports calls than
// one poll per export per round would.
func TestAccCLSExport_sharedPolls(t *testing.T) {
	e := acctest.NewEmulator(t, durations(500, 4000))
	config := e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  count     = %[2]d
  topic_id  = %[1]q
  query     = "shared:${count.index}"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  log_count = 100
}
`, topicID, sharedPollExports)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("telemetry_cls_export.test.0", "status", "Completed"),
				resource.TestCheckResourceAttr(fmt.Sprintf("telemetry_cls_export.test.%d", sharedPollExports-1), "status", "Completed"),
				func(*terraform.State) error {
					stats := e.Stats(t)
					got := stats["DescribeExports"]
					t.Logf("%d exports: %d DescribeExports calls during the apply (budget %d); all counts %v", sharedPollExports, got, sharedPollBudget, stats)
					if got > sharedPollBudget {
						return fmt.Errorf("applying %d exports cost %d DescribeExports calls, budget %d", sharedPollExports, got, sharedPollBudget)
					}
					if n := stats["CreateExport"]; n != sharedPollExports {
						return fmt.Errorf("CreateExport called %d times, want %d", n, sharedPollExports)
					}
					return nil
				},
			),
		}},
	})
}
