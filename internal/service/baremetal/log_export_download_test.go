package baremetal_test

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
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

func checkStat(t *testing.T, e *acctest.Emulator, op string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.Stats(t)[op]; n != want {
			return fmt.Errorf("%s called %d times, want %d", op, n, want)
		}
		return nil
	}
}

func checkNoFile(p string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s exists (stat: %v)", p, err)
		}
		return nil
	}
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
					checkStat(t, e, huawei.OpExport, 1),
					checkNoFile(out),
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
					checkArchive(out), checkExports(t, e, 1), checkStat(t, e, huawei.OpExport, 1),
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
					checkArchive(moved), checkNoFile(out), checkExports(t, e, 1), checkStat(t, e, huawei.OpExport, 1),
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
