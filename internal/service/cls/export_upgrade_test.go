package cls_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/provider"
)

// protoState decodes a state the provider returned into its attributes.
func protoState(t *testing.T, srv tfprotov6.ProviderServer, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	t.Helper()
	sch, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if dv == nil {
		t.Fatal("no state returned")
	}
	v, err := dv.Unmarshal(sch.ResourceSchemas[exportType].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs
}

// upgrade calls UpgradeResourceState with a testdata fixture as the raw
// state of version.
func upgrade(t *testing.T, srv tfprotov6.ProviderServer, fixture string, version int64) map[string]tftypes.Value {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: exportType, Version: version, RawState: &tfprotov6.RawState{JSON: raw},
	})
	if err != nil || acctest.ProtoHasError(resp.Diagnostics) {
		t.Fatalf("UpgradeResourceState: %v %s", err, acctest.ProtoDiagText(resp.Diagnostics))
	}
	return protoState(t, srv, resp.UpgradedState)
}

// want compares attributes with their expected values.
func want(t *testing.T, got map[string]tftypes.Value, expected map[string]tftypes.Value) {
	t.Helper()
	for name, w := range expected {
		if !got[name].Equal(w) {
			t.Errorf("%s = %s, want %s", name, got[name], w)
		}
	}
}

var (
	str     = func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	boolean = func(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
	nullStr = tftypes.NewValue(tftypes.String, nil)
)

// Issue 27, item 6: a version-0 state (testdata/export-v0.json: today's
// schema before version 1, as a create wrote it) upgrades to version 1:
// the stored download link is dropped (keep_download_url false), the
// timeouts keep create and gain null update/read/delete, and everything
// else is kept as it was.
func TestExportUpgradeFromV0(t *testing.T) {
	e := acctest.NewEmulator(t)
	srv := e.ProtoProvider(t).Server
	got := upgrade(t, srv, "export-v0.json", 0)
	want(t, got, map[string]tftypes.Value{
		"id":                   str("5d1e7c2a-40b3-4a8e-9f61-2c7b0e3d9a14:export-a3c9e1f0-6b2d-4c57-8e19-0f4d7b2a6c35"),
		"to":                   str("2024-03-15T09:00:00+08:00"),
		"log_count":            tftypes.NewValue(tftypes.Number, 5000),
		"region":               str("ap-guangzhou"),
		"output_path":          str("exports/checkout-errors.tar.gz"),
		"file_sha256":          str("9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab"),
		"wait_for_completion":  boolean(true),
		"restore_missing_file": boolean(true),
		"keep_download_url":    boolean(false),
		"download_url":         nullStr,
		"status":               str("Completed"),
	})
	var timeouts map[string]tftypes.Value
	if err := got["timeouts"].As(&timeouts); err != nil {
		t.Fatal(err)
	}
	want(t, timeouts, map[string]tftypes.Value{"create": str("45m"), "update": nullStr, "read": nullStr, "delete": nullStr})
}

// A version-0 state as ImportState alone left it (region and the
// arguments an import cannot read null; version 0's Read filled them)
// gets them at upgrade: the provider's region when the provider is
// configured, else null for Read to fill.
func TestExportUpgradeFromV0Imported(t *testing.T) {
	e := acctest.NewEmulator(t)
	got := upgrade(t, e.ProtoProvider(t).Server, "export-v0-imported.json", 0)
	want(t, got, map[string]tftypes.Value{
		"region":               str(acctest.TencentcloudRegion),
		"wait_for_completion":  boolean(true),
		"restore_missing_file": boolean(true),
		"keep_download_url":    boolean(false),
		"export_id":            str("export-a3c9e1f0-6b2d-4c57-8e19-0f4d7b2a6c35"),
	})
	unconfigured := providerserver.NewProtocol6(provider.New("test")())()
	if got := upgrade(t, unconfigured, "export-v0-imported.json", 0); !got["region"].IsNull() {
		t.Errorf("region = %s without provider settings, want null (Read fills it)", got["region"])
	}
}

// The same upgrade from a real state: testdata/export_v0_2144ffb.tfstate
// was written by commit 2144ffb (the last build of schema version 0), an
// apply of a CLS export with output_path and timeouts.create against the
// emulator (testdata/README.md). Its stored download link goes; every
// other value it holds is kept.
func TestExportUpgradeFromRealV0State(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "export_v0_2144ffb.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Resources []struct {
			Instances []struct {
				SchemaVersion int64           `json:"schema_version"`
				Attributes    json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	inst := file.Resources[0].Instances[0]
	var old map[string]any
	if err := json.Unmarshal(inst.Attributes, &old); err != nil {
		t.Fatal(err)
	}
	if inst.SchemaVersion != 0 || old["download_url"] == nil {
		t.Fatalf("the fixture is not a version-0 state with a stored link: version %d, download_url %v", inst.SchemaVersion, old["download_url"])
	}
	srv := acctest.NewEmulator(t).ProtoProvider(t).Server
	resp, err := srv.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: exportType, Version: inst.SchemaVersion, RawState: &tfprotov6.RawState{JSON: inst.Attributes},
	})
	if err != nil || acctest.ProtoHasError(resp.Diagnostics) {
		t.Fatalf("UpgradeResourceState: %v %s", err, acctest.ProtoDiagText(resp.Diagnostics))
	}
	got := protoState(t, srv, resp.UpgradedState)
	expected := map[string]tftypes.Value{"download_url": nullStr, "keep_download_url": boolean(false)}
	for _, name := range []string{"id", "topic_id", "query", "from", "to", "region", "output_path", "file_sha256", "status"} {
		expected[name] = str(old[name].(string))
	}
	want(t, got, expected)
	var timeouts map[string]tftypes.Value
	if err := got["timeouts"].As(&timeouts); err != nil {
		t.Fatal(err)
	}
	want(t, timeouts, map[string]tftypes.Value{"create": str("45m"), "update": nullStr})
}
