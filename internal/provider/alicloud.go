package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

type alicloudModel struct {
	AccessKey             types.String        `tfsdk:"access_key"`
	SecretKey             types.String        `tfsdk:"secret_key"`
	SecurityToken         types.String        `tfsdk:"security_token"`
	Region                types.String        `tfsdk:"region"`
	Endpoint              types.String        `tfsdk:"endpoint"`
	InsecureHTTP          types.Bool          `tfsdk:"insecure_http"`
	Profile               types.String        `tfsdk:"profile"`
	SharedCredentialsFile types.String        `tfsdk:"shared_credentials_file"`
	OIDCRoleArn           types.String        `tfsdk:"oidc_role_arn"`
	OIDCProviderArn       types.String        `tfsdk:"oidc_provider_arn"`
	OIDCTokenFile         types.String        `tfsdk:"oidc_token_file"`
	ECSRoleName           types.String        `tfsdk:"ecs_role_name"`
	ECSMetadataEndpoint   types.String        `tfsdk:"ecs_metadata_endpoint"`
	STSEndpoint           types.String        `tfsdk:"sts_endpoint"`
	AssumeRole            *alicloudAssumeRole `tfsdk:"assume_role"`
}

type alicloudAssumeRole struct {
	RoleArn     types.String         `tfsdk:"role_arn"`
	SessionName types.String         `tfsdk:"session_name"`
	Duration    timetypes.GoDuration `tfsdk:"duration"`
	ExternalID  types.String         `tfsdk:"external_id"`
	Policy      types.String         `tfsdk:"policy"`
}

func alicloudBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		Description: "Alibaba Cloud CloudMonitor settings." + sourcesDoc(conns.AlicloudSourceOrder),
		Attributes: map[string]schema.Attribute{
			"access_key":     plainAttr("AccessKey ID." + envDoc("alicloud.access_key")),
			"secret_key":     secretAttr("AccessKey secret." + envDoc("alicloud.secret_key")),
			"security_token": secretAttr("STS security token for temporary credentials." + envDoc("alicloud.security_token")),
			"region":         plainAttr("Default region, for example `cn-hangzhou`."+envDoc("alicloud.region"), regionValidators()...),
			"endpoint":       plainAttr("Base URL that replaces `https://metrics.<region>.aliyuncs.com`, for example the emulator's."+envDoc("alicloud.endpoint"), endpointValidators()...),
			"insecure_http":  insecureAttr("alicloud"),
			"profile": plainAttr("Name of a profile in the Alibaba Cloud CLI's configuration file (modes `AK`, `StsToken`, `RamRoleArn`, `EcsRamRole`, `OIDC`); " +
				"used when no static keys are set." + envDoc("alicloud.profile")),
			"shared_credentials_file": plainAttr("The CLI configuration file `profile` is read from; default `~/.aliyun/config.json`." + envDoc("alicloud.shared_credentials_file")),
			"oidc_role_arn":           plainAttr("ARN of the RAM role to assume with an OIDC token (STS AssumeRoleWithOIDC), for CI systems." + envDoc("alicloud.oidc_role_arn")),
			"oidc_provider_arn":       plainAttr("ARN of the RAM OIDC identity provider." + envDoc("alicloud.oidc_provider_arn")),
			"oidc_token_file":         plainAttr("File holding the OIDC token; read again at every refresh." + envDoc("alicloud.oidc_token_file")),
			"ecs_role_name": plainAttr("RAM role of the ECS instance, read from the instance metadata service when no other source is configured." +
				envDoc("alicloud.ecs_role_name")),
			"ecs_metadata_endpoint": plainAttr("Base URL of the instance metadata service (default `http://100.100.100.200`); setting it alone uses the instance's role, "+
				"whatever its name. Tests point it at the emulator."+envDoc("alicloud.ecs_metadata_endpoint"), endpointValidators()...),
			"sts_endpoint": plainAttr("Base URL that replaces `https://sts.aliyuncs.com` for `assume_role`, OIDC and `RamRoleArn` profiles."+envDoc("alicloud.sts_endpoint"), endpointValidators()...),
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				Description: "Assume a RAM role through STS AssumeRole, signed with the credentials of the other sources.",
				Attributes: map[string]schema.Attribute{
					"role_arn":     plainAttr("ARN of the role, for example `acs:ram::123456789012:role/telemetry`. Required in the block."),
					"session_name": plainAttr("RoleSessionName; default `terraform-provider-telemetry`."),
					"duration": schema.StringAttribute{Optional: true, CustomType: timetypes.GoDurationType{},
						Description: "Lifetime of the role's credentials, from `15m` to `12h` (the role's maximum session); default `1h`. They are refreshed before they expire.",
						Validators:  []validator.String{durationBetween{min: 15 * time.Minute, max: 12 * time.Hour}}},
					"external_id": plainAttr("ExternalId the role's trust policy asks for."),
					"policy":      plainAttr("A session policy (JSON) that narrows the role's permissions."),
				},
			},
		},
	}
}

