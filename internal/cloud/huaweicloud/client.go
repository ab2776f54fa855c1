// Package huaweicloud is a small client for the Huawei Cloud CloudDC
// (bare-metal server) log export API, authenticated with an IAM token or
// SDK-HMAC-SHA256 AK/SK signing.
package huaweicloud

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// Config holds what a Client needs. AuthToken wins over AK/SK when both are
// set. Endpoint is a base URL (scheme://host[:port]); empty means the
// regional vendor host.
type Config struct {
	// AccessKey, SecretKey and SecurityToken are fixed keys; Credentials,
	// when set, replaces them and is asked for keys on every attempt (a
	// credential cache that refreshes temporary credentials).
	AccessKey     string
	SecretKey     string
	SecurityToken string
	Credentials   func(ctx context.Context) (Credentials, error)
	// CredentialsExpired, when set, is told the security token the gateway
	// refused as expired (APIGW.0307) while the caller's clock said it was
	// not: the call is sent once more with credentials asked for again,
	// which the cache behind Credentials must refresh.
	CredentialsExpired func(securityToken string)
	AuthToken          string
	ProjectID          string
	Region             string
	Endpoint           string
	MaxRetries         int
	HTTPClient         *http.Client
	UserAgent          string

	// Now is the signing clock; nil means time.Now. Tests pin it.
	Now func() time.Time
	// Sleep replaces the transport's backoff sleep (tests).
	Sleep func(ctx context.Context, d time.Duration) error
}

// Credentials are one set of keys to sign requests with. Expiration is zero
// for long-term keys.
type Credentials struct {
	AccessKey, SecretKey, SecurityToken string
	Expiration                          time.Time
}

// Client calls CloudDC operations.
type Client struct {
	cfg Config
	tr  *transport.Transport
}

// NewClient returns a Client for cfg.
func NewClient(cfg Config) *Client {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Credentials == nil {
		fixed := Credentials{AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, SecurityToken: cfg.SecurityToken}
		cfg.Credentials = func(context.Context) (Credentials, error) { return fixed, nil }
	}
	return &Client{cfg: cfg, tr: transport.New(transport.Config{
		Cloud:      "huaweicloud",
		Where:      whereTo(cfg),
		HTTPClient: cfg.HTTPClient,
		MaxRetries: cfg.MaxRetries,
		Secrets:    []string{cfg.SecretKey, cfg.SecurityToken, cfg.AuthToken},
		Sleep:      cfg.Sleep,
	})}
}

// Region is the region of the client's endpoint.
func (c *Client) Region() string { return c.cfg.Region }

// ProjectID is the default project of the client.
func (c *Client) ProjectID() string { return c.cfg.ProjectID }

// Endpoint is the base URL requests go to: the configured endpoint, or
// https://clouddc.<region>.myhuaweicloud.com.
func (c *Client) Endpoint() string {
	if c.cfg.Endpoint != "" {
		return strings.TrimRight(c.cfg.Endpoint, "/")
	}
	return "https://clouddc." + c.cfg.Region + ".myhuaweicloud.com"
}

