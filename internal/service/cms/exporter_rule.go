package cms

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

var (
	_ resource.Resource                = (*exporterRuleResource)(nil)
	_ resource.ResourceWithConfigure   = (*exporterRuleResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*exporterRuleResource)(nil)
	_ resource.ResourceWithImportState = (*exporterRuleResource)(nil)
	_ resource.ResourceWithIdentity    = (*exporterRuleResource)(nil)
)

// NewExporterRuleResource returns the telemetry_cms_exporter_rule resource.
func NewExporterRuleResource() resource.Resource { return &exporterRuleResource{} }

// exporterRuleResource manages one CMS export rule. PutExporterRule is an
// upsert, so Create checks first that the name is free.
type exporterRuleResource struct {
	clients *conns.Clients
}

func (r *exporterRuleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cms_exporter_rule"
}

func (r *exporterRuleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (r *exporterRuleResource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return r.clients.AlicloudFor(region.ValueString(), diags)
}

func (r *exporterRuleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exporterRuleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.RuleName.ValueString()
	summary := fmt.Sprintf("creating CMS export rule %q", name)
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	plan.Region = types.StringValue(client.Region())
	defer client.BeginRuleWrite()()

	// PutExporterRule would silently overwrite a rule of the same name.
	_, err := findExporterRule(ctx, client, name, true)
	switch {
	case err == nil:
		id := exporterRuleID{Region: client.Region(), RuleName: name}
		resp.Diagnostics.AddError(summary, fmt.Sprintf(
			"An export rule with this name already exists in %s; PutExporterRule would overwrite it. To manage it with Terraform, import it:\n"+
				"  terraform import <resource address> %s\n"+
				"or add an import block with id = %q.", client.Region(), id, id.String()))
		return
	case !tfresource.NotFound(err):
		resp.Diagnostics.AddError(summary, "Checking whether the name is free failed: "+apiErrorDetail(err, ""))
		return
	}
	putRuleAndReadBack(ctx, rulePut{
		client: client, plan: &plan, summary: summary, bound: r.clients.ReadAfterWrite(),
		out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
	})
}

func (r *exporterRuleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state exporterRuleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.RuleName.ValueString()
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	state.Region = types.StringValue(client.Region())
	rule, err := findExporterRule(ctx, client, name, false)
	// Right after this provider wrote the rule, "not found" or the version
	// it replaced is the write not visible yet: read again within the
	// read-after-write bound. Anything else is drift, believed at once.
	if left := tfresource.PropagationLeft(ctx, req.Private, r.clients.ReadAfterWrite(), time.Now()); left > 0 {
		previous := previousRule(ctx, req.Private)
		if tfresource.NotFound(err) || (err == nil && isPreviousRule(state, previous, rule)) {
			tflog.Debug(ctx, "cms export rule written moments ago is not visible as written yet; reading again", map[string]any{"rule_name": name, "time_left_s": int(left.Seconds())})
			rule, err = readRuleAsWritten(ctx, client, state, previous, left)
		}
	}
	if tfresource.NotFound(err) {
		tflog.Warn(ctx, "cms export rule not found, removing from state", map[string]any{"rule_name": name, "region": client.Region()})
		resp.Diagnostics.Append(resp.Identity.Set(ctx, ruleIdentityOf(state))...)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS export rule %q", name), apiErrorDetail(err, ""))
		return
	}
	applyRuleRemote(&state, rule)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, ruleIdentityOf(state))...)
}

func (r *exporterRuleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior exporterRuleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	defer client.BeginRuleWrite()()
	putRuleAndReadBack(ctx, rulePut{
		client: client, plan: &plan, previous: &prior, summary: fmt.Sprintf("updating CMS export rule %q", plan.RuleName.ValueString()),
		bound: r.clients.ReadAfterWrite(), out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
	})
}

// rulePut is one write of a create or an update: what to send, and where
// its outcome goes (as putRequest is for outputs).
type rulePut struct {
	client   *alicloud.Client
	plan     *exporterRuleModel
	previous *exporterRuleModel // the state the write replaces; nil on create
	summary  string
	bound    time.Duration // read_after_write_timeout
	out      written
}

// putRuleAndReadBack sends the plan with PutExporterRule, saves it to the
// state at once, then reads the rule back for what the API computes
// (enabled, create_time). A failed read-back is a warning: the rule is
// exactly what was configured, and the next refresh reads it.
func putRuleAndReadBack(ctx context.Context, p rulePut) {
	plan, w := p.plan, p.out
	if _, err := p.client.PutExporterRule(ctx, putRuleInput(*plan)); err != nil {
		if p.previous == nil && putMayHaveWritten(err) {
			reconcileLostRuleCreate(ctx, p, err)
			return
		}
		w.diags.AddError(p.summary, apiErrorDetail(err, rulePutHint(err)))
		return
	}
	if !w.saveRule(ctx, plan, p.previous) {
		return
	}
	rule, err := readRuleAsWritten(ctx, p.client, *plan, p.previous, p.bound)
	if err != nil {
		tflog.Warn(ctx, "cms export rule read-back failed after a successful put", map[string]any{"rule_name": plan.RuleName.ValueString(), "region": p.client.Region(), "error": err.Error()})
		w.diags.AddWarning(p.summary, "PutExporterRule succeeded, so the export rule is saved in the state as configured, "+
			"but reading it back failed: "+apiErrorDetail(err, "")+"\n\nNothing needs to be done: the next plan or refresh reads it and fills enabled and create_time.")
		return
	}
	applyRuleComputed(plan, rule)
	w.diags.Append(w.state.Set(ctx, plan)...)
}

// saveRule puts plan in the state as written just now over previous (nil
// on create), and reports whether that worked.
func (w written) saveRule(ctx context.Context, plan, previous *exporterRuleModel) bool {
	if plan.CreateTime.IsUnknown() {
		plan.CreateTime = types.StringNull() // filled by the read-back or the next refresh
	}
	if plan.Enabled.IsUnknown() {
		plan.Enabled = types.BoolNull()
	}
	w.diags.Append(w.state.Set(ctx, plan)...)
	if w.identity != nil {
		w.diags.Append(w.identity.Set(ctx, ruleIdentityOf(*plan))...)
	}
	w.diags.Append(tfresource.MarkWritten(ctx, w.private, time.Now())...)
	w.diags.Append(w.private.SetKey(ctx, privatePreviousRule, ruleVersionJSON(previous))...)
	return !w.diags.HasError()
}

func (r *exporterRuleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state exporterRuleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	name := state.RuleName.ValueString()
	summary := fmt.Sprintf("deleting CMS export rule %q", name)
	if _, err := client.DeleteExporterRule(ctx, name); err != nil && !alicloud.IsNotFound(err) {
		resp.Diagnostics.AddError(summary, apiErrorDetail(err, ""))
		return
	}
	// Lists can show a deleted rule for a while; a create of the same name
	// right after this would take it for someone else's.
	bound := r.clients.ReadAfterWrite()
	if bound <= 0 {
		return
	}
	if err := waitExporterRuleGone(ctx, client, name, bound); err != nil {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The rule was deleted in %s, but waiting until lists stop showing it failed: %s\n\n"+
			"Run the command again: the delete is retried and counts a rule already gone as deleted. "+
			"If the API is known to be slower than this, raise the provider's read_after_write_timeout.", client.Region(), apiErrorDetail(err, "")))
	}
}
