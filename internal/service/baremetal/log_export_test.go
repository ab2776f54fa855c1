package baremetal_test

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
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
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

const (
	resName  = "telemetry_baremetal_log_export.test"
	serverID = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
	serverSN = "2102313LNM10P3000123"
)

var wantEntries = []string{
	"dump_info/", "dump_info/version.txt", "dump_info/AppDump/fru_info.txt", "dump_info/LogDump/sel.csv",
	"dump_info/LogDump/operate_log.txt", "dump_info/OSDump/systemcom.tar", "dump_info/LogDump/blackbox.bin",
}

// fast makes exports finish in tens of milliseconds with small archives.
func fast(o *emulator.Options) {
	o.Huawei.ExportMS = 40
	o.Huawei.PercentStep = 10
	o.Huawei.ArchiveBytes = 96 << 10
}

func config(extra string) string {
	return fmt.Sprintf(`
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %[1]q
%[2]s
}
`, serverID, extra)
}

func outputPath(p string) string { return fmt.Sprintf("  output_path = %q\n", p) }

type huaweiState struct {
	Huawei struct {
		Servers []huawei.Server `json:"servers"`
		Exports []struct {
			ExportID  string `json:"export_id"`
			ServerID  string `json:"server_id"`
			Status    string `json:"status"`
			Downloads int    `json:"downloads"`
		} `json:"exports"`
	} `json:"huawei"`
}

func emulatorState(t *testing.T, e *acctest.Emulator) huaweiState {
	t.Helper()
	var s huaweiState
	e.State(t, &s)
	return s
}

// checkOneExport asserts the emulator holds n exports and the resource's export_id is the last one.
func checkExports(t *testing.T, e *acctest.Emulator, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		st := emulatorState(t, e)
		if len(st.Huawei.Exports) != n {
			return fmt.Errorf("emulator holds %d exports, want %d", len(st.Huawei.Exports), n)
		}
		rs, ok := s.RootModule().Resources[resName]
		if !ok {
			return errors.New("resource not in state")
		}
		last := st.Huawei.Exports[n-1]
		if rs.Primary.Attributes["export_id"] != last.ExportID {
			return fmt.Errorf("export_id %q, emulator's latest export %q", rs.Primary.Attributes["export_id"], last.ExportID)
		}
		if want := "emulator-project/" + serverID + "/" + last.ExportID; rs.Primary.ID != want {
			return fmt.Errorf("id %q, want %q", rs.Primary.ID, want)
		}
		return nil
	}
}

// checkArchive opens the file as tar.gz, lists its entries and compares the
// state's size and SHA-256 with the file's.
func checkArchive(path string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		zr, err := gzip.NewReader(strings.NewReader(string(data)))
		if err != nil {
			return fmt.Errorf("opening %s as gzip: %w", path, err)
		}
		tr := tar.NewReader(zr)
		var names []string
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("listing %s: %w", path, err)
			}
			names = append(names, h.Name)
		}
		if strings.Join(names, " ") != strings.Join(wantEntries, " ") {
			return fmt.Errorf("archive entries %v, want %v", names, wantEntries)
		}
		sum := sha256.Sum256(data)
		attrs := s.RootModule().Resources[resName].Primary.Attributes
		if attrs["file_sha256"] != hex.EncodeToString(sum[:]) || attrs["file_size"] != fmt.Sprint(len(data)) {
			return fmt.Errorf("state says %s bytes sha %s; file has %d bytes sha %x", attrs["file_size"], attrs["file_sha256"], len(data), sum)
		}
		return nil
	}
}

