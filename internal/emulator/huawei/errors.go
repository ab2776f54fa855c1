package huawei

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Error codes the emulator returns for conditions the vendor does not
// document. They are INVENTED (no CloudDC service code list is published) and
// only need to be recognisable: 404 for a missing server or export, 409 for a
// download before completion.
const (
	CodeServerNotFound = "CLOUDDC.40401"
	CodeExportNotFound = "CLOUDDC.40402"
	CodeExportExpired  = "CLOUDDC.40403"
	CodeNotCompleted   = "CLOUDDC.40901"
	CodeBadBody        = "CLOUDDC.40001"
)

func writeError(w http.ResponseWriter, status int, code, msg, reqID string) {
	if reqID == "" {
		reqID = w.Header().Get("X-Request-Id")
	}
	if reqID == "" {
		reqID = newID(16)
		w.Header().Set("X-Request-Id", reqID)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error_code": code, "error_msg": msg, "request_id": reqID})
}

// errorWriter answers faults injected through core.Dispatch in the gateway's envelope.
type errorWriter struct{}

// WriteThrottled answers 429 APIGW.0308.
func (errorWriter) WriteThrottled(w http.ResponseWriter, _ *http.Request, _ string) {
	writeError(w, http.StatusTooManyRequests, huaweicloud.CodeThrottled,
		"The throttling threshold has been reached: policy user over ratelimit, limit:200, time:1 second", "")
}

// WriteFault answers with the fault's code, with the status the code implies
// unless the fault names one.
func (errorWriter) WriteFault(w http.ResponseWriter, _ *http.Request, _ string, f *core.Fault) {
	status := f.HTTPStatus
	if status == 0 {
		status = statusForCode(f.Code)
	}
	msg := f.Message
	if msg == "" {
		msg = "emulated fault"
	}
	writeError(w, status, f.Code, msg, "")
}

var codeStatus = map[string]int{
	"APIGW.0101": 404, "APIGW.0201": 400, "APIGW.0301": 401, "APIGW.0302": 403, "APIGW.0303": 401,
	"APIGW.0304": 403, "APIGW.0305": 401, "APIGW.0306": 403, "APIGW.0307": 401, "APIGW.0308": 429,
	"APIGW.0310": 403, "APIGW.0601": 500, "APIGW.0613": 503,
	CodeServerNotFound: 404, CodeExportNotFound: 404, CodeExportExpired: 404, CodeNotCompleted: 409, CodeBadBody: 400,
}

func statusForCode(code string) int {
	if s, ok := codeStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

func newID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
