package cms

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

var (
	_ resource.Resource                     = (*exporterOutputResource)(nil)
	_ resource.ResourceWithConfigure        = (*exporterOutputResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*exporterOutputResource)(nil)
	_ resource.ResourceWithImportState      = (*exporterOutputResource)(nil)
	_ resource.ResourceWithIdentity         = (*exporterOutputResource)(nil)
	_ resource.ResourceWithConfigValidators = (*exporterOutputResource)(nil)
)

// NewExporterOutputResource returns the telemetry_cms_exporter_output resource.
func NewExporterOutputResource() resource.Resource { return &exporterOutputResource{} }

// exporterOutputResource manages one CMS exporter output. PutExporterOutput
// is an upsert, so Create checks first that the name is free.
type exporterOutputResource struct {
	clients *conns.Clients
}

func (r *exporterOutputResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_exporter_output"
}

func (r *exporterOutputResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (r *exporterOutputResource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return r.clients.AlicloudFor(region.ValueString(), diags)
}

// secret returns the AccessKey secret to send: the stored attribute or the
// write-only one, which only the configuration holds.
func secretFromConfig(ctx context.Context, cfg tfsdkGetter, plan exporterOutputModel, diags *diag.Diagnostics) string {
	if !plan.AccessKeySecret.IsNull() {
		return plan.AccessKeySecret.ValueString()
	}
	var wo types.String
	diags.Append(cfg.GetAttribute(ctx, path.Root("access_key_secret_wo"), &wo)...)
	return wo.ValueString()
}

type tfsdkGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target interface{}) diag.Diagnostics
}

func (r *exporterOutputResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exporterOutputModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.DestName.ValueString()
	summary := fmt.Sprintf("creating CMS exporter output %q", name)
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	plan.Region = types.StringValue(client.Region())
	secret := secretFromConfig(ctx, req.Config, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.BeginWrite()()

	// PutExporterOutput would silently overwrite an output of the same name.
	_, err := findExporterOutput(ctx, client, name, true)
	switch {
	case err == nil:
		id := exporterOutputID{Region: client.Region(), DestName: name}
		resp.Diagnostics.AddError(summary, fmt.Sprintf(
			"An exporter output with this name already exists in %s; PutExporterOutput would overwrite it. To manage it with Terraform, import it:\n"+
				"  terraform import <resource address> %s\n"+
				"or add an import block with id = %q.", client.Region(), id, id.String()))
		return
	case !tfresource.NotFound(err):
		resp.Diagnostics.AddError(summary, "Checking whether the name is free failed: "+apiErrorDetail(err, ""))
		return
	}

	putAndReadBack(ctx, putRequest{
		client: client, plan: &plan, secret: secret, summary: summary, bound: r.clients.ReadAfterWrite(),
		out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
	})
}

func (r *exporterOutputResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state exporterOutputModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.DestName.ValueString()
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	state.Region = types.StringValue(client.Region())
	o, err := findExporterOutput(ctx, client, name, false)
	// Right after this provider wrote the output (the refresh that follows
	// an apply), "not found" or the previous version is the write not being
	// visible yet: read again until it is, within the read-after-write bound.
	// Only the version this provider replaced counts as "previous": a value
	// nobody wrote is drift, believed at once.
	if left := tfresource.PropagationLeft(ctx, req.Private, r.clients.ReadAfterWrite(), time.Now()); left > 0 {
		previous := previousVersion(ctx, req.Private)
		if tfresource.NotFound(err) || (err == nil && isPreviousVersion(state, previous, o)) {
			tflog.Debug(ctx, "cms exporter output written moments ago is not visible as written yet; reading again", map[string]any{"dest_name": name, "time_left_s": int(left.Seconds())})
			o, err = readBackAsWritten(ctx, client, state, previous, left)
		}
	}
	if tfresource.NotFound(err) {
		tflog.Warn(ctx, "cms exporter output not found, removing from state", map[string]any{"dest_name": name, "region": client.Region()})
		resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(state))...)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS exporter output %q", name), apiErrorDetail(err, ""))
		return
	}
	applyRemote(&state, o)
	if state.DestType.IsNull() {
		state.DestType = types.StringValue(destTypes[0])
	}
	setID(&state)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identityOf(state))...)
}

