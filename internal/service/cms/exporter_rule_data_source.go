package cms

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ datasource.DataSource              = (*exporterRuleDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*exporterRuleDataSource)(nil)
)

// NewExporterRuleDataSource returns the telemetry_cms_exporter_rule data source.
func NewExporterRuleDataSource() datasource.DataSource { return &exporterRuleDataSource{} }

// exporterRuleDataSource reads one export rule by name, through the
// client's shared list (the API has no lookup by name).
type exporterRuleDataSource struct{ dataSourceClients }

func (d *exporterRuleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_exporter_rule"
}

func (d *exporterRuleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads one Alibaba Cloud CloudMonitor export rule by name: the metric it exports, over which time windows, to which exporter outputs.",
		Attributes: map[string]schema.Attribute{
			"rule_name": schema.StringAttribute{
				Required: true, Description: "Name of the export rule.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"region": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Region of the export rule, for example `cn-hangzhou`. Default: the provider's `alicloud.region`.",
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
			"namespace":      schema.StringAttribute{Computed: true, Description: "Namespace of the cloud service whose metric is exported."},
			"metric_name":    schema.StringAttribute{Computed: true, Description: "Metric exported."},
			"target_windows": schema.SetAttribute{Computed: true, ElementType: types.Int64Type, Description: "Time windows exported, in seconds."},
			"description":    schema.StringAttribute{Computed: true, Description: "Description of the rule; null when it has none."},
			"dst_names":      schema.SetAttribute{Computed: true, ElementType: types.StringType, Description: "Names of the exporter outputs the rule exports to (CloudMonitor keeps a name whose output was deleted)."},
			"enabled":        schema.BoolAttribute{Computed: true, Description: "Whether the rule exports."},
			"create_time":    schema.StringAttribute{Computed: true, Description: "Creation time, RFC 3339 in UTC; null when the API does not say."},
		},
	}
	desc.Split(&resp.Schema)
}

func (d *exporterRuleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	byName[exporterRuleModel, alicloud.ExporterRule]{ // the data source's attributes are the resource's
		noun: "export rule", name: ruleKind.nameOf, region: ruleKind.region, find: findExporterRule, fill: applyRuleRemote,
	}.read(ctx, d.client, req, resp)
}
