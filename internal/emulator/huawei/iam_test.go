package huawei

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

const agencyBody = `{"auth":{"identity":{"methods":["assume_role"],"assume_role":{"agency_name":"ops","domain_name":"acme"%s}}}}`

func credentialOf(t *testing.T, a answer) (ak, sk, token string, expires time.Time) {
	t.Helper()
	c, _ := a.json["credential"].(map[string]any)
	ak, _ = c["access"].(string)
	sk, _ = c["secret"].(string)
	token, _ = c["securitytoken"].(string)
	exp, _ := c["expires_at"].(string)
	expires, err := time.Parse(time.RFC3339Nano, exp)
	if ak == "" || !core.IssuedSecretPattern.MatchString(sk) || !core.IssuedSecretPattern.MatchString(token) || err != nil {
		t.Fatalf("HTTP %d %s: not a credential", a.status, a.body)
	}
	return ak, sk, token, expires
}

// assume_role: signed by a known AK, answered 201 with the vendor's shape
// and the default 15 minutes; the issued AK/SK work with their security
// token until they expire, then APIGW.0307.
func TestIAM_assumeAgencyThenExpiry(t *testing.T) {
	e, clock := newTest(t, nil)
	body := strings.Replace(agencyBody, "%s", "", 1)
	a := do(e, signedReq(http.MethodPost, huaweicloud.SecurityTokensPath, body, "emulator-ak", "emulator-sk", "", clock.Now()))
	if a.status != http.StatusCreated {
		t.Fatalf("HTTP %d %s", a.status, a.body)
	}
	ak, sk, token, exp := credentialOf(t, a)
	if d := exp.Sub(clock.Now()); d != 15*time.Minute {
		t.Errorf("lifetime %s, want the default 15m", d)
	}
	list := exportsPath("emulator-project", server1.ID)
	if a := do(e, signedReq(http.MethodPost, list, "{}", ak, sk, token, clock.Now())); a.status != http.StatusAccepted {
		t.Fatalf("issued AK/SK refused: HTTP %d %s", a.status, a.body)
	}
	wantError(t, do(e, signedReq(http.MethodPost, list, "{}", ak, sk, "wrong", clock.Now())), 401, huaweicloud.CodeIAMAuth, "security token")
	clock.Advance(16 * time.Minute)
	wantError(t, do(e, signedReq(http.MethodPost, list, "{}", ak, sk, token, clock.Now())), 401, huaweicloud.CodeTokenExpired, "token must be updated")
}

func TestIAM_refusals(t *testing.T) {
	e, clock := newTest(t, nil)
	sign := func(body, sk string) answer {
		return do(e, signedReq(http.MethodPost, huaweicloud.SecurityTokensPath, body, "emulator-ak", sk, "", clock.Now()))
	}
	wantError(t, sign(strings.Replace(agencyBody, "%s", "", 1), "wrong-sk"), 401, huaweicloud.CodeIAMAuth, "signature")
	wantError(t, sign(strings.Replace(agencyBody, "%s", `,"duration_seconds":60`, 1), "emulator-sk"), 400, CodeIAMBadBody, "duration_seconds")
	wantError(t, sign(`{"auth":{"identity":{"methods":["assume_role"],"assume_role":{"agency_name":"ops"}}}}`, "emulator-sk"), 400, CodeIAMBadBody, "domain")
	wantError(t, sign(`{"auth":{}}`, "emulator-sk"), 400, CodeIAMBadBody, "methods")
	wantError(t, do(e, tokenReq(http.MethodPost, huaweicloud.SecurityTokensPath, `{"auth":{"identity":{"methods":["token"],"token":{"id":"bad"}}}}`)), 401, huaweicloud.CodeIAMAuth, "decrypt token fail")
}

// OIDC: the ID token gives an IAM token in X-Subject-Token, accepted by
// methods token and by CloudDC until it expires.
func TestIAM_idTokenThenToken(t *testing.T) {
	e, clock := newTest(t, nil)
	idReq := func(idp, tok string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "http://"+host+huaweicloud.IDTokenTokensPath, strings.NewReader(`{"auth":{"id_token":{"id":"`+tok+`"}}}`))
		r.Header.Set("X-Idp-Id", idp)
		return r
	}
	wantError(t, do(e, idReq("other-idp", "emulator-id-token")), 404, CodeIAMIDTokenInvalid, "identity provider")
	wantError(t, do(e, idReq("emulator-idp", "wrong")), 401, CodeIAMIDTokenInvalid, "id_token")
	a := do(e, idReq("emulator-idp", "emulator-id-token"))
	tok := a.header.Get("X-Subject-Token")
	if a.status != http.StatusCreated || !core.IssuedSecretPattern.MatchString(tok) {
		t.Fatalf("HTTP %d %s, token %q", a.status, a.body, tok)
	}
	r := httptest.NewRequest(http.MethodPost, "http://"+host+huaweicloud.SecurityTokensPath, strings.NewReader(`{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":3600}}}}`))
	r.Header.Set("X-Auth-Token", tok)
	if a := do(e, r); a.status != http.StatusCreated {
		t.Fatalf("methods token: HTTP %d %s", a.status, a.body)
	}
	status := tokenReq(http.MethodPost, exportsPath("emulator-project", server1.ID), "{}")
	status.Header.Set("X-Auth-Token", tok)
	clock.Advance(25 * time.Hour)
	wantError(t, do(e, status), 401, huaweicloud.CodeTokenExpired, "token must be updated")
}

// The metadata service: a session token (PUT), the agency's AK/SK (an hour),
// and the vendor's answer for an instance without an agency.
func TestMetadata_securityKey(t *testing.T) {
	e, _ := newTest(t, nil)
	if a := do(e, httptest.NewRequest(http.MethodPut, "http://169.254.169.254"+huaweicloud.ECSMetadataTokenPath, nil)); a.status != 200 || len(a.body) == 0 {
		t.Fatalf("token: HTTP %d", a.status)
	}
	a := do(e, httptest.NewRequest(http.MethodGet, "http://169.254.169.254"+huaweicloud.ECSMetadataSecurityKeyPath, nil))
	credentialOf(t, a)
	e, _ = newTest(t, func(o *Options) { o.ECSAgency = "" })
	a = do(e, httptest.NewRequest(http.MethodGet, "http://169.254.169.254"+huaweicloud.ECSMetadataSecurityKeyPath, nil))
	if a.status != http.StatusUnauthorized || !strings.Contains(string(a.body), "Cloud Service Agency") {
		t.Errorf("no agency: HTTP %d %s", a.status, a.body)
	}
}
