package cls

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

var (
	_ resource.ResourceWithConfigure      = (*exportResource)(nil)
	_ resource.ResourceWithImportState    = (*exportResource)(nil)
	_ resource.ResourceWithIdentity       = (*exportResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*exportResource)(nil)
	_ resource.ResourceWithValidateConfig = (*exportResource)(nil)
)

// NewExportResource returns the telemetry_cls_export resource.
func NewExportResource() resource.Resource { return &exportResource{} }

type exportResource struct {
	clients *conns.Clients
}

func (r *exportResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cls_export"
}

func (r *exportResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

// client is the Tencent client for region, or nil with a diagnostic.
func (r *exportResource) client(region types.String, diags *diag.Diagnostics) *tencentcloud.Client {
	return r.clients.TencentcloudFor(region.ValueString(), diags)
}

func (r *exportResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exportResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, in, createTimeout := r.prepareCreate(ctx, &plan, &resp.Diagnostics)
	if client == nil {
		return
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	exportIDValue, err := createExport(ctx, client, in, r.clients.ReadAfterWrite())
	if err != nil {
		resp.Diagnostics.AddError("creating CLS export", apiErrorDetail(err, createHint(err)))
		return
	}
	// Reads within the propagation window take "not listed" for "not
	// visible yet" (see readAfterWrite).
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, time.Now())...)
	// The state keeps CreateExport's spelling of the id (the vendor's
	// examples give it without the "export-" prefix DescribeExports lists
	// it with): it is what DeleteExport's example takes, and reads compare
	// ids with tencentcloud.SameID, so the listed spelling is no change.
	id := exportID{TopicID: in.TopicID, ExportID: exportIDValue}
	plan.setStarted(id)

	// Save the export before waiting: if the wait fails or times out, the
	// export stays in state (tainted) and the next apply replaces it.
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, plan.Region))...)
	if resp.Diagnostics.HasError() {
		return
	}

	if !plan.WaitForCompletion.ValueBool() {
		// One fresh read fills in the status and creation time when the
		// export is already listed; the next refresh does otherwise.
		if e, err := findExport(ctx, client, id, true); err == nil {
			plan.setFromAPI(e)
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		}
		return
	}

	e, err := waitExportCompleted(ctx, client, id, createTimeout-time.Since(start), r.clients.ReadAfterWrite())
	if e != nil {
		plan.setFromAPI(e)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("waiting for CLS export %s to complete", id), waitErrorDetail(err, createTimeout, nextAfterFailedWait))
		return
	}
	if plan.OutputPath.IsNull() {
		return
	}
	out := plan.OutputPath.ValueString()
	f, err := downloadFile(ctx, client, id, e, out)
	if err != nil {
		warnDownloadKept(ctx, id, out, err, &resp.Diagnostics)
		return
	}
	plan.FileSHA256 = types.StringValue(f.SHA256)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// prepareCreate is what a create needs before anything is started: the
// client of the plan's region (which the plan records), CreateExport's input
// and the create timeout. A nil client means diags holds why.
func (r *exportResource) prepareCreate(ctx context.Context, plan *exportResourceModel, diags *diag.Diagnostics) (*tencentcloud.Client, tencentcloud.CreateExportInput, time.Duration) {
	client := r.client(plan.Region, diags)
	if client == nil {
		return nil, tencentcloud.CreateExportInput{}, 0
	}
	plan.Region = types.StringValue(client.Region())
	in, err := plan.createInput()
	if err != nil {
		diags.AddError("creating CLS export", "The time range cannot be read: "+err.Error()+". This is a bug in the provider; please report it.")
		return nil, in, 0
	}
	createTimeout, d := plan.Timeouts.Create(ctx, defaultCreateWait)
	if diags.Append(d...); diags.HasError() {
		return nil, in, 0
	}
	// A path that cannot be written fails here, before an export is
	// started whose file could not be saved anywhere.
	if !plan.OutputPath.IsNull() {
		if problem := download.ApplyProblem(plan.OutputPath.ValueString(), exampleFileName); problem != "" {
			diags.AddAttributeError(path.Root("output_path"), "creating CLS export",
				"invalid output_path: "+problem+"\n\nNo export was started. Fix output_path and apply again.")
			return nil, in, 0
		}
	}
	return client, in, createTimeout
}

