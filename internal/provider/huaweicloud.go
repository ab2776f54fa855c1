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

type huaweicloudModel struct {
	AccessKey           types.String           `tfsdk:"access_key"`
	SecretKey           types.String           `tfsdk:"secret_key"`
	SecurityToken       types.String           `tfsdk:"security_token"`
	AuthToken           types.String           `tfsdk:"auth_token"`
	ProjectID           types.String           `tfsdk:"project_id"`
	Region              types.String           `tfsdk:"region"`
	Endpoint            types.String           `tfsdk:"endpoint"`
	InsecureHTTP        types.Bool             `tfsdk:"insecure_http"`
	Profile             types.String           `tfsdk:"profile"`
	SharedConfigFile    types.String           `tfsdk:"shared_config_file"`
	IdpID               types.String           `tfsdk:"idp_id"`
	IDTokenFile         types.String           `tfsdk:"id_token_file"`
	ECSMetadataEndpoint types.String           `tfsdk:"ecs_metadata_endpoint"`
	IAMEndpoint         types.String           `tfsdk:"iam_endpoint"`
	AssumeRole          *huaweicloudAssumeRole `tfsdk:"assume_role"`
}

type huaweicloudAssumeRole struct {
	AgencyName  types.String `tfsdk:"agency_name"`
	DomainName  types.String `tfsdk:"domain_name"`
	DomainID    types.String `tfsdk:"domain_id"`
	Duration    types.Int64  `tfsdk:"duration"`
	SessionName types.String `tfsdk:"session_name"`
}

func huaweicloudBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		Description: "Huawei Cloud CloudDC (bare-metal server) settings." + sourcesDoc(conns.HuaweicloudSourceOrder),
		Attributes: map[string]schema.Attribute{
			"access_key":     plainAttr("Access key (AK) for SDK-HMAC-SHA256 signing." + envDoc("huaweicloud.access_key")),
			"secret_key":     secretAttr("Secret key (SK)." + envDoc("huaweicloud.secret_key")),
			"security_token": secretAttr("Security token for temporary AK/SK." + envDoc("huaweicloud.security_token")),
			"auth_token":     secretAttr("IAM token sent as `X-Auth-Token`; the first credential source, used instead of AK/SK when set." + envDoc("huaweicloud.auth_token")),
			"project_id":     plainAttr("Default project id; also the scope of the IAM token of the OIDC source." + envDoc("huaweicloud.project_id")),
			"region":         plainAttr("Default region, for example `cn-east-3`."+envDoc("huaweicloud.region"), regionValidators()...),
			"endpoint":       plainAttr("Base URL that replaces `https://clouddc.<region>.myhuaweicloud.com`, for example the emulator's."+envDoc("huaweicloud.endpoint"), endpointValidators()...),
			"insecure_http":  insecureAttr("huaweicloud"),
			"profile": plainAttr("Name of a profile in KooCLI's (hcloud's) configuration file (modes `AKSK`, with the profile's agency if it names one, and `ecsAgency`); " +
				"default: the file's current profile. Used when no token or static keys are set." + envDoc("huaweicloud.profile")),
			"shared_config_file": plainAttr("The KooCLI configuration file `profile` is read from; default `~/.hcloud/config.json`. Its authentication information must not be " +
				"encrypted (`hcloud configure set --cli-auth-encrypt=false`)." + envDoc("huaweicloud.shared_config_file")),
			"idp_id":        plainAttr("IAM identity provider of the OIDC ID token (`X-Idp-Id`), for CI systems." + envDoc("huaweicloud.idp_id")),
			"id_token_file": plainAttr("File holding the OIDC ID token; read again at every refresh." + envDoc("huaweicloud.id_token_file")),
			"ecs_metadata_endpoint": plainAttr("Base URL of the ECS metadata service: setting it (on an ECS instance, `http://169.254.169.254`) makes the instance's agency "+
				"the last credential source; the provider never calls the metadata address unasked. Tests point it at the emulator."+envDoc("huaweicloud.ecs_metadata_endpoint"), endpointValidators()...),
			"iam_endpoint": plainAttr("Base URL that replaces `https://iam.myhuaweicloud.com` for `assume_role`, OIDC and profiles with an agency."+envDoc("huaweicloud.iam_endpoint"), endpointValidators()...),
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				Description: "Obtain the temporary AK/SK of an IAM agency (IAM securitytokens, method `assume_role`) with the credentials of the other sources. " +
					"Without the block, `HW_ASSUME_ROLE_AGENCY_NAME` turns it on.",
				Attributes: map[string]schema.Attribute{
					"agency_name": plainAttr("Name of the agency. Required in the block." + envDoc("huaweicloud.assume_role.agency_name")),
					"domain_name": plainAttr("Name of the account that owns the agency; this or `domain_id` is required." + envDoc("huaweicloud.assume_role.domain_name")),
					"domain_id":   plainAttr("Id of the account that owns the agency." + envDoc("huaweicloud.assume_role.domain_id")),
					"duration": schema.Int64Attribute{Optional: true,
						Description: "Lifetime of the agency's temporary AK/SK in seconds, from 900 to 86400; default 900. They are refreshed before they expire." + envDoc("huaweicloud.assume_role.duration"),
						Validators:  []validator.Int64{int64validator.Between(900, 86400)}},
					"session_name": plainAttr("Name of the session user (`session_user.name`), shown in the agency's audit traces."),
				},
			},
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
		HuaweicloudSources: conns.HuaweicloudSources{
			Profile:             pick(unknown, "huaweicloud.profile", m.Profile),
			SharedConfigFile:    pick(unknown, "huaweicloud.shared_config_file", m.SharedConfigFile),
			IdpID:               pick(unknown, "huaweicloud.idp_id", m.IdpID),
			IDTokenFile:         pick(unknown, "huaweicloud.id_token_file", m.IDTokenFile),
			ECSMetadataEndpoint: pick(unknown, "huaweicloud.ecs_metadata_endpoint", m.ECSMetadataEndpoint),
			IAMEndpoint:         pick(unknown, "huaweicloud.iam_endpoint", m.IAMEndpoint),
		},
	}
	s.AssumeRole = huaweicloudAssumeRoleSettings(unknown, m.AssumeRole, diags)
	return s
}

