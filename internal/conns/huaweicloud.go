package conns

import (
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

// Huaweicloud returns the CloudDC client for region ("" means the provider's
// region). Its credentials come from the first configured source of
// HuaweicloudSourceOrder.
func (c *Clients) Huaweicloud(region string) (*huaweicloud.Client, error) {
	s := c.s.Huaweicloud
	if region == "" {
		region = s.Region
	}
	env := iamEnv{endpoint: s.IAMEndpoint, metadata: s.ECSMetadataEndpoint, projectID: s.ProjectID,
		userAgent: c.s.UserAgent, httpClient: c.s.HTTPClient, maxRetries: c.s.MaxRetries}
	creds, miss := huaweicloudChain(s, env)
	if miss != nil || (s.AuthToken == "" && c.s.Unknown["huaweicloud.auth_token"]) {
		for _, key := range huaweicloudSourceSettings {
			if c.s.Unknown[key] {
				return nil, &UnknownSettingError{Setting: key} // the source is known at apply
			}
		}
	}
	if region == "" {
		miss = append(miss, &MissingSettingError{Block: "huaweicloud", Attribute: "region", EnvVars: EnvVars["huaweicloud.region"], Why: "or set region on the resource"})
	}
	if err := c.missing(miss...); err != nil {
		return nil, err
	}
	cfg := huaweicloud.Config{
		AuthToken: creds.token, ProjectID: s.ProjectID, Region: region, Endpoint: s.Endpoint,
		MaxRetries: c.s.MaxRetries, HTTPClient: c.s.HTTPClient, UserAgent: c.s.UserAgent,
	}
	if creds.src != nil {
		cfg.Credentials = c.huaweicloudCredentials(creds.src)
		cfg.CredentialsExpired = func(token string) { c.invalidateCredentials("Huawei Cloud", token) }
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.huawei[region]; ok {
		return cl, nil
	}
	cl := huaweicloud.NewClient(cfg)
	c.huawei[region] = cl
	return cl, nil
}
