package tencentcloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// Error codes the provider reacts to.
const (
	CodeRequestLimitExceeded = "RequestLimitExceeded"
	CodeInternalError        = "InternalError"
	CodeServiceUnavailable   = "ServiceUnavailable"
	CodeResourceNotFound     = "ResourceNotFound"
	CodeExportNotExist       = "ResourceNotFound.ExportNotExist"
	CodeTopicNotExist        = "ResourceNotFound.TopicNotExist"
)

// Error is a failure reported by the CLS API: the Response.Error envelope,
// or a non-200 HTTP status. It never holds headers, bodies or secrets, so
// printing it is always safe.
type Error struct {
	// Code is the dotted vendor code, e.g. ResourceNotFound.ExportNotExist.
	// Empty when the gateway answered with a non-200 status and no envelope.
	Code       string
	Message    string
	RequestID  string
	HTTPStatus int
}

var _ transport.Classified = (*Error)(nil)

func (e *Error) Error() string {
	var b strings.Builder
	if e.Code != "" {
		b.WriteString(e.Code)
	} else {
		fmt.Fprintf(&b, "HTTP %d", e.HTTPStatus)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// hasPrefixCode matches a code or any of its dotted sub-codes.
func (e *Error) hasPrefixCode(prefix string) bool {
	return e.Code == prefix || strings.HasPrefix(e.Code, prefix+".")
}

// Throttled reports RequestLimitExceeded (and its sub-codes): the request was
// refused before it had any effect, so even CreateExport may be retried.
func (e *Error) Throttled() bool {
	return e.hasPrefixCode(CodeRequestLimitExceeded) || e.HTTPStatus == http.StatusTooManyRequests
}

// Transient reports a server-side failure whose effect is unknown.
func (e *Error) Transient() bool {
	return e.HTTPStatus >= 500 || e.hasPrefixCode(CodeInternalError) || e.hasPrefixCode(CodeServiceUnavailable)
}

// IsNotFound reports a ResourceNotFound.* error: the export, or the topic
// holding it, does not exist.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.hasPrefixCode(CodeResourceNotFound)
}

// IsThrottled reports a rate-limit refusal.
func IsThrottled(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Throttled()
}

// ErrorCode returns the vendor code carried by err, or "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// envelope is the API 3.0 response wrapper shared by every action.
type envelope struct {
	Response struct {
		Error *struct {
			Code    string `json:"Code"`
			Message string `json:"Message"`
		} `json:"Error"`
		RequestID string `json:"RequestId"`
	} `json:"Response"`
}

// decodeResponse implements transport.Request.Decode: like the official SDK
// it treats any non-200 status as a failure, then looks at Response.Error.
func decodeResponse(status int, _ http.Header, body []byte) (string, error) {
	var env envelope
	jsonErr := json.Unmarshal(body, &env)
	if status != http.StatusOK {
		e := &Error{HTTPStatus: status, Message: http.StatusText(status)}
		if jsonErr == nil && env.Response.Error != nil {
			e.Code, e.Message = env.Response.Error.Code, capMessage(env.Response.Error.Message)
		}
		e.RequestID = env.Response.RequestID
		return e.RequestID, e
	}
	if jsonErr != nil {
		return "", fmt.Errorf("decoding the CLS response envelope: %w", jsonErr)
	}
	if env.Response.Error != nil && env.Response.Error.Code != "" {
		return env.Response.RequestID, &Error{
			Code: env.Response.Error.Code, Message: capMessage(env.Response.Error.Message),
			RequestID: env.Response.RequestID, HTTPStatus: status,
		}
	}
	return env.Response.RequestID, nil
}

// decoder is decodeResponse with secrets (the call's credentials and
// secret parameters) replaced by *** in the vendor code and message, so
// that an API echoing the request back can never put a secret into an
// error string, a diagnostic or a log line.
func (c *Client) decoder(secrets []string) func(status int, header http.Header, body []byte) (string, error) {
	return func(status int, header http.Header, body []byte) (string, error) {
		requestID, err := decodeResponse(status, header, body)
		var e *Error
		if errors.As(err, &e) {
			for _, s := range append([]string{c.cfg.SecretKey, c.cfg.SecurityToken}, secrets...) {
				if s != "" {
					e.Message = strings.ReplaceAll(e.Message, s, "***")
					e.Code = strings.ReplaceAll(e.Code, s, "***")
				}
			}
		}
		return requestID, err
	}
}

// isTokenFailure reports whether err refuses the security token sent
// (AuthFailure.TokenFailure or InvalidToken: expired, revoked, or not the
// one issued with the key); temporary credentials are then fetched again.
func isTokenFailure(err error) bool {
	code := ErrorCode(err)
	return code == "AuthFailure.TokenFailure" || code == "AuthFailure.InvalidToken"
}

// AuthHint names the provider setting to fix after an authentication
// failure (setting / environment variable), or returns "" for any other error.
func AuthHint(err error) string {
	code := ErrorCode(err)
	switch {
	case code == "AuthFailure.SecretIdNotFound":
		return "Check tencentcloud.secret_id / TENCENTCLOUD_SECRET_ID: Tencent Cloud does not know this SecretId, or it is disabled."
	case code == "AuthFailure.SignatureFailure" || code == "AuthFailure.InvalidAuthorization":
		return "Check tencentcloud.secret_key / TENCENTCLOUD_SECRET_KEY: it is not the SecretKey of tencentcloud.secret_id."
	case code == "AuthFailure.SignatureExpire":
		return "Check the clock of the machine running Terraform: requests carry its time, and Tencent Cloud refuses a time more than 5 minutes away from its own."
	case code == "AuthFailure.TokenFailure" || code == "AuthFailure.InvalidToken":
		return "Check tencentcloud.security_token / TENCENTCLOUD_SECURITY_TOKEN: temporary credentials need the token issued with them, " +
			"which stops working once it expires or is revoked; get fresh credentials from STS."
	case strings.HasPrefix(code, "AuthFailure"):
		return "Check tencentcloud.secret_id and tencentcloud.secret_key (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY)."
	}
	return ""
}

// maxMessage bounds the vendor message an Error keeps, so that a huge
// answer cannot flood diagnostics and logs.
const maxMessage = 512

func capMessage(m string) string {
	if len(m) <= maxMessage {
		return m
	}
	return strings.ToValidUTF8(m[:maxMessage], "") + "…"
}
