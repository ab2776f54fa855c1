package cms

import (
	"context"
	"strings"

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
	_ datasource.DataSource              = (*exporterOutputDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*exporterOutputDataSource)(nil)
)

// NewExporterOutputDataSource returns the telemetry_cms_exporter_output data source.
func NewExporterOutputDataSource() datasource.DataSource { return &exporterOutputDataSource{} }

// exporterOutputDataSource reads one exporter output by name, through the
// client's shared list (the API has no lookup by name).
type exporterOutputDataSource struct{ dataSourceClients }

type exporterOutputDataModel struct {
	DestName    types.String `tfsdk:"dest_name"`
	Region      types.String `tfsdk:"region"`
	DestType    types.String `tfsdk:"dest_type"`
	SLSEndpoint types.String `tfsdk:"sls_endpoint"`
	SLSProject  types.String `tfsdk:"sls_project"`
	SLSLogstore types.String `tfsdk:"sls_logstore"`
	AccessKeyID types.String `tfsdk:"access_key_id"`
	CreateTime  types.String `tfsdk:"create_time"`
}

func (d *exporterOutputDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_exporter_output"
}

func (d *exporterOutputDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	resp.Schema = schema.Schema{
		Description: "Reads one Alibaba Cloud CloudMonitor exporter output by name. The AccessKey secret, the description and the user id are not read: the API never returns them.",
		Attributes: map[string]schema.Attribute{
			"dest_name": schema.StringAttribute{
				Required: true, Description: "Name of the exporter output.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"region": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Region of the exporter output, for example `cn-hangzhou`. Default: the provider's `alicloud.region`.",
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
			"dest_type":     computed("Destination service, lower case (`sls`)."),
			"sls_endpoint":  computed("Log Service endpoint."),
			"sls_project":   computed("Log Service project."),
			"sls_logstore":  computed("Logstore."),
			"access_key_id": computed("AccessKey ID CloudMonitor writes with."),
			"create_time":   computed("Creation time, RFC 3339 in UTC; null when the API does not say."),
		},
	}
	desc.Split(&resp.Schema)
}

func (d *exporterOutputDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	byName[exporterOutputDataModel, alicloud.ExporterOutput]{
		noun:   "exporter output",
		name:   func(m *exporterOutputDataModel) *types.String { return &m.DestName },
		region: func(m *exporterOutputDataModel) *types.String { return &m.Region },
		find:   findExporterOutput,
		fill: func(m *exporterOutputDataModel, o alicloud.ExporterOutput) {
			m.DestType = types.StringValue(strings.ToLower(o.DestType))
			m.SLSEndpoint, m.SLSProject = types.StringValue(o.Endpoint), types.StringValue(o.Project)
			m.SLSLogstore, m.AccessKeyID = types.StringValue(o.Logstore), types.StringValue(o.AccessKeyID)
			m.CreateTime = timeString(o.CreateTime)
		},
	}.read(ctx, d.client, req, resp)
}