func completedChecks() []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(resName, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
		statecheck.ExpectKnownValue(resName, tfjsonpath.New("percentage"), knownvalue.Int64Exact(100)),
		statecheck.ExpectKnownValue(resName, tfjsonpath.New("project_id"), knownvalue.StringExact(acctest.HuaweicloudProjectID)),
		statecheck.ExpectKnownValue(resName, tfjsonpath.New("region"), knownvalue.StringExact(acctest.HuaweicloudRegion)),
		statecheck.ExpectKnownValue(resName, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
		statecheck.ExpectKnownValue(resName, tfjsonpath.New("export_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{16}$`))),
	}
}

func TestAccBaremetalLogExport_basicToken(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.ProviderConfigHuaweiToken() + config(""),
			ConfigStateChecks: append(completedChecks(),
				statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_size"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_sha256"), knownvalue.Null()),
			),
			Check: resource.ComposeTestCheckFunc(checkExports(t, e, 1), func(*terraform.State) error {
				if n := e.Stats(t)[huawei.OpExport]; n != 1 {
					return fmt.Errorf("ExportServerLogs called %d times, want 1", n)
				}
				if n := e.Stats(t)[huawei.OpDownload]; n != 0 {
					return fmt.Errorf("DownloadServerLogs called %d times without output_path, want 0", n)
				}
				return nil
			}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

func TestAccBaremetalLogExport_basicAKSKWithOutputPath(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	out := filepath.Join(t.TempDir(), "logs", "node1.tar.gz")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("destroy left %s behind (%v)", out, err)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: e.ProviderConfig() + config(outputPath(out)),
			ConfigStateChecks: append(completedChecks(),
				statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_name"), knownvalue.StringExact(serverSN+"-dump.tar.gz")),
				statecheck.ExpectKnownValue(resName, tfjsonpath.New("output_path"), knownvalue.StringExact(out)),
			),
			Check:            resource.ComposeTestCheckFunc(checkExports(t, e, 1), checkArchive(out)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

func TestAccBaremetalLogExport_triggersReplace(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	exportID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            e.ProviderConfigHuaweiToken() + config(`  triggers = { build = "1" }`),
				ConfigStateChecks: []statecheck.StateCheck{exportID.AddStateValue(resName, tfjsonpath.New("export_id"))},
				Check:             checkExports(t, e, 1),
			},
			{
				Config: e.ProviderConfigHuaweiToken() + config(`  triggers = { build = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{exportID.AddStateValue(resName, tfjsonpath.New("export_id"))},
				Check:             checkExports(t, e, 2),
			},
		},
	})
}

// A fresh CI runner: the archive is gone locally, the export is still
// downloadable, so the plan is an in-place update that restores the file.
func TestAccBaremetalLogExport_restoresMissingFile(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameSum := statecheck.CompareValue(compare.ValuesSame())
	cfg := e.ProviderConfig() + config(outputPath(out))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resName, tfjsonpath.New("id")),
					sameSum.AddStateValue(resName, tfjsonpath.New("file_sha256")),
				},
				Check: checkArchive(out),
			},
			{
				PreConfig: func() {
					if err := os.Remove(out); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(resName, tfjsonpath.New("file_sha256")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resName, tfjsonpath.New("id")),
					sameSum.AddStateValue(resName, tfjsonpath.New("file_sha256")),
				},
				Check: resource.ComposeTestCheckFunc(checkArchive(out), checkExports(t, e, 1)),
			},
		},
	})
}

// When the file is gone and the API no longer serves the archive: the plan
// shows the in-place download (a refresh does not probe the download, a
// write-level call), whose apply fails saying so, and the next plan
// replaces the resource (a new export).
func TestAccBaremetalLogExport_expiredArchiveReplaces(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	cfg := e.ProviderConfig() + config(outputPath(out))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkExports(t, e, 1)},
			{
				PreConfig: func() {
					st := emulatorState(t, e)
					e.Post(t, "/_emulator/huawei/exports/"+st.Huawei.Exports[0].ExportID+"/expire", map[string]any{}, nil)
					if err := os.Remove(out); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
						callsSoFar(t, e, map[string]int{huawei.OpExport: 1, huawei.OpDownload: 1}),
					},
				},
				ExpectError: phrases("bare-metal log export emulator-project/"+serverID, "can no longer be downloaded",
					"CLOUDDC.40403", "The export stays in the state without the file.", "Run terraform apply again: its plan replaces this resource"),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(checkExports(t, e, 2), checkArchive(out)),
			},
		},
	})
}

// A timeout leaves the saved resource tainted; the next apply replaces it.
func TestAccBaremetalLogExport_timeoutTaints(t *testing.T) {
	e := acctest.NewEmulator(t, func(o *emulator.Options) { fast(o); o.Huawei.ExportMS = 600000 })
	cfg := e.ProviderConfigHuaweiToken() + config("  timeouts {\n    create = \"400ms\"\n  }")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)waiting for bare-metal log export emulator-project/` + serverID + `/[0-9a-f]+ to complete.*did\s+not\s+complete\s+within\s+400ms.*tainted`),
			},
			{
				PreConfig: func() {
					e.Post(t, "/_emulator/huawei/options", map[string]any{"export_ms": 20}, nil)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: completedChecks(),
				Check:             checkExports(t, e, 2),
			},
		},
	})
}

func TestAccBaremetalLogExport_import(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.ProviderConfig() + config("")},
			{
				ResourceName:      resName,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// The region form: region/project_id/physical_server_id/export_id.
				ResourceName:      resName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return acctest.HuaweicloudRegion + "/" + s.RootModule().Resources[resName].Primary.ID, nil
				},
			},
			{
				ResourceName:  resName,
				ImportState:   true,
				ImportStateId: "emulator-project/" + serverID,
				ExpectError:   regexp.MustCompile(`(?s)is not in the form\s+project_id/physical_server_id/export_id.*or\s+region/project_id/physical_server_id/export_id`),
			},
			{
				ResourceName:  resName,
				ImportState:   true,
				ImportStateId: "Not_A_Region/emulator-project/" + serverID + "/1",
				ExpectError:   regexp.MustCompile(`is not a region id such as cn-east-3`),
			},
		},
	})
}

