package cms_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

const ruleAddr = "telemetry_cms_exporter_rule.test"

// emulatorRule is one export rule as /_emulator/state shows it.
type emulatorRule struct {
	RuleName      string   `json:"rule_name"`
	Namespace     string   `json:"namespace"`
	MetricName    string   `json:"metric_name"`
	TargetWindows string   `json:"target_windows"`
	Describe      string   `json:"describe"`
	DstNames      []string `json:"dst_names"`
	Enabled       bool     `json:"enabled"`
}

func emulatorRules(t *testing.T, e *acctest.Emulator) map[string]emulatorRule {
	t.Helper()
	var st struct {
		Alibaba struct {
			ExporterRules map[string][]emulatorRule `json:"exporter_rules"`
		} `json:"alibaba"`
	}
	e.State(t, &st)
	out := map[string]emulatorRule{}
	for _, r := range st.Alibaba.ExporterRules[acctest.AlicloudRegion] {
		out[r.RuleName] = r
	}
	return out
}

// seedRules stores rules directly in the emulator (out of band).
func seedRules(t *testing.T, e *acctest.Emulator, names ...string) {
	t.Helper()
	var seed []map[string]any
	for _, n := range names {
		seed = append(seed, map[string]any{"rule_name": n, "namespace": "acs_ecs_dashboard", "metric_name": "cpu_total", "target_windows": "60", "dst_names": []string{"seeded"}})
	}
	e.Post(t, "/_emulator/alibaba/exporter_rules", seed, nil)
}

func checkRule(t *testing.T, e *acctest.Emulator, name string, f func(r emulatorRule) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		r, ok := emulatorRules(t, e)[name]
		if !ok {
			return fmt.Errorf("export rule %q is not in the emulator", name)
		}
		return f(r)
	}
}

func checkRulesGone(t *testing.T, e *acctest.Emulator, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		have := emulatorRules(t, e)
		for _, n := range names {
			if _, ok := have[n]; ok {
				return fmt.Errorf("export rule %q still exists in the emulator", n)
			}
		}
		return nil
	}
}

func ruleConfig(name, metric, windows, extra string) string {
	return fmt.Sprintf(`
resource "telemetry_cms_exporter_rule" "test" {
  rule_name      = %[1]q
  namespace      = "acs_ecs_dashboard"
  metric_name    = %[2]q
  target_windows = %[3]s
  dst_names      = ["out-a", "out-b"]
%[4]s
}
`, name, metric, windows, extra)
}

func TestAccCMSExporterRule_basic(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkRulesGone(t, e, "basic-rule"),
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + ruleConfig("basic-rule", "cpu_total", "[300, 60]", `  description = "CPU *~"`) + `
data "telemetry_cms_exporter_rule" "read" {
  rule_name  = telemetry_cms_exporter_rule.test.rule_name
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ruleAddr, tfjsonpath.New("metric_name"), knownvalue.StringExact("cpu_total")),
					statecheck.ExpectKnownValue(ruleAddr, tfjsonpath.New("target_windows"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(60), knownvalue.Int64Exact(300)})),
					statecheck.ExpectKnownValue(ruleAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ruleAddr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
					statecheck.ExpectKnownValue(ruleAddr, tfjsonpath.New("create_time"), knownvalue.StringRegexp(rfc3339)),
					statecheck.ExpectKnownValue("data.telemetry_cms_exporter_rule.read", tfjsonpath.New("dst_names"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("out-a"), knownvalue.StringExact("out-b")})),
					statecheck.ExpectKnownValue("data.telemetry_cms_exporter_rule.read", tfjsonpath.New("description"), knownvalue.StringExact("CPU *~")),
				},
				Check: checkRule(t, e, "basic-rule", func(r emulatorRule) error {
					if r.TargetWindows != "60,300" || r.Describe != "CPU *~" || !slices.Equal(r.DstNames, []string{"out-a", "out-b"}) {
						return fmt.Errorf("emulator holds %+v", r)
					}
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName: ruleAddr, ImportState: true, ImportStateId: "basic-rule",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "rule_name",
			},
			{
				ResourceName: ruleAddr, ImportState: true, ImportStateId: acctest.AlicloudRegion + ":basic-rule",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "rule_name",
			},
			{
				ResourceName: ruleAddr, ImportState: true, ImportStateId: "cn-hangzhou:a:b",
				ExpectError: regexp.MustCompile(`must be "<rule_name>" or`),
			},
		},
	})
}

func TestAccCMSExporterRule_updateInPlace(t *testing.T) {
	e := acctest.NewEmulator(t)
	sameCreateTime := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkRulesGone(t, e, "upd-rule"),
		Steps: []resource.TestStep{
			{
				Config:            e.ProviderConfig() + ruleConfig("upd-rule", "cpu_total", "[60]", ""),
				ConfigStateChecks: []statecheck.StateCheck{sameCreateTime.AddStateValue(ruleAddr, tfjsonpath.New("create_time"))},
			},
			{
				Config: e.ProviderConfig() + ruleConfig("upd-rule", "memory_used", "[60, 3600]", `  description = "now described"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ruleAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameCreateTime.AddStateValue(ruleAddr, tfjsonpath.New("create_time"))},
				Check: checkRule(t, e, "upd-rule", func(r emulatorRule) error {
					if r.MetricName != "memory_used" || r.TargetWindows != "60,3600" || r.Describe != "now described" {
						return fmt.Errorf("emulator holds %+v", r)
					}
					return nil
				}),
			},
			{
				Config: e.ProviderConfig() + ruleConfig("upd-rule-2", "memory_used", "[60]", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(ruleAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: checkRulesGone(t, e, "upd-rule"),
			},
		},
	})
}