func (r *exportResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, id, client := r.stateTarget(ctx, req.State, "reading", &resp.Diagnostics)
	if client == nil {
		return
	}
	if state.Region.IsNull() || state.Region.ValueString() == "" {
		// Imported without a region, or moved from the vendor's provider
		// (whose state has none, and MoveState has no provider settings):
		// the export is where the provider's region found it.
		state.Region = types.StringValue(client.Region())
	}
	readTimeout, d := state.Timeouts.Read(ctx, defaultRead)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	left := tfresource.PropagationLeft(ctx, req.Private, r.clients.ReadAfterWrite(), time.Now())
	e, err := readAfterWrite(ctx, client, id, left)
	if tfresource.NotFound(err) {
		tflog.Warn(ctx, "CLS export not found, removing it from state", map[string]any{
			"topic_id": id.TopicID, "export_id": id.ExportID, "region": state.Region.ValueString(),
		})
		resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, state.Region))...)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CLS export %s", id), apiErrorDetail(err, ""))
		return
	}
	state.setFromAPI(e)
	if left > 0 {
		// Seen: from now on "not found" means gone.
		resp.Diagnostics.Append(tfresource.ForgetWritten(ctx, resp.Private)...)
	}
	// Clear a stale mark; checkFile sets it again if still true.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, download.PrivateNotDownloadable, nil)...)
	if gone := checkFile(ctx, &state, id, &resp.Diagnostics); gone {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, download.PrivateNotDownloadable, []byte(`true`))...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, state.Region))...)
}

// stateTarget reads the state and returns it with the export's id and the
// client of its region; a nil client means diags holds why.
func (r *exportResource) stateTarget(ctx context.Context, st tfsdk.State, verb string, diags *diag.Diagnostics) (exportResourceModel, exportID, *tencentcloud.Client) {
	var state exportResourceModel
	if diags.Append(st.Get(ctx, &state)...); diags.HasError() {
		return state, exportID{}, nil
	}
	id, err := r.stateID(state)
	if err != nil {
		diags.AddError(verb+" CLS export", err.Error()+"\n\nThis is a bug in the provider; please report it.")
		return state, id, nil
	}
	return state, id, r.client(state.Region, diags)
}

func (r *exportResource) stateID(m exportResourceModel) (exportID, error) {
	if !m.ID.IsNull() && m.ID.ValueString() != "" {
		return parseExportID(m.ID.ValueString())
	}
	return exportID{TopicID: m.TopicID.ValueString(), ExportID: m.ExportID.ValueString()}, nil
}

