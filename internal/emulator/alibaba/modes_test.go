package alibaba

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// listNames pages DescribeExporterOutputList with the asked size and
// returns the names of one page and the reported total.
func listPage(t *testing.T, e *Emulator, page, size int) ([]string, int) {
	t.Helper()
	a := call(t, e, "DescribeExporterOutputList", url.Values{"RegionId": {"cn-hangzhou"}, "PageNumber": {fmt.Sprint(page)}, "PageSize": {fmt.Sprint(size)}})
	if a.status != 200 {
		t.Fatalf("list: %d %v", a.status, a.body)
	}
	var names []string
	for _, p := range a.body["Datapoints"].(map[string]any)["Datapoint"].([]any) {
		names = append(names, p.(map[string]any)["DestName"].(string))
	}
	return names, int(a.body["Total"].(float64))
}

func TestModes_pageCapClampsPages(t *testing.T) {
	e, clock := newTest(t)
	for i := range 30 {
		clock.t = clock.t.Add(time.Millisecond)
		if a := call(t, e, "PutExporterOutput", putQuery(fmt.Sprintf("o%02d", i), nil)); a.status != 200 {
			t.Fatalf("put: %v", a.body)
		}
	}
	if err := e.env.SetModes(core.Modes{PageCap: 7}); err != nil {
		t.Fatal(err)
	}
	names, total := listPage(t, e, 1, 100)
	if len(names) != 7 || total != 30 || names[0] != "o00" {
		t.Fatalf("page 1 of 100 under cap 7: %v (total %d)", names, total)
	}
	// The clamped size is the paging unit: page 2 starts at item 7.
	if names, _ = listPage(t, e, 2, 100); len(names) != 7 || names[0] != "o07" {
		t.Fatalf("page 2: %v", names)
	}
	if names, _ = listPage(t, e, 5, 100); len(names) != 2 || names[1] != "o29" {
		t.Fatalf("page 5: %v", names)
	}
}

func TestModes_visibilityLag(t *testing.T) {
	e, clock := newTest(t)
	if err := e.env.SetModes(core.Modes{VisibilityLagMS: 2000}); err != nil {
		t.Fatal(err)
	}
	call(t, e, "PutExporterOutput", putQuery("lagged", nil))
	if names, total := listPage(t, e, 1, 10); len(names) != 0 || total != 0 {
		t.Fatalf("a new output is visible at once: %v", names)
	}
	if _, ok := e.exporterOutputsState()["cn-hangzhou"]; !ok {
		t.Fatal("the admin state (the truth) lacks the new output")
	}
	clock.t = clock.t.Add(2 * time.Second)
	if names, _ := listPage(t, e, 1, 10); len(names) != 1 {
		t.Fatalf("after the lag: %v", names)
	}
	// A change shows the previous version until the lag has passed.
	call(t, e, "PutExporterOutput", putQuery("lagged", func(q url.Values) {
		q.Set("ConfigJson", `{"endpoint":"http://e","project":"changed","logstore":"l","ak":"a","as":"s"}`)
	}))
	project := func() string {
		a := call(t, e, "DescribeExporterOutputList", url.Values{"RegionId": {"cn-hangzhou"}})
		p := a.body["Datapoints"].(map[string]any)["Datapoint"].([]any)
		if len(p) == 0 {
			return ""
		}
		return p[0].(map[string]any)["ConfigJson"].(map[string]any)["project"].(string)
	}
	if got := project(); got != "p" {
		t.Fatalf("during the lag the list shows project %q, want the previous p", got)
	}
	clock.t = clock.t.Add(2 * time.Second)
	if got := project(); got != "changed" {
		t.Fatalf("after the lag: %q", got)
	}
	// A deletion too: still listed during the lag, gone after.
	call(t, e, "DeleteExporterOutput", url.Values{"RegionId": {"cn-hangzhou"}, "DestName": {"lagged"}})
	if names, _ := listPage(t, e, 1, 10); len(names) != 1 {
		t.Fatalf("a deleted output vanished before the lag: %v", names)
	}
	if a := call(t, e, "DeleteExporterOutput", url.Values{"RegionId": {"cn-hangzhou"}, "DestName": {"lagged"}}); a.status != 404 {
		t.Fatalf("deleting again answers %d, want 404 (writes see the truth)", a.status)
	}
	clock.t = clock.t.Add(2 * time.Second)
	if names, _ := listPage(t, e, 1, 10); len(names) != 0 {
		t.Fatalf("after the lag: %v", names)
	}
}

func TestModes_normalizeEchoes(t *testing.T) {
	e, _ := newTest(t)
	if err := e.env.SetModes(core.Modes{Normalize: true}); err != nil {
		t.Fatal(err)
	}
	call(t, e, "PutExporterOutput", putQuery("norm", func(q url.Values) {
		q.Set("ConfigJson", `{"endpoint":"https://cn-hangzhou.log.aliyuncs.com/","project":"p","logstore":"l","ak":"a","as":"s"}`)
	}))
	a := call(t, e, "DescribeExporterOutputList", url.Values{"RegionId": {"cn-hangzhou"}})
	p := a.body["Datapoints"].(map[string]any)["Datapoint"].([]any)[0].(map[string]any)
	if got := p["ConfigJson"].(map[string]any)["endpoint"]; got != "https://CN-HANGZHOU.LOG.ALIYUNCS.COM" {
		t.Errorf("endpoint echoed as %v", got)
	}
	if got := p["DestType"]; got != "Sls" {
		t.Errorf("DestType echoed as %v", got)
	}
}

func TestModes_vendorExampleShapes(t *testing.T) {
	e, _ := newTest(t)
	call(t, e, "PutExporterOutput", putQuery("shapes", nil))
	call(t, e, "PutCustomEvent", url.Values{"RegionId": {"cn-hangzhou"}, "EventInfo.1.EventName": {"ev"}, "EventInfo.1.Content": {"c"}, "EventInfo.1.Time": {"1552199984000"}})
	answers := func() (cfg, list map[string]any) {
		a := call(t, e, "DescribeExporterOutputList", url.Values{"RegionId": {"cn-hangzhou"}})
		cfg = a.body["Datapoints"].(map[string]any)["Datapoint"].([]any)[0].(map[string]any)["ConfigJson"].(map[string]any)
		return cfg, call(t, e, "DescribeCustomEventAttribute", url.Values{"RegionId": {"cn-hangzhou"}, "Name": {"ev"}}).body
	}
	cfg, events := answers()
	ev := events["CustomEvents"].(map[string]any)["CustomEvent"].([]any)[0].(map[string]any)
	if _, ok := cfg["as"]; ok || events["Success"] != "true" || ev["Time"] != "1552199984000" {
		t.Fatalf("default shapes: ConfigJson %v, Success %#v, Time %#v", cfg, events["Success"], ev["Time"])
	}
	if err := e.env.SetModes(core.Modes{VendorExamples: true}); err != nil {
		t.Fatal(err)
	}
	cfg, events = answers()
	ev = events["CustomEvents"].(map[string]any)["CustomEvent"].([]any)[0].(map[string]any)
	if cfg["as"] != secretValue || events["Success"] != true || ev["Time"] != float64(1552199984000) {
		t.Fatalf("example shapes: ConfigJson %v, Success %#v, Time %#v", cfg, events["Success"], ev["Time"])
	}
}
