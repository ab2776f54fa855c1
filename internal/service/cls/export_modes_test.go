package cls_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// modeExports is how many exports the mode scenario declares: more than
// the page cap, so a refresh has to page.
const modeExports = 9

// modesConfig declares modeExports exports: "test" waits for completion,
// "nowait" does not (so the refresh right after apply reads an export
// created a moment ago), and "more" fills the topic beyond one capped page.
func modesConfig(e *acctest.Emulator, out string) string {
	return nowaitConfig(e) + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id    = %[1]q
  query       = "mode:test"
  from        = "2024-01-01T00:00:00Z"
  to          = "2024-01-01T09:00:00+08:00"
  log_count   = 1000
  output_path = %[3]q
}

resource "telemetry_cls_export" "more" {
  count               = %[2]d
  topic_id            = %[1]q
  query               = "mode:more-${count.index}"
  from                = "2024-01-01T00:00:00Z"
  to                  = "2024-01-01T01:00:00Z"
  log_count           = 100
  wait_for_completion = count.index %% 2 == 0
}
`, topicID, modeExports-2, out)
}

// nowaitConfig declares only the export that does not wait: the refresh
// after its apply comes right after CreateExport, within any lag.
func nowaitConfig(e *acctest.Emulator) string {
	return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cls_export" "nowait" {
  topic_id            = %[1]q
  query               = "mode:nowait"
  from                = "2024-01-01T00:00:00Z"
  to                  = "2024-01-01T01:00:00Z"
  log_count           = 100
  wait_for_completion = false
}
`, topicID)
}

// checkDeclared asserts the emulator holds exactly the exports the state
// tracks: n of them, no duplicate, none lost, spelled as CreateExport gave
// them (the state keeps that spelling whatever the answers normalise):
// without the "export-" prefix under -vendor-example-shapes.
func checkDeclared(t *testing.T, e *acctest.Emulator, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var inState, inEmulator []string
		for name, rs := range s.RootModule().Resources {
			if strings.HasPrefix(name, "telemetry_cls_export.") {
				inState = append(inState, rs.Primary.Attributes["export_id"])
			}
		}
		for _, x := range exports(t, e) {
			inEmulator = append(inEmulator, createdSpelling(e, x.ExportID))
		}
		sort.Strings(inState)
		sort.Strings(inEmulator)
		if len(inState) != n || strings.Join(inState, ",") != strings.Join(inEmulator, ",") {
			return fmt.Errorf("want exactly the %d declared exports; state tracks %v, the emulator holds %v", n, inState, inEmulator)
		}
		return nil
	}
}

// createdSpelling is how CreateExport spelled the id the emulator holds.
func createdSpelling(e *acctest.Emulator, stored string) string {
	if e.Server.Modes().VendorExamples {
		return strings.TrimPrefix(stored, "export-")
	}
	return stored
}

// TestAccCLSExport_modes runs the main scenario (create one export that
// does not wait and read it back at once, create the others, empty plan
// after apply, refresh, import with ImportStateVerify, destroy) against an
// emulator that caps pages at 7, lags its answers 2 s behind writes,
// normalises its answers, answers in the shapes of the vendor's examples
// (CreateExport's id without the "export-" prefix DescribeExports lists),
// and all of them at once. After every step the
// emulator holds exactly the declared exports. One export downloads its
// file, which is deleted and downloaded again in place.
func TestAccCLSExport_modes(t *testing.T) {
	for name, modes := range map[string]core.Modes{
		"page_cap":              {PageCap: 7},
		"lag":                   {VisibilityLagMS: 2000},
		"normalize":             {Normalize: true},
		"vendor_example_shapes": {VendorExamples: true},
		"all_at_once":           {PageCap: 7, VisibilityLagMS: 2000, Normalize: true, VendorExamples: true},
	} {
		t.Run(name, func(t *testing.T) {
			e := fastEmulator(t, func(o *emulator.Options) { o.Modes = modes })
			out := filepath.Join(t.TempDir(), "mode-test.tar.gz")
			config := modesConfig(e, out)
			ignore := []string{"download_url", "to", "output_path", "file_sha256"}
			if modes.Normalize {
				// Normalized answers report the logs actually exported as
				// Count (360 of the 1000 asked), which is all an import knows.
				ignore = append(ignore, "log_count")
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             checkDestroyed(t, e),
				Steps: []resource.TestStep{
					{
						// Created and read back at once: under the lag the
						// export is not listed yet, and must not be dropped.
						Config: nowaitConfig(e),
						Check:  checkDeclared(t, e, 1),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						Config: config,
						Check:  checkDeclared(t, e, modeExports),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						// Refresh, then the same configuration plans nothing.
						RefreshState: true,
						Check:        checkDeclared(t, e, modeExports),
					},
					{
						Config:           config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            resource.ComposeTestCheckFunc(checkDeclared(t, e, modeExports), checkDownloaded(out)),
					},
					{
						// The file is deleted: downloaded again in place.
						PreConfig: func() { os.Remove(out) },
						Config:    config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: resource.ComposeTestCheckFunc(checkDeclared(t, e, modeExports), checkDownloaded(out)),
					},
					{
						ResourceName:      "telemetry_cls_export.nowait",
						ImportState:       true,
						ImportStateVerify: true,
						// The URL is re-signed on every read; "to" is imported
						// as the API's UTC spelling of the same instant;
						// status and file fields may have moved on since the
						// last refresh of a no-wait export.
						ImportStateVerifyIgnore: []string{"download_url", "to", "status", "file_name", "file_size", "wait_for_completion"},
						Check:                   checkDeclared(t, e, modeExports),
					},
					{
						ResourceName:            resourceName,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: ignore,
						Check:                   checkDeclared(t, e, modeExports),
					},
				},
			})
		})
	}
}