// The API cannot switch a rule on or off: enabled shows the console's
// switch (the emulator's admin API), and a switched-off rule is no diff.
func TestAccCMSExporterRule_enabledIsReadOnly(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := e.ProviderConfig() + ruleConfig("switch-rule", "cpu_total", "[60]", "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(ruleAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true))},
			},
			{
				PreConfig: func() {
					adminDo(t, e, http.MethodPatch, "/_emulator/alibaba/exporter_rules/"+acctest.AlicloudRegion+"/switch-rule", `{"enabled":false}`)
				},
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(ruleAddr, "enabled", "false"),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: checkRule(t, e, "switch-rule", func(r emulatorRule) error {
					if r.Enabled {
						return fmt.Errorf("the rule was switched on again")
					}
					return nil
				}),
			},
		},
	})
}

func TestAccCMSExporterRule_disappearsAndDrift(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := e.ProviderConfig() + ruleConfig("gone-rule", "cpu_total", "[60]", "")
	path := "/_emulator/alibaba/exporter_rules/" + acctest.AlicloudRegion + "/gone-rule"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					adminDo(t, e, http.MethodPatch, path, `{"metric_name":"changed-outside","dst_names":["out-b","out-a"]}`)
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ruleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(ruleAddr, tfjsonpath.New("metric_name"), knownvalue.StringExact("cpu_total")),
				}},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					if err := checkRule(t, e, "gone-rule", func(r emulatorRule) error {
						if r.MetricName != "cpu_total" {
							return fmt.Errorf("metric is %q after re-apply", r.MetricName)
						}
						return nil
					})(s); err != nil {
						return err
					}
					adminDo(t, e, http.MethodDelete, path, "")
					return nil
				},
				ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(ruleAddr, plancheck.ResourceActionCreate)}},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccCMSExporterRule_createOverExisting(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedRules(t, e, "taken-rule")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.ProviderConfig() + ruleConfig("taken-rule", "cpu_total", "[60]", ""),
			ExpectError: regexp.MustCompile(`(?s)already\s+exists.*import.*cn-hangzhou:taken-rule`),
		}},
	})
	if got := e.Stats(t)["PutExporterRule"]; got != 0 {
		t.Errorf("PutExporterRule was called %d times over an existing rule", got)
	}
}

func TestAccCMSExporterRule_importByIdentity(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedRules(t, e, "ident-rule")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Feature("import by resource identity", tfversion.Version1_12_0)},
		Steps: []resource.TestStep{{
			Config: e.ProviderConfig() + `
import {
  to       = telemetry_cms_exporter_rule.test
  identity = { rule_name = "ident-rule" }
}
resource "telemetry_cms_exporter_rule" "test" {
  rule_name      = "ident-rule"
  namespace      = "acs_ecs_dashboard"
  metric_name    = "cpu_total"
  target_windows = [60]
  dst_names      = ["seeded"]
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

func TestAccCMSExporterRule_planTimeValidation(t *testing.T) {
	e := acctest.NewEmulator(t)
	bad := func(name, windows, dst string) string {
		return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_exporter_rule" "test" {
  rule_name      = %s
  namespace      = "acs_ecs_dashboard"
  metric_name    = "cpu_total"
  target_windows = %s
  dst_names      = %s
}
`, name, windows, dst)
	}
	var many []string
	for i := range 21 {
		many = append(many, fmt.Sprintf("%q", fmt.Sprintf("o%d", i)))
	}
	steps := []resource.TestStep{
		{Config: bad(`"r"`, "[30]", `["o"]`), ExpectError: regexp.MustCompile(`(?s)target_windows.*at\s+least\s+60.*30`)},
		{Config: bad(`"r"`, "[60, 59]", `["o"]`), ExpectError: regexp.MustCompile(`(?s)target_windows.*at\s+least\s+60`)},
		{Config: bad(`"r"`, "[]", `["o"]`), ExpectError: regexp.MustCompile(`(?s)target_windows.*at\s+least\s+1`)},
		{Config: bad(`"r"`, "[60]", `[]`), ExpectError: regexp.MustCompile(`(?s)dst_names.*at\s+least\s+1\s+elements\s+and\s+at\s+most\s+20`)},
		{Config: bad(`"r"`, "[60]", "["+strings.Join(many, ", ")+"]"), ExpectError: regexp.MustCompile(`(?s)dst_names.*at\s+least\s+1\s+elements\s+and\s+at\s+most\s+20`)},
		{Config: strings.Replace(bad(`"r"`, "[60]", `["o"]`), "rule_name", "enabled = true\n  rule_name", 1), ExpectError: regexp.MustCompile(`(?s)enabled.*read-only`)},
		{Config: bad(`"a:b"`, "[60]", `["o"]`), ExpectError: regexp.MustCompile(`(?s)rule_name.*without\s+colons.*this\s+provider's\s+rule`)},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if stats := e.Stats(t); len(stats) != 0 {
		t.Errorf("plan-time validation reached the API: %v", stats)
	}
}
