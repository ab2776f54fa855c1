package tencent

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
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
	status := f.HTTPStatus
	if status == 0 {
		status = http.StatusOK
	}
	msg := f.Message
	if msg == "" {
		msg = "injected fault for " + op
	}
	writeError(w, status, f.Code, msg)
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
