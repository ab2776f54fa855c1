package cls_test

import (
	"archive/tar"
	"bytes"
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
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// hexSHA is a lower-case hex SHA-256.
var hexSHA = regexp.MustCompile(`^[0-9a-f]{64}$`)

func outputPath(p string, extra ...string) string {
	return fmt.Sprintf("  output_path = %q\n", p) + strings.Join(extra, "\n")
}

// checkDownloaded asserts the file at p is the export's: its SHA-256 is
// file_sha256 in the state, and it is a tar.gz holding the export's lines
// (log_count 1000 in exportConfig).
func checkDownloaded(p string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rs := s.RootModule().Resources[resourceName]
		sum := sha256.Sum256(data)
		if got, want := hex.EncodeToString(sum[:]), rs.Primary.Attributes["file_sha256"]; got != want {
			return fmt.Errorf("%s hashes to %s, file_sha256 is %q", p, got, want)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("%s is not gzip: %w", p, err)
		}
		tr := tar.NewReader(zr)
		h, err := tr.Next()
		if err != nil {
			return fmt.Errorf("%s is not a tar: %w", p, err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		// The member is named after the listed id ("export-" + UUID); the
		// state may hold CreateExport's spelling without the prefix.
		if id := strings.TrimPrefix(rs.Primary.Attributes["export_id"], "export-"); h.Name != "export-"+id+".json" {
			return fmt.Errorf("member %q, want %q", h.Name, "export-"+id+".json")
		}
		// As many lines as CLS reports exported: log_count (1000), or
		// fewer under -normalize (the logs the range holds).
		if n, want := bytes.Count(body, []byte("\n")), rs.Primary.Attributes["exported_log_count"]; fmt.Sprint(n) != want {
			return fmt.Errorf("%d log lines, want exported_log_count (%s)", n, want)
		}
		return nil
	}
}

// The export's file is downloaded with its checksum; a deleted or changed
// file is downloaded again in place (no new export); with
// restore_missing_file = false a missing file is no drift; a new path
// downloads there; destroy removes the unchanged file.
func TestAccCLSExport_download(t *testing.T) {
	e := fastEmulator(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "exports", "errors.tar.gz")
	moved := filepath.Join(dir, "moved", "errors.tar.gz")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameSHA := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(checkDestroyed(t, e), acctest.CheckNoFile(moved)),
		Steps: []resource.TestStep{
			{
				Config: exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					sameSHA.AddStateValue(resourceName, tfjsonpath.New("file_sha256")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_sha256"), knownvalue.StringRegexp(hexSHA)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("restore_missing_file"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(checkDownloaded(out), checkOneLiveExport(t, e, "Completed"),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 1})),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// The file is deleted: an in-place update downloads it again.
				PreConfig: func() { os.Remove(out) },
				Config:    exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("file_sha256")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					sameSHA.AddStateValue(resourceName, tfjsonpath.New("file_sha256")),
				},
				Check: resource.ComposeTestCheckFunc(checkDownloaded(out), checkOneLiveExport(t, e, "Completed"),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 2})),
			},
			{
				// The file is changed (same size): downloaded again in place.
				PreConfig: func() {
					data, err := os.ReadFile(out)
					if err != nil {
						t.Fatal(err)
					}
					data[len(data)/2] ^= 0xff
					if err := os.WriteFile(out, data, 0o644); err != nil {
						t.Fatal(err)
					}
				},
				Config: exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameSHA.AddStateValue(resourceName, tfjsonpath.New("file_sha256"))},
				Check: resource.ComposeTestCheckFunc(checkDownloaded(out),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 3})),
			},
			{
				// restore_missing_file = false is an in-place update with no call.
				Config: exportConfig(e, "level:ERROR", outputPath(out, "  restore_missing_file = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_sha256"), knownvalue.StringRegexp(hexSHA)),
					},
				},
				Check: acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 3}),
			},
			{
				// ... after which a missing file is not drift.
				PreConfig: func() { os.Remove(out) },
				Config:    exportConfig(e, "level:ERROR", outputPath(out, "  restore_missing_file = false")),
				PlanOnly:  true,
			},
			{
				// A new path downloads the same export there, in place.
				Config: exportConfig(e, "level:ERROR", outputPath(moved, "  restore_missing_file = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					sameSHA.AddStateValue(resourceName, tfjsonpath.New("file_sha256")),
				},
				Check: resource.ComposeTestCheckFunc(checkDownloaded(moved), acctest.CheckNoFile(out),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 4})),
			},
		},
	})
}

// Once the export has Expired, a missing file can only come back from a new
// export: the plan replaces it and a warning says why.
func TestAccCLSExport_expiredMissingFileReplaces(t *testing.T) {
	e := fastEmulator(t)
	out := filepath.Join(t.TempDir(), "errors.tar.gz")
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	var log acctest.DiagLog
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: log.Factories(),
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:            exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(resourceName, tfjsonpath.New("export_id"))},
				Check:             checkDownloaded(out),
			},
			{
				// Expired with the file present: nothing to do.
				PreConfig: func() {
					e.Post(t, "/_emulator/tencent/exports/"+onlyExport(t, e).ExportID+"/expire", map[string]any{}, nil)
				},
				Config:   exportConfig(e, "level:ERROR", outputPath(out)),
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					os.Remove(out)
					log.TakePlan()
				},
				Config: exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(resourceName, tfjsonpath.New("export_id"))},
				Check: resource.ComposeTestCheckFunc(checkDownloaded(out), checkOneLiveExport(t, e, "Completed"),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 2, "DeleteExport": 1}),
					func(*terraform.State) error {
						text := acctest.ProtoDiagText(log.TakePlan())
						for _, want := range []string{"[WARNING]", "can no longer be downloaded", "has Expired", "replace this resource"} {
							if !strings.Contains(text, want) {
								return fmt.Errorf("the plan's diagnostics lack %q:\n%s", want, text)
							}
						}
						return nil
					}),
			},
		},
	})
}

