// Package alicloud is a small signed client for the Alibaba Cloud
// CloudMonitor (CMS) RPC API, version 2019-01-01.
package alicloud

import (
	"net/http"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// Config holds what a Client needs. Endpoint is a base URL
// (scheme://host[:port]); empty means the regional vendor host.
type Config struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
	Region        string
	Endpoint      string
	MaxRetries    int
	HTTPClient    *http.Client
	UserAgent     string
}

// Client calls CMS operations.
type Client struct {
	cfg Config
	tr  *transport.Transport
}

// NewClient returns a Client for cfg.
func NewClient(cfg Config) *Client {
	return &Client{cfg: cfg, tr: transport.New(transport.Config{
		Cloud:      "alicloud",
		HTTPClient: cfg.HTTPClient,
		MaxRetries: cfg.MaxRetries,
		Secrets:    []string{cfg.SecretKey, cfg.SecurityToken},
	})}
}

// Region is the region the client signs and sends requests for.
func (c *Client) Region() string { return c.cfg.Region }
