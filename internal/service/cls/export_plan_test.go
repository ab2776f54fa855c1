package cls_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// planChange runs PlanResourceChange for telemetry_cls_export at the
// protocol level with prior state and configuration; the proposed new state
// is the configuration with the prior's values for what it leaves null, as
// Terraform proposes it for Optional+Computed attributes.
func planChange(t *testing.T, p *acctest.ProtoProvider, prior, config map[string]tftypes.Value) (*tfprotov6.PlanResourceChangeResponse, map[string]tftypes.Value) {
	t.Helper()
	typ := p.Schema.ResourceSchemas[exportType].ValueType()
	proposed := map[string]tftypes.Value{}
	for k, v := range prior {
		proposed[k] = v
	}
	for k, v := range config {
		proposed[k] = v
	}
	dv := func(vals map[string]tftypes.Value) *tfprotov6.DynamicValue {
		d, err := tfprotov6.NewDynamicValue(typ, acctest.ProtoObject(t, typ, vals))
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	resp, err := p.Server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: exportType, PriorState: dv(prior), ProposedNewState: dv(proposed), Config: dv(config),
	})
	if err != nil || acctest.ProtoHasError(resp.Diagnostics) {
		t.Fatalf("PlanResourceChange: %v %s", err, acctest.ProtoDiagText(resp.Diagnostics))
	}
	return resp, decodeObjectValue(t, resp.PlannedState, typ)
}

func decodeObjectValue(t *testing.T, dv *tfprotov6.DynamicValue, typ tftypes.Type) map[string]tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]tftypes.Value{}
	if err := v.As(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestExportPlan_replacementTakesProviderRegion: an export in ap-shanghai
// (the provider default then) whose query changes is replaced, and the
// replacement's plan places it by the location rule: no region configured,
// so the provider default of now (ap-guangzhou), not the prior region. The
// framework hands ModifyPlan an empty RequiresReplace (it adds the
// attributes' own after ModifyPlan), so ModifyPlan must tell a replacement
// from the changed attributes themselves; it used to keep ap-shanghai.
// (Terraform plans the create half of a replacement again with a null prior
// state, which hid this from the CLI; the first plan is what is wrong.)
func TestExportPlan_replacementTakesProviderRegion(t *testing.T) {
	e := acctest.NewEmulator(t)
	p := e.ProtoProvider(t)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	boolean := func(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
	config := map[string]tftypes.Value{
		"topic_id": str(topicID), "query": str("status:500"),
		"from": str("2024-01-01T00:00:00Z"), "to": str("2024-01-01T01:00:00Z"), "log_count": num(10),
	}
	prior := map[string]tftypes.Value{
		"id": str(topicID + ":export-1"), "export_id": str("export-1"), "region": str("ap-shanghai"),
		"order": str("desc"), "format": str("json"), "syntax_rule": str("lucene"),
		"wait_for_completion": boolean(true), "restore_missing_file": boolean(true),
		"status": str("Completed"), "file_name": str("f.tar.gz"), "file_size": num(1), "download_url": str("https://example.invalid/f"),
	}
	for k, v := range config {
		prior[k] = v
	}

	// Nothing changed: the export stays where it is.
	_, planned := planChange(t, p, prior, config)
	if got := acctest.String(t, planned["region"]); got != "ap-shanghai" {
		t.Errorf("unchanged export: planned region %s, want ap-shanghai (the state's)", got)
	}

	config["query"] = str("status:503")
	resp, planned := planChange(t, p, prior, config)
	replaced := false
	for _, ap := range resp.RequiresReplace {
		if ap.Equal(tftypes.NewAttributePath().WithAttributeName("query")) {
			replaced = true
		}
	}
	if !replaced {
		t.Fatalf("a changed query does not require replacement: %v", resp.RequiresReplace)
	}
	if got := acctest.String(t, planned["region"]); got != acctest.TencentcloudRegion {
		t.Errorf("replacement: planned region %s, want %s (the provider default; no region is configured)", got, acctest.TencentcloudRegion)
	}
}
