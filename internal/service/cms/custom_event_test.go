package cms_test

import (
	"fmt"
	"regexp"
	"strings"
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

const customEventAddr = "telemetry_cms_custom_event.test"

// emulatedEvent is one event as /_emulator/state shows it.
type emulatedEvent struct {
	ID      string `json:"id"`
	Region  string `json:"region"`
	Name    string `json:"name"`
	Content string `json:"content"`
	GroupID string `json:"group_id"`
	TimeMS  int64  `json:"time_ms"`
}

func emulatedEvents(t *testing.T, e *acctest.Emulator) []emulatedEvent {
	t.Helper()
	var st struct {
		Alibaba struct {
			CustomEvents []emulatedEvent `json:"custom_events"`
		} `json:"alibaba"`
	}
	e.State(t, &st)
	return st.Alibaba.CustomEvents
}

// testAccCheckCustomEventCalls asserts how many PutCustomEvent calls reached
// the emulator and how many events it holds.
func testAccCheckCustomEventCalls(t *testing.T, e *acctest.Emulator, puts, events int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.Stats(t)["PutCustomEvent"]; got != puts {
			return fmt.Errorf("PutCustomEvent calls = %d, want %d", got, puts)
		}
		if got := len(emulatedEvents(t, e)); got != events {
			return fmt.Errorf("emulator holds %d events, want %d", got, events)
		}
		return nil
	}
}

func testAccCustomEventConfig_basic(e *acctest.Emulator, name, content string) string {
	return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_custom_event" "test" {
  events = [{
    name    = %[1]q
    content = %[2]q
  }]
}
`, name, content)
}

var (
	customEventTimePattern = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$`)
	requestIDPattern       = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)
)

func TestAccCMSCustomEvent_basic(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccCustomEventConfig_basic(e, "deploy", "web v1.2.3 rolled out"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("deploy")),
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("group_id"), knownvalue.StringExact("0")),
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("time"), knownvalue.StringRegexp(customEventTimePattern)),
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("request_id"), knownvalue.StringRegexp(requestIDPattern)),
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("sent_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{24}$`))),
			},
			Check: resource.ComposeTestCheckFunc(
				testAccCheckCustomEventCalls(t, e, 1, 1),
				// The time recorded in state is the one the emulator received.
				resource.TestCheckResourceAttrWith(customEventAddr, "events.0.time", func(v string) error {
					ts, err := time.Parse(time.RFC3339, v)
					if err != nil {
						return err
					}
					evs := emulatedEvents(t, e)
					if evs[0].TimeMS != ts.UnixMilli() || evs[0].Name != "deploy" || evs[0].Content != "web v1.2.3 rolled out" ||
						evs[0].GroupID != "0" || evs[0].Region != acctest.AlicloudRegion {
						return fmt.Errorf("emulator event %+v, state time %s (%d ms)", evs[0], v, ts.UnixMilli())
					}
					return nil
				}),
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccCMSCustomEvent_fiftyEvents(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "test" {
  events = [for i in range(50) : {
    name     = "batch-${i}"
    content  = "item ${i}"
    group_id = "42"
    time     = "${1714536000000 + i}"
  }]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("events").AtSliceIndex(49).AtMapKey("time"), knownvalue.StringExact("1714536000049")),
			},
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(customEventAddr, "events.#", "50"),
				testAccCheckCustomEventCalls(t, e, 1, 50),
				func(*terraform.State) error {
					for i, ev := range emulatedEvents(t, e) {
						if ev.Name != fmt.Sprintf("batch-%d", i) || ev.GroupID != "42" || ev.TimeMS != 1714536000000+int64(i) {
							return fmt.Errorf("event %d = %+v", i, ev)
						}
					}
					return nil
				},
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccCMSCustomEvent_tooManyEvents(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "test" {
  events = [for i in range(51) : { name = "e${i}", content = "c" }]
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)events.*at most 50\s+elements, got: 51`),
		}},
	})
	if n := e.Stats(t)["PutCustomEvent"]; n != 0 {
		t.Errorf("PutCustomEvent calls = %d, want 0: 51 events must be rejected at plan time", n)
	}
}

func TestAccCMSCustomEvent_badTime(t *testing.T) {
	e := acctest.NewEmulator(t)
	config := func(tm string) string {
		return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_custom_event" "test" {
  events = [{ name = "deploy", content = "x", time = %q }]
}
`, tm)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("2024-05-01 12:00"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)invalid event time.*"2024-05-01 12:00".*RFC 3339`),
			},
			{
				Config:      config("1714536000"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)invalid event time.*looks like epoch seconds`),
			},
		},
	})
	if n := e.Stats(t)["PutCustomEvent"]; n != 0 {
		t.Errorf("PutCustomEvent calls = %d, want 0: a bad time must be rejected at plan time", n)
	}
}

