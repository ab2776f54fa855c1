package alibaba

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

type ctxKey struct{}

// requestID returns the id assigned to r by ServeHTTP (or a fresh one).
func requestID(r *http.Request) string {
	if id, ok := r.Context().Value(ctxKey{}).(string); ok {
		return id
	}
	return NewRequestID()
}

// NewRequestID returns an upper-case UUID, the shape of the vendor's request ids.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := strings.ToUpper(hex.EncodeToString(b[:]))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// WriteJSON writes v with the vendor's content type.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteError writes the gateway error envelope (RequestId, HostId, Code,
// Message, Recommend). CMS business errors also carry Success false. For
// an error with HTTP status 200 use writeErrorOK.
func WriteError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	id := requestID(r)
	WriteJSON(w, status, map[string]any{
		"RequestId": id,
		"HostId":    r.Host,
		"Code":      code,
		"Message":   message,
		"Recommend": "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(code) + "&product=Cms&requestId=" + id,
		"Success":   false,
	})
}

// writeErrorOK writes an error with HTTP status 200 in the form of op's
// response: the SDKs decode every 2xx body into the operation's response
// model, so it holds only the model's fields (RequestId, Code, Message and
// Success in the model's type: none for PutCustomEvent, a string for
// DescribeCustomEventAttribute, a boolean under -vendor-example-shapes as
// in that operation's published example), no HostId or Recommend.
func (e *Emulator) writeErrorOK(w http.ResponseWriter, r *http.Request, op, code, message string) {
	body := map[string]any{"RequestId": requestID(r), "Code": code, "Message": message}
	switch {
	case op == "PutCustomEvent":
	case op == "DescribeCustomEventAttribute" && !e.env.VendorExampleShapes():
		body["Success"] = "false"
	default:
		body["Success"] = false
	}
	WriteJSON(w, http.StatusOK, body)
}

// WriteSuccess writes fields plus RequestId. Pass Code/Success/Message in
// fields as the operation's documented response has them.
func WriteSuccess(w http.ResponseWriter, c *Call, fields map[string]any) {
	out := map[string]any{"RequestId": c.RequestID}
	for k, v := range fields {
		out[k] = v
	}
	WriteJSON(w, http.StatusOK, out)
}

// knownMessages are the vendor messages of codes a fault may name.
var knownMessages = map[string]string{
	"Throttling":         "Request was denied due to request throttling.",
	"Throttling.User":    "Request was denied due to user flow control.",
	"Throttling.Api":     "Request was denied due to api flow control.",
	"ServiceUnavailable": "The request has failed due to a temporary failure of the server.",
	"InternalError":      "The request processing has failed due to some unknown error.",
	"ParameterInvalid":   "Illegal parameters.",
	"AccessForbidden":    "User not authorized to operate on the specified resource.",
	"ResourceNotFound":   "The specified resource is not found.",
}

// WriteThrottled answers with the gateway's flow-control refusal (core.ErrorWriter).
func (e *Emulator) WriteThrottled(w http.ResponseWriter, r *http.Request, _ string) {
	WriteError(w, r, http.StatusBadRequest, "Throttling.User", knownMessages["Throttling.User"])
}

// WriteFault answers with the error a fault names (core.ErrorWriter). The
// status defaults to 503 for ServiceUnavailable, 500 for InternalError, 404
// for ResourceNotFound and 400 otherwise; a fault with http_status 200
// produces the HTTP-200 error body CMS sometimes returns.
func (e *Emulator) WriteFault(w http.ResponseWriter, r *http.Request, op string, f *core.Fault) {
	status := f.HTTPStatus
	if status == 0 {
		switch f.Code {
		case "ServiceUnavailable":
			status = http.StatusServiceUnavailable
		case "InternalError":
			status = http.StatusInternalServerError
		case "ResourceNotFound":
			status = http.StatusNotFound
		default:
			status = http.StatusBadRequest
		}
	}
	msg := f.Message
	if msg == "" {
		msg = knownMessages[f.Code]
	}
	if status == http.StatusOK {
		e.writeErrorOK(w, r, op, f.Code, msg)
		return
	}
	WriteError(w, r, status, f.Code, msg)
}

var _ core.ErrorWriter = (*Emulator)(nil)
