// Package tencentcloud is a small TC3-signed client for the Tencent Cloud
// CLS API, version 2020-10-16.
package tencentcloud

import (
	"net/http"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// RateLimit is CLS's documented limit: 20 requests per second per API.
const RateLimit = 20

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
}

// Client calls CLS operations.
type Client struct {
	cfg Config
	tr  *transport.Transport
}

// NewClient returns a Client for cfg. Clients with the same endpoint and
// secret id share one rate limiter per action in this process.
func NewClient(cfg Config) *Client {
	return &Client{cfg: cfg, tr: transport.New(transport.Config{
		Cloud:      "tencentcloud",
		HTTPClient: cfg.HTTPClient,
		MaxRetries: cfg.MaxRetries,
		Secrets:    []string{cfg.SecretKey, cfg.SecurityToken},
		RateLimit:  RateLimit,
		RateKey:    "tencentcloud|" + cfg.Endpoint + "|" + cfg.SecretID,
	})}
}

// Region is the region the client sends requests for.
func (c *Client) Region() string { return c.cfg.Region }
