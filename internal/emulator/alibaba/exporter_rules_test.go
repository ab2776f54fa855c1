package alibaba

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func ruleQuery(name string, mutate func(url.Values)) url.Values {
	q := url.Values{
		"RuleName":      {name},
		"Namespace":     {"acs_ecs_dashboard"},
		"MetricName":    {"cpu_total"},
		"TargetWindows": {"60,300"},
		"Describe":      {"desc"},
		"DstNames.1":    {"out-a"},
		"DstNames.2":    {"out-b"},
		"RegionId":      {"cn-hangzhou"},
	}
	if mutate != nil {
		mutate(q)
	}
	return q
}

// rulePoints is one page of DescribeExporterRuleList's items and its total.
func rulePoints(t *testing.T, e *Emulator, q url.Values) ([]map[string]any, int) {
	t.Helper()
	if q == nil {
		q = url.Values{}
	}
	q.Set("RegionId", "cn-hangzhou")
	a := call(t, e, "DescribeExporterRuleList", q)
	if a.status != 200 {
		t.Fatalf("list: %d %v", a.status, a.body)
	}
	var out []map[string]any
	for _, p := range a.body["Datapoints"].(map[string]any)["Datapoint"].([]any) {
		out = append(out, p.(map[string]any))
	}
	return out, int(a.body["Total"].(float64))
}

func TestPutExporterRule_validation(t *testing.T) {
	many := func(q url.Values) {
		for i := 1; i <= 21; i++ {
			q.Set(fmt.Sprintf("DstNames.%d", i), fmt.Sprintf("o%d", i))
		}
	}
	tests := []struct {
		name     string
		mutate   func(url.Values)
		wantCode string
	}{
		{"missing name", func(q url.Values) { q.Del("RuleName") }, "MissingParameter"},
		{"no destination", func(q url.Values) { q.Del("DstNames.1"); q.Del("DstNames.2") }, "MissingParameter"},
		{"window under 60", func(q url.Values) { q.Set("TargetWindows", "30") }, "ParameterInvalid"},
		{"one window under 60", func(q url.Values) { q.Set("TargetWindows", "60,59") }, "ParameterInvalid"},
		{"window not a number", func(q url.Values) { q.Set("TargetWindows", "1m") }, "ParameterInvalid"},
		{"21 destinations", many, "ParameterInvalid"},
		{"DstNames.0", func(q url.Values) { q.Set("DstNames.0", "x") }, "ParameterInvalid"},
		{"empty destination", func(q url.Values) { q.Set("DstNames.3", "") }, "ParameterInvalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTest(t)
			a := call(t, e, "PutExporterRule", ruleQuery("r1", tt.mutate))
			if a.status != 400 || a.code() != tt.wantCode {
				t.Fatalf("got %d %v, want 400 %s", a.status, a.body, tt.wantCode)
			}
		})
	}
	// Lenient where undocumented: no namespace, metric or windows; spaces
	// in the windows; destinations that are no exporter output.
	e, _ := newTest(t)
	q := ruleQuery("r1", func(q url.Values) { q.Del("Namespace"); q.Del("MetricName"); q.Del("TargetWindows") })
	if a := call(t, e, "PutExporterRule", q); a.status != 200 {
		t.Fatalf("optional fields: %d %v", a.status, a.body)
	}
	if a := call(t, e, "PutExporterRule", ruleQuery("r2", func(q url.Values) { q.Set("TargetWindows", " 60 , 3600") })); a.status != 200 {
		t.Fatalf("spaces: %d %v", a.status, a.body)
	}
}

