package baremetal

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// apiErrorDetail: the vendor facts, a blank line, the hint; "" means the
// credential's advice (huaweicloud.AuthHint), and a detail with its own
// hint keeps that advice before it.
func TestAPIErrorDetail(t *testing.T) {
	auth := &huaweicloud.Error{Code: huaweicloud.CodeIAMAuth, Message: "decrypt token fail", HTTPStatus: 401, RequestID: "r1"}
	facts := "Huawei Cloud answered HTTP 401 with error_code " + huaweicloud.CodeIAMAuth + ": decrypt token fail (request id r1)."
	if got, want := apiErrorDetail(auth, ""), facts+"\n\n"+huaweicloud.AuthHint(auth); got != want {
		t.Errorf("default hint:\n got %q\nwant %q", got, want)
	}
	if got, want := apiErrorDetail(auth, "Do this."), facts+"\n\nDo this."; got != want {
		t.Errorf("own hint:\n got %q\nwant %q", got, want)
	}
	if got, want := apiErrorDetail(auth, withAuthHint(auth, "Do this.")), facts+"\n\n"+huaweicloud.AuthHint(auth)+"\n\nDo this."; got != want {
		t.Errorf("own hint after the credential's:\n got %q\nwant %q", got, want)
	}
	gone := &huaweicloud.Error{Code: "CLOUDDC.40401", Message: "m", HTTPStatus: 404}
	if got, want := apiErrorDetail(gone, ""), "Huawei Cloud answered HTTP 404 with error_code CLOUDDC.40401: m."; got != want {
		t.Errorf("no hint:\n got %q\nwant %q", got, want)
	}
	plain := fmt.Errorf("connection reset")
	if got := apiErrorDetail(plain, "Retry."); got != "connection reset\n\nRetry." {
		t.Errorf("not a vendor error: %q", got)
	}
	if got := createErrorDetail(auth, "p", "s", "cn-east-3", "telemetry_baremetal_log_export"); !strings.Contains(got, huaweicloud.AuthHint(auth)+"\n\nCheck the huaweicloud credentials") {
		t.Errorf("create detail of a refused token lost the credential's advice: %q", got)
	}
}

// A timeout names the status and percentage the state holds, which reach
// waitErrorDetail in the lastReportError around the waiter's error.
func TestWaitErrorDetailNamesTheLastReport(t *testing.T) {
	to := &tfresource.TimeoutError{What: "x", LastStatus: pollRunning, Timeout: 2 * time.Second}
	got := waitErrorDetail(&lastReportError{Status: "processing", Percentage: 30, Err: to}, 2*time.Second, nextAfterCreate)
	want := `The export did not complete within 2s (last status "processing" at 30%, as the API reported it).` + "\n\n" + nextAfterCreate
	if !strings.HasPrefix(got, want) || strings.Contains(got, pollRunning) {
		t.Errorf("got %q, want it to begin with %q", got, want)
	}
}
