// Package tencentcloud is a small TC3-signed client for the Tencent Cloud
// CLS API, version 2020-10-16.
package tencentcloud

import (
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/listcache"

	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// RateLimit is CLS's documented limit: 20 requests per second per API.
const RateLimit = 20

// APIVersion is the X-TC-Version of every CLS action used here.
const APIVersion = "2020-10-16"

// contentType is what the official Go SDK sends; the signed value must equal
// the sent one byte for byte, so it is set explicitly on every request.
const contentType = "application/json"

// Config holds what a Client needs. Endpoint is a base URL
// (scheme://host[:port]); empty means the region-pinned vendor host.
type Config struct {
	// SecretID, SecretKey and SecurityToken are fixed keys; Credentials,
	// when set, replaces them and is asked for keys on every attempt (the
	// provider's credential cache, which refreshes temporary credentials).
	SecretID      string
	SecretKey     string
	SecurityToken string
	Credentials   func(ctx context.Context) (Credentials, error)
	// CredentialsExpired, when set, is told the security token the API
	// refused (AuthFailure.TokenFailure: expired by its clock, or revoked):
	// the call is sent once more with credentials asked for again, which
	// the cache behind Credentials must refresh.
	CredentialsExpired func(securityToken string)
	// Service and Version are the signing-scope service and X-TC-Version of
	// the client's calls: default Service ("cls") and APIVersion; the STS
	// client sets its own.
	Service, Version string
	Region           string
	Endpoint         string
	MaxRetries       int
	HTTPClient       *http.Client
	UserAgent        string
	// Now tells the signing time; tests replace it. Defaults to time.Now.
	Now func() time.Time
	// Sleep waits between retries; tests replace it. Defaults to a real wait.
	Sleep func(ctx context.Context, d time.Duration) error
	// Limiters is the rate limiter registry of the provider configuration
	// (conns.Clients); nil means one of this client's own.
	Limiters *transport.Limiters
}

// Client calls CLS operations.
type Client struct {
	cfg  Config
	tr   *transport.Transport
	base *url.URL
	// exports shares DescribeExports pages between lookups, per topic.
	exports *listcache.Cache[Export]
	// claims are the export ids this client created or adopted.
	claims claims
	// polls shares DescribeExports lists between the waits on a topic
	// (PollExport).
	polls exportPolls
}

// NewClient returns a Client for cfg. Clients with the same Limiters,
// endpoint and secret id share one rate limiter per action.
func NewClient(cfg Config) *Client {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Service == "" {
		cfg.Service, cfg.Version = Service, APIVersion
	}
	if cfg.Credentials == nil {
		fixed := Credentials{SecretID: cfg.SecretID, SecretKey: cfg.SecretKey, SecurityToken: cfg.SecurityToken}
		cfg.Credentials = func(context.Context) (Credentials, error) { return fixed, nil }
	}
	return &Client{
		cfg:     cfg,
		base:    endpointURL(cfg.Endpoint, cfg.Region),
		exports: listcache.New[Export](0),
		claims:  claims{ids: map[string]bool{}},
		tr: transport.New(transport.Config{
			Cloud:      "tencentcloud",
			Where:      whereTo(cfg),
			HTTPClient: cfg.HTTPClient,
			MaxRetries: cfg.MaxRetries,
			Secrets:    []string{cfg.SecretKey, cfg.SecurityToken},
			RateLimit:  RateLimit,
			RateKey:    "tencentcloud|" + cfg.Endpoint + "|" + cfg.SecretID,
			Sleep:      cfg.Sleep,
			Limiters:   cfg.Limiters,
		}),
	}
}

// Region is the region the client sends requests for.
func (c *Client) Region() string { return c.cfg.Region }

// endpointURL is the configured base URL, or the region-pinned vendor host
// (cls.<region>.tencentcloudapi.com). CLS objects are regional, so the
// nearest-region host is never used.
func endpointURL(endpoint, region string) *url.URL {
	if endpoint == "" {
		endpoint = "https://cls." + region + ".tencentcloudapi.com"
	}
	u, err := url.Parse(strings.TrimRight(endpoint, "/"))
	if err != nil || u.Host == "" {
		// The provider validates endpoints; keep a usable value for direct callers.
		u = &url.URL{Scheme: "https", Host: strings.TrimPrefix(strings.TrimPrefix(endpoint, "https://"), "http://")}
	}
	u.Path = "/"
	return u
}

// call signs and sends one action with params as the JSON body and decodes
// the Response object into out (when non-nil).
func (c *Client) call(ctx context.Context, action string, idempotent bool, params, out any) (string, error) {
	return c.send(ctx, sendInput{action: action, idempotent: idempotent, params: params}, out)
}

// sendInput is one action to send: anonymous calls (STS
// AssumeRoleWithWebIdentity) are not signed, and secrets are values of the
// parameters to mask in logs and errors (the web identity token).
type sendInput struct {
	action     string
	idempotent bool
	anonymous  bool
	params     any
	secrets    []string
}

// send is call with the options of in. The credentials are asked for on
// every attempt; the secrets of the first and of every later attempt are
// masked in the logs and in vendor messages.
func (c *Client) send(ctx context.Context, in sendInput, out any) (string, error) {
	id, token, err := c.sendOnce(ctx, in, out)
	if token != "" && c.cfg.CredentialsExpired != nil && isTokenFailure(err) {
		// A refused token means the call had no effect: safe to send
		// again, even when it is not idempotent.
		c.cfg.CredentialsExpired(token)
		id, _, err = c.sendOnce(ctx, in, out)
	}
	return id, err
}

// sendOnce is send without the retry after a refused security token; it
// also returns the security token of the last attempt.
func (c *Client) sendOnce(ctx context.Context, in sendInput, out any) (id, token string, err error) {
	action := in.action
	body, err := json.Marshal(in.params)
	if err != nil {
		return "", "", fmt.Errorf("encoding %s parameters: %w", action, err)
	}
	secrets := append([]string{}, in.secrets...)
	if !in.anonymous {
		creds, err := c.cfg.Credentials(ctx)
		if err != nil {
			return "", "", err
		}
		secrets = append(secrets, creds.SecretKey, creds.SecurityToken)
	}
	resp, err := c.tr.Do(ctx, transport.Request{
		Action:     action,
		Region:     c.cfg.Region,
		Idempotent: in.idempotent,
		Secrets:    secrets,
		Build: func(ctx context.Context) (*http.Request, error) {
			var creds Credentials
			if !in.anonymous {
				var err error
				if creds, err = c.cfg.Credentials(ctx); err != nil {
					return nil, err
				}
			}
			token = creds.SecurityToken
			return c.build(ctx, buildInput{action: action, body: body, creds: creds, anonymous: in.anonymous})
		},
		Decode: c.decoder(secrets),
	})
	if err != nil {
		return "", token, err
	}
	if out != nil {
		wrapper := struct {
			Response any `json:"Response"`
		}{Response: out}
		if err := json.Unmarshal(resp.Body, &wrapper); err != nil {
			return resp.RequestID, token, fmt.Errorf("decoding %s response (request id %s): %w", action, resp.RequestID, err)
		}
	}
	return resp.RequestID, token, nil
}

// buildInput is what one attempt is built from.
type buildInput struct {
	action    string
	body      []byte
	creds     Credentials
	anonymous bool
}

// build makes a freshly signed request (Authorization SKIP when anonymous,
// as the vendor's SDK sends it); the body bytes signed are the bytes sent.
func (c *Client) build(ctx context.Context, in buildInput) (*http.Request, error) {
	action, body := in.action, in.body
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := c.cfg.Now().Unix()
	host := c.base.Host
	req.Host = host
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", c.cfg.Version)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	// Always sent: the vendor documents Region as required on some pages and
	// optional on others.
	req.Header.Set("X-TC-Region", c.cfg.Region)
	req.Header.Set("X-TC-Language", "en-US")
	if in.creds.SecurityToken != "" {
		req.Header.Set("X-TC-Token", in.creds.SecurityToken)
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if in.anonymous {
		req.Header.Set("Authorization", "SKIP")
		return req, nil
	}
	req.Header.Set("Authorization", Authorization(SignInput{
		Method: http.MethodPost,
		Headers: map[string]string{
			"content-type": contentType,
			"host":         host,
			"x-tc-action":  action,
		},
		// The current vendor docs sign x-tc-action too; the server accepts any listed set.
		SignedHeaders: []string{"content-type", "host", "x-tc-action"},
		Payload:       body,
		Timestamp:     ts,
		Service:       c.cfg.Service,
		SecretID:      in.creds.SecretID,
		SecretKey:     in.creds.SecretKey,
	}))
	return req, nil
}

// whereTo names where requests go and what chose it, for network errors.
func whereTo(cfg Config) string {
	if cfg.Endpoint != "" && cfg.Service == STSService {
		return cfg.Endpoint + ", from tencentcloud.sts_endpoint or TELEMETRY_TENCENTCLOUD_STS_ENDPOINT"
	}
	if cfg.Endpoint != "" {
		return cfg.Endpoint + ", from tencentcloud.endpoint or TELEMETRY_TENCENTCLOUD_ENDPOINT"
	}
	return "the vendor's default host for region " + cfg.Region
}
