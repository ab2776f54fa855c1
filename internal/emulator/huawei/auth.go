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
		if tok != e.opts.AuthToken {
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
	var sk string
	temporary := false
	switch auth.AccessKey {
	case e.opts.AccessKey:
		sk = e.opts.SecretKey
	case e.opts.TempAccessKey:
		sk, temporary = e.opts.TempSecretKey, e.opts.TempAccessKey != ""
	}
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
	if temporary && r.Header.Get("X-Security-Token") != e.opts.SecurityToken {
		return unauthorized("verify security token fail")
	}
	return e.opts.ProjectID, 0, "", ""
}