func TestExporterRules_lifecycle(t *testing.T) {
	e, clock := newTest(t)
	if a := call(t, e, "PutExporterRule", ruleQuery("r1", nil)); a.status != 200 || a.code() != "200" || a.body["Success"] != true {
		t.Fatalf("put: %d %v", a.status, a.body)
	}
	created := clock.t.UnixMilli()
	// Disabled out of band (the console), then updated through the API:
	// the update keeps the switch and the creation time.
	admin(t, e, http.MethodPatch, "exporter_rules/cn-hangzhou/r1", `{"enabled":false}`, 200)
	clock.t = clock.t.Add(time.Second)
	if a := call(t, e, "PutExporterRule", ruleQuery("r1", func(q url.Values) { q.Set("MetricName", "mem"); q.Del("DstNames.2") })); a.status != 200 {
		t.Fatalf("upsert: %d %v", a.status, a.body)
	}
	points, total := rulePoints(t, e, nil)
	if total != 1 || len(points) != 1 {
		t.Fatalf("list: %v (total %d)", points, total)
	}
	p := points[0]
	dst := p["DstName"].(map[string]any)["DstName"].([]any)
	if p["RuleName"] != "r1" || p["MetricName"] != "mem" || p["TargetWindows"] != "60,300" || p["Describe"] != "desc" ||
		p["Enabled"] != false || p["CreateTime"] != float64(created) || len(dst) != 1 || dst[0] != "out-a" {
		t.Fatalf("datapoint = %v", p)
	}
	if _, ok := p["dstNames"]; ok {
		t.Fatalf("default shapes carry the example's stray dstNames: %v", p)
	}
	if a := call(t, e, "DescribeExporterRuleList", url.Values{"RegionId": {"cn-shanghai"}}); a.body["Total"] != float64(0) {
		t.Fatalf("other region: %v", a.body)
	}
	// Deleting the output a rule names leaves the rule and its DstName.
	call(t, e, "PutExporterOutput", putQuery("out-a", nil))
	call(t, e, "DeleteExporterOutput", url.Values{"DestName": {"out-a"}, "RegionId": {"cn-hangzhou"}})
	if points, _ := rulePoints(t, e, nil); len(points) != 1 || points[0]["DstName"].(map[string]any)["DstName"].([]any)[0] != "out-a" {
		t.Fatalf("after the output's delete: %v", points)
	}
	del := url.Values{"RuleName": {"r1"}, "RegionId": {"cn-hangzhou"}}
	if a := call(t, e, "DeleteExporterRule", del); a.status != 200 {
		t.Fatalf("delete: %d %v", a.status, a.body)
	}
	if a := call(t, e, "DeleteExporterRule", del); a.status != 404 || a.code() != "ResourceNotFound" {
		t.Fatalf("delete missing: %d %v", a.status, a.body)
	}
	if a := call(t, e, "DeleteExporterRule", url.Values{}); a.status != 400 || a.code() != "MissingParameter" {
		t.Fatalf("delete without a name: %d %v", a.status, a.body)
	}
}

func admin(t *testing.T, e *Emulator, method, sub, body string, want int) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	e.Admin(rec, httptest.NewRequest(method, "/_emulator/alibaba/"+sub, strings.NewReader(body)), sub)
	if rec.Code != want {
		t.Fatalf("%s %s: %d %s, want %d", method, sub, rec.Code, rec.Body.String(), want)
	}
	return rec
}

func TestDescribeExporterRuleList_paging(t *testing.T) {
	e, _ := newTest(t)
	var seed []map[string]any
	for i := range 25 {
		seed = append(seed, map[string]any{"rule_name": fmt.Sprintf("r-%02d", i), "namespace": "ns", "metric_name": "m", "target_windows": "60", "dst_names": []string{"o"}})
	}
	b, _ := json.Marshal(seed)
	admin(t, e, http.MethodPost, "exporter_rules", string(b), 200)
	var names []string
	for page := 1; page <= 3; page++ {
		points, total := rulePoints(t, e, url.Values{"PageNumber": {fmt.Sprint(page)}, "PageSize": {"10"}})
		if total != 25 {
			t.Fatalf("page %d: total %d", page, total)
		}
		for _, p := range points {
			names = append(names, p["RuleName"].(string))
		}
	}
	if len(names) != 25 || names[0] != "r-00" || names[24] != "r-24" {
		t.Fatalf("paged names = %v", names)
	}
	// The documented default page size is 1000: everything on page 1.
	if points, _ := rulePoints(t, e, nil); len(points) != 25 || points[0]["Enabled"] != true {
		t.Fatalf("default page: %d items", len(points))
	}
	for _, bad := range []string{"0", "101", "x"} {
		if a := call(t, e, "DescribeExporterRuleList", url.Values{"PageSize": {bad}}); a.status != 400 || a.code() != "InvalidParameter" {
			t.Fatalf("PageSize=%s: %d %v", bad, a.status, a.body)
		}
	}
}

