package huaweicloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// DefaultIAMEndpoint is the vendor's global IAM host.
const DefaultIAMEndpoint = "https://iam.myhuaweicloud.com"

// IAM paths of the calls that hand out temporary credentials.
const (
	SecurityTokensPath = "/v3.0/OS-CREDENTIAL/securitytokens"
	IDTokenTokensPath  = "/v3.0/OS-AUTH/id-token/tokens"
)

// IAMConfig is what an IAM client needs: the endpoint (empty means
// DefaultIAMEndpoint) and the caller's identity, AK/SK (Credentials, which
// sign the call) or an IAM token (AuthToken, sent as X-Auth-Token).
type IAMConfig struct {
	Endpoint    string
	Credentials func(ctx context.Context) (Credentials, error)
	AuthToken   string
	HTTPClient  *http.Client
	UserAgent   string
	MaxRetries  int
	// Now replaces the clock in tests.
	Now func() time.Time
}

// IAM calls the IAM operations that issue temporary credentials.
type IAM struct{ c *Client }

// NewIAM returns an IAM client for cfg.
func NewIAM(cfg IAMConfig) *IAM {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultIAMEndpoint
	}
	return &IAM{c: NewClient(Config{
		Credentials: cfg.Credentials, AuthToken: cfg.AuthToken, Endpoint: cfg.Endpoint,
		HTTPClient: cfg.HTTPClient, UserAgent: cfg.UserAgent, MaxRetries: cfg.MaxRetries, Now: cfg.Now,
	})}
}

// AgencyInput asks for the temporary AK/SK of an agency (methods
// assume_role). DomainName or DomainID names the account that owns the
// agency. Duration zero means the vendor's default (15 minutes).
type AgencyInput struct {
	AgencyName, DomainName, DomainID, SessionName string
	Duration                                      time.Duration
}

// IDToken is an IAM token obtained with an OIDC ID token; Token is a secret.
type IDToken struct {
	Token     string
	ExpiresAt time.Time
}

// credentialAnswer is the answer of POST /v3.0/OS-CREDENTIAL/securitytokens
// and of the ECS metadata service.
type credentialAnswer struct {
	Credential struct {
		Access        string `json:"access"`
		Secret        string `json:"secret"`
		SecurityToken string `json:"securitytoken"`
		ExpiresAt     string `json:"expires_at"`
	} `json:"credential"`
}

func (a credentialAnswer) credentials(what string) (Credentials, error) {
	c := a.Credential
	if c.Access == "" || c.Secret == "" || c.SecurityToken == "" {
		return Credentials{}, fmt.Errorf("%s holds no complete temporary AK/SK", what)
	}
	exp, err := time.Parse(time.RFC3339Nano, c.ExpiresAt)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: expires_at %q is not a time", what, c.ExpiresAt)
	}
	return Credentials{AccessKey: c.Access, SecretKey: c.Secret, SecurityToken: c.SecurityToken, Expiration: exp}, nil
}

// AssumeAgency obtains the temporary AK/SK of an agency, signed with the
// client's AK/SK or sent with its token.
func (s *IAM) AssumeAgency(ctx context.Context, in AgencyInput) (Credentials, error) {
	role := map[string]any{"agency_name": in.AgencyName}
	if in.DomainID != "" {
		role["domain_id"] = in.DomainID
	} else {
		role["domain_name"] = in.DomainName
	}
	if in.Duration > 0 {
		role["duration_seconds"] = int(in.Duration / time.Second)
	}
	if in.SessionName != "" {
		role["session_user"] = map[string]any{"name": in.SessionName}
	}
	body := map[string]any{"auth": map[string]any{"identity": map[string]any{"methods": []string{"assume_role"}, "assume_role": role}}}
	return s.securityTokens(ctx, iamCall{action: "CreateTemporaryAccessKeyByAgency", body: body})
}

