package baremetal

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ resource.Resource                = (*logExportResource)(nil)
	_ resource.ResourceWithConfigure   = (*logExportResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*logExportResource)(nil)
	_ resource.ResourceWithImportState = (*logExportResource)(nil)
	_ resource.ResourceWithIdentity    = (*logExportResource)(nil)
)

const logExportTypeSuffix = "_baremetal_log_export"

// defaultCreateTimeout bounds waiting for the export and downloading it.
const defaultCreateTimeout = 30 * time.Minute

// privateNotDownloadable marks, from a failed download in Update to the
// next ModifyPlan, an export whose archive the API no longer serves while
// the local copy is missing or changed; Read keeps it while the file is owed.
const privateNotDownloadable = "not_downloadable"

// idPartPattern is the provider's only rule on project_id and
// physical_server_id: the vendor documents no format or length for either
// (its examples are a 32-hex project id and a UUID), but both are parts of
// the resource ID, whose separator is "/", and path segments of the API,
// where "." and ".." would be resolved away.
var idPartPattern = regexp.MustCompile(`^(?:[^/.][^/]*|\.[^/.][^/]*|\.\.[^/]+)$`)

// idPartValidators are the provider's own rules on an ID part (see idPartPattern).
func idPartValidators() []validator.String {
	const rule = "must not contain '/' and must not be '.' or '..' " +
		"(a rule of this provider: '/' separates the parts of the resource ID; the CloudDC API documents no format)"
	return []validator.String{stringvalidator.RegexMatches(idPartPattern, rule)}
}

// idPartDoc states the same in the schema.
const idPartDoc = "The CloudDC API documents no format or length for it; the provider's only rule is that it contains no `/` " +
	"(the separator of the resource ID) and is not `.` or `..`."

// NewLogExportResource returns the telemetry_baremetal_log_export resource.
func NewLogExportResource() resource.Resource { return &logExportResource{} }

type logExportResource struct {
	clients *conns.Clients
	// clock is the poller's clock; nil means the wall clock.
	clock tfresource.Clock
}

func (r *logExportResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + logExportTypeSuffix
}

