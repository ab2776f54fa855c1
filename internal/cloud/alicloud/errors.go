package alicloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

var _ transport.Classified = (*Error)(nil)

// Error is a failure reported by the CMS API or its gateway: an HTTP error
// status, or an HTTP 2xx body whose Code is not "200" or whose Success is
// false. Its text never holds headers, signatures, bodies or secrets.
type Error struct {
	// Action is the operation that failed, e.g. PutExporterOutput.
	Action string
	// Code is the vendor code, e.g. SignatureDoesNotMatch, ResourceNotFound, "400".
	Code string
	// Message is the vendor message, cut before any echoed string to sign.
	Message    string
	RequestID  string
	HTTPStatus int
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Action != "" {
		b.WriteString(e.Action + ": ")
	}
	if e.Code != "" {
		b.WriteString(e.Code)
	} else {
		b.WriteString("unexpected response")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	fmt.Fprintf(&b, " (HTTP %d", e.HTTPStatus)
	if e.RequestID != "" {
		b.WriteString(", request id " + e.RequestID)
	}
	b.WriteString(")")
	return b.String()
}

// Throttled reports a flow-control refusal (Throttling, Throttling.User,
// Throttling.Api, ...): the request had no effect and may be retried.
func (e *Error) Throttled() bool {
	return strings.HasPrefix(e.Code, "Throttling") || strings.Contains(e.Code, ".Throttling")
}

// Transient reports a server-side failure whose effect is unknown.
func (e *Error) Transient() bool {
	if e.Throttled() {
		return false
	}
	return e.HTTPStatus >= 500 || e.Code == "ServiceUnavailable" || e.Code == "InternalError"
}

// IsNotFound reports whether err says the object does not exist
// (ResourceNotFound, with any HTTP status).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == "ResourceNotFound"
}

// IsThrottled reports whether err is a throttling refusal.
func IsThrottled(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Throttled()
}

// IsAuthFailure reports whether err is an authentication refusal (bad
// signature, unknown key, expired timestamp, reused nonce).
func IsAuthFailure(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case "SignatureDoesNotMatch", "IncompleteSignature", "MissingAccessKeyId", "InvalidAccessKeyId.NotFound",
		"InvalidTimeStamp.Expired", "SignatureNonceUsed", "MissingSecurityToken", "InvalidSecurityToken.MismatchWithAccessKey",
		"InvalidSecurityToken.Malformed", "InvalidSecurityToken.Expired":
		return true
	}
	return false
}

// IsExpiredToken reports whether err refuses a temporary credential as
// expired (InvalidSecurityToken.Expired): the credentials must be
// refreshed, and the refused call had no effect.
func IsExpiredToken(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == "InvalidSecurityToken.Expired"
}

// flexString decodes a JSON string, number or boolean as its text.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*f = flexString(n.String())
		return nil
	}
	var v bool
	if err := json.Unmarshal(b, &v); err == nil {
		*f = flexString(strconv.FormatBool(v))
		return nil
	}
	return fmt.Errorf("expected a string, number or boolean, got %.20s", b)
}

// envelope holds the fields every CMS and gateway answer may carry.
type envelope struct {
	RequestID      flexString `json:"RequestId"`
	RequestIDLower flexString `json:"requestId"`
	Code           flexString `json:"Code"`
	CodeLower      flexString `json:"code"`
	Message        flexString `json:"Message"`
	MessageLower   flexString `json:"message"`
	Success        flexString `json:"Success"`
}

// echoMarkers start the diagnostic tail a gateway may append to a signature
// error (its string to sign or canonical request). Those can hold a
// security token, so the client never keeps them.
var echoMarkers = []string{" server string to sign is", "string to sign is:", " canonical request", "CanonicalRequest"}

func cleanMessage(m string) string {
	for _, marker := range echoMarkers {
		if i := strings.Index(m, marker); i >= 0 {
			m = m[:i]
		}
	}
	m = strings.TrimSpace(m)
	if len(m) > 300 {
		m = m[:300] + "…"
	}
	return m
}

// decodeResponse is the transport Decode function: it returns the request
// id and a *Error unless the response is a success by every rule (HTTP 2xx,
// Code absent or "200", Success not false).
func decodeResponse(action string) func(status int, _ http.Header, body []byte) (string, error) {
	return func(status int, _ http.Header, body []byte) (string, error) {
		var env envelope
		jsonErr := json.Unmarshal(body, &env)
		requestID := string(env.RequestID)
		if requestID == "" {
			requestID = string(env.RequestIDLower)
		}
		code := string(env.Code)
		if code == "" {
			code = string(env.CodeLower)
		}
		msg := string(env.Message)
		if msg == "" {
			msg = string(env.MessageLower)
		}
		ok := status >= 200 && status < 300
		if jsonErr != nil {
			if ok {
				return requestID, &Error{Action: action, Code: "InvalidResponse", Message: "the response body is not a JSON object", HTTPStatus: status}
			}
			return requestID, &Error{Action: action, HTTPStatus: status, Message: http.StatusText(status)}
		}
		if ok && (code == "" || code == "200") && !strings.EqualFold(string(env.Success), "false") {
			return requestID, nil
		}
		if code == "" || code == "200" {
			code = strconv.Itoa(status)
			if ok {
				code = "Unsuccessful"
			}
		}
		return requestID, &Error{Action: action, Code: code, Message: cleanMessage(msg), RequestID: requestID, HTTPStatus: status}
	}
}

// AuthHint names the provider setting to fix after an authentication
// failure (setting / environment variable), or returns "" for any other error.
func AuthHint(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return ""
	}
	switch {
	case e.Code == "MissingAccessKeyId" || strings.HasPrefix(e.Code, "InvalidAccessKeyId"):
		return "Check alicloud.access_key / ALICLOUD_ACCESS_KEY: Alibaba Cloud does not know this AccessKey ID, or it is disabled."
	case e.Code == "SignatureDoesNotMatch" || e.Code == "IncompleteSignature":
		return "Check alicloud.secret_key / ALICLOUD_SECRET_KEY: it is not the secret of alicloud.access_key."
	case e.Code == "InvalidTimeStamp.Expired":
		return "Check the clock of the machine running Terraform: requests carry its time, and Alibaba Cloud refuses a time more than 15 minutes away from its own."
	case e.Code == "MissingSecurityToken" || strings.HasPrefix(e.Code, "InvalidSecurityToken"):
		return "Check alicloud.security_token / ALICLOUD_SECURITY_TOKEN: temporary (STS) credentials need the security token issued with them, " +
			"which stops working once it expires or is revoked; get fresh credentials from STS."
	}
	return ""
}
