package cms

import (
	"context"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// Naming rules for exporter outputs. CloudMonitor publishes no limit for
// DestName; this rule is the project's (a name that is also safe in import
// IDs and URLs), enforced by the provider at plan time and by the emulator,
// and its message says it is ours. The SLS endpoint is documented both as a
// URL (http://cn-qingdao-share.log.aliyuncs.com) and as a bare host
// (cn-hangzhou.log.aliyuncs.com): both are accepted and sent as written.
var (
	destNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
	endpointPattern = regexp.MustCompile(`^(?i:https?://)?[^\s/:]+(:[0-9]+)?/?$`)
)

const destNameRule = "must be 1 to 64 characters: letters, digits, underscores and hyphens, starting with a letter or digit " +
	"(this provider's rule: CloudMonitor documents no limit)"

// destTypes are the destination services PutExporterOutput accepts (only
// Log Service today). The API may show them in upper case; state keeps
// them lower-case.
var destTypes = []string{"sls"}

type exporterOutputModel struct {
	ID                       types.String `tfsdk:"id"`
	DestName                 types.String `tfsdk:"dest_name"`
	DestType                 types.String `tfsdk:"dest_type"`
	Description              types.String `tfsdk:"description"`
	SLSEndpoint              types.String `tfsdk:"sls_endpoint"`
	SLSProject               types.String `tfsdk:"sls_project"`
	SLSLogstore              types.String `tfsdk:"sls_logstore"`
	AccessKeyID              types.String `tfsdk:"access_key_id"`
	AccessKeySecret          types.String `tfsdk:"access_key_secret"`
	AccessKeySecretWO        types.String `tfsdk:"access_key_secret_wo"`
	AccessKeySecretWOVersion types.Int64  `tfsdk:"access_key_secret_wo_version"`
	UserID                   types.String `tfsdk:"user_id"`
	Region                   types.String `tfsdk:"region"`
	CreateTime               types.String `tfsdk:"create_time"`
}

type exporterOutputIdentityModel struct {
	DestName types.String `tfsdk:"dest_name"`
	Region   types.String `tfsdk:"region"`
}

// Schema, IdentitySchema and ConfigValidators delegate to the functions
// below, which tests call too.
func (r *exporterOutputResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exporterOutputSchema(ctx)
}

func (r *exporterOutputResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = exporterOutputIdentitySchema()
}

func (r *exporterOutputResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return exporterOutputConfigValidators()
}

// exporterOutputSchema is the resource's schema, its Markdown descriptions
// split (desc.Split).
func exporterOutputSchema(context.Context) schema.Schema {
	s := schema.Schema{
		Description: "Manages an Alibaba Cloud CloudMonitor exporter output: a named Log Service (SLS) logstore that CloudMonitor exports monitoring data to. " +
			"The CloudMonitor API never returns the AccessKey secret, the description or the user id, so those keep their configured values and are not drift-detected.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "Identifier in the form `region:dest_name`; also the import ID (`dest_name` alone imports from the provider's region).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"dest_name": schema.StringAttribute{
				Required:      true,
				Description:   "Name of the exporter output, unique within the region; it identifies the resource. It " + destNameRule + ". Changing this forces replacement.",
				Validators:    []validator.String{stringvalidator.RegexMatches(destNamePattern, destNameRule)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"dest_type": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString(destTypes[0]),
				Description: "Destination service. Allowed values (CloudMonitor's, any letter case): " + validate.Quoted(destTypes) + ". Default `" + destTypes[0] + "`. The API may answer in another case; that is no change.",
				Validators:  []validator.String{stringvalidator.OneOfCaseInsensitive(destTypes...)},
			},
			"description": schema.StringAttribute{
				Optional:    true,
				Description: "Free-text description (CloudMonitor documents no length limit). The API never returns it: not drift-detected.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"sls_endpoint": schema.StringAttribute{
				Required: true,
				Description: "Log Service endpoint (`endpoint` in the API's ConfigJson): a URL such as `https://cn-hangzhou.log.aliyuncs.com` or a bare host such as `cn-hangzhou.log.aliyuncs.com`, both as the vendor documents them; sent as written. " +
					"An answer that spells the same address another way (host case, trailing slash) is no change.",
				Validators: []validator.String{stringvalidator.RegexMatches(endpointPattern, "must be a Log Service endpoint: a host such as cn-hangzhou.log.aliyuncs.com, optionally with http:// or https:// and no path")},
			},
			"sls_project": schema.StringAttribute{
				Required:    true,
				Description: "Log Service project that receives the data (`project` in ConfigJson).",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"sls_logstore": schema.StringAttribute{
				Required:    true,
				Description: "Logstore in the project (`logstore` in ConfigJson).",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"access_key_id": schema.StringAttribute{
				Required:    true,
				Description: "AccessKey ID CloudMonitor uses to write to Log Service (`ak` in ConfigJson).",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"access_key_secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "AccessKey secret for `access_key_id` (`as` in ConfigJson), stored in state. Exactly one of `access_key_secret` and `access_key_secret_wo` must be set. " +
					"The API never returns it: not drift-detected.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"access_key_secret_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Description: "Write-only variant of `access_key_secret` (Terraform 1.11 and later): sent to the API but never stored in state or plan. " +
					"Changing it alone does nothing; bump `access_key_secret_wo_version` to send a new secret. Not drift-detected.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("access_key_secret_wo_version")),
				},
			},
			"access_key_secret_wo_version": schema.Int64Attribute{
				Optional:    true,
				Description: "Version of `access_key_secret_wo`; change it (for example increment it) to send the current write-only secret again. Requires `access_key_secret_wo`.",
				Validators: []validator.Int64{
					int64validator.AlsoRequires(path.MatchRoot("access_key_secret_wo")),
				},
			},
			"user_id": schema.StringAttribute{
				Optional:    true,
				Description: "Alibaba Cloud account id (UID) that owns the Log Service project (`userId` in ConfigJson), when it is not the caller's. The API never returns it: not drift-detected.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"region":      regionAttribute("exporter output"),
			"create_time": createTimeAttribute("exporter output"),
		},
	}
	desc.Split(&s)
	return s
}

func exporterOutputIdentitySchema() identityschema.Schema {
	return nameIdentitySchema("dest_name", "exporter output")
}

// exporterOutputConfigValidators: exactly one way of giving the secret.
func exporterOutputConfigValidators() []resource.ConfigValidator {
	return []resource.ConfigValidator{exactlyOneSecret{}}
}

// exactlyOneSecret names both attributes and says what to do; the generic
// validator's message does not explain the write-only choice.
type exactlyOneSecret struct{}

func (exactlyOneSecret) Description(context.Context) string {
	return "exactly one of access_key_secret and access_key_secret_wo must be set"
}

func (v exactlyOneSecret) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (exactlyOneSecret) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var secret, wo types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("access_key_secret"), &secret)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("access_key_secret_wo"), &wo)...)
	if resp.Diagnostics.HasError() || secret.IsUnknown() || wo.IsUnknown() {
		return
	}
	switch {
	case secret.IsNull() && wo.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("access_key_secret"), "Missing AccessKey secret",
			"Exactly one of \"access_key_secret\" and \"access_key_secret_wo\" must be set, and neither is. Use access_key_secret_wo (with access_key_secret_wo_version) on Terraform 1.11 and later to keep the secret out of state.")
	case !secret.IsNull() && !wo.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("access_key_secret_wo"), "Conflicting AccessKey secrets",
			"Exactly one of \"access_key_secret\" and \"access_key_secret_wo\" must be set, and both are. Remove one of them.")
	}
}

