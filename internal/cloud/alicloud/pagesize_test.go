package alicloud_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/alibaba"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// smallPageEmulator serves lists that refuse pages above maxPageSize.
func smallPageEmulator(t *testing.T, maxPageSize int) (*core.Env, string) {
	t.Helper()
	env := core.NewEnv(nil)
	opts := alibaba.DefaultOptions()
	opts.MaxPageSize = maxPageSize
	e := alibaba.New(env, opts)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/_emulator/alibaba/"); ok {
			e.Admin(w, r, rest)
			return
		}
		e.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return env, ts.URL
}

func TestExporterOutputPager_refusedPageSizeFallsBack(t *testing.T) {
	env, url := smallPageEmulator(t, 10)
	var seed []map[string]any
	for i := range 25 {
		seed = append(seed, map[string]any{"dest_name": fmt.Sprintf("o%02d", i), "endpoint": "http://e", "project": "p", "logstore": "l", "access_key_id": "a", "access_key_secret": "s"})
	}
	b, _ := json.Marshal(seed)
	resp, err := http.Post(url+"/_emulator/alibaba/exporter_outputs", "application/json", bytes.NewReader(b))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("seed: %v %v", resp, err)
	}
	resp.Body.Close()
	c := client(url, "emulator-secret-key")
	for walk, wantCalls := range []int{4, 7} { // the first walk is refused once, then pages by 10 (counts add up)
		all, err := walkExporterOutputs(context.Background(), c)
		if err != nil {
			t.Fatalf("walk %d: %v", walk+1, err)
		}
		if len(all) != 25 || all[24].DestName != "o24" {
			t.Fatalf("walk %d: %d outputs", walk+1, len(all))
		}
		if got := env.Stats()["DescribeExporterOutputList"]; got != wantCalls {
			t.Errorf("walk %d: DescribeExporterOutputList calls = %d, want %d", walk+1, got, wantCalls)
		}
	}
	// The shared lookups (listcache) use the same page size.
	if _, found, err := c.FindExporterOutput(context.Background(), "o24", alicloud.FindOptions{Fresh: true}); err != nil || !found {
		t.Fatalf("find: %v %v", found, err)
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 10 {
		t.Errorf("find: DescribeExporterOutputList calls = %d, want 10 (3 more)", got)
	}
}

func TestListCustomEvents_refusedPageSizeFallsBack(t *testing.T) {
	env, url := smallPageEmulator(t, 10)
	c := client(url, "emulator-secret-key")
	var events []alicloud.CustomEvent
	for i := range 15 {
		events = append(events, alicloud.CustomEvent{Name: "ev", Content: fmt.Sprintf("c%02d", i)})
	}
	if _, err := c.PutCustomEvent(context.Background(), alicloud.PutCustomEventInput{Events: events}); err != nil {
		t.Fatal(err)
	}
	for walk, wantCalls := range []int{4, 7} { // refused, 10, 5, empty; then 10, 5, empty (counts add up)
		got, err := c.ListCustomEvents(context.Background(), alicloud.DescribeCustomEventAttributeInput{Name: "ev"}, 0)
		if err != nil {
			t.Fatalf("walk %d: %v", walk+1, err)
		}
		if len(got) != 15 {
			t.Fatalf("walk %d: %d events", walk+1, len(got))
		}
		if n := env.Stats()["DescribeCustomEventAttribute"]; n != wantCalls {
			t.Errorf("walk %d: DescribeCustomEventAttribute calls = %d, want %d", walk+1, n, wantCalls)
		}
	}
	// A size the caller chose is not second-guessed: its refusal is the answer.
	if _, err := c.ListCustomEvents(context.Background(), alicloud.DescribeCustomEventAttributeInput{Name: "ev", PageSize: 50}, 0); err == nil {
		t.Error("an explicit page size above the maximum was not refused")
	}
}
