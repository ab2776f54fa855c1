package baremetal

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// projectHint says how to give the resource a project.
const projectHint = "project_id is not set on the resource and the provider has no huaweicloud.project_id; " +
	"set project_id here, huaweicloud.project_id in the provider block, or the environment variable HW_PROJECT_ID."

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
	download.WarnPathProblem(config.OutputPath, exampleFileName, &resp.Diagnostics)
	if r.clients == nil {
		return // provider not configured yet
	}
	var state *logExportModel
	if !req.State.Raw.IsNull() {
		state = &logExportModel{}
		if resp.Diagnostics.Append(req.State.Get(ctx, state)...); resp.Diagnostics.HasError() {
			return
		}
	}

	// The file part first: an archive that can no longer be downloaded
	// replaces the resource, which makes the rest of this plan a create.
	keepFile := state != nil && state.OutputPath.Equal(plan.OutputPath) && !state.FileSHA256.IsNull()
	notDownloadable := state != nil && !plan.OutputPath.IsNull() && !keepFile && markedNotDownloadable(ctx, req, &resp.Diagnostics)
	if notDownloadable {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("file_sha256"))
	}
	creating := state == nil || notDownloadable
	if !creating {
		// The attributes' own RequiresReplace modifiers, from the schema.
		replaced, diags := tfresource.ReplacedBy(ctx, logExportSchema(ctx), req)
		if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
			return
		}
		creating = len(replaced) > 0
	}
	r.planLocation(&plan, config, state, creating)
	if !r.locationUsable(plan, &resp.Diagnostics) {
		return
	}
	plan.planFile(state, creating, keepFile)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// markedNotDownloadable reports whether a failed download in Update marked
// the export's archive as no longer served (download.PrivateNotDownloadable).
func markedNotDownloadable(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) bool {
	gone, d := req.Private.GetKey(ctx, download.PrivateNotDownloadable)
	diags.Append(d...)
	return len(gone) > 0
}

// planLocation plans region and project_id (tfresource.PlanLocation);
// state is nil on create.
func (r *logExportResource) planLocation(plan *logExportModel, config logExportModel, state *logExportModel, creating bool) {
	stateRegion, stateProject := types.StringNull(), types.StringNull()
	if state != nil {
		stateRegion, stateProject = state.Region, state.ProjectID
	}
	plan.Region = tfresource.PlanLocation(config.Region, stateRegion, creating, r.clients.Default("huaweicloud.region"))
	plan.ProjectID = tfresource.PlanLocation(config.ProjectID, stateProject, creating, r.clients.Default("huaweicloud.project_id"))
}

// locationUsable reports every missing setting in one plan: the client's
// (credentials, region) and the project, which the resource can also set.
func (r *logExportResource) locationUsable(plan logExportModel, diags *diag.Diagnostics) bool {
	noProject := !plan.ProjectID.IsUnknown() && plan.ProjectID.ValueString() == ""
	if !plan.Region.IsUnknown() {
		if _, err := r.clients.Huaweicloud(plan.Region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
			detail := err.Error()
			if noProject {
				detail += "\n- also: " + projectHint
			}
			diags.AddError("configuring Huawei Cloud for "+r.typeName(), detail)
			return false
		}
	}
	if noProject {
		diags.AddAttributeError(path.Root("project_id"), "missing project_id", projectHint)
		return false
	}
	return true
}

// planFile plans the file_* attributes (and, for a download that waits for
// the export first, status and percentage); state is nil on create.
func (m *logExportModel) planFile(state *logExportModel, creating, keepFile bool) {
	switch {
	case m.OutputPath.IsNull():
		m.setFile(nil)
	case creating:
		// Create or replacement: file_* stay unknown until the download.
		m.FileName, m.FileSize, m.FileSHA256 = types.StringUnknown(), types.Int64Unknown(), types.StringUnknown()
	case keepFile:
		m.FileName, m.FileSize, m.FileSHA256 = state.FileName, state.FileSize, state.FileSHA256
	default:
		// A new path, a download still owed, or Read found the file
		// missing or changed: an in-place update downloads it, waiting
		// first for an export still running (imported, or a create whose
		// wait failed), which rewrites its status and percentage.
		m.FileName, m.FileSize, m.FileSHA256 = types.StringUnknown(), types.Int64Unknown(), types.StringUnknown()
		if !strings.EqualFold(state.Status.ValueString(), huaweicloud.StatusCompleted) {
			m.Status, m.Percentage = types.StringUnknown(), types.Int64Unknown()
		}
	}
}

// privateImported marks, from ImportState on, an export whose triggers
// were never recorded: the API does not know them, so an import leaves
// them null.
const privateImported = "imported"

// triggersReplace is RequiresReplace on triggers, except when an imported
// export (privateImported) gets its first triggers: the configuration
// only records what the import could not read, and replacing would
// destroy what was just adopted (a fresh export instead of the imported
// one).
func triggersReplace() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = true
		if !req.StateValue.IsNull() || req.Private == nil {
			return
		}
		imported, diags := req.Private.GetKey(ctx, privateImported)
		resp.Diagnostics.Append(diags...)
		resp.RequiresReplace = len(imported) == 0
	}, "Changing triggers forces a fresh export, except the first triggers of an imported export, which are recorded in place.",
		"Changing `triggers` forces a fresh export, except the first triggers of an imported export, which are recorded in place.")
}
