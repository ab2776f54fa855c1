package lifecycle

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// The CLS export's row: every export argument replaces (an export task
// cannot change); output_path, restore_missing_file and keep_download_url
// are local and update in place. DescribeExports lists, so every mode acts
// on it; eight other exports of the topic make a page cap of 7 matter.
func TestAccCLSExport_lifecycle(t *testing.T) {
	topic := tencent.DefaultTopics[0].TopicID
	t.Parallel() // the tables run side by side; each case's steps run in order
	acctest.LifecycleTest(t, acctest.Lifecycle{
		Type: "telemetry_cls_export",
		Args: map[string]string{
			"topic_id":    `"` + topic + `"`,
			"query":       `"status:500"`,
			"from":        `"2024-01-01T00:00:00Z"`,
			"to":          `"2024-01-01T09:00:00+08:00"`,
			"log_count":   "1000",
			"output_path": `"{{dir}}/a.tar.gz"`,
		},
		Blocks: "  timeouts {\n    create = \"2m\"\n  }\n",
		Updates: []acctest.Change{
			{Arg: "output_path", Value: `"{{dir}}/b.tar.gz"`},
			{Arg: "restore_missing_file", Value: "false"},
			{Arg: "keep_download_url", Value: "true"},
		},
		Replaces: []acctest.Change{
			{Arg: "query", Value: `"status:404"`},
			{Arg: "log_count", Value: "500"},
			{Arg: "from", Value: `"2024-01-01T00:30:00Z"`},
			{Arg: "format", Value: `"csv"`},
		},
		ImportID: func(a map[string]string) string { return a["id"] },
		// An import has no configured values yet: the state takes the API's
		// (the same instant of "to", the query and count as CLS echoes them).
		ImportIgnore: []string{"output_path", "restore_missing_file", "file_sha256", "wait_for_completion", "download_url", "to", "query", "log_count"},
		Identity:     true,
		Modes:        []core.Modes{{VisibilityLagMS: 2000}, {Normalize: true}, {PageCap: 7}, {VendorExamples: true}},
		Options:      []func(*emulator.Options){func(o *emulator.Options) { o.Tencent.QueueMS, o.Tencent.ProcessMS = 20, 60 }},
		Seed: func(t testing.TB, e *acctest.Emulator) {
			e.Post(t, "/_emulator/tencent/exports", map[string]any{
				"topic_id": topic, "region": acctest.TencentcloudRegion, "count": 8, "query": "seeded",
				"from": 1704067200000, "to": 1704070800000, "log_count": 500,
			}, nil)
		},
		Live: func(t testing.TB, e *acctest.Emulator) []string {
			var st struct {
				Tencent struct {
					Exports []struct {
						ExportID string `json:"export_id"`
						Query    string `json:"query"`
					} `json:"exports"`
				} `json:"tencent"`
			}
			e.State(t, &st)
			var out []string
			for _, x := range st.Tencent.Exports {
				if x.Query != "seeded" {
					out = append(out, exportKey(x.ExportID))
				}
			}
			return out
		},
		Key: func(a map[string]string) string { return exportKey(a["export_id"]) },
		Delete: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Delete(t, "/_emulator/tencent/exports/"+a["export_id"])
		},
		// An export cannot change; what can is its life: CLS expires the
		// file after three days. The downloaded file is still there, so
		// nothing needs doing.
		Drift: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Post(t, "/_emulator/tencent/exports/"+a["export_id"]+"/expire", nil, nil)
		},
		DriftAction: plancheck.ResourceActionNoop,
		Faults: []acctest.FaultPoint{
			{Name: "before", Faults: fault("CreateExport", core.FaultThrottle)},
			{Name: "during", Faults: fault("CreateExport", core.FaultDrop)},
			{Name: "after", Faults: fault("DescribeExports", core.FaultError)},
		},
		Diagnostic: regexp.MustCompile(`(?si)CLS export.*(apply|retry|again|run)`),
	})
}

// exportKey names an export however CLS spells its id: Tencent's own
// examples give it without the export- prefix from CreateExport and with it
// from DescribeExports (the emulator's -vendor-example-shapes).
func exportKey(id string) string {
	return strings.TrimPrefix(strings.ToLower(id), "export-")
}
