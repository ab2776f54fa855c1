package lifecycle

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// The bare-metal log export's row: CloudDC has no list and no delete, so
// destroy only forgets (the cloud keeps every export: Kept) and the page
// cap does not act on it. A dropped ExportServerLogs answer is left out:
// with no list, no provider can find the export it started, and it fails
// with the import command, as documented.
func TestAccBaremetalLogExport_lifecycle(t *testing.T) {
	t.Parallel() // the tables run side by side; each case's steps run in order
	acctest.LifecycleTest(t, acctest.Lifecycle{
		Type: "telemetry_baremetal_log_export",
		Args: map[string]string{
			"physical_server_id": `"` + huawei.DefaultServers(acctest.HuaweicloudProjectID)[0].ID + `"`,
			"output_path":        `"{{dir}}/a.tar.gz"`,
			"triggers":           `{ round = "a" }`,
		},
		Blocks: "  timeouts {\n    create = \"2m\"\n  }\n",
		Updates: []acctest.Change{
			{Arg: "output_path", Value: `"{{dir}}/b.tar.gz"`},
			{Arg: "restore_missing_file", Value: "false"},
		},
		Replaces: []acctest.Change{{Arg: "triggers", Value: `{ round = "b" }`}},
		ImportID: func(a map[string]string) string {
			return a["project_id"] + "/" + a["physical_server_id"] + "/" + a["export_id"]
		},
		ImportIgnore: []string{"output_path", "restore_missing_file", "triggers", "file_sha256", "file_name", "file_size"},
		Identity:     true,
		Modes:        []core.Modes{{VisibilityLagMS: 2000}, {Normalize: true}, {VendorExamples: true}},
		Options: []func(*emulator.Options){func(o *emulator.Options) {
			o.Huawei.ExportMS, o.Huawei.PercentStep, o.Huawei.ArchiveBytes = 40, 10, 96<<10
		}},
		Live: func(t testing.TB, e *acctest.Emulator) []string {
			var st struct {
				Huawei struct {
					Exports []struct {
						ExportID  string  `json:"export_id"`
						DeletedAt *string `json:"deleted_at"`
					} `json:"exports"`
				} `json:"huawei"`
			}
			e.State(t, &st)
			var out []string
			for _, x := range st.Huawei.Exports {
				if x.DeletedAt == nil {
					out = append(out, strings.ToLower(x.ExportID))
				}
			}
			return out
		},
		Key:  func(a map[string]string) string { return strings.ToLower(a["export_id"]) },
		Kept: true,
		Delete: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Delete(t, "/_emulator/huawei/exports/"+a["export_id"])
		},
		Drift: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Post(t, "/_emulator/huawei/exports/"+a["export_id"]+"/expire", nil, nil)
		},
		DriftAction: plancheck.ResourceActionNoop,
		Faults: []acctest.FaultPoint{
			{Name: "before", Faults: fault("ExportServerLogs", core.FaultThrottle)},
			{Name: "after", Faults: fault("ShowLogsExportStatus", core.FaultError)},
		},
		Diagnostic: regexp.MustCompile(`(?si)(bare-metal|physical server).*(apply|retry|again|run)`),
	})
}
