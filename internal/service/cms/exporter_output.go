package cms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
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

func (r *exporterOutputResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exporterOutputSchema()
	desc.Split(&resp.Schema)
}

func (r *exporterOutputResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = exporterOutputIdentitySchema()
}

func (r *exporterOutputResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return exporterOutputConfigValidators()
}

func (r *exporterOutputResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

// ModifyPlan places the output (the location rule of tfresource: a new
// output goes to the configured region or the provider's, an existing one
// stays where it is) and makes sure the Alibaba credentials are there, so a
// missing key fails the plan, not the apply.
func (r *exporterOutputResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.clients == nil {
		return // destroy, or the provider is not configured yet
	}
	config, prior, diags := tfresource.ConfigAndPrior(ctx, req, "region")
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	// A replacement is a create too: Terraform plans its create half with a
	// null prior state (resp.RequiresReplace is only filled after ModifyPlan).
	creating := req.State.Raw.IsNull()
	region := tfresource.PlanLocation(config, prior, creating, r.clients.Default("alicloud.region"))
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), region)...)
	if region.IsUnknown() {
		return
	}
	if _, err := r.clients.Alicloud(region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
		resp.Diagnostics.AddError("configuring the Alibaba Cloud client", err.Error())
	}
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (r *exporterOutputResource) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return r.clients.AlicloudFor(region.ValueString(), diags)
}

// apiErrorDetail states the facts of err (vendor code, message, request id
// are in its text) and, after a blank line, what the user can do.
func apiErrorDetail(err error) string {
	advice := ""
	switch {
	case alicloud.AuthHint(err) != "":
		advice = alicloud.AuthHint(err)
	case alicloud.IsAuthFailure(err):
		advice = "Check the provider's alicloud access_key and secret_key (or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY) and that the clock of this machine is correct."
	case alicloud.IsThrottled(err):
		advice = "CloudMonitor is throttling requests; try again later or raise max_retries."
	default:
		var e *alicloud.Error
		if errors.As(err, &e) && e.Code == "ParameterInvalid" {
			advice = "CloudMonitor rejected the parameters: check sls_endpoint, sls_project, sls_logstore, access_key_id and the secret."
		} else {
			advice = transport.RetryAdvice(err, "CloudMonitor")
		}
	}
	if advice == "" {
		return err.Error()
	}
	return err.Error() + "\n\n" + advice
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

func putInput(m exporterOutputModel, secret string) alicloud.PutExporterOutputInput {
	return alicloud.PutExporterOutputInput{
		DestName: m.DestName.ValueString(),
		DestType: m.DestType.ValueString(),
		Desc:     m.Description.ValueString(),
		Config: alicloud.ExporterOutputConfig{
			Endpoint:        m.SLSEndpoint.ValueString(),
			Project:         m.SLSProject.ValueString(),
			Logstore:        m.SLSLogstore.ValueString(),
			AccessKeyID:     m.AccessKeyID.ValueString(),
			AccessKeySecret: secret,
			UserID:          m.UserID.ValueString(),
		},
	}
}

// applyRemote copies what the API returns into m (the drift-detected
// fields). A value equivalent to the one m holds (the endpoint's host case,
// a trailing slash, DestType's case) keeps m's spelling: an echo in another
// form is no change.
func applyRemote(m *exporterOutputModel, o alicloud.ExporterOutput) {
	keep := func(cur types.String, remote string, same func(a, b string) bool) types.String {
		if !cur.IsNull() && !cur.IsUnknown() && same(cur.ValueString(), remote) {
			return cur
		}
		return types.StringValue(remote)
	}
	exact := func(a, b string) bool { return a == b }
	if o.DestType != "" {
		m.DestType = keep(m.DestType, strings.ToLower(o.DestType), strings.EqualFold)
	}
	m.SLSEndpoint = keep(m.SLSEndpoint, o.Endpoint, sameEndpoint)
	m.SLSProject = keep(m.SLSProject, o.Project, exact)
	m.SLSLogstore = keep(m.SLSLogstore, o.Logstore, exact)
	m.AccessKeyID = keep(m.AccessKeyID, o.AccessKeyID, exact)
	applyCreateTime(m, o)
}

func applyCreateTime(m *exporterOutputModel, o alicloud.ExporterOutput) {
	if o.CreateTime.IsZero() {
		m.CreateTime = types.StringNull()
	} else {
		m.CreateTime = types.StringValue(o.CreateTime.UTC().Format(time.RFC3339))
	}
}

// matchesRemote reports whether o is, field by drift-detected field, what m
// holds (equivalent spellings count as equal).
func matchesRemote(m exporterOutputModel, o alicloud.ExporterOutput) bool {
	return (o.DestType == "" || strings.EqualFold(m.DestType.ValueString(), o.DestType)) &&
		sameEndpoint(m.SLSEndpoint.ValueString(), o.Endpoint) &&
		m.SLSProject.ValueString() == o.Project && m.SLSLogstore.ValueString() == o.Logstore &&
		m.AccessKeyID.ValueString() == o.AccessKeyID
}

// sameEndpoint reports whether two SLS endpoints name the same address. The
// host's letter case and a trailing slash do not matter, nor the scheme when
// one side has none (the vendor documents both https://host and a bare host).
func sameEndpoint(a, b string) bool {
	sa, ha := splitEndpoint(a)
	sb, hb := splitEndpoint(b)
	return ha == hb && (sa == "" || sb == "" || sa == sb)
}

// splitEndpoint returns the lower-case scheme (empty when there is none) and
// the host and path, the host lower-cased and trailing slashes dropped.
func splitEndpoint(e string) (scheme, rest string) {
	e = strings.TrimSpace(e)
	if s, r, ok := strings.Cut(e, "://"); ok {
		scheme, e = strings.ToLower(s), r
	}
	host, path, _ := strings.Cut(e, "/")
	rest = strings.ToLower(host)
	if path = strings.TrimRight(path, "/"); path != "" {
		rest += "/" + path
	}
	return scheme, rest
}

func identityOf(m exporterOutputModel) exporterOutputIdentityModel {
	return exporterOutputIdentityModel{DestName: m.DestName, Region: m.Region}
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
		resp.Diagnostics.AddError(summary, "Checking whether the name is free failed: "+apiErrorDetail(err))
		return
	}

	putAndReadBack(ctx, client, &plan, nil, secret, summary, r.clients.ReadAfterWrite(), written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics})
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
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS exporter output %q", name), apiErrorDetail(err))
		return
	}
	applyRemote(&state, o)
	if state.DestType.IsNull() {
		state.DestType = types.StringValue(destTypes[0])
	}
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
	putAndReadBack(ctx, client, &plan, &prior, secret, summary, r.clients.ReadAfterWrite(), written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics})
}