// TestAccCLSExport_wrongRegion: the topic lives in ap-guangzhou; an export
// of it asked in ap-shanghai fails with the vendor's
// ResourceNotFound.TopicNotExist, says to check topic_id and region, and
// creates nothing.
func TestAccCLSExport_wrongRegion(t *testing.T) {
	e := fastEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      exportConfig(e, "status:404", `  region = "ap-shanghai"`),
			ExpectError: regexp.MustCompile(`(?s)creating CLS export.*ResourceNotFound\.TopicNotExist.*does not exist in\s+ap-shanghai.*Check topic_id and region: the topic must exist in that\s+region`),
		}},
	})
	// The only step fails, so the state stays empty and plugin-testing runs
	// no CheckDestroy: the emulator is checked here.
	if xs := exports(t, e); len(xs) != 0 {
		t.Errorf("a failed create left exports: %+v", xs)
	}
}

// TestAccCLSExport_reconcileUnderLag: CreateExport is applied and its
// answer lost while DescribeExports lags 2 s behind writes. The first
// listing after the lost answer cannot show the export; the provider looks
// again until it appears and adopts it: one CreateExport, one export. (It
// used to conclude "nothing was created" at once and create a second.)
func TestAccCLSExport_reconcileUnderLag(t *testing.T) {
	e := fastEmulator(t, func(o *emulator.Options) { o.Modes = core.Modes{VisibilityLagMS: 2000} })
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "CreateExport", Kind: core.FaultDrop, Count: 1})
			},
			Config: twinConfig(e.ProviderConfig()),
			Check: resource.ComposeTestCheckFunc(
				checkOwnExport(t, e),
				checkCreates(t, e, 1),
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// checkTracked asserts the state tracks exactly the n exports the emulator
// holds, each once, in either spelling of its id.
func checkTracked(t *testing.T, e *acctest.Emulator, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var inState, inEmulator []string
		for name, rs := range s.RootModule().Resources {
			if strings.HasPrefix(name, "telemetry_cls_export.") {
				inState = append(inState, strings.TrimPrefix(rs.Primary.Attributes["export_id"], "export-"))
			}
		}
		for _, x := range exports(t, e) {
			inEmulator = append(inEmulator, strings.TrimPrefix(x.ExportID, "export-"))
		}
		sort.Strings(inState)
		sort.Strings(inEmulator)
		if len(inState) != n || strings.Join(inState, ",") != strings.Join(inEmulator, ",") {
			return fmt.Errorf("want exactly the %d declared exports; state tracks %v, the emulator holds %v", n, inState, inEmulator)
		}
		return nil
	}
}

// siblingConfig is twinConfig plus a "sibling" with the same arguments,
// created before "test".
func siblingConfig(providerConfig string) string {
	return strings.Replace(twinConfig(providerConfig), "log_count = 10\n", "log_count = 10\n  depends_on = [telemetry_cls_export.sibling]\n", 1) +
		strings.Replace(strings.TrimPrefix(twinConfig(""), "\n"), `"test"`, `"sibling"`, 1)
}

// TestAccCLSExport_reconcileBesideSiblingVendorShapes: under
// -vendor-example-shapes CreateExport answers ids without the "export-"
// prefix DescribeExports lists them with. "sibling" is created and claims
// its export under CreateExport's spelling; then the CreateExport of
// "test", with the same arguments, is applied and its answer lost. The
// listing shows both exports, prefixed; the sibling's is claimed, so "test"
// adopts its own. (Claims compared the lower-cased id only: the sibling's
// export was a second candidate, nothing was adopted, the apply failed.)
func TestAccCLSExport_reconcileBesideSiblingVendorShapes(t *testing.T) {
	e := fastEmulator(t, func(o *emulator.Options) { o.Modes = core.Modes{VendorExamples: true} })
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.AddFault(t, core.Fault{Operation: "CreateExport", Kind: core.FaultDrop, After: 1, Count: 1})
			},
			Config: siblingConfig(e.ProviderConfig()),
			Check: resource.ComposeTestCheckFunc(
				checkTracked(t, e, 2),
				checkCreates(t, e, 2),
				// The sibling keeps CreateExport's spelling; "test" adopted
				// the listed one.
				resource.TestMatchResourceAttr("telemetry_cls_export.sibling", "export_id", regexp.MustCompile(`^[0-9a-f-]{36}$`)),
				resource.TestMatchResourceAttr(resourceName, "export_id", regexp.MustCompile(`^export-[0-9a-f-]{36}$`)),
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}