func TestExporterRules_modes(t *testing.T) {
	t.Run("page-cap", func(t *testing.T) {
		e, clock := newTest(t)
		for i := range 10 {
			clock.t = clock.t.Add(time.Millisecond)
			call(t, e, "PutExporterRule", ruleQuery(fmt.Sprintf("r%02d", i), nil))
		}
		if err := e.env.SetModes(core.Modes{PageCap: 7}); err != nil {
			t.Fatal(err)
		}
		if points, total := rulePoints(t, e, url.Values{"PageSize": {"100"}}); len(points) != 7 || total != 10 {
			t.Fatalf("page 1 under cap 7: %d items, total %d", len(points), total)
		}
		if points, _ := rulePoints(t, e, url.Values{"PageSize": {"100"}, "PageNumber": {"2"}}); len(points) != 3 || points[0]["RuleName"] != "r07" {
			t.Fatalf("page 2 under cap 7: %v", points)
		}
	})
	t.Run("visibility-lag", func(t *testing.T) {
		e, clock := newTest(t)
		if err := e.env.SetModes(core.Modes{VisibilityLagMS: 2000}); err != nil {
			t.Fatal(err)
		}
		call(t, e, "PutExporterRule", ruleQuery("lagged", nil))
		if points, _ := rulePoints(t, e, nil); len(points) != 0 {
			t.Fatalf("a new rule is visible at once: %v", points)
		}
		if _, ok := e.exporterRulesState()["cn-hangzhou"]; !ok {
			t.Fatal("the admin state (the truth) lacks the new rule")
		}
		clock.t = clock.t.Add(2 * time.Second)
		call(t, e, "PutExporterRule", ruleQuery("lagged", func(q url.Values) { q.Set("MetricName", "changed") }))
		if points, _ := rulePoints(t, e, nil); len(points) != 1 || points[0]["MetricName"] != "cpu_total" {
			t.Fatalf("during the lag the list shows %v, want the previous version", points)
		}
		call(t, e, "DeleteExporterRule", url.Values{"RuleName": {"lagged"}, "RegionId": {"cn-hangzhou"}})
		clock.t = clock.t.Add(2 * time.Second)
		if points, _ := rulePoints(t, e, nil); len(points) != 0 {
			t.Fatalf("after the lag: %v", points)
		}
	})
	t.Run("normalize", func(t *testing.T) {
		e, _ := newTest(t)
		if err := e.env.SetModes(core.Modes{Normalize: true}); err != nil {
			t.Fatal(err)
		}
		call(t, e, "PutExporterRule", ruleQuery("norm", func(q url.Values) {
			q.Set("TargetWindows", "300,60")
			q.Set("DstNames.1", "zz")
		}))
		points, _ := rulePoints(t, e, nil)
		dst := points[0]["DstName"].(map[string]any)["DstName"].([]any)
		if points[0]["TargetWindows"] != "60, 300" || dst[0] != "out-b" || dst[1] != "zz" {
			t.Fatalf("normalized echo: %v", points[0])
		}
	})
	t.Run("vendor-example-shapes", func(t *testing.T) {
		e, _ := newTest(t)
		if err := e.env.SetModes(core.Modes{VendorExamples: true}); err != nil {
			t.Fatal(err)
		}
		call(t, e, "PutExporterRule", ruleQuery("shapes", nil))
		if points, _ := rulePoints(t, e, nil); points[0]["dstNames"] != "" {
			t.Fatalf("example shape: %v", points[0])
		}
	})
}

func TestAdmin_exporterRulesStateRestore(t *testing.T) {
	e, _ := newTest(t)
	call(t, e, "PutExporterRule", ruleQuery("r1", nil))
	admin(t, e, http.MethodPatch, "exporter_rules/cn-hangzhou/r1", `{"metric_name":"drifted","dst_names":["x"]}`, 200)
	admin(t, e, http.MethodPatch, "exporter_rules/cn-hangzhou/nope", `{}`, 404)
	raw, _ := json.Marshal(e.State())
	if !strings.Contains(string(raw), `"metric_name":"drifted"`) || !strings.Contains(string(raw), `"exporter_rules"`) {
		t.Fatalf("state = %s", raw)
	}
	e2, _ := newTest(t)
	if err := e2.Restore(raw); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if raw2, _ := json.Marshal(e2.State()); string(raw2) != string(raw) {
		t.Fatalf("restore round trip:\n%s\n%s", raw, raw2)
	}
	admin(t, e, http.MethodDelete, "exporter_rules/cn-hangzhou/r1", "", 200)
	admin(t, e, http.MethodDelete, "exporter_rules/cn-hangzhou/r1", "", 404)
	admin(t, e, http.MethodPost, "exporter_rules", `{"rule_name":"bad","target_windows":"30"}`, 400)
	e2.Reset()
	if raw, _ := json.Marshal(e2.State()); strings.Contains(string(raw), "r1") {
		t.Fatalf("reset kept objects: %s", raw)
	}
}
