package cms

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ datasource.DataSource              = (*exporterOutputsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*exporterOutputsDataSource)(nil)
)

// NewExporterOutputsDataSource returns the telemetry_cms_exporter_outputs data source.
func NewExporterOutputsDataSource() datasource.DataSource { return &exporterOutputsDataSource{} }

// exporterOutputsDataSource lists a region's exporter outputs, optionally
// filtered by a regular expression on the name. Secrets are never listed:
// the API does not return them.
type exporterOutputsDataSource struct{ dataSourceClients }

type exporterOutputsDataModel struct {
	Region    types.String          `tfsdk:"region"`
	NameRegex types.String          `tfsdk:"name_regex"`
	Names     []string              `tfsdk:"names"`
	Outputs   []exporterOutputsItem `tfsdk:"outputs"`
}

type exporterOutputsItem struct {
	DestName    string       `tfsdk:"dest_name"`
	DestType    string       `tfsdk:"dest_type"`
	SLSEndpoint string       `tfsdk:"sls_endpoint"`
	SLSProject  string       `tfsdk:"sls_project"`
	SLSLogstore string       `tfsdk:"sls_logstore"`
	AccessKeyID string       `tfsdk:"access_key_id"`
	CreateTime  types.String `tfsdk:"create_time"`
}

// validRegex is a plan-time check that name_regex compiles (Go RE2 syntax).
type validRegex struct{}

func (validRegex) Description(context.Context) string {
	return "must be a valid regular expression (Go RE2 syntax)"
}
func (v validRegex) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (validRegex) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%s (%q) must be a valid regular expression (Go RE2 syntax): %v", req.Path, req.ConfigValue.ValueString(), err))
	}
}

func (d *exporterOutputsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_exporter_outputs"
}

func (d *exporterOutputsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the Alibaba Cloud CloudMonitor exporter outputs of a region, optionally filtered by name. AccessKey secrets, descriptions and user ids are not listed: the API never returns them.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				Description: "Region to list, for example `cn-hangzhou`. Default: the provider's `alicloud.region`.",
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
			"name_regex": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only outputs whose `dest_name` matches this regular expression (Go RE2 syntax, unanchored: use `^...$` for a full match). Default: keep all.",
				Validators:  []validator.String{validRegex{}},
			},
			"names": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				Description: "Names of the listed outputs, in the API's order (oldest first).",
			},
			"outputs": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The listed outputs, in the API's order (oldest first).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"dest_name":     schema.StringAttribute{Computed: true, Description: "Name of the exporter output."},
					"dest_type":     schema.StringAttribute{Computed: true, Description: "Destination service, lower case (`sls`)."},
					"sls_endpoint":  schema.StringAttribute{Computed: true, Description: "Log Service endpoint URL."},
					"sls_project":   schema.StringAttribute{Computed: true, Description: "Log Service project."},
					"sls_logstore":  schema.StringAttribute{Computed: true, Description: "Logstore."},
					"access_key_id": schema.StringAttribute{Computed: true, Description: "AccessKey ID CloudMonitor writes with."},
					"create_time":   schema.StringAttribute{Computed: true, Description: "Creation time, RFC 3339 in UTC; null when the API does not say."},
				}},
			},
		},
	}
	desc.Split(&resp.Schema)
}

func (d *exporterOutputsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m exporterOutputsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	var re *regexp.Regexp
	if !m.NameRegex.IsNull() {
		var err error
		if re, err = regexp.Compile(m.NameRegex.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
			return
		}
	}
	all, err := client.ExporterOutputs(ctx)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("listing CMS exporter outputs in %s", client.Region()), apiErrorDetail(err, ""))
		return
	}
	m.Region = types.StringValue(client.Region())
	m.Names, m.Outputs = []string{}, []exporterOutputsItem{}
	for _, o := range all {
		if re != nil && !re.MatchString(o.DestName) {
			continue
		}
		item := exporterOutputsItem{
			DestName: o.DestName, DestType: strings.ToLower(o.DestType),
			SLSEndpoint: o.Endpoint, SLSProject: o.Project, SLSLogstore: o.Logstore, AccessKeyID: o.AccessKeyID,
			CreateTime: timeString(o.CreateTime),
		}
		m.Names = append(m.Names, o.DestName)
		m.Outputs = append(m.Outputs, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
