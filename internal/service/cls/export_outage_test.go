package cls_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

const tenMinutes = "  timeouts {\n    create = \"10m\"\n  }"

// checkSurvived asserts an apply that waited through an outage: the export
// Completed and in state untainted, created once and never deleted.
func checkSurvived(t *testing.T, e *acctest.Emulator) resource.TestCheckFunc {
	return resource.ComposeTestCheckFunc(
		checkOneLiveExport(t, e, "Completed"),
		func(s *terraform.State) error {
			if rs := s.RootModule().Resources[resourceName]; rs.Primary.Tainted {
				return fmt.Errorf("the export is tainted")
			}
			stats := e.Stats(t)
			if stats["CreateExport"] != 1 || stats["DeleteExport"] != 0 {
				return fmt.Errorf("stats %v: want exactly one CreateExport and no DeleteExport", stats)
			}
			return nil
		},
	)
}

func survivedSteps(t *testing.T, e *acctest.Emulator, config string, arm func(), extra resource.TestCheckFunc) []resource.TestStep {
	return []resource.TestStep{
		{
			PreConfig:         arm,
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Completed"))},
			Check:             resource.ComposeTestCheckFunc(checkSurvived(t, e), extra),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			// Not tainted: the next apply has nothing to do.
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            checkSurvived(t, e),
		},
	}
}

// TestAccCLSExport_pollingOutage: DescribeExports answers 500 to every
// attempt of three consecutive polls (4 attempts each with max_retries = 3)
// after the first poll. The poller waits the outage out: the apply
// succeeds with one export, untainted. Before the poller retried transient
// errors, the first failed poll ended the wait and tainted the export.
func TestAccCLSExport_pollingOutage(t *testing.T) {
	e := acctest.NewEmulator(t, durations(500, 4000))
	arm := func() {
		e.AddFault(t, core.Fault{Operation: "DescribeExports", Kind: core.FaultError, Code: "InternalError",
			HTTPStatus: http.StatusInternalServerError, After: 1, Count: 12})
	}
	faultsUsedUp := func(*terraform.State) error {
		var armed struct {
			Faults []core.Fault `json:"faults"`
		}
		resp, err := http.Get(e.URL + "/_emulator/faults")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(&armed); err != nil {
			return err
		}
		if len(armed.Faults) != 0 {
			return fmt.Errorf("the outage did not happen during the wait (still armed: %+v)", armed.Faults)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps:                    survivedSteps(t, e, exportConfig(e, "status:504", tenMinutes), arm, faultsUsedUp),
	})
}

// TestAccCLSExport_pollingConnectionRefused is the reported scenario: the
// API's port closes during the wait (connections refused, the poll in
// flight cut) and opens again a few seconds later, longer than the
// transport's own retries of one call last. The provider keeps polling
// until the port is back, then sees the export complete: one export,
// untainted, never deleted and created again.
//
// The outage's length is wall-clock time (time.AfterFunc), as in the
// report; the verdict does not depend on it: any length shorter than
// timeouts.create must be waited out.
func TestAccCLSExport_pollingConnectionRefused(t *testing.T) {
	e := acctest.NewEmulator(t, durations(500, 6000))
	const outage = 4 * time.Second
	var (
		mu        sync.Mutex
		describes int
		downAt    int // the DescribeExports call that closed the port, 0 until then
		f         *front
	)
	f = newFront(t, e, func(w http.ResponseWriter, r *http.Request) bool {
		if action(r) != "DescribeExports" {
			return false
		}
		mu.Lock()
		describes++
		closeNow := describes == 2 && downAt == 0 // the second poll of the first apply
		if closeNow {
			downAt = describes
		}
		mu.Unlock()
		if !closeNow {
			return false
		}
		f.down()
		time.AfterFunc(outage, f.up)
		panic(http.ErrAbortHandler) // the poll in flight gets no answer
	})
	// The resource of exportConfig behind the front's provider block.
	config := f.providerConfig() + exportConfig(e, "status:503", tenMinutes)[len(e.ProviderConfig()):]
	outageHappened := func(*terraform.State) error {
		mu.Lock()
		defer mu.Unlock()
		if downAt == 0 || describes <= downAt {
			return fmt.Errorf("the port was not closed during the wait, or never polled again (DescribeExports %d, closed at %d)", describes, downAt)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps:                    survivedSteps(t, e, config, nil, outageHappened),
	})
}

// TestAccCLSExport_pollingOutageOutlastsTimeout: when the outage lasts past
// timeouts.create the apply fails saying the API could not be reached (with
// the last error), and the export stays in state, tainted.
func TestAccCLSExport_pollingOutageOutlastsTimeout(t *testing.T) {
	e := acctest.NewEmulator(t, durations(500, 600_000))
	config := exportConfig(e, "status:500", "  timeouts {\n    create = \"3s\"\n  }")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "DescribeExports", Kind: core.FaultError, Code: "InternalError",
						HTTPStatus: http.StatusInternalServerError, Count: 1_000_000})
				},
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)waiting for CLS export .* to complete.*unreachable or failing:\s+the\s+last\s+poll\s+failed\s+with.*InternalError.*marked tainted`),
			},
			{
				// The API is back: the tainted export is planned for replacement.
				PreConfig: func() { disarmFaults(t, e) },
				Config:    config, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

// disarmFaults is DELETE /_emulator/faults.
func disarmFaults(t *testing.T, e *acctest.Emulator) {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, e.URL+"/_emulator/faults", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("disarming faults: HTTP %d", resp.StatusCode)
	}
}
