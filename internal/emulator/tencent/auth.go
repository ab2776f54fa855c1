package tencent

import (
	"crypto/subtle"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

var authPattern = regexp.MustCompile(`^TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/([a-z0-9-]+)/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$`)

// maxClockSkew is the vendor's window for X-TC-Timestamp.
const maxClockSkew = 5 * time.Minute

// authenticate verifies TC3-HMAC-SHA256 the way the gateway does, for an
// action of service ("cls", "sts"), and returns the vendor's error code and
// message, or "" when the request is genuine. Temporary credentials (the
// -tencent-security-token pair, or one the emulator issued) need their
// X-TC-Token, and an issued one is refused once it has expired.
func (e *Emulator) authenticate(r *http.Request, body []byte, service string) (code, msg string) {
	m := authPattern.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		return "AuthFailure.InvalidAuthorization", "the Authorization header is not a TC3-HMAC-SHA256 authorization"
	}
	secretID, date, scopeService, signedHeaders, signature := m[1], m[2], m[3], strings.Split(m[4], ";"), m[5]
	if !contains(signedHeaders, "content-type") || !contains(signedHeaders, "host") {
		return "AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host"
	}
	key, ok := e.keyFor(secretID)
	if !ok {
		return "AuthFailure.SecretIdNotFound", "the SecretId is not found; check that it exists and is enabled"
	}
	if key.token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("X-TC-Token")), []byte(key.token)) != 1 {
		return "AuthFailure.TokenFailure", "the temporary credential needs a valid X-TC-Token"
	}
	tsText := r.Header.Get("X-TC-Timestamp")
	if tsText == "" {
		return "MissingParameter", "the X-TC-Timestamp header is required"
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return "InvalidParameter", "X-TC-Timestamp must be Unix seconds"
	}
	if skew := e.env.Now().Sub(time.Unix(ts, 0)); skew > maxClockSkew || skew < -maxClockSkew {
		return "AuthFailure.SignatureExpire", "the signature has expired: X-TC-Timestamp differs from the server time by more than 5 minutes"
	}
	if date != tencentcloud.ScopeDate(ts) || scopeService != service {
		return "AuthFailure.SignatureFailure", "the credential scope does not match the timestamp's UTC date or the service"
	}
	headers := map[string]string{}
	for _, h := range signedHeaders {
		if h == "host" {
			headers[h] = r.Host
			continue
		}
		headers[h] = r.Header.Get(h)
	}
	want := tencentcloud.Signature(tencentcloud.SignInput{
		Method: r.Method, CanonicalURI: "/", CanonicalQuery: r.URL.RawQuery,
		Headers: headers, SignedHeaders: signedHeaders, Payload: body,
		Timestamp: ts, Service: scopeService, SecretKey: key.secret,
	})
	if !tencentcloud.SignaturesEqual(want, signature) {
		return "AuthFailure.SignatureFailure", "the request signature does not match; check the SecretKey and the signing steps"
	}
	if !key.expires.IsZero() && !e.env.Now().Before(key.expires) {
		// The vendor's common error codes have no separate code for an
		// expired token: AuthFailure.TokenFailure covers it.
		e.env.Count(core.StatExpiredCredentialRefused)
		return CodeTokenExpired, "the temporary credential has expired; get fresh credentials from STS"
	}
	return "", ""
}

// CodeTokenExpired is the code the emulator refuses an expired temporary
// credential with.
const CodeTokenExpired = "AuthFailure.TokenFailure"

// secretKey is what the emulator knows of a SecretId: its key and, for a
// temporary one, the token it must come with and when it expires.
type secretKey struct {
	secret, token string
	expires       time.Time // zero: never
}

// keyFor returns the key of secretID: the long-term pair of the options
// (temporary when -tencent-security-token is set) or one the emulator
// issued through STS or the metadata service.
func (e *Emulator) keyFor(secretID string) (secretKey, bool) {
	if secretID == e.opts.SecretID {
		return secretKey{secret: e.opts.SecretKey, token: e.opts.SecurityToken}, true
	}
	if c, ok := e.env.Issued("tencent", secretID); ok {
		return secretKey{secret: c.Secret, token: c.Token, expires: c.Expires}, true
	}
	return secretKey{}, false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