// A download cut mid-stream never costs a new export: the finished export
// is saved untainted without file_sha256, with a warning and no partial
// file; the next apply downloads the same export in place.
func TestAccCLSExport_cutDownloadKeepsExport(t *testing.T) {
	e := fastEmulator(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "errors.tar.gz")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var log acctest.DiagLog
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: log.Factories(),
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: tencent.OpDownload, Kind: core.FaultCut, CutAfterBytes: 50_000})
				},
				Config: exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_sha256"), knownvalue.Null()),
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("file_sha256")),
				}},
				Check: resource.ComposeTestCheckFunc(
					acctest.CheckNoFile(out), checkOneLiveExport(t, e, "Completed"),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 1}),
					func(s *terraform.State) error {
						if s.RootModule().Resources[resourceName].Primary.Tainted {
							return errors.New("the export is tainted")
						}
						if names, _ := os.ReadDir(dir); len(names) != 0 {
							return fmt.Errorf("the cut download left %v", names)
						}
						diags := log.Take()
						text := acctest.ProtoDiagText(diags)
						if acctest.ProtoHasError(diags) {
							return fmt.Errorf("the create returned an error: %s", text)
						}
						for _, want := range []string{"[WARNING] downloading CLS export", "failed; the export is kept",
							"The next terraform apply downloads it to " + out + " as an in-place update; no new export is started"} {
							if !strings.Contains(text, want) {
								return fmt.Errorf("diagnostics lack %q:\n%s", want, text)
							}
						}
						if strings.Contains(text, "expires=") {
							return fmt.Errorf("a diagnostic shows the presigned query:\n%s", text)
						}
						return nil
					},
				),
			},
			{
				Config: exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("id"))},
				Check: resource.ComposeTestCheckFunc(checkDownloaded(out),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 2})),
			},
		},
	})
}

// derived_fields is sent as DerivedFields, read back, and forces a new export.
func TestAccCLSExport_derivedFields(t *testing.T) {
	e := fastEmulator(t)
	stored := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			var s struct {
				Tencent struct {
					Exports []struct {
						DerivedFields []string `json:"derived_fields"`
					} `json:"exports"`
				} `json:"tencent"`
			}
			e.State(t, &s)
			if len(s.Tencent.Exports) != 1 || strings.Join(s.Tencent.Exports[0].DerivedFields, ",") != strings.Join(want, ",") {
				return fmt.Errorf("the emulator stored %+v, want DerivedFields %v", s.Tencent.Exports, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: exportConfig(e, "*", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("derived_fields"), knownvalue.Null()),
				},
				Check:            stored(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: exportConfig(e, "*", `  derived_fields = ["__TIMESTAMP__", "__SOURCE__"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("derived_fields"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("__TIMESTAMP__"), knownvalue.StringExact("__SOURCE__")})),
				},
				Check: stored("__TIMESTAMP__", "__SOURCE__"),
			},
		},
	})
}

// With wait_for_completion = false create downloads nothing; the plan shows
// the download owed, and the next apply waits for Completed and makes it.
func TestAccCLSExport_downloadAfterNoWait(t *testing.T) {
	// The export must still run at the refresh after the first apply (status
	// unknown in that plan): 8.5 s outlasts that refresh on a loaded machine
	// (3 s did not, in CI), and the second apply waits out the rest.
	e := acctest.NewEmulator(t, durations(8000, 500))
	out := filepath.Join(t.TempDir(), "errors.tar.gz")
	config := exportConfig(e, "level:ERROR", outputPath(out, "  wait_for_completion = false"))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_sha256"), knownvalue.Null()),
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("file_sha256")),
					plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("status")),
				}},
				Check: resource.ComposeTestCheckFunc(acctest.CheckNoFile(out), acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 0})),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
				},
				Check: resource.ComposeTestCheckFunc(checkDownloaded(out), acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 1})),
			},
		},
	})
}

// Issue 24, item 2i: removing output_path treats the file as destroy does:
// the unchanged file is removed; the export stays (an in-place update) and
// nothing is downloaded.
func TestAccCLSExport_removingOutputPathRemovesFile(t *testing.T) {
	e := fastEmulator(t)
	out := filepath.Join(t.TempDir(), "errors.tar.gz")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:            exportConfig(e, "level:ERROR", outputPath(out)),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("id"))},
				Check:             checkDownloaded(out),
			},
			{
				Config: exportConfig(e, "level:ERROR", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_sha256"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CheckNoFile(out), checkOneLiveExport(t, e, "Completed"),
					acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1, tencent.OpDownload: 1})),
			},
		},
	})
}
