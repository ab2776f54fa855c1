package cms_test

import (
	"fmt"
	"regexp"
	"strings"
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

// laggingEmulator answers lists lagMS behind writes (-visibility-lag-ms).
func laggingEmulator(t *testing.T, lagMS int64) *acctest.Emulator {
	return acctest.NewEmulator(t, func(o *emulator.Options) { o.Modes = core.Modes{VisibilityLagMS: lagMS} })
}

// providerConfigWithBound is the test provider block with another
// read_after_write_timeout.
func providerConfigWithBound(t *testing.T, e *acctest.Emulator, bound string) string {
	const def = `read_after_write_timeout = "5s"`
	cfg := e.ProviderConfig()
	if !strings.Contains(cfg, def) {
		t.Fatalf("the provider block has no %s", def)
	}
	return strings.Replace(cfg, def, `read_after_write_timeout = "`+bound+`"`, 1)
}

// checkOnlyOutputs asserts the emulator holds exactly the named outputs
// (none when names is empty), with project proj.
func checkOnlyOutputs(t *testing.T, e *acctest.Emulator, proj string, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		have := emulatorOutputs(t, e, acctest.AlicloudRegion)
		if len(have) != len(names) {
			return fmt.Errorf("emulator holds %d outputs (%v), want %d %v", len(have), have, len(names), names)
		}
		for _, n := range names {
			if o, ok := have[n]; !ok || o.Project != proj {
				return fmt.Errorf("emulator holds %+v for %q, want project %q", o, n, proj)
			}
		}
		return nil
	}
}

// Issue 24, item 2a: `terraform apply -replace` while the list lags behind
// writes. The delete of the replaced output is still listed when the create
// checks that the name is free; before the fix the apply failed with
// "already exists … import it", leaving nothing behind.
func TestAccCMSExporterOutput_replaceUnderVisibilityLag(t *testing.T) {
	e := laggingEmulator(t, 2000)
	cfg := e.ProviderConfig() + outputConfig("lag-replace-out", "proj-a", "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyOutputs(t, e, ""),
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkOnlyOutputs(t, e, "proj-a", "lag-replace-out")},
			{
				Config: cfg,
				Taint:  []string{outputAddr},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkOnlyOutputs(t, e, "proj-a", "lag-replace-out"),
					checkCalls(t, e, map[string]int{"PutExporterOutput": 2, "DeleteExporterOutput": 1}),
				),
			},
		},
	})
}

// Issue 24, item 2a: destroy, then apply at once, while the list lags
// behind writes. Before the fix the apply found the destroyed output still
// listed and said "already exists … import it". The lag (6 s, bound 10 s)
// outlasts the Terraform runs between the destroy and the create.
func TestAccCMSExporterOutput_destroyThenApplyUnderVisibilityLag(t *testing.T) {
	e := laggingEmulator(t, 6000)
	cfg := providerConfigWithBound(t, e, "10s") + outputConfig("lag-again-out", "proj-a", "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyOutputs(t, e, ""),
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkOnlyOutputs(t, e, "proj-a", "lag-again-out")},
			{Config: cfg, Destroy: true, Check: checkOnlyOutputs(t, e, "")},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkOnlyOutputs(t, e, "proj-a", "lag-again-out"),
					checkCalls(t, e, map[string]int{"PutExporterOutput": 2, "DeleteExporterOutput": 1}),
				),
			},
		},
	})
}

// checkCalls asserts how many requests reached each named operation.
func checkCalls(t *testing.T, e *acctest.Emulator, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats := e.Stats(t)
		for op, n := range want {
			if stats[op] != n {
				return fmt.Errorf("%s calls = %d, want %d", op, stats[op], n)
			}
		}
		return nil
	}
}

// Issue 24, item 2c: every answer of PutExporterOutput is lost (4 dropped
// answers outlast max_retries = 3) although the write took effect. The
// lookup that follows shows the output as configured, so the create adopts
// it: one output, in the state, and the next apply plans nothing. Before
// the fix the apply failed with nothing in the state, and the next apply
// said "already exists … import it".
func TestAccCMSExporterOutput_lostCreateAnswersAdopted(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := e.ProviderConfig() + outputConfig("lost-answer-out", "proj-a", "")
	puts := checkCalls(t, e, map[string]int{"PutExporterOutput": 4})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyOutputs(t, e, ""),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutExporterOutput", Kind: core.FaultDrop, Count: 4})
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("sls_project"), knownvalue.StringExact("proj-a")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("create_time"), knownvalue.StringRegexp(rfc3339)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkOnlyOutputs(t, e, "proj-a", "lost-answer-out"), puts),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Adopted, not tainted: nothing to replace.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkOnlyOutputs(t, e, "proj-a", "lost-answer-out"), puts),
			},
		},
	})
}

// Issue 24, item 2c: every answer of PutExporterOutput is lost and the
// lookup that would tell whether the write took effect fails too. The
// apply fails naming the output and saying the next apply fixes it; the
// output is in the state, tainted, and the next plain apply replaces it:
// one output, an empty plan. Before the fix nothing was saved and the next
// apply said "already exists … import it".
func TestAccCMSExporterOutput_lostCreateUncheckedTainted(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := e.ProviderConfig() + outputConfig("lost-unchecked-out", "proj-a", "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyOutputs(t, e, ""),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutExporterOutput", Kind: core.FaultDrop, Count: 4})
					// The name check passes; the lookup after the lost
					// answers fails through every retry.
					e.AddFault(t, core.Fault{Operation: "DescribeExporterOutputList", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500, After: 1, Count: 4})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)creating CMS exporter output "lost-unchecked-out".*may or may not have written.*saved in the state as\s+tainted.*next\s+apply\s+replaces\s+it.*No\s+import\s+is\s+needed`),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkOnlyOutputs(t, e, "proj-a", "lost-unchecked-out"),
					checkCalls(t, e, map[string]int{"PutExporterOutput": 5, "DeleteExporterOutput": 1}),
				),
			},
		},
	})
}

// Issue 24, item 3: the replacement of an output goes where a new one
// would, to the provider's default region when the resource sets none, even
// though the replaced one stays put while it is only updated. ModifyPlan
// sees the create half of a replacement with a null prior state (its
// resp.RequiresReplace check never ran: the slice is filled afterwards).
func TestAccCMSExporterOutput_replacementFollowsProviderDefault(t *testing.T) {
	e := acctest.NewEmulator(t)
	withDefault := func(region string) string {
		return strings.Replace(e.ProviderConfig(), `region     = "`+acctest.AlicloudRegion+`"`, `region     = "`+region+`"`, 1)
	}
	in := func(region string, want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			have := emulatorOutputs(t, e, region)
			if len(have) != len(want) {
				return fmt.Errorf("%s holds %v, want %v", region, have, want)
			}
			for _, n := range want {
				if _, ok := have[n]; !ok {
					return fmt.Errorf("%s holds %v, want %v", region, have, want)
				}
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: withDefault(acctest.AlicloudRegion) + outputConfig("move-a", "proj-a", "")},
			{
				Config: withDefault("cn-shanghai") + outputConfig("move-b", "proj-a", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectKnownValue(outputAddr, tfjsonpath.New("region"), knownvalue.StringExact("cn-shanghai")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("region"), knownvalue.StringExact("cn-shanghai")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(in("cn-shanghai", "move-b"), in(acctest.AlicloudRegion)),
			},
		},
	})
}
