package cls_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// The list resource is tested at the protocol level: `terraform query`
// needs Terraform 1.14 (see TestAccCLSExportList_query for the CLI).
const exportType = "telemetry_cls_export"

const otherTopic = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"

func listStr(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func seedExports(t *testing.T, e *acctest.Emulator, topic, region string, n int, query string) []string {
	t.Helper()
	var out struct {
		ExportIDs []string `json:"export_ids"`
	}
	e.Post(t, "/_emulator/tencent/exports", map[string]any{
		"topic_id": topic, "region": region, "count": n, "query": query,
		"from": 1704067200000, "to": 1704070800000, "log_count": 500, "order": "asc", "format": "csv", "syntax_rule": 1,
	}, &out)
	if len(out.ExportIDs) != n {
		t.Fatalf("seeded %d exports, want %d", len(out.ExportIDs), n)
	}
	return out.ExportIDs
}

func resultsOK(t *testing.T, got []acctest.Listed) {
	t.Helper()
	for i, r := range got {
		if acctest.ProtoHasError(r.Diagnostics) {
			t.Fatalf("result %d: %s", i, acctest.ProtoDiagText(r.Diagnostics))
		}
	}
}

// 250 exports are listed in ceil(250/100) pages (plus at most one); a
// limit stops the paging as soon as it is met.
func TestExportList_pagesAndLimit(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedExports(t, e, topicID, "", 250, "*")
	p := e.ProtoProvider(t)
	cfg := map[string]tftypes.Value{"topic_id": listStr(topicID)}

	before := e.Stats(t)["DescribeExports"]
	got := p.List(exportType, cfg, false, 1000)
	calls := e.Stats(t)["DescribeExports"] - before
	t.Logf("DescribeExports calls for 250 exports: %d", calls)
	resultsOK(t, got)
	if len(got) != 250 {
		t.Fatalf("listed %d exports, want 250", len(got))
	}
	if calls > 250/100+1+1 {
		t.Errorf("DescribeExports calls = %d, want at most 4", calls)
	}
	seen := map[string]bool{}
	for _, r := range got {
		id := acctest.String(t, r.Identity["export_id"])
		if seen[id] || acctest.String(t, r.Identity["topic_id"]) != topicID || acctest.String(t, r.Identity["region"]) != acctest.TencentcloudRegion {
			t.Errorf("identity %v repeated or wrong", r.Identity)
		}
		seen[id] = true
		if r.Resource != nil {
			t.Errorf("%s: resource returned though not asked for", id)
		}
	}

	before = e.Stats(t)["DescribeExports"]
	got = p.List(exportType, cfg, true, 7)
	resultsOK(t, got)
	if len(got) != 7 {
		t.Errorf("limit 7: listed %d", len(got))
	}
	if calls := e.Stats(t)["DescribeExports"] - before; calls != 1 {
		t.Errorf("limit 7: DescribeExports calls = %d, want 1 (no page past the limit)", calls)
	}
	if got := p.List(exportType, cfg, false, 150); len(got) != 150 {
		t.Errorf("limit 150: listed %d", len(got))
	}
}

// topic_id, status and region select the exports; the resource is what
// Read fills after an import.
func TestExportList_filtersAndResource(t *testing.T) {
	e := acctest.NewEmulator(t)
	e.Post(t, "/_emulator/tencent/topics", map[string]any{"topic_id": otherTopic}, nil)
	e.Post(t, "/_emulator/tencent/topics", map[string]any{"topic_id": otherTopic, "region": "ap-shanghai"}, nil)
	ids := seedExports(t, e, topicID, "", 3, "status:500")
	seedExports(t, e, otherTopic, "", 2, "other")
	shanghai := seedExports(t, e, otherTopic, "ap-shanghai", 1, "sh")
	e.Post(t, "/_emulator/tencent/exports/"+ids[0]+"/fail", map[string]any{}, nil)
	e.Post(t, "/_emulator/tencent/exports/"+ids[1]+"/expire", map[string]any{}, nil)
	p := e.ProtoProvider(t)

	for status, want := range map[string]string{"Failed": ids[0], "Expired": ids[1], "Completed": ids[2]} {
		got := p.List(exportType, map[string]tftypes.Value{"topic_id": listStr(topicID), "status": listStr(status)}, true, 100)
		resultsOK(t, got)
		if len(got) != 1 || acctest.String(t, got[0].Identity["export_id"]) != want {
			t.Errorf("status %s: listed %d results, want %s", status, len(got), want)
			continue
		}
		if s := acctest.String(t, got[0].Resource["status"]); s != status {
			t.Errorf("status %s: resource status %q", status, s)
		}
	}

	got := p.List(exportType, map[string]tftypes.Value{"topic_id": listStr(topicID)}, true, 100)
	resultsOK(t, got)
	if len(got) != 3 {
		t.Fatalf("topic %s: listed %d, want 3 (not the other topic's)", topicID, len(got))
	}
	r := got[len(got)-1]
	for _, c := range got {
		if acctest.String(t, c.Identity["export_id"]) == ids[2] {
			r = c
		}
	}
	want := map[string]string{
		"id": topicID + ":" + ids[2], "topic_id": topicID, "export_id": ids[2], "region": acctest.TencentcloudRegion,
		"query": "status:500", "from": "2024-01-01T00:00:00Z", "to": "2024-01-01T01:00:00Z",
		"order": "asc", "format": "csv", "syntax_rule": "cql", "status": "Completed",
	}
	for attr, w := range want {
		if g := acctest.String(t, r.Resource[attr]); g != w {
			t.Errorf("%s = %q, want %q", attr, g, w)
		}
	}
	var logCount, fileSize = r.Resource["log_count"], r.Resource["file_size"]
	var wait bool
	if err := r.Resource["wait_for_completion"].As(&wait); err != nil || !wait {
		t.Errorf("wait_for_completion = %v (%v), want true", r.Resource["wait_for_completion"], err)
	}
	if logCount.String() != "tftypes.Number<\"500\">" || fileSize.IsNull() || !r.Resource["timeouts"].IsNull() {
		t.Errorf("log_count %s, file_size %s, timeouts %s", logCount, fileSize, r.Resource["timeouts"])
	}
	if acctest.String(t, r.Resource["create_time"]) == "<null>" || acctest.String(t, r.Resource["file_name"]) == "" {
		t.Errorf("create_time or file_name missing: %v", r.Resource)
	}
	if !strings.HasPrefix(r.DisplayName, ids[2]+": ") || !strings.Contains(r.DisplayName, "Completed") {
		t.Errorf("display name %q", r.DisplayName)
	}

	got = p.List(exportType, map[string]tftypes.Value{"topic_id": listStr(otherTopic), "region": listStr("ap-shanghai")}, true, 100)
	resultsOK(t, got)
	if len(got) != 1 || acctest.String(t, got[0].Identity["export_id"]) != shanghai[0] ||
		acctest.String(t, got[0].Identity["region"]) != "ap-shanghai" || acctest.String(t, got[0].Resource["region"]) != "ap-shanghai" {
		t.Errorf("region ap-shanghai: %+v", got)
	}
}

// A topic CLS does not know ends the stream with the vendor's error.
func TestExportList_unknownTopic(t *testing.T) {
	p := acctest.NewEmulator(t).ProtoProvider(t)
	got := p.List(exportType, map[string]tftypes.Value{"topic_id": listStr("9a8b7c6d-0000-4000-8000-000000000000")}, true, 100)
	if len(got) != 1 || !acctest.ProtoHasError(got[0].Diagnostics) ||
		!strings.Contains(acctest.ProtoDiagText(got[0].Diagnostics), "listing CLS exports of topic") {
		t.Fatalf("got %+v", got)
	}
	t.Log(acctest.ProtoDiagText(got[0].Diagnostics))
}

func TestExportList_validation(t *testing.T) {
	p := acctest.NewEmulator(t).ProtoProvider(t)
	for name, cfg := range map[string]map[string]tftypes.Value{
		"no topic":   {},
		"bad topic":  {"topic_id": listStr("a:b")},
		"bad status": {"topic_id": listStr(topicID), "status": listStr("Done")},
		"bad region": {"topic_id": listStr(topicID), "region": listStr("Guangzhou")},
	} {
		if d := p.Validate(exportType, cfg); !acctest.ProtoHasError(d) {
			t.Errorf("%s: accepted", name)
		}
	}
	if d := p.Validate(exportType, map[string]tftypes.Value{"topic_id": listStr(topicID), "status": listStr("Failed")}); acctest.ProtoHasError(d) {
		t.Errorf("valid config refused: %s", acctest.ProtoDiagText(d))
	}
}
