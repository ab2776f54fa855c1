package huawei

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Operation names of the IAM and ECS metadata calls, as the vendor's SDK
// names them; /_emulator/stats counts by these.
const (
	OpAssumeAgency     = "CreateTemporaryAccessKeyByAgency"
	OpTokenCredentials = "CreateTemporaryAccessKeyByToken"
	OpTokenWithIDToken = "CreateTokenWithIdToken"
	OpMetadataKey      = "ECSMetadataSecurityKey"
	OpMetadataToken    = "ECSMetadataToken"
)

// Issued-credential vendors of the shared store (core.Env.Issue): temporary
// AK/SK, and the IAM tokens of OIDC exchanges.
const (
	issuedVendor      = "huawei"
	issuedTokenVendor = "huawei-iam-token"
)

// Lifetimes IAM accepts for temporary AK/SK (15 minutes to 24 hours,
// default 15 minutes), the lifetime of an IAM token (24 hours) and of the
// agency keys the ECS metadata service hands out (1 hour).
const (
	minKeyDuration     = 900
	maxKeyDuration     = 86400
	defaultKeyDuration = 900
	tokenLifetime      = 24 * time.Hour
	metadataLifetime   = time.Hour
)

// Error codes of the IAM emulation. INVENTED: the answers' envelope is the
// gateway's (error_code, error_msg) and the codes only need to be
// recognisable.
const (
	CodeIAMBadBody        = "IAM.0011"
	CodeIAMIDTokenInvalid = "IAM.0012"
)

// expiresLayout is how IAM writes expires_at (2020-01-08T03:50:07.574000Z).
const expiresLayout = "2006-01-02T15:04:05.000000Z"

// securityTokensBody is the part of a securitytokens request the emulator reads.
type securityTokensBody struct {
	Auth struct {
		Identity struct {
			Methods    []string `json:"methods"`
			AssumeRole *struct {
				AgencyName      string `json:"agency_name"`
				DomainName      string `json:"domain_name"`
				DomainID        string `json:"domain_id"`
				DurationSeconds *int   `json:"duration_seconds"`
			} `json:"assume_role"`
			Token *struct {
				ID              string `json:"id"`
				DurationSeconds *int   `json:"duration_seconds"`
			} `json:"token"`
		} `json:"identity"`
	} `json:"auth"`
}

// serveIAM answers the IAM paths: POST /v3.0/OS-CREDENTIAL/securitytokens
// and POST /v3.0/OS-AUTH/id-token/tokens.
func (e *Emulator) serveIAM(w http.ResponseWriter, r *http.Request, reqID string) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || r.Method != http.MethodPost {
		writeError(w, http.StatusNotFound, huaweicloud.CodeRouteNotFound, "API not found", reqID)
		return
	}
	switch r.URL.Path {
	case huaweicloud.SecurityTokensPath:
		var b securityTokensBody
		if err := json.Unmarshal(body, &b); err != nil || len(b.Auth.Identity.Methods) != 1 {
			writeError(w, http.StatusBadRequest, CodeIAMBadBody, "The request body is invalid: auth.identity.methods must hold one method.", reqID)
			return
		}
		switch b.Auth.Identity.Methods[0] {
		case "assume_role":
			e.env.Dispatch(w, r, OpAssumeAgency, errorWriter{}, func(w http.ResponseWriter, r *http.Request) { e.assumeAgency(w, r, body, b, reqID) })
		case "token":
			e.env.Dispatch(w, r, OpTokenCredentials, errorWriter{}, func(w http.ResponseWriter, r *http.Request) { e.tokenCredentials(w, r, b, reqID) })
		default:
			writeError(w, http.StatusBadRequest, CodeIAMBadBody, "The request body is invalid: methods must be assume_role or token.", reqID)
		}
	case huaweicloud.IDTokenTokensPath:
		e.env.Dispatch(w, r, OpTokenWithIDToken, errorWriter{}, func(w http.ResponseWriter, r *http.Request) { e.tokenWithIDToken(w, r, body, reqID) })
	default:
		writeError(w, http.StatusNotFound, huaweicloud.CodeRouteNotFound, "API not found", reqID)
	}
}

// keyDuration checks duration_seconds; ok false has answered the error.
func keyDuration(w http.ResponseWriter, v *int, reqID string) (time.Duration, bool) {
	if v == nil {
		return defaultKeyDuration * time.Second, true
	}
	if *v < minKeyDuration || *v > maxKeyDuration {
		writeError(w, http.StatusBadRequest, CodeIAMBadBody, fmt.Sprintf("The request body is invalid: duration_seconds must be from %d to %d.", minKeyDuration, maxKeyDuration), reqID)
		return 0, false
	}
	return time.Duration(*v) * time.Second, true
}

