package conns

import (
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// Tencentcloud returns the CLS client for region ("" means the provider's
// region). Its credentials come from the first configured source of the
// chain (tencentcloud_chain.go), through the configuration's one cache.
func (c *Clients) Tencentcloud(region string) (*tencentcloud.Client, error) {
	s := c.s.Tencentcloud
	if region == "" {
		region = s.Region
	}
	env := tcEnv{stsEnv: stsEnv{endpoint: s.STSEndpoint, metadata: s.MetadataEndpoint, userAgent: c.s.UserAgent, httpClient: c.s.HTTPClient, maxRetries: c.s.MaxRetries}, region: s.Region}
	src, miss := tencentcloudChain(s, env)
	if miss != nil {
		for _, key := range tencentcloudSourceSettings {
			if c.s.Unknown[key] {
				return nil, &UnknownSettingError{Setting: key} // the source is known at apply
			}
		}
	}
	if src != nil && s.AssumeRole != nil && c.s.Unknown["tencentcloud.assume_role.role_arn"] {
		return nil, &UnknownSettingError{Setting: "tencentcloud.assume_role.role_arn"} // the role is known at apply
	}
	if region == "" {
		miss = append(miss, &MissingSettingError{Block: "tencentcloud", Attribute: "region", EnvVars: EnvVars["tencentcloud.region"], Why: "or set region on the resource"})
	}
	if err := c.missing(miss...); err != nil {
		return nil, err
	}
	creds := c.tencentcloudCredentials(src)
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.tencent[region]; ok {
		return cl, nil
	}
	cl := tencentcloud.NewClient(tencentcloud.Config{
		Credentials:        creds,
		CredentialsExpired: func(token string) { c.invalidateCredentials("Tencent Cloud", token) },
		Region:             region, Endpoint: s.Endpoint, MaxRetries: c.s.MaxRetries, HTTPClient: c.s.HTTPClient, UserAgent: c.s.UserAgent,
		Limiters: c.limiters,
	})
	c.tencent[region] = cl
	return cl, nil
}
