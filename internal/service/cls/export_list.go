package cls

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ list.ListResource              = (*exportListResource)(nil)
	_ list.ListResourceWithConfigure = (*exportListResource)(nil)
)

// NewExportListResource returns the list resource of telemetry_cls_export
// (`terraform query`, Terraform 1.14 and later).
func NewExportListResource() list.ListResource { return &exportListResource{} }

// exportListResource lists the exports of one topic, paging DescribeExports
// (EachExport: one call per page of 100) and stopping once the limit is met.
type exportListResource struct {
	clients *conns.Clients
}

type exportListConfig struct {
	TopicID types.String `tfsdk:"topic_id"`
	Region  types.String `tfsdk:"region"`
	Status  types.String `tfsdk:"status"`
}

func (l *exportListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cls_export"
}

func (l *exportListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the log export tasks of a Tencent Cloud CLS topic, newest first as CLS returns them, optionally only those in one status.",
		Attributes: map[string]schema.Attribute{
			"topic_id": schema.StringAttribute{
				Required:    true,
				Description: "ID of the log topic (CLS gives UUIDs and documents no format; our only rule: not empty, without `:` or `#`).",
				Validators:  []validator.String{topicIDValidator()},
			},
			"region": schema.StringAttribute{
				Optional:    true,
				Description: "Region of the topic, for example `ap-guangzhou`. Default: the provider's `tencentcloud.region`.",
				Validators:  []validator.String{validate.Region("ap-guangzhou")},
			},
			"status": schema.StringAttribute{
				Optional:    true,
				Description: fmt.Sprintf("Only list exports in this status: one of %s. Default: every status.", validate.Quoted(tencentcloud.Statuses)),
				Validators:  []validator.String{stringvalidator.OneOf(tencentcloud.Statuses...)},
			},
		},
	}
	desc.Split(&resp.Schema)
}

func (l *exportListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.clients = c
}

// client is the Tencent client for region, or nil with a diagnostic.
func (l *exportListResource) client(region types.String, diags *diag.Diagnostics) *tencentcloud.Client {
	return l.clients.TencentcloudFor(region.ValueString(), diags)
}

func (l *exportListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg exportListConfig
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
	topic := cfg.TopicID.ValueString()
	region := types.StringValue(client.Region())
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		more := true
		err := client.EachExport(ctx, topic, func(e tencentcloud.Export) bool {
			if !cfg.Status.IsNull() && e.Status != cfg.Status.ValueString() {
				return true
			}
			sent++
			more = push(listedExport(ctx, req, e, region))
			// Stop paging once the limit is met: no page past it is read.
			return more && (req.Limit <= 0 || sent < req.Limit)
		})
		if err != nil && more {
			var d diag.Diagnostics
			d.AddError(fmt.Sprintf("listing CLS exports of topic %s", topic), apiErrorDetail(err, createHint(err)))
			push(list.ListResult{Diagnostics: d})
		}
	}
}

// listedExport is one result: the identity, a display name and, when asked,
// the resource as Read fills it after an import.
func listedExport(ctx context.Context, req list.ListRequest, e tencentcloud.Export, region types.String) list.ListResult {
	m := exportResourceModel{
		Region:            region,
		WaitForCompletion: types.BoolValue(true),
		RestoreMissing:    types.BoolValue(true),
		KeepDownloadURL:   types.BoolValue(false),
		Timeouts:          nullTimeouts(),
	}
	m.setFromAPI(&e)
	id := exportID{TopicID: m.TopicID.ValueString(), ExportID: m.ExportID.ValueString()}
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s: %q (%s)", e.ExportID, e.Query, e.Status)
	result.Diagnostics.Append(result.Identity.Set(ctx, identityOf(id, region))...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}
