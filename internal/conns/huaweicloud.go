package conns

import (
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

// Huaweicloud returns the CloudDC client for region ("" means the provider's
// region). It needs either auth_token or access_key and secret_key.
func (c *Clients) Huaweicloud(region string) (*huaweicloud.Client, error) {
	var miss []*MissingSettingError
	s := c.s.Huaweicloud
	if region == "" {
		region = s.Region
	}
	if s.AuthToken == "" && c.s.Unknown["huaweicloud.auth_token"] {
		return nil, &UnknownSettingError{Setting: "huaweicloud.auth_token"}
	}
	if s.AuthToken == "" {
		if s.AccessKey == "" {
			miss = append(miss, &MissingSettingError{Block: "huaweicloud", Attribute: "access_key", EnvVars: EnvVars["huaweicloud.access_key"], Why: "needed to sign Huawei Cloud requests unless auth_token (HW_AUTH_TOKEN) is set"})
		}
		if s.SecretKey == "" {
			miss = append(miss, &MissingSettingError{Block: "huaweicloud", Attribute: "secret_key", EnvVars: EnvVars["huaweicloud.secret_key"], Why: "needed to sign Huawei Cloud requests unless auth_token (HW_AUTH_TOKEN) is set"})
		}
	}
	if region == "" {
		miss = append(miss, &MissingSettingError{Block: "huaweicloud", Attribute: "region", EnvVars: EnvVars["huaweicloud.region"], Why: "or set region on the resource"})
	}
	if err := c.missing(miss...); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.huawei[region]; ok {
		return cl, nil
	}
	cl := huaweicloud.NewClient(huaweicloud.Config{
		AccessKey: s.AccessKey, SecretKey: s.SecretKey, SecurityToken: s.SecurityToken, AuthToken: s.AuthToken,
		ProjectID: s.ProjectID, Region: region, Endpoint: s.Endpoint, MaxRetries: c.s.MaxRetries, HTTPClient: c.s.HTTPClient, UserAgent: c.s.UserAgent,
	})
	c.huawei[region] = cl
	return cl, nil
}