// apiPath joins escaped path segments under /v1/{project_id}.
func apiPath(projectID string, segments ...string) string {
	var b strings.Builder
	b.WriteString("/v1/")
	b.WriteString(url.PathEscape(projectID))
	for _, s := range segments {
		b.WriteString("/")
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// newRequest builds one authenticated attempt. With a token it sends
// X-Auth-Token; otherwise it signs host, x-project-id, x-sdk-date (and
// x-security-token for temporary keys) the way the official Go SDK does,
// leaving content-type unsigned.
func (c *Client) newRequest(ctx context.Context, method, projectID, path string, body []byte) (*http.Request, error) {
	var creds Credentials
	if c.cfg.AuthToken == "" {
		var err error
		if creds, err = c.cfg.Credentials(ctx); err != nil {
			return nil, err
		}
	}
	var rd *bytes.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequestWithContext(ctx, method, c.Endpoint()+path, rd)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, c.Endpoint()+path, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("endpoint %q: %w", c.Endpoint(), err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if projectID != "" {
		req.Header.Set("X-Project-Id", projectID)
	}
	if c.cfg.AuthToken != "" {
		req.Header.Set("X-Auth-Token", c.cfg.AuthToken)
		return req, nil
	}
	date := c.cfg.Now().UTC().Format(SdkDateFormat)
	req.Header.Set(HeaderSdkDate, date)
	signed := []string{"host", "x-sdk-date"}
	headers := map[string][]string{"host": {req.URL.Host}, "x-sdk-date": {date}}
	if projectID != "" {
		signed = append(signed, "x-project-id")
		headers["x-project-id"] = []string{projectID}
	}
	if creds.SecurityToken != "" {
		req.Header.Set("X-Security-Token", creds.SecurityToken)
		signed = append(signed, "x-security-token")
		headers["x-security-token"] = []string{creds.SecurityToken}
	}
	sig := Sign(SignInput{
		Method: method, Path: req.URL.Path, Query: req.URL.Query(),
		Headers: headers, SignedHeaders: signed, PayloadHash: PayloadHash(body),
	}, date, creds.SecretKey)
	req.Header.Set("Authorization", AuthorizationHeader(creds.AccessKey, signed, sig))
	return req, nil
}

// whereTo names where requests go and what chose it, for network errors.
func whereTo(cfg Config) string {
	if cfg.Endpoint != "" {
		return cfg.Endpoint + ", from huaweicloud.endpoint or TELEMETRY_HUAWEICLOUD_ENDPOINT"
	}
	return "the vendor's default host for region " + cfg.Region
}

// callSecrets are the secrets of a call's credentials as they are when the
// call starts (the first attempt's): the transport masks them in its logs
// and decode in error texts. Fixed keys are masked by the transport anyway.
func (c *Client) callSecrets(ctx context.Context) ([]string, error) {
	if c.cfg.AuthToken != "" {
		return []string{c.cfg.AuthToken}, nil
	}
	creds, err := c.cfg.Credentials(ctx)
	if err != nil {
		return nil, err
	}
	return []string{creds.SecretKey, creds.SecurityToken}, nil
}

// apiCall is one CloudDC operation to send.
type apiCall struct {
	action, method, project, path string
	body                          []byte
	idempotent                    bool
}

// send sends call, retried once after an expired security token
// (retryExpired); the caller decodes the answer.
func (c *Client) send(ctx context.Context, call apiCall) (*transport.Response, error) {
	return retryExpired(ctx, c, func(secrets []string, token *string) (*transport.Response, error) {
		return c.tr.Do(ctx, c.request(call, secrets, token))
	})
}

// sendStream is send for a download whose body the caller reads.
func (c *Client) sendStream(ctx context.Context, call apiCall) (*http.Response, error) {
	return retryExpired(ctx, c, func(secrets []string, token *string) (*http.Response, error) {
		return c.tr.DoStream(ctx, c.request(call, secrets, token))
	})
}

// retryExpired runs one call with the secrets of the credentials it starts
// with; when the gateway refuses its security token as expired, it reports
// the token to CredentialsExpired and runs the call once more: the refusal
// proves the call had no effect, so this is safe even when it is not
// idempotent.
func retryExpired[T any](ctx context.Context, c *Client, run func(secrets []string, token *string) (T, error)) (T, error) {
	var zero T
	once := func() (T, string, error) {
		secrets, err := c.callSecrets(ctx)
		if err != nil {
			return zero, "", err
		}
		var token string
		out, err := run(secrets, &token)
		return out, token, err
	}
	out, token, err := once()
	var apiErr *Error
	if token != "" && c.cfg.CredentialsExpired != nil && errors.As(err, &apiErr) && apiErr.Code == CodeTokenExpired {
		c.cfg.CredentialsExpired(token)
		out, _, err = once()
	}
	return out, err
}

// request is the transport request of call; each attempt records the
// security token it was signed with in *token.
func (c *Client) request(call apiCall, secrets []string, token *string) transport.Request {
	return transport.Request{
		Action: call.action, Region: c.cfg.Region, Idempotent: call.idempotent, Secrets: secrets,
		Build: func(ctx context.Context) (*http.Request, error) {
			req, err := c.newRequest(ctx, call.method, call.project, call.path, call.body)
			if req != nil {
				*token = req.Header.Get("X-Security-Token")
			}
			return req, err
		},
		Decode: c.decoder(secrets),
	}
}
