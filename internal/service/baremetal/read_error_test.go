package baremetal

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

// readErrorDetail names how to forget the export exactly for the answers
// that may mean "gone" (a service refusal, a lasting server error) and not
// for credentials, throttling, the gateway or the network.
func TestReadErrorDetail(t *testing.T) {
	id := exportID{ProjectID: "p", ServerID: "s", ExportID: "e1"}
	forget := "terraform state rm 'telemetry_baremetal_log_export.<name>'"
	cases := []struct {
		name       string
		err        error
		wantForget bool
		want       string
	}{
		{"service 400", &huaweicloud.Error{Code: "CLOUDDC.0001", Message: "export not exist", HTTPStatus: 400}, true, "this refusal may mean that export e1"},
		{"400 without body", &huaweicloud.Error{Message: "bad request", HTTPStatus: 400}, true, "HTTP 400"},
		{"service 409", &huaweicloud.Error{Code: "X", Message: "m", HTTPStatus: 409}, true, "no longer exists"},
		{"server 500", &huaweicloud.Error{Code: "CLOUDDC.5000", Message: "internal", HTTPStatus: 500}, true, "also on the provider's retries"},
		{"gateway 400", &huaweicloud.Error{Code: huaweicloud.CodeBadRequest, Message: "m", HTTPStatus: 400}, false, "Check the credentials and the endpoint"},
		{"auth 401", &huaweicloud.Error{Code: huaweicloud.CodeIAMAuth, Message: "decrypt token fail", HTTPStatus: 401}, false, "huaweicloud.auth_token"},
		{"forbidden 403", &huaweicloud.Error{Code: huaweicloud.CodeAccessDenied, Message: "m", HTTPStatus: 403}, false, "Check the credentials"},
		{"throttled 429", &huaweicloud.Error{Code: huaweicloud.CodeThrottled, Message: "m", HTTPStatus: 429}, false, "also on the provider's retries"},
		{"route 404", &huaweicloud.Error{Code: huaweicloud.CodeRouteNotFound, Message: "API not found", HTTPStatus: 404}, false, "Check the credentials and the endpoint"},
		{"network", errors.New("dial tcp: connection refused"), false, "connection refused"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := readErrorDetail(c.err, id, "telemetry_baremetal_log_export")
			if strings.Contains(got, forget) != c.wantForget || !strings.Contains(got, c.want) {
				t.Errorf("detail (forget hint wanted: %v, containing %q):\n%s", c.wantForget, c.want, got)
			}
			if c.wantForget && !strings.Contains(got, "removed {\n    from = telemetry_baremetal_log_export.<name>\n    lifecycle {\n      destroy = false") {
				t.Errorf("no removed block in:\n%s", got)
			}
		})
	}
}
