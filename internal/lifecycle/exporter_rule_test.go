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

// The export rule's row: every argument but rule_name (and region) updates
// in place; the API lists rules (paging, lag, normalised echoes all act on
// it). Eight other rules make a page cap of 7 matter. The rule names
// outputs seeded out of band: CloudMonitor does not require them to exist
// when the rule is written, and the matrix declares one instance only.
func TestAccCMSExporterRule_lifecycle(t *testing.T) {
	t.Parallel() // the tables run side by side; each case's steps run in order
	acctest.LifecycleTest(t, acctest.Lifecycle{
		Type: "telemetry_cms_exporter_rule",
		Args: map[string]string{
			"rule_name":      `"lc-rule"`,
			"namespace":      `"acs_ecs_dashboard"`,
			"metric_name":    `"cpu_total"`,
			"target_windows": `[300, 60]`,
			"dst_names":      `["lc-out-a"]`,
		},
		Updates: []acctest.Change{
			{Arg: "namespace", Value: `"acs_rds_dashboard"`},
			{Arg: "metric_name", Value: `"memory_used"`},
			{Arg: "target_windows", Value: `[60, 3600]`},
			{Arg: "dst_names", Value: `["lc-out-b", "lc-out-a"]`},
			{Arg: "description", Value: `"lifecycle"`},
		},
		Replaces:         []acctest.Change{{Arg: "rule_name", Value: `"lc-rule-renamed"`}},
		ImportID:         func(a map[string]string) string { return a["region"] + ":" + a["rule_name"] },
		ImportIdentifier: "rule_name",
		Identity:         true,
		Modes:            []core.Modes{{VisibilityLagMS: 2000}, {Normalize: true}, {PageCap: 7}, {VendorExamples: true}},
		Seed: func(t testing.TB, e *acctest.Emulator) {
			var outputs, rules []map[string]any
			for _, n := range []string{"lc-out-a", "lc-out-b"} {
				outputs = append(outputs, map[string]any{
					"dest_name": n, "endpoint": "https://cn-hangzhou.log.aliyuncs.com",
					"project": "seeded", "logstore": "metrics", "access_key_id": "LTAIseeded", "access_key_secret": "seeded-secret",
				})
			}
			for i := range 8 {
				rules = append(rules, map[string]any{
					"rule_name": fmt.Sprintf("other-%d", i), "namespace": "acs_ecs_dashboard", "metric_name": "cpu_total",
					"target_windows": "60", "dst_names": []string{"lc-out-a"},
				})
			}
			e.Post(t, "/_emulator/alibaba/exporter_outputs", outputs, nil)
			e.Post(t, "/_emulator/alibaba/exporter_rules", rules, nil)
		},
		Live: func(t testing.TB, e *acctest.Emulator) []string {
			var st struct {
				Alibaba struct {
					ExporterRules map[string][]struct {
						RuleName string `json:"rule_name"`
					} `json:"exporter_rules"`
				} `json:"alibaba"`
			}
			e.State(t, &st)
			var out []string
			for _, r := range st.Alibaba.ExporterRules[acctest.AlicloudRegion] {
				if strings.HasPrefix(r.RuleName, "lc-") {
					out = append(out, r.RuleName)
				}
			}
			return out
		},
		Key: func(a map[string]string) string { return a["rule_name"] },
		Delete: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Delete(t, "/_emulator/alibaba/exporter_rules/"+a["region"]+"/"+a["rule_name"])
		},
		Drift: func(t testing.TB, e *acctest.Emulator, a map[string]string) {
			e.Post(t, "/_emulator/alibaba/exporter_rules/"+a["region"]+"/"+a["rule_name"], map[string]string{"metric_name": "drifted"}, nil)
		},
		DriftAction: plancheck.ResourceActionUpdate,
		Faults: []acctest.FaultPoint{
			{Name: "before", Faults: fault("PutExporterRule", core.FaultError)},
			{Name: "during", Faults: fault("PutExporterRule", core.FaultDrop)},
			{Name: "after", Faults: []core.Fault{{Operation: "DescribeExporterRuleList", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500, After: 1, Count: 10}}},
		},
		Diagnostic: regexp.MustCompile(`(?s)lc-rule.*(apply|retry|again|run)`),
	})
}
