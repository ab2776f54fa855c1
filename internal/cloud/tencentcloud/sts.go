package tencentcloud

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// STS facts: the service name of the signing scope, the API version and
// the global host of the Security Token Service.
const (
	STSService         = "sts"
	STSVersion         = "2018-08-13"
	DefaultSTSEndpoint = "https://sts.tencentcloudapi.com"
	// DefaultSTSRegion is the region STS calls name when the provider has
	// none (the vendor's SDK uses ap-guangzhou too).
	DefaultSTSRegion = "ap-guangzhou"
)

// Credentials are one set of keys to sign requests with. Expiration is zero
// for long-term keys.
type Credentials struct {
	SecretID, SecretKey, SecurityToken string
	Expiration                         time.Time
}

// STSConfig is what an STS client needs: the endpoint (empty means
// DefaultSTSEndpoint), the region (empty means DefaultSTSRegion) and the
// caller's credentials (AssumeRole is signed with them;
// AssumeRoleWithWebIdentity is not signed).
type STSConfig struct {
	Endpoint    string
	Region      string
	Credentials func(ctx context.Context) (Credentials, error)
	HTTPClient  *http.Client
	UserAgent   string
	MaxRetries  int
	// Now replaces the clock in tests.
	Now func() time.Time
}

// STS calls the Security Token Service.
type STS struct{ c *Client }

// NewSTS returns an STS client for cfg.
func NewSTS(cfg STSConfig) *STS {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultSTSEndpoint
	}
	if cfg.Region == "" {
		cfg.Region = DefaultSTSRegion
	}
	if cfg.Credentials == nil {
		cfg.Credentials = func(context.Context) (Credentials, error) { return Credentials{}, nil }
	}
	return &STS{c: NewClient(Config{
		Credentials: cfg.Credentials, Service: STSService, Version: STSVersion, Region: cfg.Region, Endpoint: cfg.Endpoint,
		HTTPClient: cfg.HTTPClient, UserAgent: cfg.UserAgent, MaxRetries: cfg.MaxRetries, Now: cfg.Now,
	})}
}

// AssumeRoleInput are the parameters of AssumeRole. Duration zero means the
// vendor's default (7200 s).
type AssumeRoleInput struct {
	RoleArn, SessionName, ExternalID, Policy string
	Duration                                 time.Duration
}

// WebIdentityInput are the parameters of AssumeRoleWithWebIdentity; Token
// is the OIDC token itself (a secret).
type WebIdentityInput struct {
	ProviderID, RoleArn, Token, SessionName string
	Duration                                time.Duration
}

// stsAnswer is the part of an AssumeRole / AssumeRoleWithWebIdentity
// answer the provider uses.
type stsAnswer struct {
	Credentials struct {
		Token        string `json:"Token"`
		TmpSecretID  string `json:"TmpSecretId"`
		TmpSecretKey string `json:"TmpSecretKey"`
	} `json:"Credentials"`
	ExpiredTime int64  `json:"ExpiredTime"`
	Expiration  string `json:"Expiration"`
}

// AssumeRole asks STS for temporary credentials of in.RoleArn, signed with
// the client's credentials. The policy is sent URL-encoded, as the vendor's
// API reference asks.
func (s *STS) AssumeRole(ctx context.Context, in AssumeRoleInput) (Credentials, error) {
	params := map[string]any{"RoleArn": in.RoleArn, "RoleSessionName": in.SessionName}
	if in.ExternalID != "" {
		params["ExternalId"] = in.ExternalID
	}
	if in.Policy != "" {
		params["Policy"] = url.QueryEscape(in.Policy)
	}
	if in.Duration > 0 {
		params["DurationSeconds"] = int64(in.Duration / time.Second)
	}
	return s.call(ctx, sendInput{action: "AssumeRole", idempotent: true, params: params})
}

// AssumeRoleWithWebIdentity exchanges an OIDC token for temporary
// credentials; the call is not signed (Authorization: SKIP), the token is
// its proof.
func (s *STS) AssumeRoleWithWebIdentity(ctx context.Context, in WebIdentityInput) (Credentials, error) {
	params := map[string]any{"ProviderId": in.ProviderID, "WebIdentityToken": in.Token, "RoleArn": in.RoleArn, "RoleSessionName": in.SessionName}
	if in.Duration > 0 {
		params["DurationSeconds"] = int64(in.Duration / time.Second)
	}
	return s.call(ctx, sendInput{action: "AssumeRoleWithWebIdentity", idempotent: true, anonymous: true, params: params, secrets: []string{in.Token}})
}

func (s *STS) call(ctx context.Context, in sendInput) (Credentials, error) {
	var out stsAnswer
	id, err := s.c.send(ctx, in, &out)
	if err != nil {
		return Credentials{}, err
	}
	return out.credentials(in.action, id)
}

// credentials reads the answer: ExpiredTime (Unix seconds) is the
// expiry; Expiration (RFC 3339) is the fallback when it is missing.
func (a stsAnswer) credentials(action, requestID string) (Credentials, error) {
	c := a.Credentials
	if c.TmpSecretID == "" || c.TmpSecretKey == "" || c.Token == "" {
		return Credentials{}, fmt.Errorf("%s answer (request id %s) holds no complete credentials", action, requestID)
	}
	exp, err := expiry(a.ExpiredTime, a.Expiration)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s answer (request id %s): %v", action, requestID, err)
	}
	return Credentials{SecretID: c.TmpSecretID, SecretKey: c.TmpSecretKey, SecurityToken: c.Token, Expiration: exp}, nil
}

// expiry is the expiry of temporary credentials from the Unix time the
// vendor's answers carry, or else from their RFC 3339 Expiration.
func expiry(unix int64, rfc3339 string) (time.Time, error) {
	if unix > 0 {
		return time.Unix(unix, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return time.Time{}, fmt.Errorf("neither ExpiredTime nor Expiration (%q) tells when the credentials expire", rfc3339)
	}
	return t, nil
}
