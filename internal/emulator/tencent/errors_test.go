package tencent

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// A fault without status or message is answered the way each surface
// answers errors: the API's envelope with HTTP 200, COS's XML with HTTP
// 500; both name the operation. A fault's own status and message win.
func TestFaultAnswers(t *testing.T) {
	cases := []struct {
		name       string
		writer     core.ErrorWriter
		fault      core.Fault
		wantStatus int
		wantBody   []string
	}{
		{"API default", errorWriter{}, core.Fault{Code: "InternalError"}, http.StatusOK, []string{`"Code":"InternalError"`, "injected fault for CreateExport"}},
		{"API own", errorWriter{}, core.Fault{Code: "InternalError", HTTPStatus: 502, Message: "boom"}, 502, []string{`"Message":"boom"`}},
		{"COS default", cosErrors{}, core.Fault{Code: "InternalError"}, http.StatusInternalServerError, []string{"<Code>InternalError</Code>", "<Message>injected fault for CreateExport</Message>"}},
		{"COS own", cosErrors{}, core.Fault{Code: "SlowDown", HTTPStatus: 503, Message: "a<b"}, 503, []string{"<Message>a&lt;b</Message>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			f := c.fault
			c.writer.WriteFault(rec, httptest.NewRequest(http.MethodPost, "/", nil), "CreateExport", &f)
			if rec.Code != c.wantStatus {
				t.Errorf("status %d, want %d", rec.Code, c.wantStatus)
			}
			for _, w := range c.wantBody {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("body %q lacks %q", rec.Body.String(), w)
				}
			}
		})
	}
}
