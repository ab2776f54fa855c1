package alibaba

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// STSVersion is the Security Token Service API version the emulator serves.
const STSVersion = "2015-04-01"

// Session lifetimes AssumeRole and AssumeRoleWithOIDC accept (the vendor's
// range: 15 minutes up to the role's maximum session, at most 12 hours).
const (
	minSTSDuration     = 900
	maxSTSDuration     = 43200
	defaultSTSDuration = 3600
)

// stsActions are the STS operations; their Version is STSVersion.
var stsActions = map[string]bool{"AssumeRole": true, "AssumeRoleWithOIDC": true}

// versionFor is the API version an action must name.
func versionFor(action string) string {
	if stsActions[action] {
		return STSVersion
	}
	return APIVersion
}

// IssuedSecretPattern matches every secret and security token the emulator
// issues.
var IssuedSecretPattern = core.IssuedSecretPattern

// issue makes a temporary credential valid for d (the -sts-ttl lifetime
// when set).
func (e *Emulator) issue(d time.Duration) core.IssuedCredential {
	return e.env.Issue("alibaba", "STS.", d)
}

// stsDuration parses DurationSeconds; ok false when it is out of range.
func stsDuration(v string) (time.Duration, bool) {
	if v == "" {
		return defaultSTSDuration * time.Second, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < minSTSDuration || n > maxSTSDuration {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

// stsRequest checks the parameters both STS actions share.
func stsRequest(w http.ResponseWriter, r *http.Request, c *Call) (time.Duration, bool) {
	arn, session := c.Params.Get("RoleArn"), c.Params.Get("RoleSessionName")
	switch {
	case arn == "":
		WriteError(w, r, http.StatusBadRequest, "MissingRoleArn", "RoleArn is mandatory for this action.")
	case !strings.HasPrefix(arn, "acs:ram::") || !strings.Contains(arn, ":role/"):
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
	case session == "":
		WriteError(w, r, http.StatusBadRequest, "MissingRoleSessionName", "RoleSessionName is mandatory for this action.")
	default:
		d, ok := stsDuration(c.Params.Get("DurationSeconds"))
		if !ok {
			WriteError(w, r, http.StatusBadRequest, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/12hr.")
		}
		return d, ok
	}
	return 0, false
}

// assumeRole answers STS AssumeRole: the caller (any accepted credential)
// gets a temporary credential of the role.
func assumeRole(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	d, ok := stsRequest(w, r, c)
	if !ok {
		return
	}
	e.writeSTSCredentials(w, c, d)
}

// assumeRoleWithOIDC answers STS AssumeRoleWithOIDC: an anonymous call whose
// OIDC token must be the one the emulator accepts.
func assumeRoleWithOIDC(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	d, ok := stsRequest(w, r, c)
	if !ok {
		return
	}
	provider, token := c.Params.Get("OIDCProviderArn"), c.Params.Get("OIDCToken")
	switch {
	case provider == "":
		WriteError(w, r, http.StatusBadRequest, "MissingOIDCProviderArn", "OIDCProviderArn is mandatory for this action.")
	case token == "":
		WriteError(w, r, http.StatusBadRequest, "MissingOIDCToken", "OIDCToken is mandatory for this action.")
	case subtle.ConstantTimeCompare([]byte(token), []byte(e.opts.OIDCToken)) != 1:
		WriteError(w, r, http.StatusBadRequest, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.")
	default:
		e.writeSTSCredentials(w, c, d)
	}
}

func (e *Emulator) writeSTSCredentials(w http.ResponseWriter, c *Call, d time.Duration) {
	cred := e.issue(d)
	role := c.Params.Get("RoleArn")
	session := c.Params.Get("RoleSessionName")
	WriteSuccess(w, c, map[string]any{
		"AssumedRoleUser": map[string]any{
			"Arn":           strings.Replace(role, ":role/", ":assumed-role/", 1) + "/" + session,
			"AssumedRoleId": "3" + core.RandomHex(8) + ":" + session,
		},
		"Credentials": map[string]any{
			"AccessKeyId": cred.AccessKey, "AccessKeySecret": cred.Secret, "SecurityToken": cred.Token,
			"Expiration": cred.Expires.Format(timestampLayout),
		},
	})
}

// ecsCredentialsPath is where the ECS metadata service lists the
// instance's RAM role and serves its credentials.
const ecsCredentialsPath = "/latest/meta-data/ram/security-credentials/"

// serveMetadata answers the ECS metadata paths of the instance's RAM role
// (no authentication: only the instance can reach the real service).
func (e *Emulator) serveMetadata(w http.ResponseWriter, r *http.Request) {
	e.env.Dispatch(w, r, "ECSMetadataCredentials", e, func(w http.ResponseWriter, r *http.Request) {
		role := strings.TrimPrefix(r.URL.Path, ecsCredentialsPath)
		switch {
		case r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, ecsCredentialsPath):
			http.NotFound(w, r)
		case role == "":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte(e.opts.ECSRoleName))
		case role != e.opts.ECSRoleName:
			http.NotFound(w, r)
		default:
			cred := e.issue(6 * time.Hour)
			now := e.env.Now().UTC()
			WriteJSON(w, http.StatusOK, map[string]any{
				"AccessKeyId": cred.AccessKey, "AccessKeySecret": cred.Secret, "SecurityToken": cred.Token,
				"Expiration": cred.Expires.Format(timestampLayout), "LastUpdated": now.Format(timestampLayout), "Code": "Success",
			})
		}
	})
}