// huaweicloudAssumeRoleSettings resolves assume_role: the block, or, without
// it, the HW_ASSUME_ROLE_* variables when HW_ASSUME_ROLE_AGENCY_NAME is set.
func huaweicloudAssumeRoleSettings(unknown map[string]bool, a *huaweicloudAssumeRole, diags *diag.Diagnostics) *conns.HuaweicloudAssumeRole {
	if a == nil {
		if os.Getenv(conns.EnvVars["huaweicloud.assume_role.agency_name"][0]) == "" {
			return nil
		}
		a = &huaweicloudAssumeRole{Duration: types.Int64Null()}
	}
	at := path.Root("huaweicloud").AtName("assume_role")
	r := &conns.HuaweicloudAssumeRole{
		AgencyName:  pick(unknown, "huaweicloud.assume_role.agency_name", a.AgencyName),
		DomainName:  pick(unknown, "huaweicloud.assume_role.domain_name", a.DomainName),
		DomainID:    pick(unknown, "huaweicloud.assume_role.domain_id", a.DomainID),
		SessionName: a.SessionName.ValueString(),
	}
	seconds := a.Duration.ValueInt64()
	if a.Duration.IsNull() {
		if raw := os.Getenv(conns.EnvVars["huaweicloud.assume_role.duration"][0]); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || n < 900 || n > 86400 {
				diags.AddAttributeError(at.AtName("duration"), "invalid environment variable",
					fmt.Sprintf("HW_ASSUME_ROLE_DURATION=%q must be a number of seconds from 900 to 86400.", raw))
			}
			seconds = n
		}
	}
	r.Duration = time.Duration(seconds) * time.Second
	switch {
	case r.AgencyName == "" && !unknown["huaweicloud.assume_role.agency_name"]:
		diags.AddAttributeError(at.AtName("agency_name"), "missing agency_name",
			"huaweicloud.assume_role needs agency_name (or HW_ASSUME_ROLE_AGENCY_NAME), the name of the IAM agency to assume.")
	case r.DomainName == "" && r.DomainID == "" && !unknown["huaweicloud.assume_role.domain_name"] && !unknown["huaweicloud.assume_role.domain_id"]:
		diags.AddAttributeError(at.AtName("domain_name"), "missing domain_name",
			"huaweicloud.assume_role needs domain_name or domain_id (or HW_ASSUME_ROLE_DOMAIN_NAME / HW_ASSUME_ROLE_DOMAIN_ID), the account that owns the agency.")
	}
	return r
}
