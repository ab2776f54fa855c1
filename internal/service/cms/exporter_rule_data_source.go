package cms

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
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
type exporterRuleDataSource struct {
	clients *conns.Clients
}

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

func (d *exporterRuleDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.clients = c
}

func (d *exporterRuleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m exporterRuleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...) // the data source's attributes are the resource's
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	name := m.RuleName.ValueString()
	rule, err := findExporterRule(ctx, client, name, false)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS export rule %q in %s", name, client.Region()), apiErrorDetail(err, ""))
		return
	}
	m.Region = types.StringValue(client.Region())
	applyRuleRemote(&m, rule)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (d *exporterRuleDataSource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return d.clients.AlicloudFor(region.ValueString(), diags)
}