func (r *logExportResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

// ModifyPlan fills project_id and region (tfresource.PlanLocation: an
// existing export stays where it was created), reports a missing credential
// at plan time, and decides what happens to the local file.
//
// A mistaken output_path is reported here as a WARNING, and the apply of
// the resource fails on it before anything is started (Create, Update). It
// cannot be an error, in a validator or here: terraform destroy validates
// the configuration and, before the destroy plan, runs a normal plan of it
// (Terraform's pre-destroy refresh, which calls PlanResourceChange for every
// configured resource, also ones not yet created), and any error there
// blocks the destroy. Warnings of that plan are not even shown.
func (r *logExportResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config logExportModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if p := config.OutputPath; !p.IsNull() && !p.IsUnknown() {
		if problem := download.PathProblem(p.ValueString(), exampleFileName); problem != "" {
			resp.Diagnostics.AddAttributeWarning(path.Root("output_path"), "invalid output_path", problem+
				"\n\nThe apply of this resource fails on it before any export is started or any file is written. "+
				"(A warning, not an error, so that it never blocks terraform destroy.)")
		}
	}
	if r.clients == nil {
		return // provider not configured yet
	}
	var state *logExportModel
	if !req.State.Raw.IsNull() {
		state = &logExportModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	// The file part first: an archive that can no longer be downloaded
	// replaces the resource, which makes the rest of this plan a create.
	keepFile := state != nil && state.OutputPath.Equal(plan.OutputPath) && !state.FileSHA256.IsNull()
	if state != nil && !plan.OutputPath.IsNull() && !keepFile {
		gone, diags := req.Private.GetKey(ctx, privateNotDownloadable)
		resp.Diagnostics.Append(diags...)
		if len(gone) > 0 {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("file_sha256"))
		}
	}
	// resp.RequiresReplace holds only what this method added; the
	// attributes' own RequiresReplace modifiers are recomputed here.
	creating := state == nil || len(resp.RequiresReplace) > 0 || replacedByAttributes(&config, &plan, state)
	var stateRegion, stateProject types.String
	if state != nil {
		stateRegion, stateProject = state.Region, state.ProjectID
	} else {
		stateRegion, stateProject = types.StringNull(), types.StringNull()
	}
	plan.Region = tfresource.PlanLocation(config.Region, stateRegion, creating, r.clients.Default("huaweicloud.region"))
	plan.ProjectID = tfresource.PlanLocation(config.ProjectID, stateProject, creating, r.clients.Default("huaweicloud.project_id"))
	// Every missing setting in one plan: the client's (credentials,
	// region) and the project, which the resource can also set.
	noProject := !plan.ProjectID.IsUnknown() && plan.ProjectID.ValueString() == ""
	const projectHint = "project_id is not set on the resource and the provider has no huaweicloud.project_id; " +
		"set project_id here, huaweicloud.project_id in the provider block, or the environment variable HW_PROJECT_ID."
	if !plan.Region.IsUnknown() {
		if _, err := r.clients.Huaweicloud(plan.Region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
			detail := err.Error()
			if noProject {
				detail += "\n- also: " + projectHint
			}
			resp.Diagnostics.AddError("configuring Huawei Cloud for "+r.typeName(), detail)
			return
		}
	}
	if noProject {
		resp.Diagnostics.AddAttributeError(path.Root("project_id"), "missing project_id", projectHint)
		return
	}

	switch {
	case plan.OutputPath.IsNull():
		plan.setFile(nil)
	case creating:
		// Create or replacement: file_* stay unknown until the download.
		plan.FileName, plan.FileSize, plan.FileSHA256 = types.StringUnknown(), types.Int64Unknown(), types.StringUnknown()
	case keepFile:
		plan.FileName, plan.FileSize, plan.FileSHA256 = state.FileName, state.FileSize, state.FileSHA256
	default:
		// A new path, a download still owed, or Read found the file
		// missing or changed: an in-place update downloads it, waiting
		// first for an export still running (imported, or a create whose
		// wait failed), which rewrites its status and percentage.
		plan.FileName, plan.FileSize, plan.FileSHA256 = types.StringUnknown(), types.Int64Unknown(), types.StringUnknown()
		if !strings.EqualFold(state.Status.ValueString(), huaweicloud.StatusCompleted) {
			plan.Status, plan.Percentage = types.StringUnknown(), types.Int64Unknown()
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// replacedByAttributes reports whether the attributes' RequiresReplace
// modifiers replace the existing object: a new physical_server_id or
// triggers, or a region / project_id set in the configuration that differs
// from the state (tfresource.LocationPlanModifiers).
func replacedByAttributes(config, plan, state *logExportModel) bool {
	if state == nil {
		return false
	}
	configuredElsewhere := func(c, s types.String) bool { return !c.IsNull() && !c.Equal(s) }
	return !plan.PhysicalServerID.Equal(state.PhysicalServerID) || !plan.Triggers.Equal(state.Triggers) ||
		configuredElsewhere(config.Region, state.Region) || configuredElsewhere(config.ProjectID, state.ProjectID)
}

// createDeadline bounds ctx by the create timeout (the export and its
// download, on create and on a download owed by an update).
func createDeadline(ctx context.Context, plan logExportModel, diags *diag.Diagnostics) (context.Context, context.CancelFunc, time.Duration, bool) {
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	if diags.Append(d...); diags.HasError() {
		return ctx, func() {}, 0, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, timeout, true
}

// readModel reads the resource's state; false means diags holds why.
func readModel(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (logExportModel, bool) {
	var m logExportModel
	diags.Append(st.Get(ctx, &m)...)
	return m, !diags.HasError()
}

func (r *logExportResource) typeName() string { return "telemetry" + logExportTypeSuffix }

func (r *logExportResource) now() time.Time {
	if r.clock == nil {
		return tfresource.RealClock.Now()
	}
	return r.clock.Now()
}

// propagationLeft is how much of the read-after-write bound after our
// create (tfresource.MarkWritten) is left; 0 without a record or once it
// passed.
func (r *logExportResource) propagationLeft(ctx context.Context, p tfresource.PrivateGetter) time.Duration {
	bound := tfresource.PropagationTimeout
	if r.clients != nil {
		bound = r.clients.ReadAfterWrite()
	}
	return tfresource.PropagationLeft(ctx, p, bound, r.now())
}

// client is the Huawei client for region, or nil with a diagnostic.
func (r *logExportResource) client(region types.String, diags *diag.Diagnostics) *huaweicloud.Client {
	return r.clients.HuaweicloudFor(region.ValueString(), diags)
}

func (r *logExportResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan logExportModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, timeout, ok := createDeadline(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	serverID := plan.PhysicalServerID.ValueString()
	project := plan.ProjectID.ValueString()
	summary := "creating bare-metal log export for physical server " + serverID
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}

	// A path that cannot be written fails here, before an export is
	// started that could not be saved anywhere.
	if !plan.OutputPath.IsNull() {
		if problem := download.ApplyProblem(plan.OutputPath.ValueString(), exampleFileName); problem != "" {
			resp.Diagnostics.AddAttributeError(path.Root("output_path"), summary,
				"invalid output_path: "+problem+"\n\nNo export was started. Fix output_path and apply again.")
			return
		}
	}
	exp, err := client.ExportServerLogs(ctx, huaweicloud.ExportInput{ProjectID: project, ServerID: serverID})
	if err != nil {
		resp.Diagnostics.AddError(summary, createErrorDetail(err, project, serverID, plan.Region.ValueString(), r.typeName()))
		return
	}
	if exp.ExportID == "" {
		resp.Diagnostics.AddError(summary, "ExportServerLogs answered 202 without an export_id. This is unexpected from the API; please report it.")
		return
	}
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, r.now())...)
	id := exportID{ProjectID: project, ServerID: serverID, ExportID: exp.ExportID}
	plan.ID = types.StringValue(id.String())
	plan.ExportID = types.StringValue(exp.ExportID)
	plan.setExport(exp)
	if plan.CreatedAt.IsUnknown() {
		plan.CreatedAt = types.StringNull()
	}
	plan.setFile(nil)
	// Saved before polling: a failure or timeout from here on leaves a
	// tainted resource that the next apply replaces, never an orphan.
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, plan.Region))...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "bare-metal log export started", map[string]any{"export_id": exp.ExportID, "physical_server_id": serverID, "project_id": project})

	done, err := waitExportCompleted(ctx, client, id, timeout, r.propagationLeft(ctx, resp.Private), r.clock)
	if done != nil {
		plan.setExport(done)
	}
	if err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		resp.Diagnostics.AddError("waiting for "+describe(id)+" to complete",
			waitErrorDetail(err, timeout, plan.Status.ValueString(), plan.Percentage.ValueInt64(), nextAfterCreate))
		return
	}
	if !plan.OutputPath.IsNull() {
		out := plan.OutputPath.ValueString()
		f, err := downloadExport(ctx, client, id, out)
		if err != nil {
			// The export is done and can be downloaded again, so it must
			// not be lost: an error here would taint the resource and the
			// next apply would start a new export. It is saved untainted
			// without file_*, with a warning; the next plan shows an
			// in-place update that downloads it (Update).
			tflog.Warn(ctx, "downloading the finished log archive failed; keeping the export for the next apply", map[string]any{"id": id.String(), "error": err.Error()})
			resp.Diagnostics.AddWarning("downloading "+describe(id)+" failed; the export is kept",
				downloadErrorDetail(err, out)+fmt.Sprintf("\n\nThe export completed and is saved in the state (export_id %s) without "+
					"file_name, file_size and file_sha256. The next terraform apply downloads it to %s as an in-place update; "+
					"no new export is started. Until then terraform plan shows that pending download.", id.ExportID, out))
		} else {
			plan.setFile(&f)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *logExportResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := readModel(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if state.ExportID.IsNull() || state.ProjectID.IsNull() || state.PhysicalServerID.IsNull() {
		id, err := parseExportID(state.ID.ValueString())
		if err != nil {
			resp.Diagnostics.AddError("reading bare-metal log export", err.Error())
			return
		}
		state.ProjectID, state.PhysicalServerID, state.ExportID = types.StringValue(id.ProjectID), types.StringValue(id.ServerID), types.StringValue(id.ExportID)
	}
	if state.Region.IsNull() || state.Region.ValueString() == "" {
		state.Region = types.StringValue(r.clients.HuaweicloudRegion())
	}
	id := state.id()
	summary := "reading " + describe(id)
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	// Right after our own create (the post-apply refresh, a refresh after a
	// failed wait), "not found" is a write not visible yet.
	exp, err := findExportAfterWrite(ctx, client, id, r.propagationLeft(ctx, req.Private), r.clock)
	if tfresource.NotFound(err) {
		tflog.Warn(ctx, "bare-metal log export not found, removing from state", map[string]any{"id": id.String(), "error": err.Error()})
		resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, state.Region))...)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, readErrorDetail(err, id, r.typeName()))
		return
	}
	state.refreshExport(ctx, exp)
	if state.RestoreMissing.IsNull() || state.RestoreMissing.IsUnknown() {
		state.RestoreMissing = types.BoolValue(true) // after import
	}
	if state.CreatedAt.IsUnknown() {
		state.CreatedAt = types.StringNull()
	}
	need := checkFile(ctx, &state, id, &resp.Diagnostics)
	// The mark of an archive an apply found gone (Update) stays while the
	// file is still owed; ModifyPlan then replaces the export.
	if !need {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateNotDownloadable, nil)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, state.Region))...)
}

