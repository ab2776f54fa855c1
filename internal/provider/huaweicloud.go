package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

type huaweicloudModel struct {
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	AuthToken     types.String `tfsdk:"auth_token"`
	ProjectID     types.String `tfsdk:"project_id"`
	Region        types.String `tfsdk:"region"`
	Endpoint      types.String `tfsdk:"endpoint"`
	InsecureHTTP  types.Bool   `tfsdk:"insecure_http"`
}

func huaweicloudBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		Description: "Huawei Cloud CloudDC (bare-metal server) settings. Give either `auth_token` or `access_key` and `secret_key`.",
		Attributes: map[string]schema.Attribute{
			"access_key":     plainAttr("Access key (AK) for SDK-HMAC-SHA256 signing." + envDoc("huaweicloud.access_key")),
			"secret_key":     secretAttr("Secret key (SK)." + envDoc("huaweicloud.secret_key")),
			"security_token": secretAttr("Security token for temporary AK/SK." + envDoc("huaweicloud.security_token")),
			"auth_token":     secretAttr("IAM token sent as `X-Auth-Token`; used instead of AK/SK when set." + envDoc("huaweicloud.auth_token")),
			"project_id":     plainAttr("Default project id." + envDoc("huaweicloud.project_id")),
			"region":         plainAttr("Default region, for example `cn-east-3`."+envDoc("huaweicloud.region"), regionValidators()...),
			"endpoint":       plainAttr("Base URL that replaces `https://clouddc.<region>.myhuaweicloud.com`, for example the emulator's."+envDoc("huaweicloud.endpoint"), endpointValidators()...),
			"insecure_http":  insecureAttr("huaweicloud"),
		},
	}
}

// huaweicloudSettings resolves the huaweicloud block and its environment variables.
func huaweicloudSettings(unknown map[string]bool, m *huaweicloudModel, diags *diag.Diagnostics) conns.HuaweicloudSettings {
	s := conns.HuaweicloudSettings{
		AccessKey:     pick(unknown, "huaweicloud.access_key", m.AccessKey),
		SecretKey:     pick(unknown, "huaweicloud.secret_key", m.SecretKey),
		SecurityToken: pick(unknown, "huaweicloud.security_token", m.SecurityToken),
		AuthToken:     pick(unknown, "huaweicloud.auth_token", m.AuthToken),
		ProjectID:     pick(unknown, "huaweicloud.project_id", m.ProjectID),
		Region:        pick(unknown, "huaweicloud.region", m.Region),
		Endpoint:      pick(unknown, "huaweicloud.endpoint", m.Endpoint),
	}
	return s
}
