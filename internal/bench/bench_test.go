package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sampleResults() []Result {
	return []Result{
		exactly("refresh", "DescribeExports calls", 3, "", 3),
		atMost("apply", "calls per output", 2.5, "", 2),
		reported("start", "terraform validate", 412, "ms"),
		atLeast("download", "ratio", 0.75, "", 0.5),
		below("download", "peak RSS", 25.5, "MiB", 100),
	}
}

func TestBounds(t *testing.T) {
	cases := []struct {
		r         Result
		bound     string
		wantPass  bool
		isBounded bool
	}{
		{exactly("s", "f", 3, "", 3), "= 3", true, true},
		{exactly("s", "f", 4, "", 3), "= 3", false, true},
		{atMost("s", "f", 4, "", 4), "<= 4", true, true},
		{atMost("s", "f", 4.01, "", 4), "<= 4", false, true},
		{atLeast("s", "f", 0.5, "", 0.5), ">= 0.50", true, true},
		{atLeast("s", "f", 0.49, "", 0.5), ">= 0.50", false, true},
		{below("s", "f", 99.9, "MiB", 100), "< 100", true, true},
		{below("s", "f", 100, "MiB", 100), "< 100", false, true},
		{reported("s", "f", 1, "s"), "", false, false},
	}
	for _, c := range cases {
		if c.r.Bound != c.bound {
			t.Errorf("%v: bound %q, want %q", c.r, c.r.Bound, c.bound)
		}
		if (c.r.Pass != nil) != c.isBounded {
			t.Errorf("%v: bounded = %v, want %v", c.r, c.r.Pass != nil, c.isBounded)
			continue
		}
		if c.isBounded && *c.r.Pass != c.wantPass {
			t.Errorf("%v: pass = %v, want %v", c.r, *c.r.Pass, c.wantPass)
		}
	}
}

func TestTable(t *testing.T) {
	got := Table(sampleResults())
	lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("table has %d lines, want header + 5:\n%s", len(lines), got)
	}
	for _, want := range []string{"scenario", "figure", "value", "bound", "result"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("header %q lacks %q", lines[0], want)
		}
	}
	wants := []struct{ value, bound, verdict string }{
		{"3", "= 3", "PASS"},
		{"2.50", "<= 2", "FAIL"},
		{"412 ms", "", "reported"},
		{"0.75", ">= 0.50", "PASS"},
		{"25.50 MiB", "< 100", "PASS"},
	}
	for i, w := range wants {
		line := lines[i+1]
		if !strings.Contains(line, w.value) || !strings.Contains(line, w.bound) || !strings.HasSuffix(line, w.verdict) {
			t.Errorf("line %d = %q, want value %q, bound %q, verdict %q", i+1, line, w.value, w.bound, w.verdict)
		}
	}
	// Aligned: every line starts its value column at the same offset.
	col := strings.Index(lines[0], "value")
	if !strings.HasPrefix(lines[3][col:], "412 ms") {
		t.Errorf("columns not aligned:\n%s", got)
	}
}

func TestMarkdown(t *testing.T) {
	got := Markdown(sampleResults())
	if !strings.HasPrefix(got, "| scenario | figure | value | bound | result |\n|---|") {
		t.Errorf("markdown header:\n%s", got)
	}
	if !strings.Contains(got, "| apply | calls per output | 2.50 | <= 2 | FAIL |") {
		t.Errorf("markdown row missing:\n%s", got)
	}
}

func TestAllPass(t *testing.T) {
	if AllPass(sampleResults()) {
		t.Error("AllPass = true with a FAIL row")
	}
	ok := []Result{exactly("a", "b", 1, "", 1), reported("a", "c", 7, "s")}
	if !AllPass(ok) {
		t.Error("AllPass = false with only PASS and reported rows")
	}
	if !AllPass(nil) {
		t.Error("AllPass(nil) = false")
	}
	if !AllPass([]Result{reported("a", "b", 1, "")}) {
		t.Error("a reported-only figure failed AllPass")
	}
}

func TestWriteJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.json")
	in := sampleResults()
	if err := WriteJSON(path, in); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw[2]["pass"]; ok {
		t.Errorf("a reported-only figure has a pass field: %v", raw[2])
	}
	if raw[1]["pass"] != false || raw[0]["pass"] != true {
		t.Errorf("pass fields: %v, %v", raw[0]["pass"], raw[1]["pass"])
	}
	var out []Result
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, in)
	}
	if err := WriteJSON(path, nil); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); strings.TrimSpace(string(data)) != "[]" {
		t.Errorf("no results written as %q, want []", data)
	}
}