// TokenCredentials exchanges an IAM token for temporary AK/SK (methods
// token); the token is the call's proof.
func (s *IAM) TokenCredentials(ctx context.Context, token string, d time.Duration) (Credentials, error) {
	tok := map[string]any{"id": token}
	if d > 0 {
		tok["duration_seconds"] = int(d / time.Second)
	}
	body := map[string]any{"auth": map[string]any{"identity": map[string]any{"methods": []string{"token"}, "token": tok}}}
	return s.securityTokens(ctx, iamCall{action: "CreateTemporaryAccessKeyByToken", body: body, token: token})
}

func (s *IAM) securityTokens(ctx context.Context, in iamCall) (Credentials, error) {
	in.path = SecurityTokensPath
	resp, err := s.post(ctx, in)
	if err != nil {
		return Credentials{}, err
	}
	var a credentialAnswer
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		return Credentials{}, fmt.Errorf("decoding the %s answer (request id %s): %w", in.action, resp.RequestID, err)
	}
	return a.credentials(fmt.Sprintf("the %s answer (request id %s)", in.action, resp.RequestID))
}

// TokenWithIDToken exchanges an OIDC ID token of identity provider idpID
// for an IAM token scoped to projectID (unscoped when empty). The call is
// not signed: the ID token is its proof.
func (s *IAM) TokenWithIDToken(ctx context.Context, idpID, idToken, projectID string) (IDToken, error) {
	auth := map[string]any{"id_token": map[string]any{"id": idToken}}
	if projectID != "" {
		auth["scope"] = map[string]any{"project": map[string]any{"id": projectID}}
	}
	resp, err := s.post(ctx, iamCall{action: "CreateTokenWithIdToken", path: IDTokenTokensPath, body: map[string]any{"auth": auth},
		header: map[string]string{"X-Idp-Id": idpID}, anonymous: true, secrets: []string{idToken}})
	if err != nil {
		return IDToken{}, err
	}
	var a struct {
		Token struct {
			ExpiresAt string `json:"expires_at"`
		} `json:"token"`
	}
	_ = json.Unmarshal(resp.Body, &a)
	tok := resp.Header.Get("X-Subject-Token")
	exp, perr := time.Parse(time.RFC3339Nano, a.Token.ExpiresAt)
	if tok == "" || perr != nil {
		return IDToken{}, fmt.Errorf("the CreateTokenWithIdToken answer (request id %s) holds no token or no expires_at", resp.RequestID)
	}
	return IDToken{Token: tok, ExpiresAt: exp}, nil
}

// iamCall is one IAM POST.
type iamCall struct {
	action, path string
	body         any
	header       map[string]string
	// token, when set, is sent as X-Auth-Token instead of the client's identity.
	token     string
	anonymous bool
	secrets   []string
}

func (s *IAM) post(ctx context.Context, in iamCall) (*transport.Response, error) {
	body, err := json.Marshal(in.body)
	if err != nil {
		return nil, err
	}
	secrets := append([]string{in.token}, in.secrets...)
	if !in.anonymous && in.token == "" {
		own, err := s.c.callSecrets(ctx)
		if err != nil {
			return nil, err
		}
		secrets = append(secrets, own...)
	}
	resp, err := s.c.tr.Do(ctx, transport.Request{
		Action: in.action, Idempotent: true, Secrets: secrets,
		Build: func(ctx context.Context) (*http.Request, error) {
			req, err := s.build(ctx, in, body)
			if err != nil {
				return nil, err
			}
			for k, v := range in.header {
				req.Header.Set(k, v)
			}
			return req, nil
		},
		Decode: s.c.decoder(secrets),
	})
	if err != nil {
		return nil, fmt.Errorf("IAM %s: %w", in.action, err)
	}
	return resp, nil
}

// build is one attempt: signed (or with the client's token) by newRequest,
// or with in.token, or anonymous.
func (s *IAM) build(ctx context.Context, in iamCall, body []byte) (*http.Request, error) {
	if !in.anonymous && in.token == "" {
		return s.c.newRequest(ctx, http.MethodPost, "", in.path, body)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.c.Endpoint()+in.path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("IAM endpoint %q: %w", s.c.Endpoint(), err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	if s.c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", s.c.cfg.UserAgent)
	}
	if in.token != "" {
		req.Header.Set("X-Auth-Token", in.token)
	}
	return req, nil
}
