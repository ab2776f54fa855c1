package lifecycle

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// The custom event report's row: reporting is the whole job, so every
// argument replaces (a new report), destroy forgets and the cloud keeps
// every event (Kept: the events stored must be exactly those of the reports
// ever in a state). Events cannot be deleted or changed out of band, and
// there is nothing to import.
func TestAccCMSCustomEvent_lifecycle(t *testing.T) {
	t.Parallel() // the tables run side by side; each case's steps run in order
	acctest.LifecycleTest(t, acctest.Lifecycle{
		Type: "telemetry_cms_custom_event",
		Args: map[string]string{
			"events":   `[{ name = "lc", content = "one", time = "2025-02-01T00:00:00Z" }, { name = "lc", content = "two" }]`,
			"triggers": `{ round = "a" }`,
		},
		Replaces: []acctest.Change{
			{Arg: "triggers", Value: `{ round = "b" }`},
			{Arg: "events", Value: `[{ name = "lc", content = "three" }]`},
		},
		Modes: []core.Modes{{VisibilityLagMS: 2000}, {Normalize: true}, {PageCap: 7}, {VendorExamples: true}},
		Live: func(t testing.TB, e *acctest.Emulator) []string {
			var st struct {
				Alibaba struct {
					CustomEvents []struct {
						Name string `json:"name"`
					} `json:"custom_events"`
				} `json:"alibaba"`
			}
			e.State(t, &st)
			var out []string
			for _, ev := range st.Alibaba.CustomEvents {
				out = append(out, ev.Name)
			}
			return out
		},
		Key: func(map[string]string) string { return "lc" },
		Count: func(a map[string]string) int {
			n, _ := strconv.Atoi(a["events.#"])
			return n
		},
		Kept: true,
		Faults: []acctest.FaultPoint{
			{Name: "before", Faults: fault("PutCustomEvent", core.FaultThrottle)},
			{Name: "during", Faults: fault("PutCustomEvent", core.FaultDrop)},
			{Name: "after", Faults: fault("DescribeCustomEventAttribute", core.FaultThrottle)},
		},
		Diagnostic: regexp.MustCompile(`(?si)custom event.*(apply|retry|again|run)`),
	})
}
