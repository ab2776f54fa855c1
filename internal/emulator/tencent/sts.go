package tencent

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Session lifetimes AssumeRole and AssumeRoleWithWebIdentity accept: up to
// 12 hours, 2 hours by default (the vendor's API reference). The emulator
// takes any positive value up to the maximum (assumption: the reference
// documents no minimum the SDKs check).
const (
	maxSTSDuration     = 43200
	defaultSTSDuration = 7200
)

// anonymousActions are sent unsigned (Authorization: SKIP): the web
// identity token is their proof.
var anonymousActions = map[string]bool{"AssumeRoleWithWebIdentity": true}

// serviceOf is the signing-scope service and the X-TC-Version of action.
func serviceOf(action string) (service, version string) {
	switch action {
	case "AssumeRole", "AssumeRoleWithWebIdentity":
		return tencentcloud.STSService, tencentcloud.STSVersion
	}
	return tencentcloud.Service, tencentcloud.APIVersion
}

// issue makes a temporary credential valid for d (the -sts-ttl lifetime
// when set); its SecretId starts with AKID, as the vendor's do.
func (e *Emulator) issue(d time.Duration) core.IssuedCredential {
	return e.env.Issue("tencent", "AKIDemu", d)
}

// stsParams checks the parameters both STS actions share and returns the
// lifetime asked for.
func stsParams(p *params) (time.Duration, string, string) {
	for _, k := range []string{"RoleArn", "RoleSessionName"} {
		if !p.has(k) {
			return 0, "MissingParameter", "the parameter " + k + " is required"
		}
	}
	arn, code, msg := p.str("RoleArn")
	if code != "" {
		return 0, code, msg
	}
	// Role ARNs read qcs::cam::uin/<uin>:roleName/<name> (or :role/...).
	if !strings.HasPrefix(arn, "qcs::cam::uin/") || !(strings.Contains(arn, ":roleName/") || strings.Contains(arn, ":role/")) {
		return 0, "InvalidParameter.ResourceError", "RoleArn must read qcs::cam::uin/<uin>:roleName/<name>"
	}
	if !p.has("DurationSeconds") {
		return defaultSTSDuration * time.Second, "", ""
	}
	n, code, msg := p.int("DurationSeconds")
	if code != "" {
		return 0, code, msg
	}
	if n <= 0 || n > maxSTSDuration {
		return 0, "InvalidParameter.ParamError", "DurationSeconds must be from 1 to 43200"
	}
	return time.Duration(n) * time.Second, "", ""
}

// assumeRole answers STS AssumeRole: the caller (any accepted credential)
// gets a temporary credential of the role.
func (e *Emulator) assumeRole(_ *http.Request, _ string, body []byte) (any, string, string) {
	p, code, msg := parseParams(body, "RoleArn", "RoleSessionName", "DurationSeconds", "Policy", "ExternalId", "Tags", "SourceIdentity", "SerialNumber", "TokenCode")
	if code != "" {
		return nil, code, msg
	}
	d, code, msg := stsParams(p)
	if code != "" {
		return nil, code, msg
	}
	if p.has("Policy") {
		raw, _, _ := p.str("Policy")
		// The reference asks for the policy URL-encoded; a plain one is
		// accepted too (lenient).
		if dec, err := url.QueryUnescape(raw); err == nil {
			raw = dec
		}
		if !json.Valid([]byte(raw)) {
			return nil, "InvalidParameter", "Policy must be a JSON policy document, URL-encoded"
		}
	}
	return e.stsCredentials(d), "", ""
}

// assumeRoleWithWebIdentity answers the unsigned STS
// AssumeRoleWithWebIdentity: its token must be the one the emulator accepts.
func (e *Emulator) assumeRoleWithWebIdentity(_ *http.Request, _ string, body []byte) (any, string, string) {
	p, code, msg := parseParams(body, "ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName", "DurationSeconds")
	if code != "" {
		return nil, code, msg
	}
	for _, k := range []string{"ProviderId", "WebIdentityToken"} {
		if !p.has(k) {
			return nil, "MissingParameter", "the parameter " + k + " is required"
		}
	}
	d, code, msg := stsParams(p)
	if code != "" {
		return nil, code, msg
	}
	token, _, _ := p.str("WebIdentityToken")
	if subtle.ConstantTimeCompare([]byte(token), []byte(e.opts.WebIdentityToken)) != 1 {
		return nil, "InvalidParameter.WebIdentityTokenError", "the web identity token is invalid"
	}
	return e.stsCredentials(d), "", ""
}

// stsCredentials is the Response of both STS actions.
func (e *Emulator) stsCredentials(d time.Duration) map[string]any {
	c := e.issue(d)
	return map[string]any{
		"Credentials": map[string]any{"Token": c.Token, "TmpSecretId": c.AccessKey, "TmpSecretKey": c.Secret},
		"ExpiredTime": c.Expires.Unix(),
		"Expiration":  c.Expires.UTC().Format(time.RFC3339),
	}
}

// camCredentialsPath is where the CVM metadata service names the
// instance's CAM role and serves its credentials.
const camCredentialsPath = "/latest/meta-data/cam/security-credentials/"

// serveMetadata answers the CVM metadata paths of the instance's CAM role
// (no authentication: only the instance reaches the real service).
// Credentials live 6 hours unless -sts-ttl says otherwise (assumption: the
// vendor does not document the lifetime).
func (e *Emulator) serveMetadata(w http.ResponseWriter, r *http.Request) {
	e.env.Dispatch(w, r, "CVMMetadataCredentials", errorWriter{}, func(w http.ResponseWriter, r *http.Request) {
		role := strings.TrimPrefix(r.URL.Path, camCredentialsPath)
		switch {
		case r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, camCredentialsPath):
			http.NotFound(w, r)
		case role == "":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte(e.opts.CAMRoleName))
		case role != e.opts.CAMRoleName:
			http.NotFound(w, r)
		default:
			c := e.issue(6 * time.Hour)
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{
				"TmpSecretId": c.AccessKey, "TmpSecretKey": c.Secret, "Token": c.Token,
				"ExpiredTime": c.Expires.Unix(), "Expiration": c.Expires.UTC().Format(time.RFC3339), "Code": "Success",
			})
		}
	})
}