// assumeAgency issues the temporary AK/SK of an agency to an authenticated
// caller (AK/SK signature or X-Auth-Token). Any agency of any account is
// accepted: the emulator keeps no agencies.
func (e *Emulator) assumeAgency(w http.ResponseWriter, r *http.Request, body []byte, b securityTokensBody, reqID string) {
	if _, status, code, msg := e.authenticate(r, body); code != "" {
		writeError(w, status, code, msg, reqID)
		return
	}
	role := b.Auth.Identity.AssumeRole
	if role == nil || role.AgencyName == "" || (role.DomainName == "" && role.DomainID == "") {
		writeError(w, http.StatusBadRequest, CodeIAMBadBody, "The request body is invalid: assume_role needs agency_name and domain_name or domain_id.", reqID)
		return
	}
	if d, ok := keyDuration(w, role.DurationSeconds, reqID); ok {
		e.writeCredential(w, http.StatusCreated, e.env.Issue(issuedVendor, "EMUTMP", d))
	}
}

// tokenCredentials exchanges a valid IAM token (the body's token.id, else
// X-Auth-Token) for temporary AK/SK.
func (e *Emulator) tokenCredentials(w http.ResponseWriter, r *http.Request, b securityTokensBody, reqID string) {
	tok := r.Header.Get("X-Auth-Token")
	var dur *int
	if t := b.Auth.Identity.Token; t != nil {
		dur = t.DurationSeconds
		if t.ID != "" {
			tok = t.ID
		}
	}
	switch e.checkToken(tok) {
	case tokenExpired:
		writeError(w, http.StatusUnauthorized, huaweicloud.CodeTokenExpired, "The token must be updated.", reqID)
		return
	case tokenInvalid:
		writeError(w, http.StatusUnauthorized, huaweicloud.CodeIAMAuth, authPrefix+"decrypt token fail", reqID)
		return
	}
	if d, ok := keyDuration(w, dur, reqID); ok {
		e.writeCredential(w, http.StatusCreated, e.env.Issue(issuedVendor, "EMUTMP", d))
	}
}

func (e *Emulator) writeCredential(w http.ResponseWriter, status int, c core.IssuedCredential) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"credential": map[string]string{
		"access": c.AccessKey, "secret": c.Secret, "securitytoken": c.Token, "expires_at": c.Expires.Format(expiresLayout),
	}})
}

// tokenWithIDToken answers POST /v3.0/OS-AUTH/id-token/tokens: the identity
// provider (X-Idp-Id) and the ID token must be the emulator's
// (-huawei-idp-id, -huawei-id-token); the IAM token comes in X-Subject-Token.
func (e *Emulator) tokenWithIDToken(w http.ResponseWriter, r *http.Request, body []byte, reqID string) {
	var b struct {
		Auth struct {
			IDToken struct {
				ID string `json:"id"`
			} `json:"id_token"`
		} `json:"auth"`
	}
	switch {
	case json.Unmarshal(body, &b) != nil || b.Auth.IDToken.ID == "":
		writeError(w, http.StatusBadRequest, CodeIAMBadBody, "The request body is invalid: auth.id_token.id is mandatory.", reqID)
	case r.Header.Get("X-Idp-Id") != e.opts.IdpID:
		writeError(w, http.StatusNotFound, CodeIAMIDTokenInvalid, "The identity provider in X-Idp-Id does not exist.", reqID)
	case subtle.ConstantTimeCompare([]byte(b.Auth.IDToken.ID), []byte(e.opts.IDToken)) != 1:
		writeError(w, http.StatusUnauthorized, CodeIAMIDTokenInvalid, "The id_token is invalid.", reqID)
	default:
		c := e.env.Issue(issuedTokenVendor, "idt", tokenLifetime)
		now := e.env.Now().UTC()
		w.Header().Set("X-Subject-Token", c.AccessKey+"."+c.Token)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"token": map[string]any{
			"expires_at": c.Expires.Format(expiresLayout), "issued_at": now.Format(expiresLayout), "methods": []string{"mapped"},
		}})
	}
}

// serveMetadata answers the ECS metadata paths: the session token (PUT)
// and the agency's temporary AK/SK (no authentication: only the instance
// reaches the real service; a session token is accepted, not required).
func (e *Emulator) serveMetadata(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == huaweicloud.ECSMetadataTokenPath && r.Method == http.MethodPut:
		e.env.Dispatch(w, r, OpMetadataToken, errorWriter{}, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte("emu-metadata-session-" + core.RandomHex(16)))
		})
	case r.URL.Path == huaweicloud.ECSMetadataSecurityKeyPath && r.Method == http.MethodGet:
		e.env.Dispatch(w, r, OpMetadataKey, errorWriter{}, func(w http.ResponseWriter, r *http.Request) {
			if e.opts.ECSAgency == "" {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte("Please configure Cloud Service Agency first"))
				return
			}
			e.writeCredential(w, http.StatusOK, e.env.Issue(issuedVendor, "EMUTMP", metadataLifetime))
		})
	default:
		http.NotFound(w, r)
	}
}