func TestAccCMSCustomEvent_replaceResendsOnce(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccCustomEventConfig_basic(e, "deploy", "v1"),
				Check:  testAccCheckCustomEventCalls(t, e, 1, 1),
			},
			{
				Config: testAccCustomEventConfig_basic(e, "deploy", "v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(customEventAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckCustomEventCalls(t, e, 2, 2),
					func(*terraform.State) error {
						evs := emulatedEvents(t, e)
						if evs[0].Content != "v1" || evs[1].Content != "v2" {
							return fmt.Errorf("events = %+v, want v1 then v2", evs)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccCMSCustomEvent_triggers(t *testing.T) {
	e := acctest.NewEmulator(t)
	config := func(release string) string {
		return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_custom_event" "test" {
  events   = [{ name = "deploy", content = "release", time = "2024-05-01T12:00:00+08:00" }]
  triggers = { release = %q }
}
`, release)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("1.0.0"),
				Check: resource.ComposeTestCheckFunc(
					testAccCheckCustomEventCalls(t, e, 1, 1),
					resource.TestCheckResourceAttr(customEventAddr, "triggers.release", "1.0.0"),
				),
			},
			{
				Config: config("1.0.1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(customEventAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckCustomEventCalls(t, e, 2, 2),
					func(*terraform.State) error {
						// The explicit time is sent as given, in the API's format.
						for _, ev := range emulatedEvents(t, e) {
							if ev.TimeMS != 1714536000000 {
								return fmt.Errorf("event time = %d ms, want 1714536000000", ev.TimeMS)
							}
						}
						return nil
					},
				),
			},
		},
	})
}

// A dropped connection after the emulator stored the events is an
// ambiguous failure: the provider must find the events and not send again.
func TestAccCMSCustomEvent_ambiguousFailureNoDuplicate(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultDrop, Count: 1})
			},
			Config: e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "test" {
  events = [
    { name = "deploy", content = "a" },
    { name = "deploy", content = "b", group_id = "7" },
  ]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The answer was lost, so there is no request id to record.
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("request_id"), knownvalue.StringExact("")),
			},
			Check: resource.ComposeTestCheckFunc(
				testAccCheckCustomEventCalls(t, e, 1, 2),
				func(*terraform.State) error {
					if n := e.Stats(t)["DescribeCustomEventAttribute"]; n < 1 {
						return fmt.Errorf("DescribeCustomEventAttribute calls = %d, want the lookup before any resend", n)
					}
					return nil
				},
			),
		}},
	})
}

// A 5xx answer is ambiguous too, but here the events did not arrive: the
// lookup finds nothing and the provider sends them once more.
func TestAccCMSCustomEvent_ambiguousFailureResendsMissing(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500, Count: 1})
			},
			Config: testAccCustomEventConfig_basic(e, "deploy", "after a 500"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(customEventAddr, tfjsonpath.New("request_id"), knownvalue.StringRegexp(requestIDPattern)),
			},
			Check: testAccCheckCustomEventCalls(t, e, 2, 1),
		}},
	})
}

func TestAccCMSCustomEvent_vendorError(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: 403, Count: 1})
			},
			Config:      testAccCustomEventConfig_basic(e, "deploy", "denied"),
			ExpectError: regexp.MustCompile(`(?s)reporting 1 custom event to CMS in cn-hangzhou.*AccessForbidden.*request id`),
		}},
	})
	if n := e.Stats(t)["PutCustomEvent"]; n != 1 {
		t.Errorf("PutCustomEvent calls = %d, want 1 (a refusal is not retried)", n)
	}
	// The failed step leaves an empty state, so plugin-testing runs no
	// CheckDestroy: the emulator is checked here.
	if n := len(emulatedEvents(t, e)); n != 0 {
		t.Errorf("emulator holds %d events after a refused report, want 0", n)
	}
}

// TestAccCMSCustomEvent_vendorErrorInHTTP200: an error in an HTTP-200 body
// has the form of PutCustomEvent's response model, which has no Success
// field: the Code alone makes it an error.
func TestAccCMSCustomEvent_vendorErrorInHTTP200(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: 200, Count: 1})
			},
			Config:      testAccCustomEventConfig_basic(e, "deploy", "denied"),
			ExpectError: regexp.MustCompile(`(?s)reporting 1 custom event to CMS in cn-hangzhou.*AccessForbidden.*request id`),
		}},
	})
	if n := len(emulatedEvents(t, e)); n != 0 {
		t.Errorf("emulator holds %d events after a refused report, want 0", n)
	}
}

func TestAccCMSCustomEvent_missingCredentialAtPlan(t *testing.T) {
	t.Setenv("ALICLOUD_ACCESS_KEY", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	e := acctest.NewEmulator(t)
	config := strings.Replace(testAccCustomEventConfig_basic(e, "deploy", "x"), fmt.Sprintf("access_key = %q", acctest.AlicloudAccessKey), "", 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)alicloud\.access_key is not set.*ALICLOUD_ACCESS_KEY`),
		}},
	})
}

