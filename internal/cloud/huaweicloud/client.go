// Package huaweicloud is a small client for the Huawei Cloud CloudDC
// (bare-metal server) log export API, authenticated with an IAM token or
// SDK-HMAC-SHA256 AK/SK signing.
package huaweicloud

import (
	"bytes"
	"context"
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
	AccessKey     string
	SecretKey     string
	SecurityToken string
	AuthToken     string
	ProjectID     string
	Region        string
	Endpoint      string
	MaxRetries    int
	HTTPClient    *http.Client
	UserAgent     string

	// Now is the signing clock; nil means time.Now. Tests pin it.
	Now func() time.Time
	// Sleep replaces the transport's backoff sleep (tests).
	Sleep func(ctx context.Context, d time.Duration) error
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
	if c.cfg.SecurityToken != "" {
		req.Header.Set("X-Security-Token", c.cfg.SecurityToken)
		signed = append(signed, "x-security-token")
		headers["x-security-token"] = []string{c.cfg.SecurityToken}
	}
	sig := Sign(SignInput{
		Method: method, Path: req.URL.Path, Query: req.URL.Query(),
		Headers: headers, SignedHeaders: signed, PayloadHash: PayloadHash(body),
	}, date, c.cfg.SecretKey)
	req.Header.Set("Authorization", AuthorizationHeader(c.cfg.AccessKey, signed, sig))
	return req, nil
}

// whereTo names where requests go and what chose it, for network errors.
func whereTo(cfg Config) string {
	if cfg.Endpoint != "" {
		return cfg.Endpoint + ", from huaweicloud.endpoint or TELEMETRY_HUAWEICLOUD_ENDPOINT"
	}
	return "the vendor's default host for region " + cfg.Region
}