// Throttled POSTs had no effect and are retried: exactly one export exists.
func TestAccBaremetalLogExport_throttledSurvives(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: huawei.OpExport, Kind: core.FaultThrottle, Count: 2})
				e.AddFault(t, core.Fault{Operation: huawei.OpStatus, Kind: core.FaultThrottle, Count: 1})
			},
			Config:            e.ProviderConfigHuaweiToken() + config(""),
			ConfigStateChecks: completedChecks(),
			Check: resource.ComposeTestCheckFunc(checkExports(t, e, 1), func(*terraform.State) error {
				if n := e.Stats(t)[huawei.OpExport]; n != 3 {
					return fmt.Errorf("ExportServerLogs reached %d times, want 3 (2 throttled + 1)", n)
				}
				return nil
			}),
		}},
	})
}

func TestAccBaremetalLogExport_unknownServer(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.ProviderConfigHuaweiToken() + `
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = "no-such-server"
}
`,
			ExpectError: regexp.MustCompile(`(?s)creating bare-metal log export for physical server no-such-server.*CLOUDDC\.40401.*request id [0-9a-f]+.*physical server "no-such-server" was not\s+found\s+in\s+project\s+emulator-project`),
		}},
	})
	// The failed step leaves an empty state, so no destroy or CheckDestroy
	// runs: the emulator is checked here.
	checkNothingStarted(t, e, 1)
}

// checkNothingStarted asserts, after a test case whose only apply failed,
// that ExportServerLogs was reached calls times and no export exists.
func checkNothingStarted(t *testing.T, e *acctest.Emulator, calls int) {
	t.Helper()
	if n := e.Stats(t)[huawei.OpExport]; n != calls {
		t.Errorf("ExportServerLogs reached %d times, want %d", n, calls)
	}
	if n := len(emulatorState(t, e).Huawei.Exports); n != 0 {
		t.Errorf("the emulator holds %d exports, want 0", n)
	}
}

// A bad token gives APIGW.0301 with the gateway's message, and the token
// appears nowhere in the diagnostic.
func TestAccBaremetalLogExport_badToken(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	const badToken = "MIIbadTOKENvalue0123456789"
	cfg := strings.Replace(e.ProviderConfigHuaweiToken(), acctest.HuaweicloudAuthToken, badToken, 1) + config("")
	sawError := false
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		ErrorCheck: func(err error) error {
			msg := err.Error()
			switch {
			case strings.Contains(msg, badToken):
				return fmt.Errorf("the diagnostic holds the token: %s", msg)
			case !regexp.MustCompile(`(?s)creating bare-metal log export.*APIGW\.0301.*decrypt\s+token\s+fail.*Check\s+the\s+huaweicloud\s+credentials`).MatchString(msg):
				return fmt.Errorf("unexpected error: %s", msg)
			}
			sawError = true
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				return errors.New("apply succeeded with a bad token")
			},
		}},
	})
	if !sawError && !t.Failed() && os.Getenv("TF_ACC") != "" {
		t.Error("the bad token produced no error")
	}
	// Refused by the gateway before dispatch: not counted, nothing made.
	checkNothingStarted(t, e, 0)
}

// A missing credential is reported at plan time, before any API call.
func TestAccBaremetalLogExport_missingCredentialAtPlan(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	if os.Getenv("HW_ACCESS_KEY") != "" || os.Getenv("HW_AUTH_TOKEN") != "" {
		t.Skip("HW_ACCESS_KEY or HW_AUTH_TOKEN is set in the environment")
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "telemetry" {
  huaweicloud {
    project_id = "emulator-project"
    region     = "cn-east-3"
    endpoint   = %q
  }
}
`, e.URL) + config(""),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)huaweicloud\.access_key.*HW_ACCESS_KEY`),
		}},
	})
	if n := e.Stats(t)[huawei.OpExport]; n != 0 {
		t.Errorf("ExportServerLogs called %d times, want 0", n)
	}
}

