package alibaba

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// credential is what the emulator knows of an AccessKey ID: its secret and,
// for a temporary one, the token it must come with and when it expires.
type credential struct {
	secret, token string
	temporary     bool
	expires       time.Time // zero: never
}

// secretFor returns the credential of ak: the long-term key, the fixed STS
// key of the options, or one the emulator issued.
func (e *Emulator) secretFor(ak string) (credential, bool) {
	switch {
	case ak == "":
		return credential{}, false
	case ak == e.opts.AccessKey:
		return credential{secret: e.opts.SecretKey}, true
	case ak == e.opts.STSAccessKey:
		return credential{secret: e.opts.STSSecretKey, token: e.opts.SecurityToken, temporary: true}, true
	}
	if c, ok := e.env.Issued("alibaba", ak); ok {
		return credential{secret: c.Secret, token: c.Token, temporary: true, expires: c.Expires}, true
	}
	return credential{}, false
}

func (e *Emulator) checkTime(w http.ResponseWriter, r *http.Request, value string) bool {
	ts, err := time.Parse(timestampLayout, value)
	if err != nil || absDuration(e.env.Now().Sub(ts)) > timestampWindow {
		WriteError(w, r, http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
		return false
	}
	return true
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// useNonce records (ak, nonce); false when it was seen within the window.
func (e *Emulator) useNonce(w http.ResponseWriter, r *http.Request, ak, nonce string) bool {
	now := e.env.Now()
	key := ak + "\x00" + nonce
	e.mu.Lock()
	defer e.mu.Unlock()
	if seen, ok := e.nonces[key]; ok && now.Sub(seen) < nonceWindow {
		WriteError(w, r, http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
		return false
	}
	if len(e.nonces) > 10000 {
		for k, t := range e.nonces {
			if now.Sub(t) >= nonceWindow {
				delete(e.nonces, k)
			}
		}
	}
	e.nonces[key] = now
	return true
}

func (e *Emulator) checkToken(w http.ResponseWriter, r *http.Request, cred credential, token string) bool {
	if !cred.temporary {
		return true
	}
	if token == "" {
		WriteError(w, r, http.StatusBadRequest, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
		return false
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(cred.token)) != 1 {
		WriteError(w, r, http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", "The security token you are using does not match your access key.")
		return false
	}
	if !cred.expires.IsZero() && !e.env.Now().Before(cred.expires) {
		e.env.Count(core.StatExpiredCredentialRefused)
		WriteError(w, r, http.StatusBadRequest, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
		return false
	}
	return true
}

// checkVersion refuses a version other than the one action belongs to.
func checkVersion(w http.ResponseWriter, r *http.Request, action, version string) bool {
	if version != versionFor(action) {
		WriteError(w, r, http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
		return false
	}
	return true
}

// anonymous admits an unsigned call of the one action that needs no
// signature (AssumeRoleWithOIDC: the OIDC token is its proof).
func (e *Emulator) anonymous(w http.ResponseWriter, r *http.Request, params url.Values) (*Call, bool) {
	action, version := r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")
	if action == "" {
		action, version = params.Get("Action"), params.Get("Version")
	}
	if action != "AssumeRoleWithOIDC" {
		return e.authV1(w, r, params) // reports what a signed call lacks
	}
	if !checkVersion(w, r, action, version) {
		return nil, false
	}
	return &Call{Action: action}, true
}

// authV3 verifies an ACS3-HMAC-SHA256 request.
func (e *Emulator) authV3(w http.ResponseWriter, r *http.Request, auth string, body []byte) (*Call, bool) {
	incomplete := func() (*Call, bool) {
		WriteError(w, r, http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
		return nil, false
	}
	parts, ok := alicloud.ParseAuthorizationV3(auth)
	if !ok {
		return incomplete()
	}
	signed := map[string]bool{}
	for _, h := range parts.SignedHeaders {
		signed[strings.ToLower(h)] = true
	}
	for _, h := range []string{"x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		if r.Header.Get(h) == "" || !signed[h] {
			return incomplete()
		}
	}
	if !signed["host"] {
		return incomplete()
	}
	for _, h := range []string{"x-acs-security-token", "content-type"} {
		if r.Header.Get(h) != "" && !signed[h] {
			return incomplete()
		}
	}
	if parts.Credential == "" {
		WriteError(w, r, http.StatusBadRequest, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.")
		return nil, false
	}
	cred, known := e.secretFor(parts.Credential)
	if !known {
		WriteError(w, r, http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		return nil, false
	}
	if !e.checkTime(w, r, r.Header.Get("x-acs-date")) {
		return nil, false
	}
	payloadHash := alicloud.HashHex(body)
	if r.Header.Get("x-acs-content-sha256") != payloadHash {
		WriteError(w, r, http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature does not match our calculation. The x-acs-content-sha256 header does not match the body.")
		return nil, false
	}
	headers := core.SignedHeaderValues(r, signed)
	// The V3 canonical query holds the URL query only; a form body is
	// covered by the payload hash.
	urlQuery, _ := url.ParseQuery(r.URL.RawQuery)
	canonical, _ := alicloud.CanonicalRequestV3(alicloud.RequestV3{
		Method: r.Method, Path: r.URL.Path, Query: urlQuery, Headers: headers, PayloadHash: payloadHash,
	})
	want := alicloud.SignV3(cred.secret, canonical)
	if subtle.ConstantTimeCompare([]byte(want), []byte(parts.Signature)) != 1 {
		WriteError(w, r, http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature does not match our calculation.")
		return nil, false
	}
	if !e.useNonce(w, r, parts.Credential, r.Header.Get("x-acs-signature-nonce")) {
		return nil, false
	}
	if !e.checkToken(w, r, cred, r.Header.Get("x-acs-security-token")) {
		return nil, false
	}
	if !checkVersion(w, r, r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")) {
		return nil, false
	}
	return &Call{Action: r.Header.Get("x-acs-action"), AccessKey: parts.Credential}, true
}

// authV1 verifies a v1 (HMAC-SHA1 Signature parameter) request.
func (e *Emulator) authV1(w http.ResponseWriter, r *http.Request, params url.Values) (*Call, bool) {
	for _, p := range []string{"AccessKeyId", "Signature", "Timestamp", "SignatureNonce", "Version", "Action"} {
		if params.Get(p) == "" {
			WriteError(w, r, http.StatusBadRequest, "MissingParameter", fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", p))
			return nil, false
		}
	}
	if m := params.Get("SignatureMethod"); m != "HMAC-SHA1" {
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter", "The specified parameter \"SignatureMethod\" is not valid.")
		return nil, false
	}
	if v := params.Get("SignatureVersion"); v != "1.0" {
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter", "The specified parameter \"SignatureVersion\" is not valid.")
		return nil, false
	}
	ak := params.Get("AccessKeyId")
	cred, known := e.secretFor(ak)
	if !known {
		WriteError(w, r, http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		return nil, false
	}
	if !e.checkTime(w, r, params.Get("Timestamp")) {
		return nil, false
	}
	sts1 := alicloud.StringToSignV1(r.Method, params)
	want := alicloud.SignV1(cred.secret, sts1)
	if subtle.ConstantTimeCompare([]byte(want), []byte(params.Get("Signature"))) != 1 {
		WriteError(w, r, http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. server string to sign is:"+sts1)
		return nil, false
	}
	if !e.useNonce(w, r, ak, params.Get("SignatureNonce")) {
		return nil, false
	}
	if !e.checkToken(w, r, cred, params.Get("SecurityToken")) {
		return nil, false
	}
	if !checkVersion(w, r, params.Get("Action"), params.Get("Version")) {
		return nil, false
	}
	return &Call{Action: params.Get("Action"), AccessKey: ak}, true
}
