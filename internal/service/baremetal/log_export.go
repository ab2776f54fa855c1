package baremetal

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

var (
	_ resource.Resource                = (*logExportResource)(nil)
	_ resource.ResourceWithConfigure   = (*logExportResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*logExportResource)(nil)
	_ resource.ResourceWithImportState = (*logExportResource)(nil)
	_ resource.ResourceWithIdentity    = (*logExportResource)(nil)
)

const logExportTypeSuffix = "_baremetal_log_export"

// Default timeouts (the timeouts block; the update default is the create
// timeout, which bounded updates before they had their own).
const (
	// defaultCreateTimeout bounds starting the export, waiting for it and
	// downloading it.
	defaultCreateTimeout = 30 * time.Minute
	// defaultReadTimeout bounds a refresh's status read (with its retries),
	// plus what is left of the read-after-write window (Read).
	defaultReadTimeout = 5 * time.Minute
	// defaultDeleteTimeout bounds checking and removing the file.
	defaultDeleteTimeout = 5 * time.Minute
)

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

// deadline bounds ctx by timeout, which get (a timeouts.Value method)
// returned with d; false means d held an error, now in diags.
func deadline(ctx context.Context, timeout time.Duration, d diag.Diagnostics, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	if diags.Append(d...); diags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, true
}

