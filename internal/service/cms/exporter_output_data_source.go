package cms

import (
	"context"
	"fmt"
	"strings"
	"time"

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
	_ datasource.DataSource              = (*exporterOutputDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*exporterOutputDataSource)(nil)
)

// NewExporterOutputDataSource returns the telemetry_cms_exporter_output data source.
func NewExporterOutputDataSource() datasource.DataSource { return &exporterOutputDataSource{} }

// exporterOutputDataSource reads one exporter output by name, through the
// client's shared list (the API has no lookup by name).
type exporterOutputDataSource struct {
	clients *conns.Clients
}

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

func (d *exporterOutputDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.clients = c
}

func (d *exporterOutputDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m exporterOutputDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	name := m.DestName.ValueString()
	o, err := findExporterOutput(ctx, client, name, false)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS exporter output %q in %s", name, client.Region()), apiErrorDetail(err, ""))
		return
	}
	m.Region = types.StringValue(client.Region())
	m.DestType = types.StringValue(strings.ToLower(o.DestType))
	m.SLSEndpoint, m.SLSProject = types.StringValue(o.Endpoint), types.StringValue(o.Project)
	m.SLSLogstore, m.AccessKeyID = types.StringValue(o.Logstore), types.StringValue(o.AccessKeyID)
	m.CreateTime = types.StringNull()
	if !o.CreateTime.IsZero() {
		m.CreateTime = types.StringValue(o.CreateTime.UTC().Format(time.RFC3339))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (d *exporterOutputDataSource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return d.clients.AlicloudFor(region.ValueString(), diags)
}
