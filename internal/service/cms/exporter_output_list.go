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
	_ list.ListResource              = (*exporterOutputListResource)(nil)
	_ list.ListResourceWithConfigure = (*exporterOutputListResource)(nil)
)

// NewExporterOutputListResource returns the list resource of
// telemetry_cms_exporter_output (`terraform query`, Terraform 1.14 and later).
func NewExporterOutputListResource() list.ListResource { return &exporterOutputListResource{} }

// exporterOutputListResource lists a region's exporter outputs through the
// client's shared pages (one DescribeExporterOutputList call per page of
// 100, shared with the refreshes of the same run).
type exporterOutputListResource struct {
	clients *conns.Clients
}

type exporterOutputListConfig struct {
	Region     types.String `tfsdk:"region"`
	NamePrefix types.String `tfsdk:"name_prefix"`
}

func (l *exporterOutputListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_exporter_output"
}

func (l *exporterOutputListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the CloudMonitor exporter outputs of a region, optionally only those whose name starts with a prefix. " +
			"The API never returns the AccessKey secret: a listed resource has `access_key_secret` null, so configuration generated from it needs the secret added.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:    true,
				Description: "Region to list, for example `cn-hangzhou`. Default: the provider's `alicloud.region`.",
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
			"name_prefix": schema.StringAttribute{
				Optional:    true,
				Description: "Only list exporter outputs whose `dest_name` starts with this prefix (case-sensitive). Default: every output.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
	desc.Split(&resp.Schema)
}

func (l *exporterOutputListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.clients = c
}

func (l *exporterOutputListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg exporterOutputListConfig
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
	outputs, err := client.ExporterOutputs(ctx)
	if err != nil {
		diags.AddError(fmt.Sprintf("listing CMS exporter outputs of %s", client.Region()), apiErrorDetail(err, ""))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	prefix := cfg.NamePrefix.ValueString()
	region := types.StringValue(client.Region())
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for _, o := range outputs {
			if req.Limit > 0 && sent >= req.Limit {
				return
			}
			if !strings.HasPrefix(o.DestName, prefix) {
				continue
			}
			sent++
			if !push(listedExporterOutput(ctx, req, o, region)) {
				return
			}
		}
	}
}

// listedExporterOutput is one result: the identity, a display name and,
// when asked, the resource as Read fills it after an import (the secret,
// the description and the user id, which the API never returns, null).
func listedExporterOutput(ctx context.Context, req list.ListRequest, o alicloud.ExporterOutput, region types.String) list.ListResult {
	m := exporterOutputModel{DestName: types.StringValue(o.DestName), Region: region}
	applyRemote(&m, o)
	if m.DestType.IsNull() {
		m.DestType = types.StringValue(destTypes[0])
	}
	setID(&m)
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s (SLS %s/%s)", o.DestName, o.Project, o.Logstore)
	result.Diagnostics.Append(result.Identity.Set(ctx, identityOf(m))...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (l *exporterOutputListResource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return l.clients.AlicloudFor(region.ValueString(), diags)
}
