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
	SecretID      string
	SecretKey     string
	SecurityToken string
	Region        string
	Endpoint      string
	MaxRetries    int
	HTTPClient    *http.Client
	UserAgent     string
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
	body, err := json.Marshal(params)
	if err != nil {
		return "", fmt.Errorf("encoding %s parameters: %w", action, err)
	}
	resp, err := c.tr.Do(ctx, transport.Request{
		Action:     action,
		Region:     c.cfg.Region,
		Idempotent: idempotent,
		Build:      func(ctx context.Context) (*http.Request, error) { return c.build(ctx, action, body) },
		Decode:     c.decode,
	})
	if err != nil {
		return "", err
	}
	if out != nil {
		wrapper := struct {
			Response any `json:"Response"`
		}{Response: out}
		if err := json.Unmarshal(resp.Body, &wrapper); err != nil {
			return resp.RequestID, fmt.Errorf("decoding %s response (request id %s): %w", action, resp.RequestID, err)
		}
	}
	return resp.RequestID, nil
}

// build makes a freshly signed request; the body bytes signed are the bytes sent.
func (c *Client) build(ctx context.Context, action string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := c.cfg.Now().Unix()
	host := c.base.Host
	req.Host = host
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", APIVersion)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	// Always sent: the vendor documents Region as required on some pages and
	// optional on others.
	req.Header.Set("X-TC-Region", c.cfg.Region)
	req.Header.Set("X-TC-Language", "en-US")
	if c.cfg.SecurityToken != "" {
		req.Header.Set("X-TC-Token", c.cfg.SecurityToken)
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
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
		Service:       Service,
		SecretID:      c.cfg.SecretID,
		SecretKey:     c.cfg.SecretKey,
	}))
	return req, nil
}

// whereTo names where requests go and what chose it, for network errors.
func whereTo(cfg Config) string {
	if cfg.Endpoint != "" {
		return cfg.Endpoint + ", from tencentcloud.endpoint or TELEMETRY_TENCENTCLOUD_ENDPOINT"
	}
	return "the vendor's default host for region " + cfg.Region
}
