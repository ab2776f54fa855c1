package alicloud

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// STSVersion is the Security Token Service API version the STS calls name.
const STSVersion = "2015-04-01"

// DefaultSTSEndpoint is the vendor's STS host.
const DefaultSTSEndpoint = "https://sts.aliyuncs.com"

// Credentials are one set of keys to sign requests with. Expiration is zero
// for long-term AccessKeys.
type Credentials struct {
	AccessKey, SecretKey, SecurityToken string
	Expiration                          time.Time
}

// STSConfig is what an STS client needs: the endpoint (empty means
// DefaultSTSEndpoint) and the caller's credentials (AssumeRole is signed
// with them; AssumeRoleWithOIDC is anonymous).
type STSConfig struct {
	Endpoint    string
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
	if cfg.Credentials == nil {
		cfg.Credentials = func(context.Context) (Credentials, error) { return Credentials{}, nil }
	}
	return &STS{c: NewClient(Config{
		Credentials: cfg.Credentials, Version: STSVersion, Endpoint: cfg.Endpoint,
		HTTPClient: cfg.HTTPClient, UserAgent: cfg.UserAgent, MaxRetries: cfg.MaxRetries, Now: cfg.Now,
	})}
}

// AssumeRoleInput are the parameters of AssumeRole. Duration zero means the
// vendor's default (3600 s).
type AssumeRoleInput struct {
	RoleArn, SessionName, ExternalID, Policy string
	Duration                                 time.Duration
}

// OIDCInput are the parameters of AssumeRoleWithOIDC; Token is the OIDC
// token itself (a secret).
type OIDCInput struct {
	RoleArn, ProviderArn, Token, SessionName, Policy string
	Duration                                         time.Duration
}

// stsAnswer is the part of an AssumeRole / AssumeRoleWithOIDC answer the
// provider uses.
type stsAnswer struct {
	Credentials struct {
		AccessKeyID     string `json:"AccessKeyId"`
		AccessKeySecret string `json:"AccessKeySecret"`
		SecurityToken   string `json:"SecurityToken"`
		Expiration      string `json:"Expiration"`
	} `json:"Credentials"`
}

// AssumeRole asks STS for temporary credentials of in.RoleArn, signed with
// the client's credentials.
func (s *STS) AssumeRole(ctx context.Context, in AssumeRoleInput) (Credentials, error) {
	params := map[string]string{"RoleArn": in.RoleArn, "RoleSessionName": in.SessionName}
	setOptional(params, "ExternalId", in.ExternalID)
	setOptional(params, "Policy", in.Policy)
	if in.Duration > 0 {
		params["DurationSeconds"] = strconv.Itoa(int(in.Duration / time.Second))
	}
	return s.call(ctx, rpcRequest{Action: "AssumeRole", Params: params, Idempotent: true})
}

// AssumeRoleWithOIDC exchanges an OIDC token for temporary credentials; the
// call is not signed, the token is its proof.
func (s *STS) AssumeRoleWithOIDC(ctx context.Context, in OIDCInput) (Credentials, error) {
	params := map[string]string{"RoleArn": in.RoleArn, "OIDCProviderArn": in.ProviderArn, "OIDCToken": in.Token, "RoleSessionName": in.SessionName}
	setOptional(params, "Policy", in.Policy)
	if in.Duration > 0 {
		params["DurationSeconds"] = strconv.Itoa(int(in.Duration / time.Second))
	}
	return s.call(ctx, rpcRequest{Action: "AssumeRoleWithOIDC", Params: params, Idempotent: true, Anonymous: true, Secrets: []string{in.Token}})
}

func (s *STS) call(ctx context.Context, req rpcRequest) (Credentials, error) {
	var out stsAnswer
	id, err := s.c.rpc(ctx, req, &out)
	if err != nil {
		return Credentials{}, err
	}
	return out.credentials(req.Action, id)
}

func (a stsAnswer) credentials(action, requestID string) (Credentials, error) {
	c := a.Credentials
	if c.AccessKeyID == "" || c.AccessKeySecret == "" || c.SecurityToken == "" {
		return Credentials{}, fmt.Errorf("%s answer (request id %s) holds no complete credentials", action, requestID)
	}
	exp, err := time.Parse(time.RFC3339, c.Expiration)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s answer (request id %s): Expiration %q is not a time", action, requestID, c.Expiration)
	}
	return Credentials{AccessKey: c.AccessKeyID, SecretKey: c.AccessKeySecret, SecurityToken: c.SecurityToken, Expiration: exp}, nil
}

func setOptional(params map[string]string, k, v string) {
	if v != "" {
		params[k] = v
	}
}
