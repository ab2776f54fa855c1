package cms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/alibaba"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// cacheFixture is an in-process Alibaba emulator with n seeded outputs and a
// client for it.
func cacheFixture(t *testing.T, n int) (*core.Env, *alicloud.Client) {
	t.Helper()
	env := core.NewEnv(nil)
	e := alibaba.New(env, alibaba.DefaultOptions())
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/_emulator/alibaba/"); ok {
			e.Admin(w, r, rest)
			return
		}
		e.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	var seed []map[string]any
	for i := 0; i < n; i++ {
		seed = append(seed, map[string]any{"dest_name": fmt.Sprintf("o%03d", i), "endpoint": "http://e", "project": "p", "logstore": "l", "access_key_id": "a", "access_key_secret": "s"})
	}
	b, _ := json.Marshal(seed)
	resp, err := http.Post(ts.URL+"/_emulator/alibaba/exporter_outputs", "application/json", bytes.NewReader(b))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("seeding: %v %v", resp, err)
	}
	resp.Body.Close()
	return env, alicloud.NewClient(alicloud.Config{
		AccessKey: "emulator-access-key", SecretKey: "emulator-secret-key", Region: "cn-hangzhou", Endpoint: ts.URL, MaxRetries: -1,
	})
}

func TestFindExporterOutput_sharesOneListPerClient(t *testing.T) {
	env, client := cacheFixture(t, 250)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 250)
	for i := 0; i < 250; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			o, err := findExporterOutput(ctx, client, fmt.Sprintf("o%03d", i), false)
			if err == nil && o.DestName != fmt.Sprintf("o%03d", i) {
				err = fmt.Errorf("found %s for o%03d", o.DestName, i)
			}
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 3 {
		t.Fatalf("250 concurrent finds cost %d list calls, want 3", got)
	}
	// A miss in the shared list is confirmed by a fresh one before it is trusted.
	if _, err := findExporterOutput(ctx, client, "missing", false); !tfresource.NotFound(err) {
		t.Fatalf("missing name: %v", err)
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 6 {
		t.Fatalf("a miss in the shared list: %d list calls, want 6 (the shared list plus one fresh confirmation)", got)
	}
	// The confirming list is shared in turn: a hit costs nothing.
	if _, err := findExporterOutput(ctx, client, "o000", false); err != nil {
		t.Fatal(err)
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 6 {
		t.Fatalf("a hit after the confirmation: %d list calls, want 6", got)
	}
	// A write drops the shared list; the next find pages again, only as
	// far as it needs (o000 is on page 1).
	if _, err := client.DeleteExporterOutput(ctx, "o249"); err != nil {
		t.Fatal(err)
	}
	if _, err := findExporterOutput(ctx, client, "o000", false); err != nil {
		t.Fatal(err)
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 7 {
		t.Fatalf("after invalidation: %d list calls, want 7", got)
	}
	// fresh bypasses the shared list.
	if _, err := findExporterOutput(ctx, client, "o000", true); err != nil {
		t.Fatal(err)
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 8 {
		t.Fatalf("fresh find: %d list calls, want 8", got)
	}
}

// An output created out of band after the shared list was taken is found:
// the miss in the older list is confirmed by a fresh one, and only a miss
// in a list that began after the lookup is trusted.
func TestFindExporterOutput_staleMissConfirmed(t *testing.T) {
	env, client := cacheFixture(t, 3)
	ctx := context.Background()
	if _, err := findExporterOutput(ctx, client, "o001", false); err != nil {
		t.Fatal(err)
	}
	seed, _ := json.Marshal([]map[string]any{{"dest_name": "late", "endpoint": "http://e", "project": "p", "logstore": "l", "access_key_id": "a", "access_key_secret": "s"}})
	resp, err := http.Post(client.Endpoint()+"/_emulator/alibaba/exporter_outputs", "application/json", bytes.NewReader(seed))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("seeding: %v %v", resp, err)
	}
	resp.Body.Close()
	o, err := findExporterOutput(ctx, client, "late", false)
	if err != nil || o.DestName != "late" {
		t.Fatalf("output created after the shared list: %+v, %v", o, err)
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 2 {
		t.Fatalf("list calls = %d, want 2 (shared list, then the confirmation)", got)
	}
}

func TestFindExporterOutput_failureNotCached(t *testing.T) {
	env, client := cacheFixture(t, 3)
	if err := env.AddFault(core.Fault{Operation: "DescribeExporterOutputList", Kind: core.FaultError, Code: "InternalError"}); err != nil {
		t.Fatal(err)
	}
	if _, err := findExporterOutput(context.Background(), client, "o001", false); err == nil || tfresource.NotFound(err) {
		t.Fatalf("want the injected error, got %v", err)
	}
	if _, err := findExporterOutput(context.Background(), client, "o001", false); err != nil {
		t.Fatalf("the failure was cached: %v", err)
	}
}

func TestFindExporterOutput_separateClients(t *testing.T) {
	env, client := cacheFixture(t, 3)
	other := alicloud.NewClient(alicloud.Config{AccessKey: "emulator-access-key", SecretKey: "emulator-secret-key", Region: "cn-hangzhou", Endpoint: client.Endpoint(), MaxRetries: -1})
	for _, c := range []*alicloud.Client{client, other, client, other} {
		if _, err := findExporterOutput(context.Background(), c, "o001", false); err != nil {
			t.Fatal(err)
		}
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 2 {
		t.Fatalf("two clients (two provider runs) cost %d list calls, want 2", got)
	}
}

// Issue 14: a server that serves fewer items per page than asked (-page-cap)
// loses nothing, and the walk costs ceil(N / served) calls.
func TestFindExporterOutput_pageCap(t *testing.T) {
	env, client := cacheFixture(t, 30)
	if err := env.SetModes(core.Modes{PageCap: 7}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"o000", "o013", "o029"} {
		if _, err := findExporterOutput(context.Background(), client, name, false); err != nil {
			t.Fatalf("%s under page cap 7: %v", name, err)
		}
	}
	if got := env.Stats()["DescribeExporterOutputList"]; got != 5 {
		t.Fatalf("list calls = %d, want ceil(30/7) = 5", got)
	}
}