// Issue 13, item 1: an identical event reported earlier (same name, group,
// content and fixed time) is not taken for one of this report's. The
// resource reports one event, then is replaced through triggers with two
// identical ones while two PutCustomEvent calls fail with 500: all three
// are stored in the end. Before the fix the earlier event counted as
// "arrived", the apply succeeded and 0 of the 2 new events were stored.
func TestAccCMSCustomEvent_identicalEarlierEventNotCounted(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := func(release string, copies int) string {
		events := strings.Repeat(`    { name = "deploy", content = "same", time = "2025-02-01T00:00:00.123Z" },`+"\n", copies)
		return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_custom_event" "test" {
  triggers = { release = %q }
  events = [
%s  ]
}
`, release, events)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg("v1", 1),
				Check:  testAccCheckCustomEventCalls(t, e, 1, 1),
			},
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500, Count: 2})
				},
				Config: cfg("v2", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(customEventAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				// 1 + 3 calls (two failed, the third stored both); 1 + 2 events.
				Check: testAccCheckCustomEventCalls(t, e, 4, 3),
			},
		},
	})
}

// When every attempt fails, the diagnostic counts exactly where the events
// stand, and says none was reported only when none was.
func TestAccCMSCustomEvent_exhaustedAttemptsCounted(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500, Count: 3})
			},
			Config:      testAccCustomEventConfig_basic(e, "deploy", "never arrives"),
			ExpectError: regexp.MustCompile(`(?s)Of 1 custom event: 0 confirmed as reported, 1 not reported, 0\s+unknown.*PutCustomEvent calls: 3.*InternalError.*No event was reported`),
		}},
	})
	if n := len(emulatedEvents(t, e)); n != 0 {
		t.Errorf("emulator holds %d events, want 0", n)
	}
}

// Issue 13, item 7: the same instant in another spelling is no change. The
// events were reported with a Z time; the configuration then gives the same
// instant with +08:00, and then as epoch milliseconds: empty plans, nothing
// reported again. Before the fix each edit replaced the resource and
// reported the event a second time.
func TestAccCMSCustomEvent_equalInstantsNoReplace(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := func(when string) string {
		return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_custom_event" "test" {
  events = [{ name = "deploy", content = "v1", time = %q }]
}
`, when)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("2025-02-01T00:00:00Z"), Check: testAccCheckCustomEventCalls(t, e, 1, 1)},
			{
				Config: cfg("2025-02-01T08:00:00+08:00"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: testAccCheckCustomEventCalls(t, e, 1, 1),
			},
			{
				Config: cfg("1738368000000"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: testAccCheckCustomEventCalls(t, e, 1, 1),
			},
			{
				// A different instant is a change: the event is reported again.
				Config: cfg("2025-02-01T00:00:00.001Z"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(customEventAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: testAccCheckCustomEventCalls(t, e, 2, 2),
			},
		},
	})
}
