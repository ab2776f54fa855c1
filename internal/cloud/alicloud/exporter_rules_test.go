package alicloud_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// walkExporterRules reads the whole list with the pager, without shared pages.
func walkExporterRules(ctx context.Context, c *alicloud.Client) ([]alicloud.ExporterRule, error) {
	var all []alicloud.ExporterRule
	for pages := 0; ; pages++ {
		page, complete, err := c.ExporterRulePager(ctx, pages, len(all))
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if complete {
			return all, nil
		}
	}
}

func TestExporterRules_againstEmulator(t *testing.T) {
	srv, url := startEmulator(t)
	c := client(url, "emulator-secret-key")
	ctx := context.Background()
	in := alicloud.PutExporterRuleInput{
		RuleName: "rule-1", Namespace: "acs_ecs_dashboard", MetricName: "cpu_total", TargetWindows: []int64{60, 300},
		Describe: "d *~", DstNames: []string{"out-a", "out-b"},
	}
	if id, err := c.PutExporterRule(ctx, in); err != nil || id == "" {
		t.Fatalf("put: %q %v", id, err)
	}
	r, found, err := c.FindExporterRule(ctx, "rule-1", alicloud.FindOptions{Fresh: true})
	if err != nil || !found {
		t.Fatalf("find: %v %v", found, err)
	}
	if r.Namespace != "acs_ecs_dashboard" || r.MetricName != "cpu_total" || !reflect.DeepEqual(r.TargetWindows, []int64{60, 300}) ||
		r.Describe != "d *~" || !reflect.DeepEqual(r.DstNames, []string{"out-a", "out-b"}) || !r.Enabled || r.CreateTime.IsZero() {
		t.Fatalf("rule = %+v", r)
	}
	if _, err := c.DeleteExporterRule(ctx, "rule-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteExporterRule(ctx, "rule-1"); !alicloud.IsNotFound(err) {
		t.Fatalf("delete missing: %v", err)
	}
	if _, found, err := c.FindExporterRule(ctx, "rule-1", alicloud.FindOptions{}); found || err != nil {
		t.Fatalf("after delete: %v %v", found, err)
	}
	in.TargetWindows = []int64{30}
	if _, err := c.PutExporterRule(ctx, in); err == nil || alicloud.IsNotFound(err) {
		t.Fatalf("window of 30 s: %v", err)
	}
	if got := srv.Stats()["PutExporterRule"]; got != 2 {
		t.Fatalf("PutExporterRule count = %d", got)
	}
}

func seedRules(t *testing.T, url string, n int) {
	t.Helper()
	var seed []map[string]any
	for i := range n {
		seed = append(seed, map[string]any{"rule_name": fmt.Sprintf("r%03d", i), "namespace": "ns", "metric_name": "m", "target_windows": "60", "dst_names": []string{"o"}})
	}
	b, _ := json.Marshal(seed)
	resp, err := http.Post(url+"/_emulator/alibaba/exporter_rules", "application/json", bytes.NewReader(b))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("seed: %v %v", resp, err)
	}
	resp.Body.Close()
}

// The pager asks for 100 a page and pages through a server that serves
// fewer (page cap), never stopping at a short page.
func TestExporterRulePager_pages(t *testing.T) {
	srv, url := startEmulator(t)
	seedRules(t, url, 250)
	c := client(url, "emulator-secret-key")
	all, err := c.ExporterRules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 250 || all[249].RuleName != "r249" {
		t.Fatalf("got %d rules", len(all))
	}
	if got := srv.Stats()["DescribeExporterRuleList"]; got != 3 {
		t.Fatalf("DescribeExporterRuleList calls = %d, want 3", got)
	}
	if err := srv.SetModes(core.Modes{PageCap: 7}); err != nil {
		t.Fatal(err)
	}
	walked, err := walkExporterRules(context.Background(), c)
	if err != nil || len(walked) != 250 {
		t.Fatalf("walk under a page cap of 7: %d rules, %v", len(walked), err)
	}
	if got := srv.Stats()["DescribeExporterRuleList"]; got != 3+36 {
		t.Fatalf("DescribeExporterRuleList calls = %d, want 3+36", got)
	}
}

func TestExporterRuleWindows(t *testing.T) {
	if got := alicloud.JoinWindows([]int64{60, 300}); got != "60,300" {
		t.Fatalf("join: %q", got)
	}
	if got := alicloud.ParseWindows(" 60, 300 ,x"); !reflect.DeepEqual(got, []int64{60, 300}) {
		t.Fatalf("parse: %v", got)
	}
	if got := alicloud.ParseWindows(""); got != nil {
		t.Fatalf("parse empty: %v", got)
	}
}