// The POST took effect but the answer was lost: no retry (that could start a
// second export), and the error says the export may exist and how to import it.
func TestAccBaremetalLogExport_ambiguousCreate(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: huawei.OpExport, Kind: core.FaultDrop})
			},
			Config: e.ProviderConfigHuaweiToken() + config(""),
			ExpectError: regexp.MustCompile(`(?s)creating bare-metal log export.*The\s+export\s+may\s+exist.*terraform\s+import\s+telemetry_baremetal_log_export\.<name>\s+emulator-project/` +
				serverID + `/<export_id>`),
		}, {
			// Exactly one export was started: the provider did not retry.
			Config:   e.ProviderConfigHuaweiToken(),
			PlanOnly: true,
			PreConfig: func() {
				if n := e.Stats(t)[huawei.OpExport]; n != 1 {
					t.Errorf("ExportServerLogs reached %d times, want 1", n)
				}
				if n := len(emulatorState(t, e).Huawei.Exports); n != 1 {
					t.Errorf("emulator holds %d exports, want 1", n)
				}
			},
		}},
	})
}

// An export that vanished remotely is removed from state on refresh and
// planned again.
func TestAccBaremetalLogExport_disappears(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	cfg := e.ProviderConfigHuaweiToken() + config("")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(checkExports(t, e, 1), func(*terraform.State) error {
					st := emulatorState(t, e)
					e.Post(t, "/_emulator/huawei/exports/"+st.Huawei.Exports[0].ExportID+"/delete", map[string]any{}, nil)
					return nil
				}),
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// Bad input fails at plan time (output_path: at apply, before anything
// starts), naming the attribute and the rule, with no API call.
func TestAccBaremetalLogExport_validation(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	dir := t.TempDir()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfigHuaweiToken() + `
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = "a/b"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)physical_server_id.*must\s+not\s+contain\s+'/'.*rule\s+of\s+this\s+provider`),
			},
			{
				Config:      e.ProviderConfigHuaweiToken() + config(`  region = "Shanghai 1"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)region.*must be a region id such as cn-east-3`),
			},
			{
				// Only a warning at plan (an error there would block
				// terraform destroy); the apply fails before any API call.
				Config:      e.ProviderConfigHuaweiToken() + config(outputPath(dir)),
				ExpectError: regexp.MustCompile(`(?s)invalid output_path.*is\s+an\s+existing\s+directory`),
			},
		},
	})
	if n := len(e.Stats(t)); n != 0 {
		t.Errorf("input validation reached the API: %v", e.Stats(t))
	}
}

// Issue 18, item 5: an export started outside Terraform (the emulator's
// admin API, as a rehearsal of adopting a real one) is imported with the ID
// the admin call returns, and the next plan is empty.
func TestAccBaremetalLogExport_importMadeOutside(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	var made struct {
		ImportID string `json:"import_id"`
	}
	e.Post(t, "/_emulator/huawei/exports", map[string]string{"server_id": serverID}, &made)
	if made.ImportID == "" {
		t.Fatal("the admin call returned no import_id")
	}
	cfg := e.ProviderConfig() + config("")
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
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	if n := e.Stats(t)["ExportServerLogs"]; n != 0 {
		t.Fatalf("ExportServerLogs calls = %d, want 0 (the export was imported, not made)", n)
	}
}

// An import cannot read triggers (the API never sees them): the
// configuration's triggers are then recorded in place, never a replacement
// that would start a fresh export in place of the one just adopted (the
// lifecycle matrix's identity-import cell found it on Terraform 1.15).
// Triggers changed after that replace as always.
func TestAccBaremetalLogExport_importWithTriggers(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	var made struct {
		ImportID string `json:"import_id"`
	}
	e.Post(t, "/_emulator/huawei/exports", map[string]string{"server_id": serverID}, &made)
	v1 := e.ProviderConfig() + config("  triggers = {\n    release = \"v1\"\n  }\n")
	v2 := e.ProviderConfig() + config("  triggers = {\n    release = \"v2\"\n  }\n")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: v1, ResourceName: resName, ImportState: true, ImportStateId: made.ImportID, ImportStatePersist: true},
			{
				Config: v1,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "triggers.release", "v1"),
					func(*terraform.State) error {
						if n := e.Stats(t)["ExportServerLogs"]; n != 0 {
							return fmt.Errorf("ExportServerLogs calls = %d after recording the triggers of an import, want 0", n)
						}
						return nil
					},
				),
			},
			{
				Config: v2,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}
