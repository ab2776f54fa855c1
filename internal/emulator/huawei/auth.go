package huawei

import (
	"net/http"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// maxSkew is how far X-Sdk-Date may be from the gateway clock.
const maxSkew = 15 * time.Minute

const authPrefix = "Incorrect IAM authentication information: "

// authenticate checks the token, then the AK/SK signature, in the gateway's
// order, returning the credential's project or the error to send. Messages
// never echo a credential.
func (e *Emulator) authenticate(r *http.Request, body []byte) (project string, status int, code, msg string) {
	unauthorized := func(m string) (string, int, string, string) {
		return "", http.StatusUnauthorized, huaweicloud.CodeIAMAuth, authPrefix + m
	}
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		switch e.checkToken(tok) {
		case tokenExpired:
			e.env.Count(core.StatExpiredCredentialRefused)
			return "", http.StatusUnauthorized, huaweicloud.CodeTokenExpired, "The token must be updated."
		case tokenInvalid:
			return unauthorized("decrypt token fail")
		}
		return e.opts.ProjectID, 0, "", ""
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return unauthorized("x-auth-token not found")
	}
	auth, err := huaweicloud.ParseAuthorization(h)
	if err != nil {
		return unauthorized("authorization header is not a valid SDK-HMAC-SHA256 signature")
	}
	key := e.secretOf(auth.AccessKey)
	sk := key.secret
	if sk == "" {
		return unauthorized("Get secretKey failed, ak not exist")
	}
	signed := make(map[string]bool, len(auth.SignedHeaders))
	for _, n := range auth.SignedHeaders {
		signed[strings.ToLower(n)] = true
	}
	date := r.Header.Get(huaweicloud.HeaderSdkDate)
	if !signed["x-sdk-date"] {
		return unauthorized("x-sdk-date is not signed")
	}
	t, err := time.Parse(huaweicloud.SdkDateFormat, date)
	if err != nil {
		return unauthorized("x-sdk-date is missing or not in the format yyyyMMddTHHmmssZ")
	}
	if skew := e.env.Now().Sub(t); skew > maxSkew || skew < -maxSkew {
		return unauthorized("verify aksk signature fail, signature expired")
	}
	headers := core.SignedHeaderValues(r, signed)
	payload := r.Header.Get(huaweicloud.HeaderContentSha256)
	if payload == "" {
		payload = huaweicloud.PayloadHash(body)
	}
	want := huaweicloud.Sign(huaweicloud.SignInput{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Headers: headers,
		SignedHeaders: auth.SignedHeaders, PayloadHash: payload,
	}, date, sk)
	if want != auth.Signature {
		return unauthorized("verify aksk signature fail")
	}
	if key.token != "" && r.Header.Get("X-Security-Token") != key.token {
		return unauthorized("verify security token fail")
	}
	if !key.expires.IsZero() && !e.env.Now().Before(key.expires) {
		e.env.Count(core.StatExpiredCredentialRefused)
		return "", http.StatusUnauthorized, huaweicloud.CodeTokenExpired, "The token must be updated."
	}
	return e.opts.ProjectID, 0, "", ""
}

// accessKey is what the gateway knows of an AK: its SK, the security token
// temporary AK/SK need, and when they expire (zero for long-term keys).
type accessKey struct {
	secret, token string
	expires       time.Time
}

// secretOf looks ak up among the fixed keys and the temporary AK/SK the
// emulator issued (IAM securitytokens, the ECS metadata service).
func (e *Emulator) secretOf(ak string) accessKey {
	switch {
	case ak == "":
		return accessKey{}
	case ak == e.opts.AccessKey:
		return accessKey{secret: e.opts.SecretKey}
	case ak == e.opts.TempAccessKey:
		return accessKey{secret: e.opts.TempSecretKey, token: e.opts.SecurityToken}
	}
	if c, ok := e.env.Issued(issuedVendor, ak); ok {
		return accessKey{secret: c.Secret, token: c.Token, expires: c.Expires}
	}
	return accessKey{}
}

type tokenState int

const (
	tokenValid tokenState = iota
	tokenInvalid
	tokenExpired
)

// checkToken accepts the fixed IAM token and the tokens the emulator issued
// for OIDC ID tokens until they expire.
func (e *Emulator) checkToken(tok string) tokenState {
	if tok == e.opts.AuthToken {
		return tokenValid
	}
	id, secret, ok := strings.Cut(tok, ".")
	c, found := e.env.Issued(issuedTokenVendor, id)
	switch {
	case !ok || !found || c.Token != secret:
		return tokenInvalid
	case !e.env.Now().Before(c.Expires):
		return tokenExpired
	}
	return tokenValid
}
