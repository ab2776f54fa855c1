package cls

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/ephemeralvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure        = (*downloadURLEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigValidators = (*downloadURLEphemeral)(nil)
)

// NewDownloadURLEphemeralResource returns the
// telemetry_cls_export_download_url ephemeral resource (Terraform 1.10+):
// a fresh download link of an export, asked of DescribeExports each time a
// configuration needs one and never stored in a plan or state.
func NewDownloadURLEphemeralResource() ephemeral.EphemeralResource {
	return &downloadURLEphemeral{}
}

type downloadURLEphemeral struct {
	clients *conns.Clients
}

type downloadURLModel struct {
	ID        types.String `tfsdk:"id"`
	TopicID   types.String `tfsdk:"topic_id"`
	ExportID  types.String `tfsdk:"export_id"`
	Region    types.String `tfsdk:"region"`
	URL       types.String `tfsdk:"url"`
	ExpiresAt types.String `tfsdk:"expires_at"`
	Status    types.String `tfsdk:"status"`
	FileName  types.String `tfsdk:"file_name"`
	FileSize  types.Int64  `tfsdk:"file_size"`
}

func (r *downloadURLEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cls_export_download_url"
}

func (r *downloadURLEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = downloadURLSchema()
}

// downloadURLSchema is the ephemeral resource's schema.
func downloadURLSchema() schema.Schema {
	computed := func(d string) schema.StringAttribute { return schema.StringAttribute{Computed: true, Description: d} }
	return schema.Schema{
		Description: "A fresh download link for the file of a Tencent Cloud CLS export (Terraform 1.10 or later). " +
			"Each time a configuration needs it, the provider asks DescribeExports for a new link; Terraform keeps it in no plan and no state. " +
			"The link is a credential: anyone holding it can download the exported logs until it expires, about an hour after it was asked for. " +
			"Name the export either by `id` (as `telemetry_cls_export` shows it) or by `topic_id` and `export_id`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true,
				Description: "The export's resource ID, `topic_id:export_id` (also `topic_id#export_id`), e.g. `telemetry_cls_export.errors.id`. " +
					"Conflicts with `topic_id` and `export_id`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"topic_id": schema.StringAttribute{
				Optional: true, Description: "ID of the log topic; with `export_id`, instead of `id`.",
				Validators: []validator.String{topicIDValidator()},
			},
			"export_id": schema.StringAttribute{
				Optional: true, Description: "ID of the export (`export-…`, either hex case, with or without the prefix); with `topic_id`, instead of `id`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"region": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Region of the topic; defaults to the provider's `tencentcloud.region`. Pass the export's `region` for an export outside it.",
				Validators:  []validator.String{validate.Region("ap-guangzhou")},
			},
			"url": schema.StringAttribute{
				Computed: true, Sensitive: true,
				Description: "Presigned download URL of the export's file (CLS's `CosPath`), valid until `expires_at`. Sensitive: it grants access to the logs.",
			},
			"expires_at": computed("When `url` stops working, RFC 3339 in UTC: the end of the link's signature, or an hour after it was asked for when the link does not say."),
			"status":     computed("Status of the export when the link was asked for: `Completed` (an export in any other status has no link and fails)."),
			"file_name":  computed("Name of the exported file."),
			"file_size":  schema.Int64Attribute{Computed: true, Description: "Size of the exported file in bytes, as CLS reports it."},
		},
	}
}

func (r *downloadURLEphemeral) ConfigValidators(context.Context) []ephemeral.ConfigValidator {
	return []ephemeral.ConfigValidator{
		ephemeralvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("topic_id")),
		ephemeralvalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("export_id")),
		ephemeralvalidator.RequiredTogether(path.MatchRoot("topic_id"), path.MatchRoot("export_id")),
	}
}

func (r *downloadURLEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

// client is the Tencent client for region, or nil with a diagnostic.
func (r *downloadURLEphemeral) client(region types.String, diags *diag.Diagnostics) *tencentcloud.Client {
	return r.clients.TencentcloudFor(region.ValueString(), diags)
}

// Open asks DescribeExports afresh (never the provider run's shared pages:
// a link read earlier may be near its end) and returns the link.
func (r *downloadURLEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m downloadURLModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	id, err := m.exportID()
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid CLS export id", err.Error())
		return
	}
	client := r.client(m.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	summary := fmt.Sprintf("getting a download link for %s", describe(id))
	read := time.Now()
	e, err := findExport(ctx, client, id, true)
	if err != nil {
		resp.Diagnostics.AddError(summary, apiErrorDetail(err, ""))
		return
	}
	if e.Status != tencentcloud.StatusCompleted || e.CosPath == "" {
		resp.Diagnostics.AddError(summary, noLinkDetail(e.Status))
		return
	}
	m.Region = types.StringValue(client.Region())
	m.URL = types.StringValue(e.CosPath)
	m.ExpiresAt = types.StringValue(tencentcloud.LinkExpiry(e.CosPath, read).Format(time.RFC3339))
	m.Status = types.StringValue(e.Status)
	m.FileName = types.StringValue(e.FileName)
	m.FileSize = types.Int64Value(int64(e.FileSize))
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

// exportID is the export the configuration names, by id or by its parts.
func (m downloadURLModel) exportID() (exportID, error) {
	if !m.ID.IsNull() {
		return parseExportID(m.ID.ValueString())
	}
	return parseExportID(m.TopicID.ValueString() + idSeparator + m.ExportID.ValueString())
}

// noLinkDetail says why an export in status has no download link.
func noLinkDetail(status string) string {
	switch {
	case strings.EqualFold(status, tencentcloud.StatusExpired):
		return "The export has Expired: CLS keeps export files for 3 days and no longer serves this one. A new export (replace the telemetry_cls_export) brings the logs back while the topic retains them."
	case status == tencentcloud.StatusFailed:
		return "The export Failed; it has no file. Check its query and time range, then replace it."
	}
	return fmt.Sprintf("The export is %q: CLS gives a download link once it is Completed. "+
		"Create the export with wait_for_completion = true (the default), or ask again once it has finished.", status)
}
