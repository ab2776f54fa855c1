package cls_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

const vendorAddress = "registry.terraform.io/tencentcloudstack/tencentcloud"

// move calls MoveResourceState with a testdata fixture as the source state.
func move(t *testing.T, srv tfprotov6.ProviderServer, req tfprotov6.MoveResourceStateRequest, fixture string) *tfprotov6.MoveResourceStateResponse {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	req.SourceState = &tfprotov6.RawState{JSON: raw}
	req.TargetTypeName = exportType
	resp, err := srv.MoveResourceState(context.Background(), &req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// Issue 27, item 4: the vendor provider's tencentcloud_cls_export state
// (testdata/vendor-tencentcloud_cls_export-v0.json, in the shape of its
// schema) becomes ours: our ID spelling, RFC 3339 instants, the
// arguments' defaults; region and what CLS reports are left to the Read
// that follows the move.
func TestExportMoveFromVendor(t *testing.T) {
	e := acctest.NewEmulator(t)
	srv := e.ProtoProvider(t).Server
	resp := move(t, srv, tfprotov6.MoveResourceStateRequest{SourceProviderAddress: vendorAddress, SourceTypeName: "tencentcloud_cls_export"}, "vendor-tencentcloud_cls_export-v0.json")
	if acctest.ProtoHasError(resp.Diagnostics) {
		t.Fatalf("MoveResourceState: %s", acctest.ProtoDiagText(resp.Diagnostics))
	}
	got := protoState(t, srv, resp.TargetState)
	want(t, got, map[string]tftypes.Value{
		"id":                   str("5d1e7c2a-40b3-4a8e-9f61-2c7b0e3d9a14:export-a3c9e1f0-6b2d-4c57-8e19-0f4d7b2a6c35"),
		"topic_id":             str("5d1e7c2a-40b3-4a8e-9f61-2c7b0e3d9a14"),
		"export_id":            str("export-a3c9e1f0-6b2d-4c57-8e19-0f4d7b2a6c35"),
		"query":                str("level:ERROR AND service:checkout"),
		"log_count":            tftypes.NewValue(tftypes.Number, 5000),
		"from":                 str("2024-03-15T00:00:00Z"),
		"to":                   str("2024-03-15T01:00:00Z"),
		"order":                str("asc"),
		"format":               str("csv"),
		"syntax_rule":          str("lucene"),
		"wait_for_completion":  boolean(true),
		"restore_missing_file": boolean(true),
		"keep_download_url":    boolean(false),
		"region":               nullStr,
		"output_path":          nullStr,
		"download_url":         nullStr,
		"status":               nullStr,
	})
}

// Other sources are not ours to move: another resource type, another
// provider, or a schema version the vendor never had.
func TestExportMoveRefusesOtherSources(t *testing.T) {
	e := acctest.NewEmulator(t)
	srv := e.ProtoProvider(t).Server
	for _, tc := range []struct {
		name string
		req  tfprotov6.MoveResourceStateRequest
		want string
	}{
		{"other type", tfprotov6.MoveResourceStateRequest{SourceProviderAddress: vendorAddress, SourceTypeName: "tencentcloud_cls_topic"}, "does not include support for the given source"},
		{"other provider", tfprotov6.MoveResourceStateRequest{SourceProviderAddress: "registry.terraform.io/aliyun/alicloud", SourceTypeName: "tencentcloud_cls_export"}, "does not include support for the given source"},
		{"other version", tfprotov6.MoveResourceStateRequest{SourceProviderAddress: vendorAddress, SourceTypeName: "tencentcloud_cls_export", SourceSchemaVersion: 1}, "schema version 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := move(t, srv, tc.req, "vendor-tencentcloud_cls_export-v0.json")
			if !acctest.ProtoHasError(resp.Diagnostics) || !strings.Contains(acctest.ProtoDiagText(resp.Diagnostics), tc.want) {
				t.Fatalf("diagnostics %q, want an error saying %q", acctest.ProtoDiagText(resp.Diagnostics), tc.want)
			}
		})
	}
}
