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

// These tests drive the client against the in-process emulator: the two
// share only the signing functions, so a disagreement shows up here.

func startEmulator(t *testing.T) (*core.Env, string) {
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
	return env, ts.URL
}

func client(url, secret string) *alicloud.Client {
	return alicloud.NewClient(alicloud.Config{AccessKey: "emulator-access-key", SecretKey: secret, Region: "cn-hangzhou", Endpoint: url, MaxRetries: -1})
}

// walkExporterOutputs reads the whole list with the client's pager and
// without its shared pages, so that every walk asks for every page.
func walkExporterOutputs(ctx context.Context, c *alicloud.Client) ([]alicloud.ExporterOutput, error) {
	var all []alicloud.ExporterOutput
	for pages := 0; ; pages++ {
		page, complete, err := c.ExporterOutputPager(ctx, pages, len(all))
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if complete {
			return all, nil
		}
	}
}

func TestExporterOutputs_againstEmulator(t *testing.T) {
	srv, url := startEmulator(t)
	c := client(url, "emulator-secret-key")
	ctx := context.Background()
	in := alicloud.PutExporterOutputInput{DestName: "out1", DestType: "sls", Desc: "d *~", Config: alicloud.ExporterOutputConfig{
		Endpoint: "http://cn-hangzhou.log.aliyuncs.com", Project: "p", Logstore: "l", AccessKeyID: "LTAIid", AccessKeySecret: "s3cr3t", UserID: "42",
	}}
	if id, err := c.PutExporterOutput(ctx, in); err != nil || id == "" {
		t.Fatalf("put: %q %v", id, err)
	}
	all, err := c.ExporterOutputs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].DestName != "out1" || all[0].DestType != "SLS" || all[0].Project != "p" || all[0].AccessKeyID != "LTAIid" || all[0].CreateTime.IsZero() {
		t.Fatalf("list = %+v", all)
	}
	if _, err := c.DeleteExporterOutput(ctx, "out1"); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteExporterOutput(ctx, "out1")
	if !alicloud.IsNotFound(err) {
		t.Fatalf("delete missing: %v", err)
	}
	in.DestName = "bad name"
	_, err = c.PutExporterOutput(ctx, in)
	if err == nil || alicloud.IsNotFound(err) {
		t.Fatalf("bad name: %v", err)
	}
	if got := srv.Stats()["PutExporterOutput"]; got != 2 {
		t.Fatalf("PutExporterOutput count = %d", got)
	}
}

func TestExporterOutputs_pages(t *testing.T) {
	srv, url := startEmulator(t)
	var seed []map[string]any
	for i := 0; i < 250; i++ {
		seed = append(seed, map[string]any{"dest_name": fmt.Sprintf("o%03d", i), "endpoint": "http://e", "project": "p", "logstore": "l", "access_key_id": "a", "access_key_secret": "s"})
	}
	b, _ := json.Marshal(seed)
	resp, err := http.Post(url+"/_emulator/alibaba/exporter_outputs", "application/json", bytes.NewReader(b))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("seed: %v %v", resp, err)
	}
	resp.Body.Close()
	all, err := client(url, "emulator-secret-key").ExporterOutputs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 250 || all[249].DestName != "o249" {
		t.Fatalf("got %d outputs", len(all))
	}
	if got := srv.Stats()["DescribeExporterOutputList"]; got != 3 {
		t.Fatalf("DescribeExporterOutputList calls = %d, want 3", got)
	}
}

func TestWrongSecret_againstEmulator(t *testing.T) {
	_, url := startEmulator(t)
	_, err := client(url, "not-the-secret").ExporterOutputs(context.Background())
	if !alicloud.IsAuthFailure(err) {
		t.Fatalf("err = %v", err)
	}
	if bytes.Contains([]byte(err.Error()), []byte("not-the-secret")) {
		t.Fatalf("error holds the secret: %v", err)
	}
}

// A fresh lookup (the name check before a create, the read-back after a
// put) is never answered from a list that began before it: an output that
// existed when it began is found, whatever the shared pages say.
func TestFindExporterOutput_freshSeesWhatExistedWhenItBegan(t *testing.T) {
	srv, url := startEmulator(t)
	c := client(url, "emulator-secret-key")
	ctx := context.Background()
	if _, found, err := c.FindExporterOutput(ctx, "oob", alicloud.FindOptions{}); found || err != nil {
		t.Fatalf("before: found %v, %v", found, err)
	}
	// Created out of band: the shared pages (complete, under a minute old,
	// no write through this client since) do not show it.
	b, _ := json.Marshal([]map[string]any{{"dest_name": "oob", "endpoint": "http://e", "project": "p", "logstore": "l", "access_key_id": "a", "access_key_secret": "s"}})
	resp, err := http.Post(url+"/_emulator/alibaba/exporter_outputs", "application/json", bytes.NewReader(b))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("seed: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, found, err := c.FindExporterOutput(ctx, "oob", alicloud.FindOptions{Fresh: true}); !found || err != nil {
		t.Fatalf("name check: found %v, %v; the output existed before it began", found, err)
	}
	in := alicloud.PutExporterOutputInput{DestName: "mine", DestType: "sls", Config: alicloud.ExporterOutputConfig{Endpoint: "http://e", Project: "p", Logstore: "l", AccessKeyID: "a", AccessKeySecret: "s"}}
	if _, err := c.PutExporterOutput(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, found, err := c.FindExporterOutput(ctx, "mine", alicloud.FindOptions{Fresh: true}); !found || err != nil {
		t.Fatalf("read-back: found %v, %v", found, err)
	}
	// One list per lookup, and one more for the first lookup's miss, which
	// a second list confirms.
	if got := srv.Stats()["DescribeExporterOutputList"]; got != 4 {
		t.Fatalf("DescribeExporterOutputList calls = %d, want 4 (one list per lookup, a miss confirmed by one more)", got)
	}
}
