package baremetal_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// steppingClock is an emulator clock that moves forward by step each time
// it is read. With an IAM token the emulator reads it once per export
// request and once per status answer (not for faulted calls), so an export
// of n steps completes after about n successful polls, however slow the
// machine is.
type steppingClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.now
	c.now = c.now.Add(c.step)
	return t
}

// armedFaults lists the faults still armed in the emulator.
func armedFaults(t *testing.T, e *acctest.Emulator) []core.Fault {
	t.Helper()
	resp, err := http.Get(e.URL + "/_emulator/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Faults []core.Fault `json:"faults"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Faults
}

func timeoutsBlock(create string) string {
	return fmt.Sprintf("  timeouts {\n    create = %q\n  }\n", create)
}

// A status API that fails for a while (5xx after the transport's retries,
// then throttling) during a long export does not fail or taint the export:
// the poller waits the outage out within timeouts.create, the apply
// succeeds, and exactly one export was started.
func TestAccBaremetalLogExport_pollingSurvivesOutage(t *testing.T) {
	clock := &steppingClock{now: time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC), step: time.Minute}
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) {
		o.Clock = clock
		o.Huawei.ExportMS = (8 * time.Minute).Milliseconds() // 8 emulator minutes = about 8 polls
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// Two polls pass, then 10 calls answer 503 (with max_retries
				// = 3 that is two whole failed polls and half a third), then
				// after one good poll 8 calls are throttled (two more polls).
				e.AddFault(t, core.Fault{Operation: huawei.OpStatus, Kind: core.FaultError, Code: "APIGW.0613",
					Message: "Service unavailable", HTTPStatus: http.StatusServiceUnavailable, After: 2, Count: 10})
				e.AddFault(t, core.Fault{Operation: huawei.OpStatus, Kind: core.FaultThrottle, After: 1, Count: 8})
			},
			Config:            e.ProviderConfigHuaweiToken() + config(timeoutsBlock("10m")),
			ConfigStateChecks: completedChecks(),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: resource.ComposeTestCheckFunc(checkExports(t, e, 1), func(*terraform.State) error {
				if f := armedFaults(t, e); len(f) != 0 {
					return fmt.Errorf("the outage never happened (still armed: %+v)", f)
				}
				if n := e.Stats(t)[huawei.OpExport]; n != 1 {
					return fmt.Errorf("ExportServerLogs called %d times, want 1", n)
				}
				if n := e.Stats(t)[huawei.OpStatus]; n < 2+10+1+8+1 {
					return fmt.Errorf("ShowLogsExportStatus called %d times, fewer than the faults need", n)
				}
				return nil
			}),
		}},
	})
}

// A create timeout names the export's last status as the API reported it
// (processing), the value the state holds, not the poller's internal
// "running".
func TestAccBaremetalLogExport_timeoutNamesVendorStatus(t *testing.T) {
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) { o.Huawei.ExportMS = 3_600_000 })
	cfg := e.ProviderConfigHuaweiToken() + config(timeoutsBlock("2s"))
	want := regexp.MustCompile(`(?s)did\s+not\s+complete\s+within\s+2s\s+\(last\s+status\s+"processing"\s+at\s+0%,\s+as\s+the\s+API\s+reported\s+it\).*tainted`)
	sawTimeout := false
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		// ErrorCheck rather than ExpectError: it can also assert what the
		// text must not say.
		ErrorCheck: func(err error) error {
			switch msg := err.Error(); {
			case strings.Contains(msg, `"running"`):
				return fmt.Errorf("the timeout error names the poller's internal status: %v", err)
			case !want.MatchString(msg):
				return fmt.Errorf("unexpected error: %v", err)
			}
			sawTimeout = true
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					return fmt.Errorf("the apply succeeded; want a create timeout")
				},
			},
			{
				// The tainted export in the state has the same status word.
				PreConfig: func() {
					if !sawTimeout {
						t.Fatal("the first apply did not time out")
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "status", "processing"),
					func(*terraform.State) error {
						st := emulatorState(t, e)
						if len(st.Huawei.Exports) != 1 || st.Huawei.Exports[0].Status != "processing" {
							return fmt.Errorf("emulator exports %+v, want one in status processing", st.Huawei.Exports)
						}
						return nil
					},
				),
			},
		},
	})
}
