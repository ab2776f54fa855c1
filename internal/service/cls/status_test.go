package cls

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// TestStatusExportPassesOutagesThrough: the poller can only wait out an
// outage it recognises, so statusExport, findExport and the client's
// listing (fresh, and shared) must hand transient errors on as such, never
// as "not found" or a plain answer.
func TestStatusExportPassesOutagesThrough(t *testing.T) {
	const topic = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
	id := exportID{TopicID: topic, ExportID: "export-1"}
	noSleep := func(context.Context, time.Duration) error { return nil }
	client := func(endpoint string) *tencentcloud.Client {
		return tencentcloud.NewClient(tencentcloud.Config{SecretID: "id", SecretKey: "key", Region: "ap-guangzhou",
			Endpoint: endpoint, MaxRetries: 1, Sleep: noSleep})
	}

	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"Response":{"Error":{"Code":"InternalError","Message":"down"},"RequestId":"r"}}`))
	}))
	defer failing.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there any more: connections are refused

	for name, endpoint := range map[string]string{"InternalError": failing.URL, "connection refused": refused} {
		c := client(endpoint)
		obj, status, err := statusExport(c, id)(context.Background())
		if obj != nil || status != "" || err == nil || !transport.IsTransient(err) || tfresource.NotFound(err) {
			t.Errorf("%s: statusExport = %v, %q, %v; want a transient error", name, obj, status, err)
		}
		if _, err := findExport(context.Background(), c, id, false); err == nil || !transport.IsTransient(err) {
			t.Errorf("%s: findExport through the shared list = %v; want a transient error", name, err)
		}
	}
}
