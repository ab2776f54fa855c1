package provider

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

type tencentcloudModel struct {
	SecretID             types.String             `tfsdk:"secret_id"`
	SecretKey            types.String             `tfsdk:"secret_key"`
	SecurityToken        types.String             `tfsdk:"security_token"`
	Region               types.String             `tfsdk:"region"`
	Endpoint             types.String             `tfsdk:"endpoint"`
	InsecureHTTP         types.Bool               `tfsdk:"insecure_http"`
	Profile              types.String             `tfsdk:"profile"`
	SharedCredentialsDir types.String             `tfsdk:"shared_credentials_dir"`
	CAMRoleName          types.String             `tfsdk:"cam_role_name"`
	MetadataEndpoint     types.String             `tfsdk:"cvm_metadata_endpoint"`
	STSEndpoint          types.String             `tfsdk:"sts_endpoint"`
	AssumeRole           *tencentcloudAssumeRole  `tfsdk:"assume_role"`
	WebIdentity          *tencentcloudWebIdentity `tfsdk:"assume_role_with_web_identity"`
}

type tencentcloudAssumeRole struct {
	RoleArn         types.String `tfsdk:"role_arn"`
	SessionName     types.String `tfsdk:"session_name"`
	SessionDuration types.Int64  `tfsdk:"session_duration"`
	ExternalID      types.String `tfsdk:"external_id"`
	Policy          types.String `tfsdk:"policy"`
}

type tencentcloudWebIdentity struct {
	ProviderID       types.String `tfsdk:"provider_id"`
	RoleArn          types.String `tfsdk:"role_arn"`
	SessionName      types.String `tfsdk:"session_name"`
	SessionDuration  types.Int64  `tfsdk:"session_duration"`
	WebIdentityToken types.String `tfsdk:"web_identity_token"`
	TokenFile        types.String `tfsdk:"web_identity_token_file"`
}

// sessionDurationAttr is session_duration in seconds, as the vendor's provider takes it.
func sessionDurationAttr(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, Description: desc + " Seconds, up to 43200 (12 hours); default 7200. They are refreshed before they expire.",
		Validators: []validator.Int64{int64validator.Between(1, 43200)}}
}

func tencentcloudBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		Description: "Tencent Cloud CLS settings." + sourcesDoc(conns.TencentcloudSourceOrder),
		Attributes: map[string]schema.Attribute{
			"secret_id":      plainAttr("SecretId." + envDoc("tencentcloud.secret_id")),
			"secret_key":     secretAttr("SecretKey." + envDoc("tencentcloud.secret_key")),
			"security_token": secretAttr("STS token for temporary credentials." + envDoc("tencentcloud.security_token")),
			"region":         plainAttr("Default region, for example `ap-guangzhou`."+envDoc("tencentcloud.region"), regionValidators()...),
			"endpoint":       plainAttr("Base URL that replaces `https://cls.<region>.tencentcloudapi.com`, for example the emulator's."+envDoc("tencentcloud.endpoint"), endpointValidators()...),
			"insecure_http":  insecureAttr("tencentcloud"),
			"profile": plainAttr("Name of a profile of the Tencent Cloud CLI (`tccli configure --profile`): the file `<profile>.credential` of `shared_credentials_dir` " +
				"(`secretId`, `secretKey`, and `roleArn` to assume a role with them); used when no static keys or web identity are set." + envDoc("tencentcloud.profile")),
			"shared_credentials_dir": plainAttr("The directory of the CLI's credential files; default `~/.tccli`. Setting it alone uses the profile `default`." + envDoc("tencentcloud.shared_credentials_dir")),
			"cam_role_name": plainAttr("CAM role of the CVM instance, read from the instance metadata service when no other source is configured." +
				envDoc("tencentcloud.cam_role_name")),
			"cvm_metadata_endpoint": plainAttr("Base URL of the instance metadata service (default `http://metadata.tencentyun.com`); setting it alone uses the instance's role, "+
				"whatever its name. Tests point it at the emulator."+envDoc("tencentcloud.cvm_metadata_endpoint"), endpointValidators()...),
			"sts_endpoint": plainAttr("Base URL that replaces `https://sts.tencentcloudapi.com` for `assume_role`, web identity and profiles with a `roleArn`."+envDoc("tencentcloud.sts_endpoint"), endpointValidators()...),
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				Description: "Assume a CAM role through STS AssumeRole, signed with the credentials of the other sources. Without the block, `TENCENTCLOUD_ASSUME_ROLE_ARN` (with no web identity configured) assumes a role too.",
				Attributes: map[string]schema.Attribute{
					"role_arn":         plainAttr("ARN of the role, for example `qcs::cam::uin/100000000001:roleName/telemetry`. Required in the block." + envDoc("tencentcloud.assume_role.role_arn")),
					"session_name":     plainAttr("RoleSessionName; default `terraform-provider-telemetry`." + envDoc("tencentcloud.assume_role.session_name")),
					"session_duration": sessionDurationAttr("Lifetime of the role's credentials." + envDoc("tencentcloud.assume_role.session_duration")),
					"external_id":      plainAttr("ExternalId the role's trust policy asks for." + envDoc("tencentcloud.assume_role.external_id")),
					"policy":           plainAttr("A session policy (JSON) that narrows the role's permissions; sent URL-encoded."),
				},
			},
			"assume_role_with_web_identity": schema.SingleNestedBlock{
				Description: "Exchange an OIDC token (a CI system's, or a TKE pod's) for the credentials of a CAM role through STS AssumeRoleWithWebIdentity. Without the block, its variables configure it.",
				Attributes: map[string]schema.Attribute{
					"provider_id":             plainAttr("The CAM OIDC identity provider's name." + envDoc("tencentcloud.assume_role_with_web_identity.provider_id")),
					"role_arn":                plainAttr("ARN of the role to assume." + envDoc("tencentcloud.assume_role_with_web_identity.role_arn")),
					"session_name":            plainAttr("RoleSessionName; default `terraform-provider-telemetry`." + envDoc("tencentcloud.assume_role_with_web_identity.session_name")),
					"session_duration":        sessionDurationAttr("Lifetime of the role's credentials." + envDoc("tencentcloud.assume_role_with_web_identity.session_duration")),
					"web_identity_token":      secretAttr("The OIDC token; wins over `web_identity_token_file`." + envDoc("tencentcloud.assume_role_with_web_identity.web_identity_token")),
					"web_identity_token_file": plainAttr("File holding the OIDC token (bare, or JSON `{\"web_identity_token\": \"...\"}`); read again at every refresh." + envDoc("tencentcloud.assume_role_with_web_identity.web_identity_token_file")),
				},
			},
		},
	}
}

// tencentcloudSettings resolves the tencentcloud block and its environment variables.
func tencentcloudSettings(unknown map[string]bool, m *tencentcloudModel, diags *diag.Diagnostics) conns.TencentcloudSettings {
	s := conns.TencentcloudSettings{
		SecretID:             pick(unknown, "tencentcloud.secret_id", m.SecretID),
		SecretKey:            pick(unknown, "tencentcloud.secret_key", m.SecretKey),
		SecurityToken:        pick(unknown, "tencentcloud.security_token", m.SecurityToken),
		Region:               pick(unknown, "tencentcloud.region", m.Region),
		Endpoint:             pick(unknown, "tencentcloud.endpoint", m.Endpoint),
		Profile:              pick(unknown, "tencentcloud.profile", m.Profile),
		SharedCredentialsDir: pick(unknown, "tencentcloud.shared_credentials_dir", m.SharedCredentialsDir),
		CAMRoleName:          pick(unknown, "tencentcloud.cam_role_name", m.CAMRoleName),
		MetadataEndpoint:     pick(unknown, "tencentcloud.cvm_metadata_endpoint", m.MetadataEndpoint),
		STSEndpoint:          pick(unknown, "tencentcloud.sts_endpoint", m.STSEndpoint),
	}
	s.WebIdentity = tencentcloudWebIdentitySettings(unknown, m.WebIdentity, diags)
	s.AssumeRole = tencentcloudAssumeRoleSettings(unknown, m.AssumeRole, s.WebIdentity != nil, diags)
	return s
}

