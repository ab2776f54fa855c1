package cms_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// testAccCustomEventConfig_ab reports two events, "a" and "b", at the
// moment of apply.
func testAccCustomEventConfig_ab(e *acctest.Emulator) string {
	return e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "test" {
  events = [
    { name = "deploy", content = "a" },
    { name = "deploy", content = "b" },
  ]
}
`
}

// testAccCheckEventsOnce asserts that the emulator holds exactly one event
// of each content in contents, and no other event.
func testAccCheckEventsOnce(t *testing.T, e *acctest.Emulator, contents ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		count := map[string]int{}
		for _, ev := range emulatedEvents(t, e) {
			count[ev.Content]++
		}
		for _, c := range contents {
			if count[c] != 1 {
				return fmt.Errorf("emulator holds %d events with content %q, want exactly 1 (all: %v)", count[c], c, count)
			}
		}
		if len(count) != len(contents) {
			return fmt.Errorf("emulator holds events %v, want exactly one of each of %q", count, contents)
		}
		return nil
	}
}

// testAccCheckApplyWarned asserts that the apply warned (and did not fail)
// with a summary holding summary and a detail holding every text in want.
func testAccCheckApplyWarned(log *acctest.DiagLog, summary string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		diags := log.Take()
		text := acctest.ProtoDiagText(diags)
		if acctest.ProtoHasError(diags) {
			return fmt.Errorf("the apply failed; an incomplete report must be kept with a warning:\n%s", text)
		}
		for _, d := range diags {
			if d.Severity != tfprotov6.DiagnosticSeverityWarning || !strings.Contains(d.Summary, summary) {
				continue
			}
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(d.Detail, w)
			}
			if ok {
				return nil
			}
		}
		return fmt.Errorf("no apply warning %q with %q:\n%s", summary, want, text)
	}
}

var pendingBoth = knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(0), knownvalue.Int64Exact(1)})

// Issue 24, item 2h: a report whose outcome could not be checked is kept,
// untainted, and the next plain apply finishes it without sending anything
// twice. The answer to PutCustomEvent is lost (the emulator stored both
// events) and the lookup that would confirm them is refused: the apply
// warns and keeps the report with both events pending, and the plan shows
// an in-place update. That apply looks the events up, finds both and sends
// nothing: the emulator holds each once. Before the fix the first apply
// failed and kept nothing, so the next one reported both events again.
func TestAccCMSCustomEvent_unknownOutcomeResumed(t *testing.T) {
	e := acctest.NewEmulator(t)
	var log acctest.DiagLog
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: log.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultDrop})
					// The baseline lookup passes; the one after the lost answer is refused.
					e.AddFault(t, core.Fault{Operation: "DescribeCustomEventAttribute", Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: 403, After: 1})
				},
				Config:             testAccCustomEventConfig_ab(e),
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("pending_events"), pendingBoth),
					statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("request_id"), knownvalue.StringExact("")),
				},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckApplyWarned(&log, "reporting 2 custom events to CMS in cn-hangzhou failed part-way; the report is kept",
						"0 confirmed as reported, 0 not reported, 2 unknown", "AccessForbidden", "pending_events = [0, 1]", "next terraform apply"),
					testAccCheckCustomEventCalls(t, e, 1, 2),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(customEventAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config: testAccCustomEventConfig_ab(e),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(customEventAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("pending_events"), knownvalue.ListExact([]knownvalue.Check{})),
				},
				// Nothing sent again: still one PutCustomEvent call.
				Check: resource.ComposeTestCheckFunc(
					testAccCheckCustomEventCalls(t, e, 1, 2),
					testAccCheckEventsOnce(t, e, "a", "b"),
				),
			},
		},
	})
}

// Issue 24, item 2h: the apply that finishes a kept report can fail too;
// it keeps its progress (an update is never tainted), names the report and
// says what to do, and the plain apply after it converges. The first call
// fails with a 500 (nothing stored) and the lookup is refused: both events
// pending, outcome unknown. The next apply finds neither, sends both and is
// refused (403): an error, both still pending. The third apply sends them:
// each is stored once.
func TestAccCMSCustomEvent_resumeRefusedThenConverges(t *testing.T) {
	e := acctest.NewEmulator(t)
	var log acctest.DiagLog
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: log.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500})
					e.AddFault(t, core.Fault{Operation: "DescribeCustomEventAttribute", Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: 403, After: 1})
				},
				Config:             testAccCustomEventConfig_ab(e),
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("pending_events"), pendingBoth),
				},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckApplyWarned(&log, "failed part-way; the report is kept", "2 unknown"),
					testAccCheckCustomEventCalls(t, e, 1, 0),
				),
			},
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: 403})
				},
				Config: testAccCustomEventConfig_ab(e),
				ExpectError: regexp.MustCompile(`(?s)finishing the report of 2 custom events to CMS in cn-hangzhou.*` +
					`0 confirmed as reported, 2 not reported, 0\s+unknown.*AccessForbidden.*pending_events = \[0, 1\].*apply again`),
			},
			{
				Config: testAccCustomEventConfig_ab(e),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(customEventAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("pending_events"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("request_id"), knownvalue.StringRegexp(requestIDPattern)),
				},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckCustomEventCalls(t, e, 3, 2),
					testAccCheckEventsOnce(t, e, "a", "b"),
				),
			},
		},
	})
}
