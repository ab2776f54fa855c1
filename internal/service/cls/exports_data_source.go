package cls

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var _ datasource.DataSourceWithConfigure = (*exportsDataSource)(nil)

// NewExportsDataSource returns the telemetry_cls_exports data source.
func NewExportsDataSource() datasource.DataSource { return &exportsDataSource{} }

type exportsDataSource struct{ dataSourceClients }

type exportsDataSourceModel struct {
	ID      types.String          `tfsdk:"id"`
	TopicID types.String          `tfsdk:"topic_id"`
	Region  types.String          `tfsdk:"region"`
	Status  types.String          `tfsdk:"status"`
	IDs     []types.String        `tfsdk:"ids"`
	Exports []exportListItemModel `tfsdk:"exports"`
}

type exportListItemModel struct {
	ID          types.String      `tfsdk:"id"`
	ExportID    types.String      `tfsdk:"export_id"`
	Query       types.String      `tfsdk:"query"`
	From        timetypes.RFC3339 `tfsdk:"from"`
	To          timetypes.RFC3339 `tfsdk:"to"`
	LogCount    types.Int64       `tfsdk:"log_count"`
	Order       types.String      `tfsdk:"order"`
	Format      types.String      `tfsdk:"format"`
	SyntaxRule  types.String      `tfsdk:"syntax_rule"`
	Derived     []types.String    `tfsdk:"derived_fields"`
	Status      types.String      `tfsdk:"status"`
	FileName    types.String      `tfsdk:"file_name"`
	FileSize    types.Int64       `tfsdk:"file_size"`
	CreateTime  timetypes.RFC3339 `tfsdk:"create_time"`
	DownloadURL types.String      `tfsdk:"download_url"`
}

func (d *exportsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cls_exports"
}

func (d *exportsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	resp.Schema = schema.Schema{
		Description: "Lists the log export tasks of a Tencent Cloud CLS topic, newest first as CLS returns them, optionally only those in one status. Every page of DescribeExports is read.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The topic id."),
			"topic_id": schema.StringAttribute{
				Required:    true,
				Description: "ID of the log topic (CLS gives UUIDs and documents no format; our only rule: not empty, without `:` or `#`).",
				Validators:  []validator.String{topicIDValidator()},
			},
			"region": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Region of the topic; defaults to the provider's `tencentcloud.region`.",
				Validators:  []validator.String{validate.Region("ap-guangzhou")},
			},
			"status": schema.StringAttribute{
				Optional:    true,
				Description: fmt.Sprintf("Only list exports in this status: one of %s. Default: every status.", validate.Quoted(tencentcloud.Statuses)),
				Validators:  []validator.String{stringvalidator.OneOf(tencentcloud.Statuses...)},
			},
			"ids": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				Description: "Resource IDs (`topic_id:export_id`) of the listed exports, usable for import.",
			},
			"exports": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The listed exports.",
				NestedObject: schema.NestedAttributeObject{Attributes: exportItemAttributes()},
			},
		},
	}
	desc.Split(&resp.Schema)
}

// exportItemAttributes describe one export as the data sources show it
// (the list's items and telemetry_cls_export).
func exportItemAttributes() map[string]schema.Attribute {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	timestamp := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc, CustomType: timetypes.RFC3339Type{}}
	}
	return map[string]schema.Attribute{
		"id":          computed("Resource ID: `topic_id:export_id`."),
		"export_id":   computed("ID of the export."),
		"query":       computed("Search statement."),
		"from":        timestamp("Start of the time range, RFC 3339 in UTC."),
		"to":          timestamp("End of the time range, RFC 3339 in UTC."),
		"log_count":   schema.Int64Attribute{Computed: true, Description: "Number of log lines requested."},
		"order":       computed(fmt.Sprintf("Sort order: one of %s.", validate.Quoted(exportOrders))),
		"format":      computed(fmt.Sprintf("File format: one of %s.", validate.Quoted(exportFormats))),
		"syntax_rule": computed(syntaxRuleDoc),
		"derived_fields": schema.ListAttribute{Computed: true, ElementType: types.StringType,
			Description: "Fields included in the exported file (the API's `DerivedFields`); empty when the export named none."},
		"status":      computed(fmt.Sprintf("Status: one of %s.", validate.Quoted(tencentcloud.Statuses))),
		"file_name":   computed("Exported file name, empty until `Completed`."),
		"file_size":   schema.Int64Attribute{Computed: true, Description: "File size in bytes, 0 until `Completed`."},
		"create_time": timestamp("When CLS registered the export, RFC 3339 in UTC."),
		"download_url": schema.StringAttribute{Computed: true, Sensitive: true,
			Description: "Presigned URL of the exported file (CLS's `CosPath`), valid for a limited time (an hour, per CLS); empty until `Completed`. Sensitive: anyone with it can download the logs."},
	}
}

func (d *exportsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m exportsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	topic := m.TopicID.ValueString()
	m.ID = types.StringValue(topic)
	m.Region = types.StringValue(client.Region())
	m.IDs = []types.String{}
	m.Exports = []exportListItemModel{}
	err := client.EachExport(ctx, topic, func(e tencentcloud.Export) bool {
		if !m.Status.IsNull() && e.Status != m.Status.ValueString() {
			return true
		}
		item := listItem(e)
		m.IDs = append(m.IDs, item.ID)
		m.Exports = append(m.Exports, item)
		return true
	})
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("listing CLS exports of topic %s", topic), apiErrorDetail(err, createHint(err)))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func listItem(e tencentcloud.Export) exportListItemModel {
	rule := ""
	if int(e.SyntaxRule) < len(exportSyntaxRules) {
		rule = exportSyntaxRules[e.SyntaxRule]
	}
	derived := make([]types.String, len(e.DerivedFields))
	for i, f := range e.DerivedFields {
		derived[i] = types.StringValue(f)
	}
	return exportListItemModel{
		ID:          types.StringValue(exportID{TopicID: e.TopicID, ExportID: e.ExportID}.String()),
		ExportID:    types.StringValue(e.ExportID),
		Query:       types.StringValue(e.Query),
		From:        timetypes.NewRFC3339ValueMust(formatMillis(e.From)),
		To:          timetypes.NewRFC3339ValueMust(formatMillis(e.To)),
		LogCount:    types.Int64Value(int64(e.Count)),
		Order:       types.StringValue(e.Order),
		Format:      types.StringValue(e.Format),
		SyntaxRule:  types.StringValue(rule),
		Derived:     derived,
		Status:      types.StringValue(e.Status),
		FileName:    types.StringValue(e.FileName),
		FileSize:    types.Int64Value(int64(e.FileSize)),
		CreateTime:  createTime(e),
		DownloadURL: types.StringValue(e.CosPath),
	}
}