// updateTimeout is timeouts.update, by default timeouts.create (or its
// default): updates were bounded by create before they had their own.
func updateTimeout(ctx context.Context, plan logExportModel) (time.Duration, diag.Diagnostics) {
	create, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	if diags.HasError() {
		return 0, diags
	}
	update, d := plan.Timeouts.Update(ctx, create)
	diags.Append(d...)
	return update, diags
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
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	ctx, cancel, ok := deadline(ctx, timeout, d, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	summary := "creating bare-metal log export for physical server " + plan.PhysicalServerID.ValueString()
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	// A path that cannot be written fails here, before an export is
	// started that could not be saved anywhere.
	if !plan.OutputPath.IsNull() && !outputPathUsable(plan.OutputPath.ValueString(), summary, "No export was started.", &resp.Diagnostics) {
		return
	}
	if !r.startExport(ctx, client, &plan, summary, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, r.now())...)
	id := plan.id()
	// Saved before polling: a failure or timeout from here on leaves a
	// tainted resource that the next apply replaces, never an orphan.
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, plan.Region))...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "bare-metal log export started", map[string]any{"export_id": id.ExportID, "physical_server_id": id.ServerID, "project_id": id.ProjectID})

	opts := waitOptions{Timeout: timeout, TimeoutName: "timeouts.create", Propagation: r.propagationLeft(ctx, resp.Private), Clock: r.clock}
	if _, err := awaitExport(ctx, client, &plan, opts); err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		resp.Diagnostics.AddError("waiting for "+describe(id)+" to complete", waitErrorDetail(err, timeout, nextAfterCreate))
		return
	}
	if !plan.OutputPath.IsNull() {
		downloadCreated(ctx, client, &plan, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// startExport starts the export of plan's server (ExportServerLogs) and
// records it in plan: id, export_id, the answer, no file yet. False means
// diags holds why; nothing was started then, or nothing the provider can
// find (createErrorDetail says how to import it).
func (r *logExportResource) startExport(ctx context.Context, client *huaweicloud.Client, plan *logExportModel, summary string, diags *diag.Diagnostics) bool {
	serverID, project := plan.PhysicalServerID.ValueString(), plan.ProjectID.ValueString()
	exp, err := client.ExportServerLogs(ctx, huaweicloud.ExportInput{ProjectID: project, ServerID: serverID})
	if err != nil {
		diags.AddError(summary, createErrorDetail(err, project, serverID, plan.Region.ValueString(), r.typeName()))
		return false
	}
	if exp.ExportID == "" {
		diags.AddError(summary, "ExportServerLogs answered 202 without an export_id. This is unexpected from the API; please report it.")
		return false
	}
	id := exportID{ProjectID: project, ServerID: serverID, ExportID: exp.ExportID}
	plan.ID = types.StringValue(id.String())
	plan.ExportID = types.StringValue(exp.ExportID)
	plan.setExport(exp)
	if plan.CreatedAt.IsUnknown() {
		plan.CreatedAt = types.StringNull()
	}
	plan.setFile(nil)
	return true
}

func (r *logExportResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := readModel(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	id := state.id()
	summary := "reading " + describe(id)
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	// Right after our own create or an import (the post-apply refresh, a
	// refresh after a failed wait), "not found" is a write not visible yet.
	window := r.propagationLeft(ctx, req.Private)
	timeout, d := state.Timeouts.Read(ctx, defaultReadTimeout+window)
	readCtx, cancel, ok := deadline(ctx, timeout, d, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	exp, err := findExportAfterWrite(readCtx, client, id, window, r.clock)
	if err != nil && readCtx.Err() != nil && ctx.Err() == nil {
		resp.Diagnostics.AddError(summary, timeoutDetail(err, "timeouts.read", timeout, "Nothing in the state changed; refresh again."))
		return
	}
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
	if state.CreatedAt.IsUnknown() {
		state.CreatedAt = types.StringNull()
	}
	need := checkFile(ctx, &state, id, &resp.Diagnostics)
	// The mark of an archive an apply found gone (Update) stays while the
	// file is still owed; ModifyPlan then replaces the export.
	if !need {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, download.PrivateNotDownloadable, nil)...)
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
	if !outputPathUsable(out, "downloading "+describe(id), "Nothing was downloaded and the state is unchanged.", &resp.Diagnostics) {
		return // resp.State is still the prior state.
	}
	// On failure the prior state stays, with the file marked as still to download.
	fail := func(summary, detail string) {
		state.FileSize, state.FileSHA256 = types.Int64Null(), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		resp.Diagnostics.AddError(summary, detail)
	}
	timeout, d := updateTimeout(ctx, plan)
	ctx, cancel, ok := deadline(ctx, timeout, d, &resp.Diagnostics)
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
		opts := waitOptions{Timeout: timeout, TimeoutName: "timeouts.update", Propagation: r.propagationLeft(ctx, req.Private), Clock: r.clock}
		done, err := awaitExport(ctx, client, &state, opts)
		if err != nil {
			fail("waiting for "+describe(id)+" to complete", waitErrorDetail(err, timeout, nextAfterUpdate))
			return
		}
		plan.setProgress(done)
	}
	f, err := downloadExport(ctx, client, id, out)
	if huaweicloud.IsGone(err) {
		// Read cannot learn this (only a download, a write-level call,
		// tells): the mark makes the next plan replace the export.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, download.PrivateNotDownloadable, []byte(`true`))...)
		fail(describe(id)+" can no longer be downloaded", notDownloadableDetail(err, id, out))
		return
	}
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		fail("downloading "+describe(id), timeoutDetail(err, "timeouts.update", timeout, "No partial file was left at "+out+
			"; the export stays in the state without the file and the next apply downloads it again."))
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
	timeout, d := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	ctx, cancel, ok := deadline(ctx, timeout, d, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	if err := state.removeFileWithin(ctx); errors.Is(err, context.DeadlineExceeded) {
		resp.Diagnostics.AddError("deleting "+describe(state.id()), timeoutDetail(err, "timeouts.delete", timeout,
			"The check of the file at "+state.OutputPath.ValueString()+" (its size and SHA-256) did not finish. The export "+
				"stays in the state; the check goes on in the background while this run lasts and removes the file if it "+
				"is unchanged. Run the destroy again."))
	} else if err != nil {
		resp.Diagnostics.AddError("deleting "+describe(state.id()), "The destroy was interrupted while the file at "+
			state.OutputPath.ValueString()+" was being checked: "+err.Error()+"\n\nThe export stays in the state; run the destroy again.")
	}
}

// removeFileWithin is removeFile bounded by ctx (timeouts.delete): the
// check, which hashes the file, runs apart, and ctx's error is returned
// when it ends first. The check is not interrupted (download has no
// cancellable check): it may still remove the unchanged file later.
func (m *logExportModel) removeFileWithin(ctx context.Context) error {
	if m.OutputPath.IsNull() || m.FileSHA256.IsNull() {
		return nil // no file of ours
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.removeFile(context.WithoutCancel(ctx))
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// removeFile removes the file at output_path if it is still the one
// downloaded (download.RemoveIfUnchanged; a changed file stays): on
// destroy, and when output_path is removed or changed.
func (m *logExportModel) removeFile(ctx context.Context) {
	if !m.OutputPath.IsNull() && !m.FileSHA256.IsNull() {
		download.RemoveIfUnchanged(ctx, m.OutputPath.ValueString(), m.FileSize.ValueInt64(), m.FileSHA256.ValueString())
	}
}
