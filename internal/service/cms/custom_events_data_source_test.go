package cms_test

import (
	"context"
	"fmt"
	"regexp"
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

// eventItem checks one element of the data source's events.
func eventItem(name, content, group, time string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":       knownvalue.StringRegexp(requestIDPattern),
		"name":     knownvalue.StringExact(name),
		"group_id": knownvalue.StringExact(group),
		"content":  knownvalue.StringExact(content),
		"time":     knownvalue.StringExact(time),
	})
}

// Events reported with telemetry_cms_custom_event read back by name, by
// time window (both time forms), by group and keywords, by id; no match is
// an empty list; without a window the last 24 hours up to now are searched.
func TestAccCMSCustomEventsDataSource_filters(t *testing.T) {
	e := acctest.NewEmulator(t)
	const ds = "data.telemetry_cms_custom_events."
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "test" {
  events = [
    { name = "alarm", content = "disk full on web", time = "2025-02-01T00:00:03Z" },
    { name = "deploy", content = "web v1 rolled out", time = "2025-02-01T00:00:01Z" },
    { name = "deploy", content = "api v2 rolled out", group_id = "7", time = "2025-02-01T08:00:02.5+08:00" },
    { name = "recent", content = "reported now" },
  ]
}
data "telemetry_cms_custom_events" "by_name" {
  name       = "deploy"
  start_time = "2025-02-01T00:00:00Z"
  end_time   = "2025-02-01T01:00:00Z"
  depends_on = [telemetry_cms_custom_event.test]
}
data "telemetry_cms_custom_events" "by_window" {
  start_time = "2025-02-01T08:00:02.5+08:00"
  end_time   = "1738368003000" # 2025-02-01T00:00:03Z, inclusive
  depends_on = [telemetry_cms_custom_event.test]
}
data "telemetry_cms_custom_events" "by_group_and_keywords" {
  group_id        = "0"
  search_keywords = "web and rolled"
  start_time      = "2025-02-01T00:00:00Z"
  end_time        = "2025-02-02T00:00:00Z"
  depends_on      = [telemetry_cms_custom_event.test]
}
data "telemetry_cms_custom_events" "by_id" {
  event_id   = data.telemetry_cms_custom_events.by_name.events[1].id
  start_time = "2025-02-01T00:00:00Z"
  end_time   = "2025-02-02T00:00:00Z"
}
data "telemetry_cms_custom_events" "none" {
  name       = "deploy"
  start_time = "2025-02-02T00:00:00Z"
  end_time   = "2025-02-03T00:00:00Z"
  depends_on = [telemetry_cms_custom_event.test]
}
data "telemetry_cms_custom_events" "default_window" {
  name       = "recent"
  depends_on = [telemetry_cms_custom_event.test]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds+"by_name", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					eventItem("deploy", "web v1 rolled out", "0", "2025-02-01T00:00:01Z"),
					eventItem("deploy", "api v2 rolled out", "7", "2025-02-01T00:00:02.5Z"),
				})),
				statecheck.ExpectKnownValue(ds+"by_name", tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
				statecheck.ExpectKnownValue(ds+"by_name", tfjsonpath.New("start_time"), knownvalue.StringExact("2025-02-01T00:00:00Z")),
				statecheck.ExpectKnownValue(ds+"by_window", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					eventItem("deploy", "api v2 rolled out", "7", "2025-02-01T00:00:02.5Z"),
					eventItem("alarm", "disk full on web", "0", "2025-02-01T00:00:03Z"),
				})),
				statecheck.ExpectKnownValue(ds+"by_window", tfjsonpath.New("end_time"), knownvalue.StringExact("1738368003000")),
				statecheck.ExpectKnownValue(ds+"by_group_and_keywords", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					eventItem("deploy", "web v1 rolled out", "0", "2025-02-01T00:00:01Z"),
				})),
				statecheck.ExpectKnownValue(ds+"by_id", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					eventItem("deploy", "api v2 rolled out", "7", "2025-02-01T00:00:02.5Z"),
				})),
				statecheck.ExpectKnownValue(ds+"none", tfjsonpath.New("events"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(ds+"default_window", tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("content"), knownvalue.StringExact("reported now")),
				statecheck.ExpectKnownValue(ds+"default_window", tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("time"), knownvalue.StringRegexp(customEventTimePattern)),
				statecheck.ExpectKnownValue(ds+"default_window", tfjsonpath.New("start_time"), knownvalue.StringRegexp(customEventTimePattern)),
				statecheck.ExpectKnownValue(ds+"default_window", tfjsonpath.New("end_time"), knownvalue.StringRegexp(customEventTimePattern)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// The time arguments are checked at plan time: each one's form, and that
// the window does not end before it starts.
func TestAccCMSCustomEventsDataSource_timeValidation(t *testing.T) {
	e := acctest.NewEmulator(t)
	step := func(args, want string) resource.TestStep {
		return resource.TestStep{
			Config:      e.ProviderConfig() + "\ndata \"telemetry_cms_custom_events\" \"test\" {\n" + args + "\n}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`start_time = "yesterday"`, `(?s)start_time "yesterday".*must be an RFC 3339 timestamp`),
			step(`end_time = "2025-02-01 00:00:00"`, `(?s)end_time "2025-02-01 00:00:00".*must be an RFC 3339 timestamp`),
			step(`start_time = "1738368000"`, `(?s)start_time "1738368000".*looks like epoch seconds`),
			step(`
  start_time = "2025-02-01T08:00:00+08:00"
  end_time   = "2025-01-31T23:59:59.999Z"
`, `(?s)end_time "2025-01-31T23:59:59.999Z" is before.*start_time.*"2025-02-01T08:00:00\+08:00"`),
		},
	})
	if got := e.Stats(t)["DescribeCustomEventAttribute"]; got != 0 {
		t.Errorf("DescribeCustomEventAttribute calls = %d, want 0 (refused before any call)", got)
	}
}

// More events than one page under the emulator's page cap: the data source
// walks every page (the client's one pager) and lists them all, in time
// order.
func TestAccCMSCustomEventsDataSource_paging(t *testing.T) {
	e := acctest.NewEmulator(t, func(o *emulator.Options) { o.Modes = core.Modes{PageCap: 7} })
	const addr = "data.telemetry_cms_custom_events.batch"
	report := e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "batch" {
  events = [for i in range(20) : {
    name    = "batch"
    content = "event ${i}"
    time    = format("2025-03-01T00:00:%02dZ", i)
  }]
}
`
	var before int // DescribeCustomEventAttribute calls before the read
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: report,
				Check: func(*terraform.State) error {
					before = e.Stats(t)["DescribeCustomEventAttribute"]
					return nil
				},
			},
			{
				// Read at plan time (the report is unchanged), once before the
				// apply's Check runs.
				Config: report + `
data "telemetry_cms_custom_events" "batch" {
  name       = "batch"
  start_time = "2025-03-01T00:00:00Z"
  end_time   = "2025-03-01T00:01:00Z"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events"), knownvalue.ListSizeExact(20)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("content"), knownvalue.StringExact("event 0")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events").AtSliceIndex(7).AtMapKey("content"), knownvalue.StringExact("event 7")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events").AtSliceIndex(19).AtMapKey("time"), knownvalue.StringExact("2025-03-01T00:00:19Z")),
				},
				Check: func(*terraform.State) error {
					if got := e.Stats(t)["DescribeCustomEventAttribute"] - before; got != 4 {
						return fmt.Errorf("DescribeCustomEventAttribute calls of the read = %d, want 4 (pages of 7, 7, 6 events, then an empty one)", got)
					}
					return nil
				},
			},
		},
	})
}

