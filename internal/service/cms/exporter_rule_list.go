package cms

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ list.ListResource              = (*exporterRuleListResource)(nil)
	_ list.ListResourceWithConfigure = (*exporterRuleListResource)(nil)
)

// NewExporterRuleListResource returns the list resource of
// telemetry_cms_exporter_rule (`terraform query`, Terraform 1.14 and later).
func NewExporterRuleListResource() list.ListResource { return &exporterRuleListResource{} }

// exporterRuleListResource lists a region's export rules through the
// client's shared pages (ExporterRules).
type exporterRuleListResource struct {
	clients *conns.Clients
}

type exporterRuleListConfig struct {
	Region     types.String `tfsdk:"region"`
	NamePrefix types.String `tfsdk:"name_prefix"`
}

func (l *exporterRuleListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_exporter_rule"
}

func (l *exporterRuleListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the CloudMonitor export rules of a region, optionally only those whose name starts with a prefix. " +
			"Every argument of a listed rule is read, so configuration generated from it is complete.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:    true,
				Description: "Region to list, for example `cn-hangzhou`. Default: the provider's `alicloud.region`.",
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
			"name_prefix": schema.StringAttribute{
				Optional:    true,
				Description: "Only list export rules whose `rule_name` starts with this prefix (case-sensitive). Default: every rule.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
	desc.Split(&resp.Schema)
}

func (l *exporterRuleListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.clients = c
}

func (l *exporterRuleListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg exporterRuleListConfig
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	client := l.client(cfg.Region, &diags)
	if client == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	rules, err := client.ExporterRules(ctx)
	if err != nil {
		diags.AddError(fmt.Sprintf("listing CMS export rules of %s", client.Region()), apiErrorDetail(err, ""))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	prefix := cfg.NamePrefix.ValueString()
	region := types.StringValue(client.Region())
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for _, rule := range rules {
			if req.Limit > 0 && sent >= req.Limit {
				return
			}
			if !strings.HasPrefix(rule.RuleName, prefix) {
				continue
			}
			sent++
			if !push(listedExporterRule(ctx, req, rule, region)) {
				return
			}
		}
	}
}

// listedExporterRule is one result: the identity, a display name and, when
// asked, the resource as Read fills it after an import.
func listedExporterRule(ctx context.Context, req list.ListRequest, rule alicloud.ExporterRule, region types.String) list.ListResult {
	m := exporterRuleModel{RuleName: types.StringValue(rule.RuleName), Region: region}
	applyRuleRemote(&m, rule)
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s (%s/%s to %s)", rule.RuleName, rule.Namespace, rule.MetricName, strings.Join(rule.DstNames, ", "))
	result.Diagnostics.Append(result.Identity.Set(ctx, ruleIdentityOf(m))...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (l *exporterRuleListResource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return l.clients.AlicloudFor(region.ValueString(), diags)
}
