package cls

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/framework"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// NewExportListResource returns the list resource of telemetry_cls_export
// (`terraform query`, Terraform 1.14 and later). It lists the exports of
// one topic, paging DescribeExports (EachExport: one call per page of 100)
// and stopping once the limit is met.
func NewExportListResource() list.ListResource {
	return framework.NewListResource(framework.ListSpec[exportListConfig, tencentcloud.Client, tencentcloud.Export]{
		TypeName: "_cls_export",
		Schema:   exportListSchema,
		Client: func(clients *conns.Clients, cfg exportListConfig, diags *diag.Diagnostics) *tencentcloud.Client {
			return clients.TencentcloudFor(cfg.Region.ValueString(), diags)
		},
		Each: func(ctx context.Context, client *tencentcloud.Client, cfg exportListConfig, visit func(tencentcloud.Export) bool) error {
			return client.EachExport(ctx, cfg.TopicID.ValueString(), func(e tencentcloud.Export) bool {
				return (!cfg.Status.IsNull() && e.Status != cfg.Status.ValueString()) || visit(e)
			})
		},
		Result: listedExport,
		Failed: func(_ *tencentcloud.Client, cfg exportListConfig, err error) (string, string) {
			return fmt.Sprintf("listing CLS exports of topic %s", cfg.TopicID.ValueString()), apiErrorDetail(err, createHint(err))
		},
	})
}

type exportListConfig struct {
	TopicID types.String `tfsdk:"topic_id"`
	Region  types.String `tfsdk:"region"`
	Status  types.String `tfsdk:"status"`
}

func exportListSchema() schema.Schema {
	return schema.Schema{
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
}

// listedExport is one result: the identity, a display name and, when asked,
// the resource as Read fills it after an import.
func listedExport(ctx context.Context, req list.ListRequest, client *tencentcloud.Client, e tencentcloud.Export) list.ListResult {
	region := types.StringValue(client.Region())
	m := exportResourceModel{
		Region:            region,
		WaitForCompletion: types.BoolValue(true),
		RestoreMissing:    types.BoolValue(true),
		KeepDownloadURL:   types.BoolValue(false),
		Timeouts:          nullTimeouts(),
	}
	m.setFromAPI(&e)
	id := exportID{TopicID: m.TopicID.ValueString(), ExportID: m.ExportID.ValueString()}
	display := fmt.Sprintf("%s: %q (%s)", e.ExportID, e.Query, e.Status)
	return framework.NewListResult(ctx, req, display, identityOf(id, region), m)
}
