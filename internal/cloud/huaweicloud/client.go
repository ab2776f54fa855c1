// Package huaweicloud is a small client for the Huawei Cloud CloudDC
// (bare-metal server) log export API, authenticated with an IAM token or
// SDK-HMAC-SHA256 AK/SK signing.
package huaweicloud

import (
	"net/http"

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
}

// Client calls CloudDC operations.
type Client struct {
	cfg Config
	tr  *transport.Transport
}

// NewClient returns a Client for cfg.
func NewClient(cfg Config) *Client {
	return &Client{cfg: cfg, tr: transport.New(transport.Config{
		Cloud:      "huaweicloud",
		HTTPClient: cfg.HTTPClient,
		MaxRetries: cfg.MaxRetries,
		Secrets:    []string{cfg.SecretKey, cfg.SecurityToken, cfg.AuthToken},
	})}
}

// Region is the region of the client's endpoint.
func (c *Client) Region() string { return c.cfg.Region }

// ProjectID is the default project of the client.
func (c *Client) ProjectID() string { return c.cfg.ProjectID }
