package baremetal

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

type logExportModel struct {
	ID               types.String   `tfsdk:"id"`
	PhysicalServerID types.String   `tfsdk:"physical_server_id"`
	ProjectID        types.String   `tfsdk:"project_id"`
	Region           types.String   `tfsdk:"region"`
	OutputPath       types.String   `tfsdk:"output_path"`
	RestoreMissing   types.Bool     `tfsdk:"restore_missing_file"`
	Triggers         types.Map      `tfsdk:"triggers"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
	ExportID         types.String   `tfsdk:"export_id"`
	Status           types.String   `tfsdk:"status"`
	Percentage       types.Int64    `tfsdk:"percentage"`
	CreatedAt        types.String   `tfsdk:"created_at"`
	FileName         types.String   `tfsdk:"file_name"`
	FileSize         types.Int64    `tfsdk:"file_size"`
	FileSHA256       types.String   `tfsdk:"file_sha256"`
}

// logExportIdentityModel is the resource identity: the parts of the ID
// and the region.
type logExportIdentityModel struct {
	ProjectID        types.String `tfsdk:"project_id"`
	PhysicalServerID types.String `tfsdk:"physical_server_id"`
	ExportID         types.String `tfsdk:"export_id"`
	Region           types.String `tfsdk:"region"`
}

func identityOf(id exportID, region types.String) logExportIdentityModel {
	return logExportIdentityModel{
		ProjectID: types.StringValue(id.ProjectID), PhysicalServerID: types.StringValue(id.ServerID),
		ExportID: types.StringValue(id.ExportID), Region: region,
	}
}

func (r *logExportResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = logExportIdentitySchema()
}

// logExportIdentitySchema is the resource identity's schema.
func logExportIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"project_id":         identityschema.StringAttribute{RequiredForImport: true, Description: "Project id of the physical server."},
			"physical_server_id": identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the physical server."},
			"export_id":          identityschema.StringAttribute{RequiredForImport: true, Description: "ID the API gave the export."},
			"region":             identityschema.StringAttribute{OptionalForImport: true, Description: "Region of the server; default the provider's `huaweicloud.region`."},
		},
	}
}

func (m *logExportModel) id() exportID {
	return exportID{ProjectID: m.ProjectID.ValueString(), ServerID: m.PhysicalServerID.ValueString(), ExportID: m.ExportID.ValueString()}
}

// setExport copies the vendor's view of the export into the model. Values
// equivalent to the stored ones (status in another case, created_at in
// another UTC offset) keep the stored spelling, so that an answer in
// another form is never a change.
func (m *logExportModel) setExport(e *huaweicloud.LogsExport) {
	m.setProgress(e)
	if e.CreatedAt != "" || m.CreatedAt.IsUnknown() {
		if !sameInstant(m.CreatedAt, e.CreatedAt) {
			m.CreatedAt = types.StringValue(e.CreatedAt)
		}
	}
}

// setProgress copies the export's status and percentage, the part of the
// vendor's view an in-place update may change (ModifyPlan leaves exactly
// these unknown when the update waits); the status keeps its stored
// spelling as in setExport.
func (m *logExportModel) setProgress(e *huaweicloud.LogsExport) {
	if m.Status.IsNull() || m.Status.IsUnknown() || !strings.EqualFold(m.Status.ValueString(), e.Status) {
		m.Status = types.StringValue(strings.ToLower(e.Status))
	}
	m.Percentage = types.Int64Value(e.Percentage)
}

// refreshExport is setExport for Read: an export the state already holds as
// completed stays completed when a lagging answer still shows it running
// (the vendor's state machine never goes back), so a refresh right after
// the apply cannot regress status or percentage.
func (m *logExportModel) refreshExport(ctx context.Context, e *huaweicloud.LogsExport) {
	if strings.EqualFold(m.Status.ValueString(), huaweicloud.StatusCompleted) && !e.Completed() && !e.Failed() {
		tflog.Debug(ctx, "the API still shows a completed export as running (lagging answer); keeping completed",
			map[string]any{"vendor_status": e.Status, "percentage": e.Percentage})
		if e.CreatedAt != "" && !sameInstant(m.CreatedAt, e.CreatedAt) {
			m.CreatedAt = types.StringValue(e.CreatedAt)
		}
		return
	}
	m.setExport(e)
}

// sameInstant reports whether the stored time and the answer's denote the
// same instant (any UTC offset or layout the client parses).
func sameInstant(stored types.String, answer string) bool {
	if stored.IsNull() || stored.IsUnknown() {
		return false
	}
	if stored.ValueString() == answer {
		return true
	}
	a, err1 := huaweicloud.ParseTime(stored.ValueString())
	b, err2 := huaweicloud.ParseTime(answer)
	return err1 == nil && err2 == nil && a.Equal(b)
}

func (m *logExportModel) setFile(f *downloadedFile) {
	if f == nil {
		m.FileName, m.FileSize, m.FileSHA256 = types.StringNull(), types.Int64Null(), types.StringNull()
		return
	}
	m.FileName, m.FileSize, m.FileSHA256 = types.StringValue(f.Name), types.Int64Value(f.Size), types.StringValue(f.SHA256)
}

func (r *logExportResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = logExportSchema(ctx)
}

// logExportSchema is the resource's schema; ModifyPlan also asks it what
// replaces the resource (tfresource.ReplacedBy).
func logExportSchema(ctx context.Context) schema.Schema {
	s := schema.Schema{
		// Version 1 (was 0): timeouts gained update, read and delete. A state
		// of an earlier version goes through UpgradeState (log_export_upgrade.go).
		Version: 1,
		Description: "Exports the logs of a Huawei Cloud CloudDC (iMetal) physical server, waits for the export to complete " +
			"and optionally downloads the resulting tar.gz archive to a local file. " +
			"The API has no delete: destroying the resource forgets the export and removes the downloaded file if it is unchanged.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "Identifier in the form `" + exportIDFormat + "`; also the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"physical_server_id": schema.StringAttribute{
				Required: true,
				Description: "ID of the physical server whose logs are exported (the `{id}` of the CloudDC API path), " +
					"e.g. a UUID. " + idPartDoc + " The state keeps the spelling configured here, also when an answer spells " +
					"the id's hex in the other case. Changing this forces replacement.",
				Validators:    idPartValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"project_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "Huawei Cloud project the server belongs to. Defaults to the provider's `huaweicloud.project_id` " +
					"(`HW_PROJECT_ID`). " + idPartDoc + " " + tfresource.LocationRuleDoc,
				Validators:    idPartValidators(),
				PlanModifiers: tfresource.LocationPlanModifiers(),
			},
			"region": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "Region of the CloudDC endpoint, e.g. `cn-east-3`. Defaults to the provider's `huaweicloud.region` " +
					"(`HW_REGION_NAME`). The vendor lists `cn-southwest-2`, `cn-east-3`, `cn-south-1` and `ap-southeast-3`; the " +
					"provider does not limit the choice to these and checks only the shape of a region id (lowercase letters, digits " +
					"and dashes, as it becomes part of the endpoint host name), its own rule. " + tfresource.LocationRuleDoc,
				Validators: []validator.String{
					stringvalidator.RegexMatches(validate.RegionPattern, "must be a region id such as cn-east-3 "+
						"(lowercase letters, digits and dashes: a rule of this provider, as the region becomes part of the endpoint host name)"),
				},
				PlanModifiers: tfresource.LocationPlanModifiers(),
			},
			"output_path": schema.StringAttribute{
				Optional: true,
				Description: "Local file to write the downloaded archive to (missing parent directories are created; the file is " +
					"written with mode 0644). The download goes to a temporary file beside it and is renamed into place only when " +
					"complete. If the file later changes, or disappears (for example on a fresh CI runner; see `restore_missing_file`), the next plan shows an " +
					"in-place update that downloads it again; when the API no longer serves the archive, that apply fails saying so and the " +
					"next plan replaces the resource (a refresh never calls the download, a write-level API, so only the apply can tell). " +
					"Without it nothing is downloaded and the computed `file_*` attributes stay null. Changing it downloads the same " +
					"export to the new path (an in-place update, never a new export). The file at the old path, the file when `output_path` " +
					"is removed (an in-place update that calls no API), and the file on destroy are removed if unchanged (a file changed " +
					"since the download stays). A path ending in `/`, naming an existing " +
					"directory, or below a regular file gets a warning at plan and fails the apply before anything is started; at " +
					"apply, before the export is started, the directory is also created and a probe file written and removed there, " +
					"so an unwritable location fails without starting an export. These checks never block `terraform destroy`. " +
					"All of these rules are the provider's (the path is local; the API never sees it).",
				Validators: download.PathValidators(),
			},
			"restore_missing_file": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: download.RestoreMissingFileDoc,
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "Arbitrary values; changing any of them forces replacement, i.e. a fresh export (as with `terraform_data`). " +
					"Not sent to the API. After an import (which cannot read them) the configured values are recorded in place, never a replacement.",
				PlanModifiers: []planmodifier.Map{triggersReplace()},
			},
			"export_id": schema.StringAttribute{
				Computed: true,
				Description: "Export task ID returned by ExportServerLogs, in the spelling that call returned (later answers " +
					"that spell its hex in the other case do not change it).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				Computed: true,
				Description: "Export status as the API reports it, lower-cased (the API's case varies: `Running` in its docs' " +
					"example): `completed` once the archive is ready (`processing` while running). Compared case-insensitively; " +
					"once `completed` it stays so, even if a lagging answer still shows the export running.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"percentage": schema.Int64Attribute{
				Computed:      true,
				Description:   "Export progress, 0 to 100 (the API's `\"30%\"` or `30`).",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				Computed: true,
				Description: "When the export was started, RFC 3339 in UTC. An answer giving the same instant in another " +
					"UTC offset keeps the stored value.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"file_name": schema.StringAttribute{
				Computed:    true,
				Description: "File name the API gave the archive (`<serial number>-dump.tar.gz`, from Content-Disposition). Null without `output_path`.",
			},
			"file_size": schema.Int64Attribute{
				Computed:    true,
				Description: "Size in bytes of the archive written to `output_path`. Null without `output_path`.",
			},
			"file_sha256": schema.StringAttribute{
				Computed:    true,
				Description: "Lower-case hex SHA-256 of the archive written to `output_path`. Null without `output_path`.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true, Read: true,
				CreateDescription: "How long a create may take: starting the export, waiting for it to complete and downloading the " +
					"archive, as a Go duration such as `45m`; default `30m`. On timeout the resource is tainted and the next apply " +
					"replaces it.",
				UpdateDescription: "How long an in-place update may take: waiting for an export still running (imported, or a create " +
					"whose wait failed) and downloading the archive (a new `output_path`, or a file found missing or changed); " +
					"default the `create` timeout. On timeout the export stays in the state without the file and the next apply tries again.",
				ReadDescription: "How long a refresh may take to read the export's status, with the retries of `max_retries` and, " +
					"right after a create or an import, the wait for the export to become visible (`read_after_write_timeout`); " +
					"default `5m` plus what is left of that wait. The check of the file at `output_path` is local and not bounded.",
				DeleteDescription: "How long a destroy may take to check the file at `output_path` (its size and SHA-256) and remove " +
					"it; the API has no delete, so no API is called; default `5m`. On timeout the export stays in the state and the " +
					"next destroy tries again.",
			}),
		},
	}
	desc.Split(&s)
	return s
}
