package conns

import (
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// Tencentcloud returns the CLS client for region ("" means the provider's region).
func (c *Clients) Tencentcloud(region string) (*tencentcloud.Client, error) {
	var miss []*MissingSettingError
	s := c.s.Tencentcloud
	if region == "" {
		region = s.Region
	}
	if s.SecretID == "" {
		miss = append(miss, &MissingSettingError{Block: "tencentcloud", Attribute: "secret_id", EnvVars: EnvVars["tencentcloud.secret_id"], Why: "needed to sign Tencent Cloud requests"})
	}
	if s.SecretKey == "" {
		miss = append(miss, &MissingSettingError{Block: "tencentcloud", Attribute: "secret_key", EnvVars: EnvVars["tencentcloud.secret_key"], Why: "needed to sign Tencent Cloud requests"})
	}
	if region == "" {
		miss = append(miss, &MissingSettingError{Block: "tencentcloud", Attribute: "region", EnvVars: EnvVars["tencentcloud.region"], Why: "or set region on the resource"})
	}
	if err := c.missing(miss...); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.tencent[region]; ok {
		return cl, nil
	}
	cl := tencentcloud.NewClient(tencentcloud.Config{
		SecretID: s.SecretID, SecretKey: s.SecretKey, SecurityToken: s.SecurityToken,
		Region: region, Endpoint: s.Endpoint, MaxRetries: c.s.MaxRetries, HTTPClient: c.s.HTTPClient, UserAgent: c.s.UserAgent,
		Limiters: c.limiters,
	})
	c.tencent[region] = cl
	return cl, nil
}