func TestTimingBoundsAreReportedOnlyInShortRuns(t *testing.T) {
	r := atMost("latency", "D=2s", 1500, "ms", 1000)
	full := newSession(Config{}).timing(r)
	if full.Pass == nil || *full.Pass {
		t.Errorf("full run: %+v, want an enforced FAIL", full)
	}
	short := newSession(Config{Short: true}).timing(r)
	if short.Pass != nil || short.Bound != "<= 1000 (full run only)" {
		t.Errorf("short run: %+v, want reported with the bound shown", short)
	}
	if !AllPass([]Result{short}) {
		t.Error("a timing bound failed a short run")
	}
}

func TestScenarioOrder(t *testing.T) {
	var got []string
	for _, s := range Scenarios {
		got = append(got, s.Name)
	}
	if !reflect.DeepEqual(got, scenarioOrder) {
		t.Errorf("scenarios %v, want %v", got, scenarioOrder)
	}
}

func TestRunRejectsUnknownScenario(t *testing.T) {
	if _, err := Run(t.Context(), Config{}, []string{"nope"}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("err = %v, want one naming the scenario", err)
	}
}

func TestPollsPerExport(t *testing.T) {
	// Real lines of the provider's INFO log; tflog writes fields in any order.
	log := `2026-11-25T15:34:06.884Z [INFO]  provider.terraform-provider-telemetry: export still running: elapsed_s=0 object="CLS export \"t:export-a\"" status=Queuing tf_rpc=ApplyResourceChange tf_resource_type=telemetry_cls_export cloud=tencentcloud export_id=export-a timestamp=2026-11-25T15:34:06.884Z
2026-11-25T15:34:06.934Z [INFO]  provider.terraform-provider-telemetry: export still running: export_id=export-b status=Queuing tf_resource_type=telemetry_cls_export object="CLS export \"t:export-b\""
2026-11-25T15:34:07.134Z [INFO]  provider.terraform-provider-telemetry: export finished: status=Completed tf_resource_type=telemetry_cls_export export_id=export-a
2026-11-25T15:34:07.135Z [INFO]  provider.terraform-provider-telemetry: export finished: status=completed tf_resource_type=telemetry_baremetal_log_export export_id=bm-1
2026-11-25T15:34:07.136Z [INFO]  provider.terraform-provider-telemetry: creating export: tf_resource_type=telemetry_cls_export export_id=export-c
`
	got := pollsPerExport(log, "telemetry_cls_export")
	want := map[string]int{"export-a": 2, "export-b": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("polls = %v, want %v", got, want)
	}
}

func TestNamedArguments(t *testing.T) {
	out := `
Error: Invalid Attribute Value

  with telemetry_cls_export.bad,
  on main.tf line 40, in resource "telemetry_cls_export" "bad":
  40:   log_count = 0

Attribute log_count value must be between 1 and 10000000, got: 0

Error: Invalid Attribute Value Match

  on main.tf line 50, in resource "telemetry_baremetal_log_export" "bad":
  50:   region             = "CN_EAST_3"
`
	got := namedArguments(out, []string{"log_count", "region", "format", "topic_id"})
	if !reflect.DeepEqual(got, []string{"log_count", "region"}) {
		t.Errorf("named = %v", got)
	}
}

func TestSurfacedThrottling(t *testing.T) {
	if n := surfacedThrottling("Apply complete! Resources: 60 added, 0 changed, 0 destroyed."); n != 0 {
		t.Errorf("clean output counted %d", n)
	}
	if n := surfacedThrottling("Error: creating CLS export\n\nRequestLimitExceeded: CreateExport is limited to 20 requests per second"); n == 0 {
		t.Error("a surfaced RequestLimitExceeded was not counted")
	}
}

func TestDiffAndTotal(t *testing.T) {
	d := diff(map[string]int{"A": 5, "B": 2, "C": 1}, map[string]int{"A": 3, "B": 2})
	if !reflect.DeepEqual(d, map[string]int{"A": 2, "C": 1}) || total(d) != 3 {
		t.Errorf("diff = %v (total %d)", d, total(d))
	}
	for _, c := range []struct{ a, b, want int }{{250, 100, 3}, {200, 100, 2}, {30, 100, 1}, {0, 100, 0}} {
		if got := ceilDiv(c.a, c.b); got != c.want {
			t.Errorf("ceilDiv(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestRSSWatcherSeesThisProcess(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	w := newRSSWatcher(exe)
	w.sample()
	if w.PeakMiB() <= 0 {
		t.Fatalf("peak RSS of the test binary = %v MiB", w.PeakMiB())
	}
	if len(w.known) == 0 {
		t.Error("the test process was not remembered")
	}
	other := newRSSWatcher(filepath.Join(t.TempDir(), "no-such-binary"))
	other.sample()
	if other.PeakMiB() != 0 {
		t.Errorf("a binary that never ran has peak RSS %v MiB", other.PeakMiB())
	}
}
