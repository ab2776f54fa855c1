package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
)

// One line per vendor request, with the operation, region, status, error
// code and request id, and nothing secret.
func TestRequestLog(t *testing.T) {
	var buf bytes.Buffer
	opts := DefaultOptions()
	opts.Logger = hclog.New(&hclog.LoggerOptions{Level: hclog.Info, JSONFormat: true, Output: &buf})
	srv := New(opts)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ali := opts.Alibaba
	client := alicloud.NewClient(alicloud.Config{AccessKey: ali.AccessKey, SecretKey: ali.SecretKey, Region: "cn-hangzhou", Endpoint: ts.URL, MaxRetries: -1})
	if _, err := client.PutCustomEvent(context.Background(), alicloud.PutCustomEventInput{Events: []alicloud.CustomEvent{{Name: "n", Content: "c"}}}); err != nil {
		t.Fatal(err)
	}
	wrong := alicloud.NewClient(alicloud.Config{AccessKey: ali.AccessKey, SecretKey: "not-the-secret", Region: "cn-hangzhou", Endpoint: ts.URL, MaxRetries: -1})
	if _, err := wrong.PutCustomEvent(context.Background(), alicloud.PutCustomEventInput{Events: []alicloud.CustomEvent{{Name: "n", Content: "c"}}}); err == nil {
		t.Fatal("a wrong secret was accepted")
	}
	if resp, err := http.Get(ts.URL + "/_emulator/stats"); err == nil {
		resp.Body.Close() // admin calls are not logged
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %d:\n%s", len(lines), buf.String())
	}
	var ok, failed map[string]any
	if json.Unmarshal([]byte(lines[0]), &ok) != nil || json.Unmarshal([]byte(lines[1]), &failed) != nil {
		t.Fatalf("not JSON lines:\n%s", buf.String())
	}
	if ok["vendor"] != "alibaba" || ok["operation"] != "PutCustomEvent" || ok["status"] != float64(200) || ok["request_id"] == "" || ok["@level"] != "info" {
		t.Errorf("success line: %v", ok)
	}
	if failed["status"] == float64(200) || failed["error_code"] == nil || failed["@level"] != "warn" {
		t.Errorf("failure line: %v", failed)
	}
	for _, secret := range []string{ali.SecretKey, "not-the-secret", "ACS3-HMAC", "Credential="} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, buf.String())
		}
	}
}
