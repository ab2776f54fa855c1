package huaweicloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// Gateway error codes that the API gateway in front of every Huawei Cloud
// service returns.
const (
	// CodeRouteNotFound: no such API (wrong path or method, or a wrong endpoint).
	CodeRouteNotFound = "APIGW.0101"
	// CodeBadRequest: request parameters the gateway rejects.
	CodeBadRequest = "APIGW.0201"
	// CodeIAMAuth: bad, missing or expired token, bad AK/SK signature, unknown AK, expired signature.
	CodeIAMAuth = "APIGW.0301"
	// CodeIAMForbidden: the IAM user may not call the API.
	CodeIAMForbidden = "APIGW.0302"
	// CodeAccessDenied: the API refuses access (the emulator also uses it for a project mismatch).
	CodeAccessDenied = "APIGW.0306"
	// CodeTokenExpired: "The token must be updated." (401): the token, or the
	// security token of temporary AK/SK, has expired.
	CodeTokenExpired = "APIGW.0307"
	// CodeThrottled: the per-API throttling threshold was reached.
	CodeThrottled = "APIGW.0308"
)

// Error is an error answer from CloudDC or its API gateway. Its text holds the
// code, the message, the HTTP status and the request id; never headers, the
// body or credentials.
type Error struct {
	// Code is error_code, e.g. APIGW.0301.
	Code string
	// Message is error_msg.
	Message string
	// RequestID comes from the X-Request-Id header or the body's request_id.
	RequestID string
	// HTTPStatus is the response status.
	HTTPStatus int
}

var _ transport.Classified = (*Error)(nil)

func (e *Error) Error() string {
	code := e.Code
	if code == "" {
		code = "HTTP " + fmt.Sprint(e.HTTPStatus)
	}
	msg := fmt.Sprintf("%s: %s (HTTP %d", code, e.Message, e.HTTPStatus)
	if e.RequestID != "" {
		msg += ", request id " + e.RequestID
	}
	return msg + ")"
}

// Throttled reports a 429 or APIGW.0308 refusal, which had no effect.
func (e *Error) Throttled() bool {
	return e.HTTPStatus == http.StatusTooManyRequests || e.Code == CodeThrottled
}

// Transient reports a server-side failure whose effect is unknown.
func (e *Error) Transient() bool {
	return e.HTTPStatus >= 500
}

// IsNotFound reports a 404 about the server or export. The gateway's own 404
// (APIGW.0101, no such route) is not one: it means a wrong endpoint or path,
// and treating it as "object gone" would silently drop resources from state.
func IsNotFound(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.HTTPStatus == http.StatusNotFound && e.Code != CodeRouteNotFound
}

// IsGone reports that an export exists no longer or cannot be downloaded any
// more (404 or 410 on the content, other than a missing route).
func IsGone(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return IsNotFound(err) || e.HTTPStatus == http.StatusGone
}

// IsServiceRefusal reports a 4xx answer that is none of the kinds the
// provider knows: not 401 or 403 (credentials), 404 or 410 (gone) or 429
// (throttled), and not a code of the API gateway (APIGW.*, which are about
// the request, not the object). CloudDC documents only 401, 429 and 500 for
// the log export calls, so a refused status read may be its way of saying
// that the export is gone.
func IsServiceRefusal(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus < 400 || e.HTTPStatus > 499 || strings.HasPrefix(e.Code, "APIGW.") {
		return false
	}
	switch e.HTTPStatus {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusGone, http.StatusTooManyRequests:
		return false
	}
	return true
}

// IsServerError reports a 5xx answer (with or without an error body), as
// opposed to a network failure.
func IsServerError(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.HTTPStatus >= 500
}

// IsThrottled reports a throttling refusal.
func IsThrottled(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Throttled()
}

// IsAuth reports an authentication or authorization failure (401/403).
func IsAuth(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.HTTPStatus == http.StatusUnauthorized || e.HTTPStatus == http.StatusForbidden)
}

// errorBody is the service and gateway error envelope. The SDK also accepts
// code/message, so we do too.
type errorBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// maxMessage bounds the vendor message an Error keeps, so that a huge
// answer cannot flood diagnostics and logs.
const maxMessage = 512