// putAndReadBack sends plan with PutExporterOutput, saves it to the state
// at once (the output exists from then on, whatever happens next), then
// reads the output back into the state (Create and Update end the same way).
// A failed read-back is a warning, not an error: an error would taint, and
// so replace, an output that is exactly what was configured; the next
// refresh reads it. The write-only secret never reaches the state.
//
// previous is the state the write replaced (nil on create): while a write
// propagates the API may still show it, and only it counts as "not visible
// yet"; it is kept in private state for the refresh that follows.
func putAndReadBack(ctx context.Context, client *alicloud.Client, plan, previous *exporterOutputModel, secret, summary string, bound time.Duration, w written) {
	_, err := client.PutExporterOutput(ctx, putInput(*plan, secret))
	if err != nil {
		if previous == nil && putMayHaveWritten(err) {
			reconcileLostCreate(ctx, client, plan, err, summary, bound, w)
			return
		}
		w.diags.AddError(summary, apiErrorDetail(err))
		return
	}
	if !w.save(ctx, plan, previous) {
		return
	}
	// The read-back only fills what the API computes (create_time): the
	// configured values were just written, and an answer that lags behind or
	// spells them another way must not replace them.
	o, err := readBackAsWritten(ctx, client, *plan, previous, bound)
	if err != nil {
		tflog.Warn(ctx, "cms exporter output read-back failed after a successful put", map[string]any{"dest_name": plan.DestName.ValueString(), "region": client.Region(), "error": err.Error()})
		w.diags.AddWarning(summary, "PutExporterOutput succeeded, so the exporter output is saved in the state as configured, "+
			"but reading it back failed: "+apiErrorDetail(err)+"\n\nNothing needs to be done: the next plan or refresh reads it and fills create_time.")
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

// putMayHaveWritten reports whether a failed PutExporterOutput may still
// have written the output: every answer was lost, a 5xx, an interrupt. Only
// an answer refusing the call (throttling included) or a request that never
// left proves it had no effect.
func putMayHaveWritten(err error) bool {
	var e *alicloud.Error
	if errors.As(err, &e) {
		return e.Transient()
	}
	return !transport.NotSent(err)
}

// reconcileLostCreate ends a create whose PutExporterOutput may or may not
// have written the output (putErr). Forgetting it would make the next apply
// find the output and call it someone else's, so it looks the output up
// (within the read-after-write bound): listed as planned, it is adopted;
// not listed, nothing was written; otherwise, or when the lookup cannot be
// made, the output is saved with an error, which taints it, and the next
// apply replaces it (or creates it if it is not there).
func reconcileLostCreate(ctx context.Context, client *alicloud.Client, plan *exporterOutputModel, putErr error, summary string, bound time.Duration, w written) {
	name := plan.DestName.ValueString()
	tflog.Warn(ctx, "cms exporter output put may or may not have taken effect; looking it up", map[string]any{"dest_name": name, "region": client.Region(), "error": putErr.Error()})
	why := "the lookup was not made, as the operation was interrupted"
	if ctx.Err() == nil {
		o, err := readBackAsWritten(ctx, client, *plan, nil, bound)
		switch {
		case err == nil && matchesRemote(*plan, o):
			if w.save(ctx, plan, nil) {
				applyCreateTime(plan, o)
				w.diags.Append(w.state.Set(ctx, plan)...)
				w.diags.AddWarning(summary, fmt.Sprintf("PutExporterOutput may not have succeeded: %s\n\n"+
					"The exporter output is listed in %s as configured, so it was written and is saved in the state. Nothing needs to be done.", putErr, client.Region()))
			}
			return
		case tfresource.NotFound(err):
			w.diags.AddError(summary, fmt.Sprintf("%s\n\nThe exporter output is not listed in %s %s later, so it was not written. "+
				"Run apply again to create it.", apiErrorDetail(putErr), client.Region(), bound))
			return
		case err == nil:
			why = "it is listed with other values than configured"
		default:
			why = "looking it up failed: " + err.Error()
		}
	}
	if w.save(ctx, plan, nil) {
		w.diags.AddError(summary, fmt.Sprintf("PutExporterOutput may or may not have written the exporter output %q in %s: %s\n"+
			"Whether it did is not known: %s.\n\n"+
			"The output is saved in the state as tainted, as this configuration may have made it: the next apply replaces it "+
			"(or creates it, if it is not there). No import is needed.", name, client.Region(), putErr, why))
	}
}

// readBackAsWritten reads the output while the write is not visible yet:
// "not found", or the previous version (when there was one) instead of m.
// It stops at bound and then returns what the API shows, or not found.
func readBackAsWritten(ctx context.Context, client *alicloud.Client, m exporterOutputModel, previous *exporterOutputModel, bound time.Duration) (alicloud.ExporterOutput, error) {
	var last alicloud.ExporterOutput
	var seen bool
	o, err := tfresource.RetryWhileNotFound(ctx, bound, nil, func(ctx context.Context) (alicloud.ExporterOutput, error) {
		o, err := findExporterOutput(ctx, client, m.DestName.ValueString(), true)
		if err == nil && isPreviousVersion(m, previous, o) {
			last, seen = o, true
			return o, &tfresource.NotFoundError{What: fmt.Sprintf("CMS exporter output %q as written", m.DestName.ValueString())}
		}
		return o, err
	})
	if tfresource.NotFound(err) && seen {
		return last, nil // still the previous version once the bound has passed: that is what it is
	}
	return o, err
}

// privatePrevious is the private state key holding the drift-detected
// fields of the version the last write replaced.
const privatePrevious = "previous_version"

type outputVersion struct {
	DestType, Endpoint, Project, Logstore, AccessKeyID string
}

func versionJSON(m *exporterOutputModel) []byte {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(outputVersion{m.DestType.ValueString(), m.SLSEndpoint.ValueString(), m.SLSProject.ValueString(), m.SLSLogstore.ValueString(), m.AccessKeyID.ValueString()})
	return b
}

// previousVersion reads what versionJSON stored; nil when nothing was.
func previousVersion(ctx context.Context, p tfresource.PrivateGetter) *exporterOutputModel {
	b, diags := p.GetKey(ctx, privatePrevious)
	var v outputVersion
	if diags.HasError() || len(b) == 0 || json.Unmarshal(b, &v) != nil {
		return nil
	}
	return &exporterOutputModel{
		DestType: types.StringValue(v.DestType), SLSEndpoint: types.StringValue(v.Endpoint), SLSProject: types.StringValue(v.Project),
		SLSLogstore: types.StringValue(v.Logstore), AccessKeyID: types.StringValue(v.AccessKeyID),
	}
}

// isPreviousVersion reports whether o is the version a write replaced
// rather than the one it wrote (m).
func isPreviousVersion(m exporterOutputModel, previous *exporterOutputModel, o alicloud.ExporterOutput) bool {
	return previous != nil && matchesRemote(*previous, o) && !matchesRemote(m, o)
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
		resp.Diagnostics.AddError(summary, apiErrorDetail(err))
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
			"If the API is known to be slower than this, raise the provider's read_after_write_timeout.", client.Region(), apiErrorDetail(err)))
	}
}

// ImportState accepts "dest_name", "region:dest_name" or an identity.
func (r *exporterOutputResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id exporterOutputID
	if req.ID != "" {
		parsed, err := parseExporterOutputID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("importing CMS exporter output", err.Error())
			return
		}
		id = parsed
	} else {
		var ident exporterOutputIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = exporterOutputID{DestName: ident.DestName.ValueString(), Region: ident.Region.ValueString()}
		if !destNamePattern.MatchString(id.DestName) {
			resp.Diagnostics.AddAttributeError(path.Root("dest_name"), "importing CMS exporter output",
				fmt.Sprintf("identity dest_name %q %s", id.DestName, destNameRule))
			return
		}
	}
	if id.Region == "" && r.clients != nil {
		id.Region = r.clients.AlicloudRegion()
	}
	region := types.StringNull()
	if id.Region != "" {
		region = types.StringValue(id.Region)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("dest_name"), id.DestName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.Set(ctx, exporterOutputIdentityModel{DestName: types.StringValue(id.DestName), Region: region})...)
	}
	// An import names an output its user says exists: the read that follows
	// takes "not found" for propagation within the read-after-write bound,
	// as after our own write (an output made moments ago elsewhere).
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, time.Now())...)
}
