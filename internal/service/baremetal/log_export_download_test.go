package baremetal_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// disarmFaults removes every armed fault (DELETE /_emulator/faults).
func disarmFaults(t *testing.T, e *acctest.Emulator) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, e.URL+"/_emulator/faults", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// A failed archive download never costs a new export: the finished export
// is saved untainted without file_* and a warning says so; the next apply
// downloads it in place; a new output_path downloads it again in place.
func TestAccBaremetalLogExport_failedDownloadKeepsExport(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	dir := t.TempDir()
	out := filepath.Join(dir, "logs", "node1.tar.gz")
	moved := filepath.Join(dir, "moved", "node1.tar.gz")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var log acctest.DiagLog
	downloadsBefore := 0
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: log.Factories(),
		Steps: []resource.TestStep{
			{
				// Every attempt of the download fails (max_retries = 3: four
				// attempts): the apply succeeds with a warning.
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: huawei.OpDownload, Kind: core.FaultError, Code: "APIGW.0601",
						Message: "Internal server error", HTTPStatus: http.StatusInternalServerError, Count: 4})
				},
				Config: e.ProviderConfig() + config(outputPath(out)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_name"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_size"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_sha256"), knownvalue.Null()),
				},
				// The pending download is visible as an in-place update.
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resName, tfjsonpath.New("file_sha256")),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkExports(t, e, 1),
					acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1}),
					acctest.CheckNoFile(out),
					func(s *terraform.State) error {
						if s.RootModule().Resources[resName].Primary.Tainted {
							return errors.New("the export is tainted")
						}
						if f := armedFaults(t, e); len(f) != 0 {
							return fmt.Errorf("the download fault did not fire (still armed: %+v)", f)
						}
						diags := log.Take()
						text := acctest.ProtoDiagText(diags)
						if acctest.ProtoHasError(diags) {
							return fmt.Errorf("the create returned an error: %s", text)
						}
						for _, want := range []string{"[WARNING] downloading bare-metal log export", "failed; the export is kept",
							"APIGW.0601", "The next terraform apply downloads it to " + out + " as an in-place update; no new export is started"} {
							if !strings.Contains(text, want) {
								return fmt.Errorf("diagnostics lack %q:\n%s", want, text)
							}
						}
						return nil
					},
				),
			},
			{
				// The next apply downloads the same export in place.
				PreConfig: func() { disarmFaults(t, e) },
				Config:    e.ProviderConfig() + config(outputPath(out)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resName, tfjsonpath.New("id"))},
				Check: resource.ComposeTestCheckFunc(
					checkArchive(out), checkExports(t, e, 1), acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1}),
					func(*terraform.State) error {
						if text := acctest.ProtoDiagText(log.Take()); text != "" {
							return fmt.Errorf("unexpected diagnostics: %s", text)
						}
						downloadsBefore = e.Stats(t)[huawei.OpDownload]
						return nil
					},
				),
			},
			{
				// A new output_path: one more download, in place, no new export;
				// the file at the old path (unchanged) is removed.
				Config: e.ProviderConfig() + config(outputPath(moved)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resName, tfjsonpath.New("id"))},
				Check: resource.ComposeTestCheckFunc(
					checkArchive(moved), acctest.CheckNoFile(out), checkExports(t, e, 1), acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1}),
					func(*terraform.State) error {
						if n := e.Stats(t)[huawei.OpDownload]; n != downloadsBefore+1 {
							return fmt.Errorf("DownloadServerLogs called %d times for the new path, want 1", n-downloadsBefore)
						}
						return nil
					},
				),
			},
		},
	})
}

// offsetClock is an emulator clock that reads the wall clock plus an offset
// the test moves forward (advance): exports finish when the test says so.
type offsetClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *offsetClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *offsetClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// atPlan runs f as a plan check: after a step's plan, before its apply
// (PreApply). An error of f fails the step.
type atPlan func() error

func (f atPlan) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// callsSoFar is atPlan asserting the emulator's operation counts.
func callsSoFar(t *testing.T, e *acctest.Emulator, want map[string]int) atPlan {
	check := acctest.CheckCalls(t, e, want)
	return func() error { return check(nil) }
}

// Issue 24, item 2b: an export imported while still running, then applied
// with output_path. The plan cannot know status and percentage (the update
// waits for the export and rewrites them), so they are unknown in it; the
// apply waits, downloads, and its result matches the plan (it failed with
// "Provider produced inconsistent result after apply").
func TestAccBaremetalLogExport_importRunningThenDownload(t *testing.T) {
	clock := &offsetClock{}
	// An hour-long export: running at the import and at the plan; the test
	// moves the emulator's clock past its end between plan and apply.
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) { o.Clock = clock; o.Huawei.ExportMS = time.Hour.Milliseconds() })
	var made struct {
		ImportID string `json:"import_id"`
	}
	e.Post(t, "/_emulator/huawei/exports", map[string]string{"server_id": serverID}, &made)
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	// A token: an hour's jump would put an AK/SK signature out of the skew window.
	cfg := e.ProviderConfigHuaweiToken() + config(outputPath(out))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       resName,
				ImportState:        true,
				ImportStateId:      made.ImportID,
				ImportStatePersist: true,
				ImportStateCheck: func(s []*terraform.InstanceState) error {
					if len(s) != 1 || s[0].Attributes["status"] != "processing" {
						return fmt.Errorf("imported %v, want one export in status processing", s)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(resName, tfjsonpath.New("status")),
						plancheck.ExpectUnknownValue(resName, tfjsonpath.New("percentage")),
						plancheck.ExpectUnknownValue(resName, tfjsonpath.New("file_sha256")),
						atPlan(func() error { clock.advance(time.Hour); return nil }),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("percentage"), knownvalue.Int64Exact(100)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkArchive(out), checkExports(t, e, 1),
					acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 0, huawei.OpDownload: 1}),
				),
			},
		},
	})
}

// Issue 24, item 2f: a plan calls no write-level API. DownloadServerLogs is
// one (IAM action clouddc:imetal:createDownloadLog, access level Write), so
// the refresh of an export whose file went missing only marks the file
// (the plan shows the in-place download) and the apply downloads it. The
// refresh used to open the download to probe it on every plan.
func TestAccBaremetalLogExport_planNeverDownloads(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	cfg := e.ProviderConfig() + config(outputPath(out))
	once := map[string]int{huawei.OpExport: 1, huawei.OpDownload: 1}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.ComposeTestCheckFunc(checkArchive(out), acctest.CheckCalls(t, e, once))},
			{
				PreConfig: func() {
					if err := os.Remove(out); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(acctest.CheckCalls(t, e, once),
					resource.TestCheckNoResourceAttr(resName, "file_sha256")),
			},
			{
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(resName, tfjsonpath.New("file_sha256")),
						// Three refreshes and two plans since the create.
						callsSoFar(t, e, once),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(checkArchive(out), checkExports(t, e, 1),
					acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1, huawei.OpDownload: 2})),
			},
		},
	})
}
