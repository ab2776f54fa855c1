package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// maxLoggedBody is how much of a JSON answer the request log reads to find
// the vendor's error code and request id.
const maxLoggedBody = 4 << 10

// logWriter records what the request log needs of an answer: the status and
// the head of a JSON body (never a download stream).
type logWriter struct {
	http.ResponseWriter
	status int
	head   bytes.Buffer
}

func (w *logWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *logWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if room := maxLoggedBody - w.head.Len(); room > 0 && isJSON(w.Header().Get("Content-Type")) {
		w.head.Write(p[:min(room, len(p))])
	}
	return w.ResponseWriter.Write(p)
}

// Flush keeps streaming answers streaming.
func (w *logWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func isJSON(ct string) bool { return len(ct) >= 16 && ct[:16] == "application/json" }

// logRequest writes one line for a vendor request: vendor, operation,
// region, HTTP status, the vendor's error code if any, duration and request
// id. Only these fields: never a header, a signature, a body or a secret.
func (s *Server) logRequest(vendor string, r *http.Request, note *core.RequestNote, w *logWriter, took time.Duration) {
	code, requestID := answerFacts(w.head.Bytes())
	if requestID == "" {
		requestID = w.Header().Get("X-Request-Id")
	}
	region := r.Header.Get("X-TC-Region")
	if region == "" {
		region = r.URL.Query().Get("RegionId")
	}
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	args := []any{"vendor", vendor, "operation", note.Operation, "region", region, "status", status,
		"duration_ms", took.Milliseconds(), "request_id", requestID}
	if code != "" {
		args = append(args, "error_code", code)
	}
	if status >= 400 {
		s.logger.Warn("request", args...)
		return
	}
	s.logger.Info("request", args...)
}

// answerFacts reads the vendor's error code and request id from the head of
// a JSON answer, in any of the three envelopes.
func answerFacts(head []byte) (code, requestID string) {
	var doc struct {
		Code      any    `json:"Code"`
		RequestID string `json:"RequestId"`
		ErrorCode string `json:"error_code"`
		Response  struct {
			RequestID string `json:"RequestId"`
			Error     struct {
				Code string `json:"Code"`
			} `json:"Error"`
		} `json:"Response"`
	}
	if json.Unmarshal(head, &doc) != nil {
		return "", ""
	}
	switch {
	case doc.Response.Error.Code != "":
		code = doc.Response.Error.Code
	case doc.ErrorCode != "":
		code = doc.ErrorCode
	default:
		if s, ok := doc.Code.(string); ok && s != "200" && s != "" {
			code = s
		}
	}
	requestID = doc.RequestID
	if requestID == "" {
		requestID = doc.Response.RequestID
	}
	return code, requestID
}