func putInput(m exporterOutputModel, secret string) alicloud.PutExporterOutputInput {
	return alicloud.PutExporterOutputInput{
		DestName: m.DestName.ValueString(),
		DestType: m.DestType.ValueString(),
		Desc:     m.Description.ValueString(),
		Config: alicloud.ExporterOutputConfig{
			Endpoint:        m.SLSEndpoint.ValueString(),
			Project:         m.SLSProject.ValueString(),
			Logstore:        m.SLSLogstore.ValueString(),
			AccessKeyID:     m.AccessKeyID.ValueString(),
			AccessKeySecret: secret,
			UserID:          m.UserID.ValueString(),
		},
	}
}

// applyRemote copies what the API returns into m (the drift-detected
// fields). A value equivalent to the one m holds (the endpoint's host case,
// a trailing slash, DestType's case) keeps m's spelling: an echo in another
// form is no change.
func applyRemote(m *exporterOutputModel, o alicloud.ExporterOutput) {
	keep := func(cur types.String, remote string, same func(a, b string) bool) types.String {
		if !cur.IsNull() && !cur.IsUnknown() && same(cur.ValueString(), remote) {
			return cur
		}
		return types.StringValue(remote)
	}
	exact := func(a, b string) bool { return a == b }
	if o.DestType != "" {
		m.DestType = keep(m.DestType, strings.ToLower(o.DestType), strings.EqualFold)
	}
	m.SLSEndpoint = keep(m.SLSEndpoint, o.Endpoint, sameEndpoint)
	m.SLSProject = keep(m.SLSProject, o.Project, exact)
	m.SLSLogstore = keep(m.SLSLogstore, o.Logstore, exact)
	m.AccessKeyID = keep(m.AccessKeyID, o.AccessKeyID, exact)
	applyCreateTime(m, o)
}

