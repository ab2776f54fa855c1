package baremetal_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// The emulator modes that CloudDC acts on (issue 14, and issue 25's vendor
// example shapes), each alone and all together. -page-cap is not among them: the API has no list operation, so
// there is nothing to cap (the emulator's TestModes_pageCapChangesNothing
// pins that the mode changes no answer).
var emulatorModes = []struct {
	name  string
	modes core.Modes
}{
	{"lag", core.Modes{VisibilityLagMS: 2000}},
	{"normalize", core.Modes{Normalize: true}},
	{"vendor-example-shapes", core.Modes{VendorExamples: true}},
	{"all", core.Modes{VisibilityLagMS: 2000, Normalize: true, VendorExamples: true}},
}

func TestAccBaremetalLogExport_modesLag(t *testing.T)       { testModes(t, emulatorModes[0].modes) }
func TestAccBaremetalLogExport_modesNormalize(t *testing.T) { testModes(t, emulatorModes[1].modes) }
func TestAccBaremetalLogExport_modesVendorExamples(t *testing.T) {
	testModes(t, emulatorModes[2].modes)
}
func TestAccBaremetalLogExport_modesAll(t *testing.T) { testModes(t, emulatorModes[3].modes) }

// testModes runs the main scenario under modes: create with download (the
// poller sees "not found" then a lagging status under the lag; ids, times,
// status and percentage in other forms under normalize), an empty plan
// after apply, a refresh, an import verified attribute by attribute, and a
// destroy. After every step the emulator holds exactly the one declared
// export (nothing duplicated, nothing lost), downloaded once, and the
// state keeps the spelling of the create (export_id, id, created_at,
// status) throughout.
func testModes(t *testing.T, modes core.Modes) {
	// 600 ms exports: under the 2 s lag the API still says "processing"
	// for 600 ms after the export shows, though it is done by then.
	e := acctest.NewEmulator(t, fast, func(o *emulator.Options) { o.Modes = modes; o.Huawei.ExportMS = 600 })
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	cfg := e.ProviderConfig() + config(outputPath(out))
	// The spelling of the create, which every later step must keep.
	var first map[string]string
	keep := func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[resName]
		if !ok {
			return errors.New("resource not in state")
		}
		if first == nil {
			first = rs.Primary.Attributes
			return nil
		}
		for _, a := range []string{"id", "export_id", "created_at", "status", "percentage", "file_sha256"} {
			if got := rs.Primary.Attributes[a]; got != first[a] {
				return fmt.Errorf("%s changed from %q to %q", a, first[a], got)
			}
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// The API has no delete: destroy forgets the export and removes
			// the file; the emulator still holds exactly that one export.
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("destroy left %s behind (%v)", out, err)
			}
			return checkDeclaredExport(t, e, nil)
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("percentage"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_name"), knownvalue.StringExact(serverSN+"-dump.tar.gz")),
				},
				Check:            resource.ComposeTestCheckFunc(checkArchive(out), declared(t, e, modes), keep),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				RefreshState: true,
				Check:        resource.ComposeTestCheckFunc(declared(t, e, modes), keep),
			},
			{
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
				Check:              declared(t, e, modes),
			},
			{
				ResourceName:      resName,
				ImportState:       true,
				ImportStateVerify: true,
				// Import cannot know the local file.
				ImportStateVerifyIgnore: []string{"output_path", "file_name", "file_size", "file_sha256"},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeTestCheckFunc(declared(t, e, modes), keep, checkArchive(out)),
			},
		},
	})
}

// declared checks that the emulator holds exactly the declared export.
func declared(t *testing.T, e *acctest.Emulator, modes core.Modes) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[resName]
		if !ok {
			return errors.New("resource not in state")
		}
		if err := checkDeclaredExport(t, e, rs.Primary.Attributes); err != nil {
			return err
		}
		id := rs.Primary.Attributes["export_id"]
		if modes.Normalize && id != strings.ToUpper(id) {
			return fmt.Errorf("export_id %q: want the upper-case spelling the normalizing POST returned", id)
		}
		return nil
	}
}

// checkDeclaredExport asserts one export in the emulator, of the test's
// server, downloaded once, and (attrs given) that it is the state's:
// the ids match, their hex in either case.
func checkDeclaredExport(t *testing.T, e *acctest.Emulator, attrs map[string]string) error {
	st := emulatorState(t, e)
	if len(st.Huawei.Exports) != 1 {
		return fmt.Errorf("emulator holds %d exports, want exactly the declared one", len(st.Huawei.Exports))
	}
	x := st.Huawei.Exports[0]
	if x.ServerID != serverID || x.Downloads != 1 {
		return fmt.Errorf("emulator export %+v: want server %s downloaded once", x, serverID)
	}
	if n := e.Stats(t)[huawei.OpExport]; n != 1 {
		return fmt.Errorf("ExportServerLogs called %d times, want 1", n)
	}
	if attrs == nil {
		return nil
	}
	if !strings.EqualFold(attrs["export_id"], x.ExportID) {
		return fmt.Errorf("state export_id %q, emulator's export %q", attrs["export_id"], x.ExportID)
	}
	if want := "emulator-project/" + serverID + "/" + attrs["export_id"]; attrs["id"] != want {
		return fmt.Errorf("id %q, want %q", attrs["id"], want)
	}
	return nil
}

// Ids the vendor does not constrain pass the plan: the provider's only
// rule is its own (no "/", not "." or ".."), and its message says so.
func TestAccBaremetalLogExport_validationRelaxed(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	cfg := func(server, project string) string {
		return e.ProviderConfigHuaweiToken() + fmt.Sprintf(`
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %q
  project_id         = %q
}
`, server, project)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Formerly refused: leading '_', a colon, upper-case, 200 characters.
				Config:             cfg("_SRV:"+strings.Repeat("a", 200), "Project_"+strings.Repeat("9", 140)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:      cfg("..", "emulator-project"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)physical_server_id.*rule\s+of\s+this\s+provider`),
			},
			{
				Config:      cfg(serverID, "a/b"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)project_id.*must\s+not\s+contain\s+'/'`),
			},
		},
	})
	if n := len(e.Stats(t)); n != 0 {
		t.Errorf("planning reached the API: %v", e.Stats(t))
	}
}
