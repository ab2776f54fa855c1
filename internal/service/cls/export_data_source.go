package cls

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ datasource.DataSource              = (*exportDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*exportDataSource)(nil)
)

// NewExportDataSource returns the telemetry_cls_export data source.
func NewExportDataSource() datasource.DataSource { return &exportDataSource{} }

// exportDataSource reads one export of a topic by id (through the client's
// shared pages: DescribeExports has no lookup by id).
type exportDataSource struct{ dataSourceClients }

type exportDataModel struct {
	TopicID types.String `tfsdk:"topic_id"`
	Region  types.String `tfsdk:"region"`
	exportListItemModel
}

func (d *exportDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cls_export"
}

func (d *exportDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := exportItemAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"topic_id": schema.StringAttribute{
			Required:    true,
			Description: "ID of the log topic (CLS gives UUIDs and documents no format; our only rule: not empty, without `:` or `#`).",
			Validators:  []validator.String{topicIDValidator()},
		},
		"export_id": schema.StringAttribute{
			Required: true, Description: "ID of the export (`export-…`), in either hex case, with or without the `export-` prefix.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"region": schema.StringAttribute{
			Optional: true, Computed: true,
			Description: "Region of the topic; defaults to the provider's `tencentcloud.region`.",
			Validators:  []validator.String{validate.Region("ap-guangzhou")},
		},
	})
	resp.Schema = schema.Schema{
		Description: "Reads one log export task of a Tencent Cloud CLS topic, for example one created outside this configuration, with its status and download URL.",
		Attributes:  attrs,
	}
	desc.Split(&resp.Schema)
}

func (d *exportDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m exportDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	id := exportID{TopicID: m.TopicID.ValueString(), ExportID: m.ExportID.ValueString()}
	e, err := findExport(ctx, client, id, false)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading %s", describe(id)), apiErrorDetail(err, ""))
		return
	}
	requested := m.ExportID
	m.exportListItemModel = listItem(*e)
	m.ExportID = requested // the spelling asked for, whatever case the API answers in
	m.Region = types.StringValue(client.Region())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