func (r *exporterOutputResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan exporterOutputModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.DestName.ValueString()
	summary := fmt.Sprintf("updating CMS exporter output %q", name)
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	secret := secretFromConfig(ctx, req.Config, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var prior exporterOutputModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer client.BeginWrite()()
	putAndReadBack(ctx, putRequest{
		client: client, plan: &plan, previous: &prior, secret: secret, summary: summary, bound: r.clients.ReadAfterWrite(),
		out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
	})
}

// putRequest is one write of a create or an update: what to send, and
// where its outcome goes.
type putRequest struct {
	client *alicloud.Client
	plan   *exporterOutputModel
	// previous is the state the write replaces (nil on create): while a
	// write propagates the API may still show it, and only it counts as
	// "not visible yet"; it is kept in private state for the refresh that
	// follows.
	previous *exporterOutputModel
	secret   string        // the AccessKey secret to send
	summary  string        // the summary of the diagnostics
	bound    time.Duration // the read-after-write bound (read_after_write_timeout)
	out      written
}

// putAndReadBack sends the plan with PutExporterOutput, saves it to the
// state at once (the output exists from then on, whatever happens next),
// then reads the output back into the state (Create and Update end the same
// way). A failed read-back is a warning, not an error: an error would
// taint, and so replace, an output that is exactly what was configured; the
// next refresh reads it. The write-only secret never reaches the state.
func putAndReadBack(ctx context.Context, p putRequest) {
	plan, w := p.plan, p.out
	_, err := p.client.PutExporterOutput(ctx, putInput(*plan, p.secret))
	if err != nil {
		if p.previous == nil && putMayHaveWritten(err) {
			reconcileLostCreate(ctx, p, err)
			return
		}
		w.diags.AddError(p.summary, apiErrorDetail(err, putHint(err)))
		return
	}
	if !w.save(ctx, plan, p.previous) {
		return
	}
	// The read-back only fills what the API computes (create_time): the
	// configured values were just written, and an answer that lags behind or
	// spells them another way must not replace them.
	o, err := readBackAsWritten(ctx, p.client, *plan, p.previous, p.bound)
	if err != nil {
		tflog.Warn(ctx, "cms exporter output read-back failed after a successful put", map[string]any{"dest_name": plan.DestName.ValueString(), "region": p.client.Region(), "error": err.Error()})
		w.diags.AddWarning(p.summary, "PutExporterOutput succeeded, so the exporter output is saved in the state as configured, "+
			"but reading it back failed: "+apiErrorDetail(err, "")+"\n\nNothing needs to be done: the next plan or refresh reads it and fills create_time.")
		return
	}
	applyCreateTime(plan, o)
	w.diags.Append(w.state.Set(ctx, plan)...)
}

// written is where a create or update records what it wrote.
type written struct {
	state    *tfsdk.State
	identity *tfsdk.ResourceIdentity // nil when the request carries none
	private  tfresource.PrivateSetter
	diags    *diag.Diagnostics
}

// save puts plan in the state as written just now over previous (nil on
// create), and reports whether that worked.
func (w written) save(ctx context.Context, plan, previous *exporterOutputModel) bool {
	plan.AccessKeySecretWO = types.StringNull()
	setID(plan)
	if plan.CreateTime.IsUnknown() {
		plan.CreateTime = types.StringNull() // filled by the read-back or the next refresh
	}
	w.diags.Append(w.state.Set(ctx, plan)...)
	if w.identity != nil {
		w.diags.Append(w.identity.Set(ctx, identityOf(*plan))...)
	}
	w.diags.Append(tfresource.MarkWritten(ctx, w.private, time.Now())...)
	w.diags.Append(w.private.SetKey(ctx, privatePrevious, versionJSON(previous))...)
	return !w.diags.HasError()
}

func (r *exporterOutputResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state exporterOutputModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	name := state.DestName.ValueString()
	summary := fmt.Sprintf("deleting CMS exporter output %q", name)
	_, err := client.DeleteExporterOutput(ctx, name)
	if err != nil && !alicloud.IsNotFound(err) {
		resp.Diagnostics.AddError(summary, apiErrorDetail(err, ""))
		return
	}
	// Lists can show a deleted output for a while; a create of the same name
	// right after this (a replacement, or destroy then apply) would take it
	// for someone else's. Zero (read_after_write_timeout = "0s") believes the
	// delete at once.
	bound := r.clients.ReadAfterWrite()
	if bound <= 0 {
		return
	}
	if err := waitExporterOutputGone(ctx, client, name, bound); err != nil {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The output was deleted in %s, but waiting until lists stop showing it failed: %s\n\n"+
			"Run the command again: the delete is retried and counts an output already gone as deleted. "+
			"If the API is known to be slower than this, raise the provider's read_after_write_timeout.", client.Region(), apiErrorDetail(err, "")))
	}
}