// alicloudSettings resolves the alicloud block and its environment variables.
func alicloudSettings(unknown map[string]bool, m *alicloudModel, diags *diag.Diagnostics) conns.AlicloudSettings {
	s := conns.AlicloudSettings{
		AccessKey:             pick(unknown, "alicloud.access_key", m.AccessKey),
		SecretKey:             pick(unknown, "alicloud.secret_key", m.SecretKey),
		SecurityToken:         pick(unknown, "alicloud.security_token", m.SecurityToken),
		Region:                pick(unknown, "alicloud.region", m.Region),
		Endpoint:              pick(unknown, "alicloud.endpoint", m.Endpoint),
		Profile:               pick(unknown, "alicloud.profile", m.Profile),
		SharedCredentialsFile: pick(unknown, "alicloud.shared_credentials_file", m.SharedCredentialsFile),
		OIDCRoleArn:           pick(unknown, "alicloud.oidc_role_arn", m.OIDCRoleArn),
		OIDCProviderArn:       pick(unknown, "alicloud.oidc_provider_arn", m.OIDCProviderArn),
		OIDCTokenFile:         pick(unknown, "alicloud.oidc_token_file", m.OIDCTokenFile),
		ECSRoleName:           pick(unknown, "alicloud.ecs_role_name", m.ECSRoleName),
		ECSMetadataEndpoint:   pick(unknown, "alicloud.ecs_metadata_endpoint", m.ECSMetadataEndpoint),
		STSEndpoint:           pick(unknown, "alicloud.sts_endpoint", m.STSEndpoint),
	}
	if a := m.AssumeRole; a != nil {
		s.AssumeRole = &conns.AlicloudAssumeRole{RoleArn: a.RoleArn.ValueString(), SessionName: a.SessionName.ValueString(),
			ExternalID: a.ExternalID.ValueString(), Policy: a.Policy.ValueString()}
		if !a.Duration.IsNull() && !a.Duration.IsUnknown() {
			d, dd := a.Duration.ValueGoDuration()
			diags.Append(dd...)
			s.AssumeRole.Duration = d
		}
		if s.AssumeRole.RoleArn == "" && !a.RoleArn.IsUnknown() {
			diags.AddAttributeError(path.Root("alicloud").AtName("assume_role").AtName("role_arn"), "missing role_arn",
				"alicloud.assume_role needs role_arn, the ARN of the RAM role to assume (for example acs:ram::123456789012:role/telemetry).")
		}
	}
	return s
}

// durationBetween refuses a Go duration outside [min, max].
type durationBetween struct{ min, max time.Duration }

func (v durationBetween) Description(_ context.Context) string {
	return fmt.Sprintf("must be a duration from %s to %s", v.min, v.max)
}

func (v durationBetween) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationBetween) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && (d < v.min || d > v.max) {
		resp.Diagnostics.AddAttributeError(req.Path, "invalid duration",
			fmt.Sprintf("%s %q must be from %s to %s.", req.Path, req.ConfigValue.ValueString(), v.min, v.max))
	}
}