// Update changes what is local: wait_for_completion, timeouts,
// restore_missing_file and output_path, and downloads the file when the plan
// owes one (file_sha256 unknown). Every export argument forces replacement,
// so the only CLS call is the DescribeExports that gives a fresh download
// URL (and the polls, when the export is not Completed yet).
func (r *exportResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state exportResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.stateID(state)
	if err != nil {
		resp.Diagnostics.AddError("updating CLS export", err.Error()+"\n\nThis is a bug in the provider; please report it.")
		return
	}
	state.WaitForCompletion = plan.WaitForCompletion
	state.Timeouts = plan.Timeouts
	state.RestoreMissing = plan.RestoreMissing
	state.KeepDownloadURL = plan.KeepDownloadURL
	if !state.KeepDownloadURL.ValueBool() {
		state.DownloadURL = types.StringNull()
	}
	if !plan.Region.IsUnknown() && plan.Region.ValueString() != "" {
		state.Region = plan.Region // the planned location (the same, but for a state not refreshed since a move)
	}
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(id, state.Region))...)
	oldPath, oldSHA := state.OutputPath, state.FileSHA256
	if plan.OutputPath.IsNull() && !oldPath.IsNull() && !oldSHA.IsNull() {
		// output_path removed: the file goes as in Delete (if unchanged).
		download.RemoveIfUnchanged(ctx, oldPath.ValueString(), -1, oldSHA.ValueString())
	}
	state.OutputPath = plan.OutputPath
	if plan.OutputPath.IsNull() || !plan.FileSHA256.IsUnknown() {
		state.FileSHA256 = plan.FileSHA256
		if plan.DownloadURL.IsUnknown() {
			// keep_download_url turned on; on failure resp.State stays the prior state.
			if r.freshLink(ctx, id, &state, &resp.Diagnostics); resp.Diagnostics.HasError() {
				return
			}
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	summary := fmt.Sprintf("downloading CLS export %s", id)
	out := plan.OutputPath.ValueString()
	if problem := download.ApplyProblem(out, exampleFileName); problem != "" {
		// resp.State is still the prior state.
		resp.Diagnostics.AddAttributeError(path.Root("output_path"), summary,
			"invalid output_path: "+problem+"\n\nNothing was downloaded and the state is unchanged. Fix output_path and apply again.")
		return
	}
	// From here a failure saves the state without file_sha256: the download
	// is still owed and the next plan shows it again.
	state.FileSHA256 = types.StringNull()
	f, detail := r.downloadInPlace(ctx, id, &state, plan.Timeouts, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if detail != "" {
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	state.FileSHA256 = types.StringValue(f.SHA256)
	if !oldPath.IsNull() && oldPath.ValueString() != out && !oldSHA.IsNull() {
		download.RemoveIfUnchanged(ctx, oldPath.ValueString(), -1, oldSHA.ValueString())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// freshLink reads the export afresh into state for a new download link;
// a failure leaves an error in diags (and resp.State the prior state).
func (r *exportResource) freshLink(ctx context.Context, id exportID, state *exportResourceModel, diags *diag.Diagnostics) {
	client := r.client(state.Region, diags)
	if client == nil {
		return
	}
	e, err := findExport(ctx, client, id, true)
	if err != nil {
		diags.AddError(fmt.Sprintf("reading CLS export %s", id), apiErrorDetail(err, "Nothing changed; the next apply tries again."))
		return
	}
	state.setFromAPI(e)
}

// downloadInPlace downloads the file of the export to state.OutputPath in
// an update: one fresh lookup (the URL of an earlier read may have expired:
// it is good for one hour, and the state keeps none that could be trusted),
// a wait when the export is not Completed yet, then the download. What it
// reads fills state. It returns the file, or the detail of why nothing was
// downloaded; a failure before any call (no client, unreadable timeouts)
// leaves an error in diags instead.
func (r *exportResource) downloadInPlace(ctx context.Context, id exportID, state *exportResourceModel, t timeouts.Value, diags *diag.Diagnostics) (download.File, string) {
	client := r.client(state.Region, diags)
	if client == nil {
		return download.File{}, ""
	}
	timeout, d := t.Update(ctx, defaultUpdateWait)
	if diags.Append(d...); diags.HasError() {
		return download.File{}, ""
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	e, err := findExport(ctx, client, id, true)
	if err == nil && e.Status != tencentcloud.StatusCompleted && !strings.EqualFold(e.Status, tencentcloud.StatusExpired) {
		e, err = waitExportCompleted(ctx, client, id, timeout, 0) // just found: "not found" now means gone
	}
	if e != nil {
		state.setFromAPI(e)
	}
	switch {
	case err != nil && e == nil:
		return download.File{}, apiErrorDetail(err, "Nothing was downloaded; the next apply tries again.")
	case err != nil:
		return download.File{}, waitErrorDetail(err, timeout, nextAfterFailedUpdate)
	case strings.EqualFold(e.Status, tencentcloud.StatusExpired):
		return download.File{}, fmt.Sprintf("Export %s has Expired: CLS keeps export files for 3 days and no longer serves this one. "+
			"The next plan replaces the export (a new export of the same logs) to bring the file back.", id.ExportID)
	}
	out := state.OutputPath.ValueString()
	f, err := downloadFile(ctx, client, id, e, out)
	if err != nil {
		return download.File{}, downloadErrorDetail(err, out) + "\n\nThe export is kept; the next apply downloads it again."
	}
	return f, ""
}

// Delete deletes the export, then removes the downloaded file if it is
// still the one written (a changed file is left alone).
func (r *exportResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, id, client := r.stateTarget(ctx, req.State, "deleting", &resp.Diagnostics)
	if client == nil {
		return
	}
	deleteTimeout, d := state.Timeouts.Delete(ctx, defaultDelete)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()
	_, err := client.DeleteExport(ctx, tencentcloud.DeleteExportInput{ExportID: id.ExportID})
	if err != nil && !tencentcloud.IsNotFound(err) { // not found: already gone
		resp.Diagnostics.AddError(fmt.Sprintf("deleting CLS export %s", id), apiErrorDetail(err, ""))
		return
	}
	if !state.OutputPath.IsNull() && !state.FileSHA256.IsNull() {
		download.RemoveIfUnchanged(ctx, state.OutputPath.ValueString(), -1, state.FileSHA256.ValueString())
	}
}
