package cms_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// The export rule's main scenario under each mode: create (with its
// exporter output), empty plan, in-place update, empty plan, import,
// destroy, with 20 other rules so that paging matters. Windows and
// destinations are sets: a normalized echo (sorted, spaced) is no change.
func TestAccCMSExporterRule_modes(t *testing.T) {
	for _, m := range emulatorModes {
		t.Run(m.name, func(t *testing.T) {
			e := acctest.NewEmulator(t, func(o *emulator.Options) { o.Modes = m.modes })
			others := make([]string, 20)
			for i := range others {
				others[i] = fmt.Sprintf("other-%02d", i)
			}
			seedRules(t, e, others...)
			cfg := func(metric string) string {
				return e.ProviderConfig() + outputConfig("mode-out", "proj", "") + fmt.Sprintf(`
resource "telemetry_cms_exporter_rule" "test" {
  rule_name      = "zz-mode-rule"
  namespace      = "acs_ecs_dashboard"
  metric_name    = %q
  target_windows = [3600, 60, 300]
  dst_names      = ["zz-other", telemetry_cms_exporter_output.test.dest_name]
}
`, metric)
			}
			holds := func(metric string) resource.TestCheckFunc {
				return func(*terraform.State) error {
					all := emulatorRules(t, e)
					if len(all) != 21 {
						return fmt.Errorf("emulator holds %d rules, want 21", len(all))
					}
					if r := all["zz-mode-rule"]; r.MetricName != metric || r.TargetWindows != "60,300,3600" || strings.Join(r.DstNames, ",") != "mode-out,zz-other" {
						return fmt.Errorf("emulator holds %+v", r)
					}
					return nil
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             checkRulesGone(t, e, "zz-mode-rule"),
				Steps: []resource.TestStep{
					{
						Config:           cfg("cpu_total"),
						Check:            holds("cpu_total"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					{
						Config: cfg("memory_used"),
						Check:  holds("memory_used"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ruleAddr, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						ResourceName: ruleAddr, ImportState: true, ImportStateId: "zz-mode-rule",
						ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "rule_name",
					},
				},
			})
		})
	}
}

// The list resource, at the protocol level (terraform query needs 1.14):
// 250 rules in ceil(250/100) pages plus at most one, identities, the
// prefix, the limit and the resource as Read fills it.
func TestExporterRuleList_pagesFiltersAndResource(t *testing.T) {
	e := acctest.NewEmulator(t)
	var names []string
	for i := range 250 {
		names = append(names, fmt.Sprintf("rule-%03d", i))
	}
	seedRules(t, e, names...)
	seedRules(t, e, "keep-me")
	p := e.ProtoProvider(t)
	before := e.Stats(t)["DescribeExporterRuleList"]
	got := p.List("telemetry_cms_exporter_rule", nil, false, 1000)
	noErrors(t, got)
	if calls := e.Stats(t)["DescribeExporterRuleList"] - before; len(got) != 251 || calls > 4 {
		t.Fatalf("listed %d rules in %d calls, want 251 in at most 4", len(got), calls)
	}
	if got := p.List("telemetry_cms_exporter_rule", nil, true, 7); len(got) != 7 {
		t.Fatalf("limit 7: listed %d", len(got))
	}
	got = p.List("telemetry_cms_exporter_rule", map[string]tftypes.Value{"name_prefix": listStr("keep")}, true, 100)
	noErrors(t, got)
	if len(got) != 1 || acctest.String(t, got[0].Identity["rule_name"]) != "keep-me" || got[0].Resource == nil {
		t.Fatalf("prefix keep: %+v", got)
	}
	if metric := acctest.String(t, got[0].Resource["metric_name"]); metric != "cpu_total" {
		t.Fatalf("listed resource metric_name %q", metric)
	}
}

// terraform query on Terraform 1.14 and later.
func TestAccCMSExporterRuleList_query(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedRules(t, e, "q-one", "q-two", "other")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Feature("terraform query", tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: e.ProviderConfig()},
			{
				Query: true,
				Config: `
list "telemetry_cms_exporter_rule" "q" {
  provider = telemetry
  config {
    name_prefix = "q-"
  }
}
`,
			},
		},
	})
}