// tencentcloudWebIdentitySettings is the web identity source of the block,
// or of its variables alone (a CI job or a TKE pod sets them), or nil.
func tencentcloudWebIdentitySettings(unknown map[string]bool, b *tencentcloudWebIdentity, diags *diag.Diagnostics) *conns.TencentcloudWebIdentity {
	present := b != nil
	if b == nil {
		b = &tencentcloudWebIdentity{}
	}
	const k = "tencentcloud.assume_role_with_web_identity."
	w := &conns.TencentcloudWebIdentity{
		ProviderID: pick(unknown, k+"provider_id", b.ProviderID), Token: pick(unknown, k+"web_identity_token", b.WebIdentityToken),
		TokenFile: pick(unknown, k+"web_identity_token_file", b.TokenFile),
	}
	if !present && w.ProviderID == "" && w.Token == "" && w.TokenFile == "" {
		return nil // TENCENTCLOUD_ASSUME_ROLE_ARN alone is assume_role's
	}
	w.RoleArn = pick(unknown, k+"role_arn", b.RoleArn)
	w.SessionName = pick(unknown, k+"session_name", b.SessionName)
	w.Duration = pickSeconds(k+"session_duration", b.SessionDuration, diags)
	return w
}

// tencentcloudAssumeRoleSettings is assume_role from the block, or from
// TENCENTCLOUD_ASSUME_ROLE_ARN when no web identity takes that variable.
func tencentcloudAssumeRoleSettings(unknown map[string]bool, b *tencentcloudAssumeRole, webIdentity bool, diags *diag.Diagnostics) *conns.TencentcloudAssumeRole {
	present := b != nil
	if b == nil {
		if webIdentity {
			return nil
		}
		b = &tencentcloudAssumeRole{}
	}
	const k = "tencentcloud.assume_role."
	a := &conns.TencentcloudAssumeRole{RoleArn: pick(unknown, k+"role_arn", b.RoleArn)}
	if !present && a.RoleArn == "" {
		return nil
	}
	a.SessionName = pick(unknown, k+"session_name", b.SessionName)
	a.ExternalID = pick(unknown, k+"external_id", b.ExternalID)
	a.Policy = b.Policy.ValueString()
	a.Duration = pickSeconds(k+"session_duration", b.SessionDuration, diags)
	if a.RoleArn == "" && !b.RoleArn.IsUnknown() {
		diags.AddAttributeError(path.Root("tencentcloud").AtName("assume_role").AtName("role_arn"), "missing role_arn",
			"tencentcloud.assume_role needs role_arn, the ARN of the CAM role to assume (for example qcs::cam::uin/100000000001:roleName/telemetry), or TENCENTCLOUD_ASSUME_ROLE_ARN.")
	}
	return a
}

// pickSeconds is a session_duration: the configured seconds, else its
// environment variable, else zero (the vendor's default). A variable that is
// not a number of seconds from 1 to 43200 is an error naming it.
func pickSeconds(key string, v types.Int64, diags *diag.Diagnostics) time.Duration {
	if !v.IsNull() && !v.IsUnknown() {
		return time.Duration(v.ValueInt64()) * time.Second
	}
	for _, e := range conns.EnvVars[key] {
		raw := os.Getenv(e)
		if raw == "" {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 1 || n > 43200 {
			diags.AddError("invalid "+e, fmt.Sprintf("%s=%q must be a number of seconds from 1 to 43200.", e, raw))
			return 0
		}
		return time.Duration(n) * time.Second
	}
	return 0
}
