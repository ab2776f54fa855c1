package cls

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// A wait that failed during an outage: after Create the export is tainted
// and untaint is the way to keep it; after Update (a download owed in
// place) nothing is tainted, so neither may be said.
func TestWaitErrorDetailSaysWhatTheNextApplyDoes(t *testing.T) {
	outage := &tfresource.TimeoutError{What: "export", LastStatus: "Processing", Timeout: time.Minute, LastErr: errors.New("InternalError")}
	created := waitErrorDetail(outage, time.Minute, nextAfterFailedWait)
	for _, want := range []string{"marked tainted", "terraform untaint", `"Processing"`} {
		if !strings.Contains(created, want) {
			t.Errorf("after create: %q lacks %q", created, want)
		}
	}
	updated := waitErrorDetail(outage, time.Minute, nextAfterFailedUpdate)
	if strings.Contains(updated, "taint") {
		t.Errorf("after update: %q speaks of tainting, but a failed update taints nothing", updated)
	}
	if !strings.Contains(updated, "timeouts.update") || strings.Contains(updated, "timeouts.create") {
		t.Errorf("after update: %q does not name timeouts.update alone, the bound of an update's wait", updated)
	}
	if !strings.Contains(updated, "next apply waits for it again") {
		t.Errorf("after update: %q does not say what the next apply does", updated)
	}
}