// decodeError returns the request id and, for a non-2xx status, the *Error the
// response carries. A body that is not the JSON envelope (the 429 body is only
// documented as "string") still gives an Error with a generic message; the
// body itself never goes into the error.
func decodeError(status int, header http.Header, body []byte) (string, error) {
	requestID := header.Get("X-Request-Id")
	if status >= 200 && status < 300 {
		return requestID, nil
	}
	var eb errorBody
	_ = json.Unmarshal(body, &eb)
	if requestID == "" {
		requestID = eb.RequestID
	}
	e := &Error{Code: eb.ErrorCode, Message: eb.ErrorMsg, RequestID: requestID, HTTPStatus: status}
	if e.Code == "" {
		e.Code = eb.Code
	}
	if e.Message == "" {
		e.Message = eb.Message
	}
	if len(e.Message) > maxMessage {
		e.Message = strings.ToValidUTF8(e.Message[:maxMessage], "") + "…"
	}
	if e.Message == "" {
		e.Message = strings.ToLower(http.StatusText(status))
		if e.Message == "" {
			e.Message = "unexpected response"
		}
	}
	return requestID, e
}

// decoder is decodeError with the client's fixed credentials and a call's
// secrets (its temporary credentials) replaced by *** in the vendor code
// and message, so that an API echoing the request back can never put a
// secret into an error string, a diagnostic or a log line.
func (c *Client) decoder(secrets []string) func(status int, header http.Header, body []byte) (string, error) {
	return func(status int, header http.Header, body []byte) (string, error) {
		requestID, err := decodeError(status, header, body)
		var e *Error
		if errors.As(err, &e) {
			maskError(e, append([]string{c.cfg.SecretKey, c.cfg.SecurityToken, c.cfg.AuthToken}, secrets...))
		}
		return requestID, err
	}
}

func maskError(e *Error, secrets []string) {
	for _, s := range secrets {
		if s != "" {
			e.Message = strings.ReplaceAll(e.Message, s, "***")
			e.Code = strings.ReplaceAll(e.Code, s, "***")
		}
	}
}

// AuthHint names the provider setting to fix after an authentication
// failure (setting / environment variable), or returns "" for any other
// error. The gateway uses one code (APIGW.0301) for every IAM failure, so
// the hint follows its message.
func AuthHint(err error) string {
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus != http.StatusUnauthorized {
		return ""
	}
	m := strings.ToLower(e.Message)
	switch {
	case e.Code == CodeTokenExpired:
		return "The token or the temporary AK/SK have expired. Temporary credentials the provider obtains itself (assume_role, a profile, OIDC, " +
			"the ECS agency) are refreshed before they expire; fixed ones (security_token / HW_SECURITY_TOKEN, auth_token / HW_AUTH_TOKEN) must be replaced."
	case strings.Contains(m, "signature expired"):
		return "Check the clock of the machine running Terraform: requests carry its time, and Huawei Cloud refuses a time more than 15 minutes away from its own."
	case strings.Contains(m, "security token"):
		return "Check huaweicloud.security_token / HW_SECURITY_TOKEN: temporary AK/SK need the security token issued with them, " +
			"which stops working once it expires or is revoked; get fresh temporary credentials."
	case strings.Contains(m, "token"):
		return "Check huaweicloud.auth_token / HW_AUTH_TOKEN: the IAM token is invalid, expired (tokens last 24 hours) or revoked; get a new one."
	case strings.Contains(m, "ak not exist") || strings.Contains(m, "secretkey failed"):
		return "Check huaweicloud.access_key / HW_ACCESS_KEY: Huawei Cloud does not know this access key, or it is disabled."
	case strings.Contains(m, "aksk") || strings.Contains(m, "signature"):
		return "Check huaweicloud.secret_key / HW_SECRET_KEY: it is not the secret key of huaweicloud.access_key."
	}
	return "Check huaweicloud.auth_token (HW_AUTH_TOKEN), or huaweicloud.access_key and huaweicloud.secret_key (HW_ACCESS_KEY / HW_SECRET_KEY)."
}
