package cls_test

import (
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// The arguments of twinConfig's export, as the emulator's admin API takes them.
var twinFrom = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

func twinArgs(createdAgo time.Duration) map[string]any {
	return map[string]any{
		"topic_id": topicID, "query": "status:409", "log_count": 10,
		"from": twinFrom.UnixMilli(), "to": twinFrom.Add(time.Hour).UnixMilli(),
		"created_ago_ms": createdAgo.Milliseconds(),
	}
}

func twinConfig(providerConfig string) string {
	return providerConfig + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %[1]q
  query     = "status:409"
  from      = %[2]q
  to        = %[3]q
  log_count = 10
}
`, topicID, twinFrom.Format(time.RFC3339), twinFrom.Add(time.Hour).Format(time.RFC3339))
}

// seedTwin adds an export with twinConfig's arguments, made by "another
// workspace" createdAgo ago, and returns its id.
func seedTwin(t *testing.T, e *acctest.Emulator, createdAgo time.Duration) string {
	t.Helper()
	var out struct {
		ExportIDs []string `json:"export_ids"`
	}
	e.Post(t, "/_emulator/tencent/exports", twinArgs(createdAgo), &out)
	return out.ExportIDs[0]
}

// checkOwnExport asserts the emulator holds exactly the exports others
// plus one more, which the state tracks.
func checkOwnExport(t *testing.T, e *acctest.Emulator, others ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		xs := exports(t, e)
		if len(xs) != len(others)+1 {
			return fmt.Errorf("want %d exports (ours and %v); the emulator holds %+v", len(others)+1, others, xs)
		}
		got := s.RootModule().Resources[resourceName].Primary.Attributes["export_id"]
		for _, o := range others {
			if got == o {
				return fmt.Errorf("the state tracks %s, an export this configuration did not create", o)
			}
		}
		for _, x := range xs {
			if x.ExportID == got {
				return nil
			}
		}
		return fmt.Errorf("the state tracks %s, which the emulator does not hold: %+v", got, xs)
	}
}

// checkOnlyLeft is a CheckDestroy: after destroy only the others' exports remain.
func checkOnlyLeft(t *testing.T, e *acctest.Emulator, ids ...*string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		xs := exports(t, e)
		if len(xs) != len(ids) {
			return fmt.Errorf("after destroy want only %d export(s) of other runs; the emulator holds %+v", len(ids), xs)
		}
		for i, id := range ids {
			if xs[i].ExportID != *id && (len(xs) < 2 || xs[1-i].ExportID != *id) {
				return fmt.Errorf("destroy removed another run's export %s; left %+v", *id, xs)
			}
		}
		return nil
	}
}

// TestAccCLSExport_reconcileIgnoresOlderTwin: a CreateExport that answers
// 500 (it had no effect) while the topic holds an identical export made 90
// s earlier by another run. The earlier code adopted any unclaimed match of
// the last 2 minutes and took that export; now it lies outside the window
// of our call (send - 1 min .. answer + 1 min), so the provider creates its
// own.
func TestAccCLSExport_reconcileIgnoresOlderTwin(t *testing.T) {
	e := fastEmulator(t)
	var other string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyLeft(t, e, &other),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				other = seedTwin(t, e, 90*time.Second)
				e.AddFault(t, core.Fault{Operation: "CreateExport", Kind: core.FaultError, Code: "InternalError", HTTPStatus: http.StatusInternalServerError, Count: 1})
			},
			Config: twinConfig(e.ProviderConfig()),
			Check: resource.ComposeTestCheckFunc(
				func(s *terraform.State) error { return checkOwnExport(t, e, other)(s) },
				checkCreates(t, e, 2),
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// TestAccCLSExport_reconcileTwoCandidates: our CreateExport is applied and
// its answer lost while another run creates the very same export (the test
// adds it through the emulator's admin API the moment our request arrives).
// Two exports match within the window: the provider adopts neither, fails
// listing both with their import commands, and saves nothing. Importing
// ours then converges. The earlier code adopted the newest match.
func TestAccCLSExport_reconcileTwoCandidates(t *testing.T) {
	e := fastEmulator(t)
	var (
		once  sync.Once
		other string
		f     *front
	)
	f = newFront(t, e, func(w http.ResponseWriter, r *http.Request) bool {
		if action(r) == "CreateExport" {
			once.Do(func() { other = f.seedTwin(twinArgs(0)) })
		}
		return false
	})
	config := twinConfig(f.providerConfig())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyLeft(t, e, &other),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { e.AddFault(t, core.Fault{Operation: "CreateExport", Kind: core.FaultDrop, Count: 1}) },
				Config:    config,
				ExpectError: regexp.MustCompile(`(?s)creating CLS export.*2 exports match.*None was adopted.*` +
					`export-[0-9a-f-]{36}\s+created \S+\s+status \S+.*export-[0-9a-f-]{36}\s+created.*` +
					`terraform import <address> ` + topicID + `:export-[0-9a-f-]{36}\s+terraform import <address> ` + topicID + `:export-`),
			},
			{
				// Nothing was adopted: both exports exist, the state holds none.
				PreConfig: func() {
					if xs := exports(t, e); len(xs) != 2 {
						t.Errorf("want ours and the other run's export; the emulator holds %+v", xs)
					}
					if n := e.Stats(t)["CreateExport"]; n != 1 {
						t.Errorf("CreateExport called %d times, want 1", n)
					}
				},
				Config: config, ResourceName: resourceName, ImportState: true, ImportStatePersist: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					for _, x := range exports(t, e) {
						if x.ExportID != other {
							return topicID + ":" + x.ExportID, nil
						}
					}
					return "", fmt.Errorf("no export but the other run's")
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error { return checkOwnExport(t, e, other)(s) },
					checkCreates(t, e, 1),
				),
			},
		},
	})
}

// TestAccCLSExport_reconcileThroughOutage: CreateExport is applied and its
// answer lost, and the listing that looks for it fails for a while (every
// attempt of two lookups answers 500). The provider keeps looking until the
// API answers and adopts its export. Before, the first failed lookup ended
// the apply with the export created but untracked, and the next apply
// created a second one.
func TestAccCLSExport_reconcileThroughOutage(t *testing.T) {
	e := fastEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "CreateExport", Kind: core.FaultDrop, Count: 1})
				// max_retries = 3: four attempts per lookup.
				e.AddFault(t, core.Fault{Operation: "DescribeExports", Kind: core.FaultError, Code: "InternalError",
					HTTPStatus: http.StatusInternalServerError, Count: 8})
			},
			Config: twinConfig(e.ProviderConfig()),
			Check: resource.ComposeTestCheckFunc(
				checkOneLiveExport(t, e, "Completed"),
				checkCreates(t, e, 1),
				func(*terraform.State) error {
					if n := e.Stats(t)["DescribeExports"]; n < 9 {
						return fmt.Errorf("DescribeExports called %d times; the outage (8 failed attempts) did not happen", n)
					}
					return nil
				},
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}