// checkFile compares the file at output_path with the state after a
// refresh and clears file_size and file_sha256 when it is missing (with
// restore_missing_file) or changed, which makes the plan show the download;
// it reports whether a download is owed.
//
// A refresh calls read-level operations only: whether the archive can
// still be downloaded is learned by downloading it (a write-level call,
// IAM action clouddc:imetal:createDownloadLog), at apply (Update).
func checkFile(ctx context.Context, state *logExportModel, id exportID, diags *diag.Diagnostics) bool {
	if state.OutputPath.IsNull() {
		return false
	}
	out := state.OutputPath.ValueString()
	need := state.FileSHA256.IsNull()
	if !need {
		drifted, err := download.Drifted(ctx, out, state.FileSize.ValueInt64(), state.FileSHA256.ValueString(), state.RestoreMissing.ValueBool())
		if err != nil {
			// Not an error: a refresh that fails here would block even
			// a destroy. The file attributes stay as they were.
			diags.AddWarning("could not check the downloaded archive of "+describe(id),
				err.Error()+"\n\nThe file attributes are left as they were; fix access to output_path to let the provider check the file again.")
		}
		need = drifted
	}
	if need {
		state.FileSize, state.FileSHA256 = types.Int64Null(), types.StringNull()
	}
	return need
}