// checkBlockStatus asserts the status ("pass", "fail", "unknown") of a
// check block in the state's check results.
type checkBlockStatus struct{ name, want string }

func (c checkBlockStatus) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Checks {
		if r.Address.Kind == "check" && r.Address.Name == c.name {
			if string(r.Status) != c.want {
				resp.Error = fmt.Errorf("check block %q: status %q, want %q", c.name, r.Status, c.want)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("check block %q is not in the state's check results", c.name)
}

// The data source reads once and does not wait: under a visibility lag a
// check block over it fails (a warning) in the apply that reports the event,
// and passes in a later run once CloudMonitor lists the event. Time passes
// by lifting the emulator's lag.
func TestAccCMSCustomEventsDataSource_checkBlockAfterLag(t *testing.T) {
	e := acctest.NewEmulator(t, func(o *emulator.Options) { o.Modes = core.Modes{VisibilityLagMS: 600_000} })
	config := e.ProviderConfig() + `
resource "telemetry_cms_custom_event" "deploy" {
  events = [{ name = "deploy", content = "web v1.4.0 rolled out" }]
}
check "deploy_event_arrived" {
  data "telemetry_cms_custom_events" "deploy" {
    name            = "deploy"
    search_keywords = "v1.4.0"
    start_time      = telemetry_cms_custom_event.deploy.events[0].time
  }
  assert {
    condition     = length(data.telemetry_cms_custom_events.deploy.events) > 0
    error_message = "The deploy event has not arrived in CloudMonitor yet."
  }
}
`
	// After the apply, the plan's only action is that read: the event is
	// not reported again.
	checkReadOnly := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("telemetry_cms_custom_event.deploy", plancheck.ResourceActionNoop),
		plancheck.ExpectResourceAction("data.telemetry_cms_custom_events.deploy", plancheck.ResourceActionRead),
	}}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ConfigStateChecks:  []statecheck.StateCheck{checkBlockStatus{"deploy_event_arrived", "fail"}},
				ConfigPlanChecks:   checkReadOnly,
				ExpectNonEmptyPlan: true, // a check block's data source is always read again during apply
			},
			{
				PreConfig:          func() { e.Post(t, "/_emulator/modes", core.Modes{}, nil) },
				Config:             config,
				ConfigStateChecks:  []statecheck.StateCheck{checkBlockStatus{"deploy_event_arrived", "pass"}},
				ConfigPlanChecks:   checkReadOnly,
				ExpectNonEmptyPlan: true,
			},
		},
	})
	if got := e.Stats(t)["PutCustomEvent"]; got != 1 {
		t.Errorf("PutCustomEvent calls = %d, want 1 (the event is reported once)", got)
	}
}
