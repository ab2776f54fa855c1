package baremetal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

const exportType = "telemetry_baremetal_log_export"

// tfstateFile is the part of a Terraform state file (format 4) these tests
// read and rewrite; other fields are kept as they are.
type tfstateFile struct {
	Resources []struct {
		Type      string `json:"type"`
		Instances []struct {
			SchemaVersion int64           `json:"schema_version"`
			Attributes    json.RawMessage `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

// fixtureInstance is the one bare-metal export instance of a state file in
// testdata (see testdata/README.md): its schema version and raw attributes.
func fixtureInstance(t *testing.T, name string) (int64, map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var st tfstateFile
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != 1 || st.Resources[0].Type != exportType || len(st.Resources[0].Instances) != 1 {
		t.Fatalf("%s: want one %s instance", name, exportType)
	}
	inst := st.Resources[0].Instances[0]
	var attrs map[string]any
	if err := json.Unmarshal(inst.Attributes, &attrs); err != nil {
		t.Fatal(err)
	}
	return inst.SchemaVersion, attrs
}

// upgrade runs the UpgradeResourceState RPC on raw attributes of version
// and decodes the answer in the current schema.
func upgrade(t *testing.T, p *acctest.ProtoProvider, version int64, attrs map[string]any) (map[string]tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	raw, err := json.Marshal(attrs)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.Server.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: exportType, Version: version, RawState: &tfprotov6.RawState{JSON: raw},
	})
	if err != nil {
		t.Fatalf("UpgradeResourceState: %v", err)
	}
	if acctest.ProtoHasError(resp.Diagnostics) {
		return nil, resp.Diagnostics
	}
	v, err := resp.UpgradedState.Unmarshal(p.Schema.ResourceSchemas[exportType].ValueType())
	if err != nil {
		t.Fatalf("decoding the upgraded state: %v", err)
	}
	m := map[string]tftypes.Value{}
	if err := v.As(&m); err != nil {
		t.Fatal(err)
	}
	return m, resp.Diagnostics
}

// checkUpgraded compares the upgraded attributes with want (strings; "<null>" for
// null), plus timeouts: create as given, the others null.
func checkUpgraded(t *testing.T, got map[string]tftypes.Value, want map[string]string, create string) {
	t.Helper()
	for name, w := range want {
		if g := acctest.String(t, got[name]); g != w {
			t.Errorf("%s = %s, want %s", name, g, w)
		}
	}
	var restore bool
	if err := got["restore_missing_file"].As(&restore); err != nil || !restore {
		t.Errorf("restore_missing_file = %s, want true", got["restore_missing_file"])
	}
	if got["file_size"].IsNull() {
		t.Errorf("file_size is null, want the fixture's")
	}
	to := map[string]tftypes.Value{}
	if err := got["timeouts"].As(&to); err != nil {
		t.Fatalf("timeouts %s: %v", got["timeouts"], err)
	}
	for name, w := range map[string]string{"create": create, "update": "<null>", "read": "<null>", "delete": "<null>"} {
		if g := acctest.String(t, to[name]); g != w {
			t.Errorf("timeouts.%s = %s, want %s", name, g, w)
		}
	}
}

// stringsOf is the fixture's string attributes, in want's form.
func stringsOf(attrs map[string]any, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = fmt.Sprint(attrs[n])
	}
	return out
}

var keptAttrs = []string{"id", "physical_server_id", "project_id", "region", "export_id", "output_path", "status", "created_at", "file_name", "file_sha256"}

// Issue 27 item 6: states that builds of schema version 0 wrote (testdata)
// upgrade to version 1 through the UpgradeResourceState RPC: every value
// kept, restore_missing_file true where the older build had none (5b48c88)
// and as written otherwise, timeouts.create kept and update, read and
// delete added as null.
func TestLogExportUpgradeFromV0Fixtures(t *testing.T) {
	p := acctest.NewEmulator(t).ProtoProvider(t)
	for _, name := range []string{"log_export_v0_5b48c88.tfstate", "log_export_v0_e890243.tfstate"} {
		t.Run(name, func(t *testing.T) {
			version, attrs := fixtureInstance(t, name)
			if version != 0 {
				t.Fatalf("fixture of schema version %d, want 0", version)
			}
			got, diags := upgrade(t, p, version, attrs)
			if got == nil {
				t.Fatalf("upgrade failed: %s", acctest.ProtoDiagText(diags))
			}
			checkUpgraded(t, got, stringsOf(attrs, keptAttrs...), "45m")
			if acctest.String(t, got["triggers"]) != "<null>" {
				t.Errorf("triggers = %s, want null", got["triggers"])
			}
		})
	}
}

// The other gaps Read used to fill, on every refresh, now filled once by
// the upgrader: a version 0 state (the 5b48c88 fixture with the keys
// removed: no build is known to have written these) without project_id,
// physical_server_id, export_id and region gets the first three from id
// and region from the provider's huaweicloud.region; without a timeouts
// block the block stays null; an id that is not an export ID fails the
// upgrade, saying so.
func TestLogExportUpgradeFillsWhatReadFilled(t *testing.T) {
	p := acctest.NewEmulator(t).ProtoProvider(t)
	_, attrs := fixtureInstance(t, "log_export_v0_5b48c88.tfstate")
	want := stringsOf(attrs, keptAttrs...)
	for _, k := range []string{"project_id", "physical_server_id", "export_id", "region", "timeouts"} {
		delete(attrs, k)
	}
	got, diags := upgrade(t, p, 0, attrs)
	if got == nil {
		t.Fatalf("upgrade failed: %s", acctest.ProtoDiagText(diags))
	}
	want["region"] = acctest.HuaweicloudRegion
	checkUpgraded(t, got, want, "<null>")
	if !got["timeouts"].IsNull() {
		t.Errorf("timeouts = %s, want null", got["timeouts"])
	}

	attrs["id"] = "not-an-export-id"
	if got, diags := upgrade(t, p, 0, attrs); got != nil || !acctest.ProtoHasError(diags) {
		t.Errorf("an unparseable id upgraded: %v %s", got, acctest.ProtoDiagText(diags))
	}
}

// Issue 27 item 6, through the Terraform CLI: an export applied with the
// current build, its state then rewritten to what the 5b48c88 build wrote
// (schema_version 0, no restore_missing_file, timeouts with create only;
// compare testdata/log_export_v0_5b48c88.tfstate). The next plan upgrades
// it: no change is planned, the values are the upgraded ones, and the
// state file then holds schema version 1.
//
// Not parallel: it finds the working directory's state file through
// TF_ACC_TEMP_DIR, which it sets for itself.
func TestAccBaremetalLogExport_upgradeFromV0(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", tmp)
	e := acctest.NewEmulator(t, fast)
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	cfg := e.ProviderConfig() + config(outputPath(out)+timeoutsBlock("45m"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkStateVersion(t, tmp, 1)},
			{
				PreConfig: func() { rewriteToV0(t, tmp) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("restore_missing_file"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("timeouts"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"create": knownvalue.StringExact("45m"), "update": knownvalue.Null(), "read": knownvalue.Null(), "delete": knownvalue.Null(),
					})),
				},
				Check: resource.ComposeTestCheckFunc(checkStateVersion(t, tmp, 1), checkArchive(out), checkExports(t, e, 1)),
			},
		},
	})
}

// stateFile is the working directory's state file under the
// TF_ACC_TEMP_DIR tmp.
func stateFile(t *testing.T, tmp string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(tmp, "plugintest*", "work*", "terraform.tfstate"))
	if err != nil || len(m) != 1 {
		t.Fatalf("state files under %s: %v %v, want one", tmp, m, err)
	}
	return m[0]
}

// checkStateVersion asserts the schema version the state file holds.
func checkStateVersion(t *testing.T, tmp string, want int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		b, err := os.ReadFile(stateFile(t, tmp))
		if err != nil {
			return err
		}
		var st tfstateFile
		if err := json.Unmarshal(b, &st); err != nil {
			return err
		}
		if got := st.Resources[0].Instances[0].SchemaVersion; got != want {
			return fmt.Errorf("the state holds schema version %d, want %d", got, want)
		}
		return nil
	}
}

// rewriteToV0 rewrites the export's instance in the state file to the
// shape the 5b48c88 build wrote.
func rewriteToV0(t *testing.T, tmp string) {
	t.Helper()
	p := stateFile(t, tmp)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	inst := st["resources"].([]any)[0].(map[string]any)["instances"].([]any)[0].(map[string]any)
	attrs := inst["attributes"].(map[string]any)
	delete(attrs, "restore_missing_file")
	attrs["timeouts"] = map[string]any{"create": "45m"}
	inst["schema_version"] = 0
	if b, err = json.MarshalIndent(st, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