func (r *logExportResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state logExportModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.id()
	// Every return below keeps this identity: the export never changes.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, plan.Region))...)
	if plan.OutputPath.IsNull() {
		// output_path removed: the file goes as on destroy.
		state.removeFile(ctx)
		plan.setFile(nil)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	if !plan.FileSHA256.IsUnknown() {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	out := plan.OutputPath.ValueString()
	if problem := download.ApplyProblem(out, exampleFileName); problem != "" {
		// resp.State is still the prior state.
		resp.Diagnostics.AddAttributeError(path.Root("output_path"), "downloading "+describe(id),
			"invalid output_path: "+problem+"\n\nNothing was downloaded and the state is unchanged. Fix output_path and apply again.")
		return
	}
	// On failure the prior state stays, with the file marked as still to download.
	fail := func(summary, detail string) {
		state.FileSize, state.FileSHA256 = types.Int64Null(), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		resp.Diagnostics.AddError(summary, detail)
	}
	ctx, cancel, timeout, ok := createDeadline(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	if !strings.EqualFold(state.Status.ValueString(), huaweicloud.StatusCompleted) {
		// ModifyPlan left status and percentage unknown for this wait.
		done, err := waitExportCompleted(ctx, client, id, timeout, r.propagationLeft(ctx, req.Private), r.clock)
		if done != nil {
			state.setExport(done)
		}
		if err != nil {
			fail("waiting for "+describe(id)+" to complete",
				waitErrorDetail(err, timeout, state.Status.ValueString(), state.Percentage.ValueInt64(), nextAfterUpdate))
			return
		}
		plan.setProgress(done)
	}
	f, err := downloadExport(ctx, client, id, out)
	if huaweicloud.IsGone(err) {
		// Read cannot learn this (only a download, a write-level call,
		// tells): the mark makes the next plan replace the export.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateNotDownloadable, []byte(`true`))...)
		fail(describe(id)+" can no longer be downloaded", vendorDetail(err)+fmt.Sprintf(
			"\n\nThe API no longer serves the archive of export %s, so the file at %s cannot be brought back from it; nothing was written there. "+
				"The export stays in the state without the file.\n\nRun terraform apply again: its plan replaces this resource, "+
				"which starts a new export and downloads that.", id.ExportID, out))
		return
	}
	if err != nil {
		fail("downloading "+describe(id), downloadErrorDetail(err, out))
		return
	}
	plan.setFile(&f)
	if state.OutputPath.ValueString() != out {
		state.removeFile(ctx)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete forgets the export: the API has no delete, so forgetting it is the
// whole job, apart from removing the archive if it is still the one written.
func (r *logExportResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := readModel(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	state.removeFile(ctx)
}

// removeFile removes the file at output_path if it is still the one
// downloaded (download.RemoveIfUnchanged; a changed file stays): on
// destroy, and when output_path is removed or changed.
func (m *logExportModel) removeFile(ctx context.Context) {
	if !m.OutputPath.IsNull() && !m.FileSHA256.IsNull() {
		download.RemoveIfUnchanged(ctx, m.OutputPath.ValueString(), m.FileSize.ValueInt64(), m.FileSHA256.ValueString())
	}
}

// ImportState accepts project_id/physical_server_id/export_id, the same
// prefixed by the region (region/project_id/physical_server_id/export_id),
// or the identity.
func (r *logExportResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id importID
	if req.ID != "" {
		parsed, err := parseImportID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("importing bare-metal log export", err.Error()+
				"\n\nImport with: terraform import "+r.typeName()+".<name> [<region>/]<project_id>/<physical_server_id>/<export_id>")
			return
		}
		id = parsed
	} else {
		var ident logExportIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = importID{Region: ident.Region.ValueString(), exportID: exportID{
			ProjectID: ident.ProjectID.ValueString(), ServerID: ident.PhysicalServerID.ValueString(), ExportID: ident.ExportID.ValueString(),
		}}
		for name, v := range map[string]string{"project_id": id.ProjectID, "physical_server_id": id.ServerID, "export_id": id.ExportID} {
			if !idPartPattern.MatchString(v) {
				resp.Diagnostics.AddError("importing bare-metal log export",
					fmt.Sprintf("identity %s %q must be non-empty, must not contain '/' and must not be '.' or '..'.", name, v))
			}
		}
		if id.Region != "" && !validate.RegionPattern.MatchString(id.Region) {
			resp.Diagnostics.AddError("importing bare-metal log export", fmt.Sprintf("identity region %q is not a region id such as cn-east-3.", id.Region))
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}
	region := types.StringNull()
	if id.Region != "" {
		region = types.StringValue(id.Region)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.String())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_id"), id.ProjectID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("physical_server_id"), id.ServerID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("export_id"), id.ExportID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	// An import names an object its user says exists: the read that follows
	// takes "not found" for propagation within the read-after-write bound,
	// as after our own create (an export started moments ago elsewhere).
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, r.now())...)
}

// ---- diagnostics ----

// vendorDetail states the vendor's code, message and request id.
func vendorDetail(err error) string {
	var e *huaweicloud.Error
	if errors.As(err, &e) {
		s := fmt.Sprintf("Huawei Cloud answered HTTP %d with error_code %s: %s", e.HTTPStatus, e.Code, e.Message)
		if e.RequestID != "" {
			s += fmt.Sprintf(" (request id %s)", e.RequestID)
		}
		if h := huaweicloud.AuthHint(err); h != "" {
			return s + ".\n\n" + h
		}
		return s + "."
	}
	return err.Error()
}

func createErrorDetail(err error, project, server, region, typeName string) string {
	switch {
	case transport.IsAmbiguous(err):
		return fmt.Sprintf("The request to start the export failed in a way that leaves its effect unknown: %v\n\n"+
			"The export may exist. The API has no list of exports, so the provider cannot find it and does not retry "+
			"(that could start a second export). If it exists, its export ID is shown in the Huawei Cloud console "+
			"(CloudDC, the server's log exports) or in Cloud Trace Service (\"Exporting logs\"); import it with\n"+
			"  terraform import %s.<name> %s/%s/<export_id>\n"+
			"Otherwise apply again to start a new export.", err, typeName, project, server)
	case huaweicloud.IsNotFound(err):
		return vendorDetail(err) + fmt.Sprintf("\n\nThe physical server %q was not found in project %s (region %s). "+
			"Check physical_server_id, project_id and region.", server, project, region)
	case huaweicloud.IsAuth(err):
		return vendorDetail(err) + "\n\nCheck the huaweicloud credentials of the provider (auth_token, or access_key and secret_key) " +
			"and that they belong to project " + project + "."
	case huaweicloud.IsThrottled(err):
		return vendorDetail(err) + "\n\nThe API kept throttling the request after the provider's retries; raise max_retries or try again later."
	case transport.IsTransient(err):
		return vendorDetail(err) + "\n\n" + transport.RetryAdvice(err, "CloudDC")
	default:
		return vendorDetail(err)
	}
}

// readErrorDetail explains a status read that failed. The lenient reading
// of an undocumented answer: only 404 and 410 mean "gone" (findExport), so
// the provider never drops an export from the state on a guess; a refusal
// of another kind from the service (huaweicloud.IsServiceRefusal), which is
// not retried, and a server error that outlasted the retries may be how
// CloudDC answers a missing export, so their detail also says how to forget
// it. Credential, gateway and network failures keep their own advice.
func readErrorDetail(err error, id exportID, typeName string) string {
	detail := vendorDetail(err)
	switch {
	case huaweicloud.IsServiceRefusal(err):
		return detail + fmt.Sprintf("\n\nCloudDC documents no answer for a missing export, so this refusal may mean that export %s "+
			"no longer exists (its retention may have ended). ", id.ExportID) + forgetAdvice(typeName)
	case huaweicloud.IsServerError(err):
		return detail + "\n\n" + transport.RetryAdvice(err, "CloudDC") + " If only this export keeps failing so, CloudDC may be " +
			"answering for a missing export with a server error, as it documents no answer for a missing export. " + forgetAdvice(typeName)
	}
	next := transport.RetryAdvice(err, "CloudDC")
	if next == "" {
		next = "Check the credentials and the endpoint, then refresh again."
	}
	return detail + "\n\n" + next
}

// forgetAdvice tells how to take an export the API will not show out of
// the state without a refresh that fails.
func forgetAdvice(typeName string) string {
	return fmt.Sprintf("The provider removes an export from the state by itself only on a 404 or 410. "+
		"If it is gone, forget it (nothing is deleted in Huawei Cloud; a downloaded file stays):\n"+
		"  terraform state rm '%[1]s.<name>'\n"+
		"then apply to start a new export, or replace the resource block with\n"+
		"  removed {\n    from = %[1]s.<name>\n    lifecycle {\n      destroy = false\n    }\n  }", typeName)
}

// What the next apply does after a failed wait, for the end of the detail.
const (
	nextAfterCreate = "The resource is tainted; the next apply replaces it with a new export."
	nextAfterUpdate = "The export stays in the state without the file; the next apply tries again."
)

// waitErrorDetail explains a failed wait. status and pct are the export's
// last status and percentage as the API reported them (the values the state
// holds), never the poller's internal classification.
func waitErrorDetail(err error, timeout time.Duration, status string, pct int64, next string) string {
	var to *tfresource.TimeoutError
	var unexpected *tfresource.UnexpectedStateError
	switch {
	case errors.As(err, &to):
		s := fmt.Sprintf("The export did not complete within %s (last status %q at %d%%, as the API reported it).", timeout, status, pct)
		if to.LastErr != nil {
			s += " The time ran out while the status could not be read: " + vendorDetail(to.LastErr)
		}
		return s + "\n\n" + next + " If exports of this server take longer, raise timeouts.create."
	case errors.As(err, &unexpected):
		return fmt.Sprintf("The export ended unsuccessfully: %s.\n\n%s", unexpected.Reason, next)
	case tfresource.NotFound(err) && next == nextAfterUpdate:
		return "The export disappeared while the provider was waiting for it.\n\nThe next refresh removes it from the state and the next apply starts a new export."
	case tfresource.NotFound(err):
		return "The export disappeared while the provider was waiting for it.\n\n" + next
	default:
		return vendorDetail(err) + "\n\n" + next
	}
}

func downloadErrorDetail(err error, out string) string {
	var e *huaweicloud.Error
	if errors.As(err, &e) {
		return vendorDetail(err) + "\n\nNothing was written to " + out + ". " + transport.RetryAdvice(err, "CloudDC")
	}
	return err.Error() + "\n\nNo partial file was left at " + out + ". " + transport.RetryAdvice(err, "CloudDC")
}
