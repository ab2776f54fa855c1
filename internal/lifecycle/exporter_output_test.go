package lifecycle

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// The exporter output's row: every argument but dest_name (and region)
// updates in place; the API lists outputs (paging, lag, normalised echoes
// all act on it). Eight other outputs make a page cap of 7 matter.
func TestAccCMSExporterOutput_lifecycle(t *testing.T) {
	t.Parallel() // the tables run side by side; each case's steps run in order
	acctest.LifecycleTest(t, acctest.Lifecycle{
		Type: "telemetry_cms_exporter_output",
		Args: map[string]string{
			"dest_name":         `"lc-out"`,
			"sls_endpoint":      `"https://cn-hangzhou.log.aliyuncs.com/"`,
			"sls_project":       `"p-a"`,
			"sls_logstore":      `"metrics"`,
			"access_key_id":     `"LTAIexample"`,
			"access_key_secret": `"example-secret"`,
		},
		Updates: []acctest.Change{
			{Arg: "sls_project", Value: `"p-b"`},
			{Arg: "sls_logstore", Value: `"logs"`},
			{Arg: "access_key_id", Value: `"LTAIother"`},
			{Arg: "access_key_secret", Value: `"other-secret"`},
			{Arg: "description", Value: `"lifecycle"`},
		},
		Replaces:         []acctest.Change{{Arg: "dest_name", Value: `"lc-out-renamed"`}},
		ImportID:         func(a map[string]string) string { return a["region"] + ":" + a["dest_name"] },
		ImportIgnore:     []string{"access_key_secret", "description"},
		ImportIdentifier: "dest_name",
		// Imported, the output has no configured spelling yet: the state
		// takes the API's (an equivalent address, as the mode suite says).
		ImportIgnoreNormalized: []string{"sls_endpoint", "dest_type"},
		Identity:               true,
		Modes:                  []core.Modes{{VisibilityLagMS: 2000}, {Normalize: true}, {PageCap: 7}, {VendorExamples: true}},
		Seed: func(t testing.TB, e *acctest.Emulator) {
			var seed []map[string]any
			for i := range 8 {
				seed = append(seed, map[string]any{
					"dest_name": fmt.Sprintf("other-%d", i), "endpoint": "https://cn-hangzhou.log.aliyuncs.com",
					"project": "seeded", "logstore": "metrics", "access_key_id": "LTAIseeded", "access_key_secret": "seeded-secret",
				})
			}
			e.Post(t, "/_emulator/alibaba/exporter_outputs", seed, nil)
		},
		Live: func(t testing.TB, e *acctest.Emulator) []string {
			var st struct {
				Alibaba struct {
					ExporterOutputs map[string][]struct {
						DestName string `json:"dest_name"`
					} `json:"exporter_outputs"`
				} `json:"alibaba"`
			}
			e.State(t, &st)
			var out []string
			for _, o := range st.Alibaba.ExporterOutputs[acctest.AlicloudRegion] {
				if strings.HasPrefix(o.DestName, "lc-") {
					out = append(out, o.DestName)
				}
			}
			return out
		},
		Key: func(a map[string]string) string { return a["dest_name"] },
		Delete: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Delete(t, "/_emulator/alibaba/exporter_outputs/"+a["region"]+"/"+a["dest_name"])
		},
		Drift: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Post(t, "/_emulator/alibaba/exporter_outputs/"+a["region"]+"/"+a["dest_name"], map[string]string{"project": "drifted"}, nil)
		},
		DriftAction: plancheck.ResourceActionUpdate,
		Faults: []acctest.FaultPoint{
			{Name: "before", Faults: fault("PutExporterOutput", core.FaultError)},
			{Name: "during", Faults: fault("PutExporterOutput", core.FaultDrop)},
			{Name: "after", Faults: []core.Fault{{Operation: "DescribeExporterOutputList", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500, After: 1, Count: 10}}},
		},
		Diagnostic: regexp.MustCompile(`(?s)lc-out.*(apply|retry|again|run)`),
	})
}