// applyOutputRead fills m from o as Read does: the drift-detected fields,
// create_time, the default destination type and the id.
func applyOutputRead(m *exporterOutputModel, o alicloud.ExporterOutput) {
	applyRemote(m, o)
	if m.DestType.IsNull() {
		m.DestType = types.StringValue(destTypes[0])
	}
	setID(m)
}

func applyCreateTime(m *exporterOutputModel, o alicloud.ExporterOutput) {
	m.CreateTime = timeString(o.CreateTime)
}

// matchesRemote reports whether o is, field by drift-detected field, what m
// holds (equivalent spellings count as equal).
func matchesRemote(m exporterOutputModel, o alicloud.ExporterOutput) bool {
	return (o.DestType == "" || strings.EqualFold(m.DestType.ValueString(), o.DestType)) &&
		sameEndpoint(m.SLSEndpoint.ValueString(), o.Endpoint) &&
		m.SLSProject.ValueString() == o.Project && m.SLSLogstore.ValueString() == o.Logstore &&
		m.AccessKeyID.ValueString() == o.AccessKeyID
}

// sameEndpoint reports whether two SLS endpoints name the same address. The
// host's letter case and a trailing slash do not matter, nor the scheme when
// one side has none (the vendor documents both https://host and a bare host).
func sameEndpoint(a, b string) bool {
	sa, ha := splitEndpoint(a)
	sb, hb := splitEndpoint(b)
	return ha == hb && (sa == "" || sb == "" || sa == sb)
}

// splitEndpoint returns the lower-case scheme (empty when there is none) and
// the host and path, the host lower-cased and trailing slashes dropped.
func splitEndpoint(e string) (scheme, rest string) {
	e = strings.TrimSpace(e)
	if s, r, ok := strings.Cut(e, "://"); ok {
		scheme, e = strings.ToLower(s), r
	}
	host, path, _ := strings.Cut(e, "/")
	rest = strings.ToLower(host)
	if path = strings.TrimRight(path, "/"); path != "" {
		rest += "/" + path
	}
	return scheme, rest
}

// setID fills the computed id from the name and the region.
func setID(m *exporterOutputModel) {
	m.ID = types.StringValue(exporterOutputID{Region: m.Region.ValueString(), DestName: m.DestName.ValueString()}.String())
}

func identityOf(m exporterOutputModel) exporterOutputIdentityModel {
	return exporterOutputIdentityModel{DestName: m.DestName, Region: m.Region}
}
