package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

type tencentcloudModel struct {
	SecretID      types.String `tfsdk:"secret_id"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	Region        types.String `tfsdk:"region"`
	Endpoint      types.String `tfsdk:"endpoint"`
	InsecureHTTP  types.Bool   `tfsdk:"insecure_http"`
}

func tencentcloudBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		Description: "Tencent Cloud CLS settings.",
		Attributes: map[string]schema.Attribute{
			"secret_id":      plainAttr("SecretId." + envDoc("tencentcloud.secret_id")),
			"secret_key":     secretAttr("SecretKey." + envDoc("tencentcloud.secret_key")),
			"security_token": secretAttr("STS token for temporary credentials." + envDoc("tencentcloud.security_token")),
			"region":         plainAttr("Default region, for example `ap-guangzhou`."+envDoc("tencentcloud.region"), regionValidators()...),
			"endpoint":       plainAttr("Base URL that replaces `https://cls.<region>.tencentcloudapi.com`, for example the emulator's."+envDoc("tencentcloud.endpoint"), endpointValidators()...),
			"insecure_http":  insecureAttr("tencentcloud"),
		},
	}
}

// tencentcloudSettings resolves the tencentcloud block and its environment variables.
func tencentcloudSettings(unknown map[string]bool, m *tencentcloudModel, diags *diag.Diagnostics) conns.TencentcloudSettings {
	s := conns.TencentcloudSettings{
		SecretID:      pick(unknown, "tencentcloud.secret_id", m.SecretID),
		SecretKey:     pick(unknown, "tencentcloud.secret_key", m.SecretKey),
		SecurityToken: pick(unknown, "tencentcloud.security_token", m.SecurityToken),
		Region:        pick(unknown, "tencentcloud.region", m.Region),
		Endpoint:      pick(unknown, "tencentcloud.endpoint", m.Endpoint),
	}
	return s
}
