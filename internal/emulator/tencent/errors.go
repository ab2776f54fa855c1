package tencent

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"html"
	"net/http"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// errorWriter answers faults in the vendor's envelope.
type errorWriter struct{}

var _ core.ErrorWriter = errorWriter{}

func (errorWriter) WriteThrottled(w http.ResponseWriter, _ *http.Request, op string) {
	writeError(w, http.StatusOK, "RequestLimitExceeded", op+" request rate exceeded the limit")
}

func (errorWriter) WriteFault(w http.ResponseWriter, _ *http.Request, op string, f *core.Fault) {
	status, msg := faultAnswer(f, op, http.StatusOK)
	writeError(w, status, f.Code, msg)
}

// faultAnswer is the status and message a fault is answered with: its own,
// or else defaultStatus (the API's HTTP 200 envelope, COS's HTTP 500) and a
// message naming the operation.
func faultAnswer(f *core.Fault, op string, defaultStatus int) (status int, msg string) {
	status, msg = f.HTTPStatus, f.Message
	if status == 0 {
		status = defaultStatus
	}
	if msg == "" {
		msg = "injected fault for " + op
	}
	return status, msg
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeEnvelope(w, status, map[string]any{"Error": map[string]string{"Code": code, "Message": msg}})
}

func writeResponse(w http.ResponseWriter, out any) {
	fields := map[string]any{}
	if out != nil {
		b, _ := json.Marshal(out)
		_ = json.Unmarshal(b, &fields)
	}
	writeEnvelope(w, http.StatusOK, fields)
}

func writeEnvelope(w http.ResponseWriter, status int, fields map[string]any) {
	fields["RequestId"] = newUUID()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"Response": fields})
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// cosErrors answers download faults the way COS does: an XML error body.
type cosErrors struct{}

func (cosErrors) WriteThrottled(w http.ResponseWriter, _ *http.Request, _ string) {
	writeCOSError(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
}

func (cosErrors) WriteFault(w http.ResponseWriter, _ *http.Request, op string, f *core.Fault) {
	status, msg := faultAnswer(f, op, http.StatusInternalServerError)
	writeCOSError(w, status, f.Code, msg)
}

func writeCOSError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId></Error>\n",
		code, html.EscapeString(msg), newUUID())
}
