package conns

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// The client-side rate limiters belong to one provider configuration: the
// Tencent clients one Clients builds for two regions of one account share a
// limiter per action, and a second Clients (another provider instance, or
// another test) has limiters of its own, untouched by the first one's calls.
func TestClients_rateLimitersPerConfiguration(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"Response":{"RequestId":"req-1"}}`)
	}))
	defer srv.Close()
	settings := Settings{Tencentcloud: TencentcloudSettings{SecretID: "id", SecretKey: "sk", Region: "ap-guangzhou", Endpoint: srv.URL}}
	deleteWith := func(c *Clients, region string) {
		t.Helper()
		cl, err := c.Tencentcloud(region)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cl.DeleteExport(context.Background(), tencentcloud.DeleteExportInput{ExportID: "e-1"}); err != nil {
			t.Fatal(err)
		}
	}
	one, two := New(settings), New(settings)
	deleteWith(one, "ap-guangzhou")
	deleteWith(one, "ap-shanghai")
	if n := one.limiters.Len(); n != 1 {
		t.Errorf("one Clients, two regions of one account, one action: %d limiters, want 1 shared", n)
	}
	if n := two.limiters.Len(); n != 0 {
		t.Errorf("a second Clients holds %d limiters before any call of its own, want 0", n)
	}
	deleteWith(two, "ap-guangzhou")
	if n1, n2 := one.limiters.Len(), two.limiters.Len(); n1 != 1 || n2 != 1 || one.limiters == two.limiters {
		t.Errorf("after a call of each: %d and %d limiters in registries %p and %p, want one each in two registries", n1, n2, one.limiters, two.limiters)
	}
}
