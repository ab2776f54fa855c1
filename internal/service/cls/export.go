package cls

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
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

func (r *exportResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exportSchema(ctx)
	desc.Split(&resp.Schema)
}

func (r *exportResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"topic_id":  identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the log topic."},
			"export_id": identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the export."},
			"region":    identityschema.StringAttribute{OptionalForImport: true, Description: "Region of the topic; defaults to the provider's."},
		},
	}
}

func (r *exportResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.clients = c
}

// ValidateConfig checks from and to: each an RFC 3339 timestamp, in the
// provider's words (the timetypes.RFC3339 type reports a malformed value
// too, but without an example, and stops the attribute validators from
// running), and the range not empty. It reads the raw configuration: a
// typed read of a malformed value fails.
func (r *exportResource) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	times := map[string]time.Time{}
	for _, name := range []string{"from", "to"} {
		s, ok := rawString(req.Config.Raw, name)
		if !ok {
			continue // null or unknown
		}
		t, err := parseTime(s)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Invalid timestamp",
				fmt.Sprintf("%s (%q) must be an RFC 3339 timestamp such as 2024-01-01T00:00:00Z (this provider's form of the Unix milliseconds CLS takes).", name, s))
			continue
		}
		times[name] = t
	}
	f, okF := times["from"]
	t, okT := times["to"]
	if okF && okT && t.UnixMilli() <= f.UnixMilli() {
		from, _ := rawString(req.Config.Raw, "from")
		to, _ := rawString(req.Config.Raw, "to")
		resp.Diagnostics.AddAttributeError(path.Root("to"), "Invalid time range",
			fmt.Sprintf("\"to\" (%s) must be later than \"from\" (%s): a rule of this provider, not of CLS, because a range that does not end after it starts exports no logs.", to, from))
	}
}

// rawString is the known string value of a top-level attribute of raw.
func rawString(raw tftypes.Value, name string) (string, bool) {
	v, _, err := tftypes.WalkAttributePath(raw, tftypes.NewAttributePath().WithAttributeName(name))
	if err != nil {
		return "", false
	}
	tv, ok := v.(tftypes.Value)
	if !ok || !tv.IsKnown() || tv.IsNull() {
		return "", false
	}
	var s string
	if err := tv.As(&s); err != nil {
		return "", false
	}
	return s, true
}

// ModifyPlan decides what happens to the local file, places the export by
// the location rule (tfresource.PlanLocation) and, when an export will be
// created, reports missing credentials or a missing region at plan time
// instead of at apply.
//
// A mistaken output_path is a warning here and an error at apply before
// anything is started, never a plan error: terraform destroy plans the whole
// configuration first, and an error there would block the destroy.
func (r *exportResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config exportResourceModel
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
	var state *exportResourceModel
	if !req.State.Raw.IsNull() {
		state = &exportResourceModel{}
		if resp.Diagnostics.Append(req.State.Get(ctx, state)...); resp.Diagnostics.HasError() {
			return
		}
	}
	// The file first: a file that must come back from an export CLS no
	// longer serves (Read marked it) replaces the export.
	replacing := state != nil && replacedByAttributes(&config, &plan, state)
	keepFile := state != nil && state.OutputPath.Equal(plan.OutputPath) && !state.FileSHA256.IsNull()
	if state != nil && !replacing && !plan.OutputPath.IsNull() && !keepFile {
		gone, diags := req.Private.GetKey(ctx, privateNotDownloadable)
		resp.Diagnostics.Append(diags...)
		if len(gone) > 0 {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("file_sha256"))
			replacing = true
		}
	}
	switch {
	case plan.OutputPath.IsNull():
		plan.FileSHA256 = types.StringNull()
	case state == nil || replacing || !keepFile:
		// Created with the export, or an in-place download: a new path, a
		// download still owed, or Read found the file missing or changed.
		plan.FileSHA256 = types.StringUnknown()
	default:
		plan.FileSHA256 = state.FileSHA256
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("file_sha256"), plan.FileSHA256)...)
	if state != nil && !replacing && !plan.OutputPath.IsNull() && !keepFile {
		// The in-place download reads the export again: a fresh download
		// URL, and, for an export not Completed yet, the values the wait
		// brings.
		unknown := []string{"download_url"}
		if state.Status.ValueString() != tencentcloud.StatusCompleted {
			unknown = append(unknown, "status", "file_name", "file_size", "exported_log_count")
		}
		for _, name := range unknown {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), unknownOf(name))...)
		}
	}

	if r.clients == nil {
		return // provider not configured yet
	}
	// The framework hands ModifyPlan an empty resp.RequiresReplace (it adds
	// the attributes' own afterwards): replacing says whether they replace.
	creating := state == nil || replacing
	stateRegion := types.StringNull()
	if state != nil {
		stateRegion = state.Region
	}
	region := tfresource.PlanLocation(config.Region, stateRegion, creating, r.clients.Default("tencentcloud.region"))
	if region.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), region)...)
		return // known at apply; checked then
	}
	if region.ValueString() != "" {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), region)...)
	}
	if !creating {
		return
	}
	if _, err := r.clients.Tencentcloud(region.ValueString()); err != nil && !conns.IsUnknownSetting(err) {
		resp.Diagnostics.AddError("configuring the Tencent Cloud client", err.Error()+
			"\n\ntelemetry_cls_export calls the Tencent Cloud CLS API; configure the provider's tencentcloud block or the environment variables named above.")
	}
}

// unknownOf is the unknown value of a computed attribute.
func unknownOf(name string) attr.Value {
	if name == "file_size" || name == "exported_log_count" {
		return types.Int64Unknown()
	}
	return types.StringUnknown()
}

// replacedByAttributes reports whether the attributes' RequiresReplace
// modifiers replace the existing export (the framework does not tell
// ModifyPlan): a changed export argument, or a region set in the
// configuration that differs from the state.
func replacedByAttributes(config, plan, state *exportResourceModel) bool {
	return !plan.TopicID.Equal(state.TopicID) || !plan.Query.Equal(state.Query) ||
		!plan.From.Equal(state.From) || !plan.To.Equal(state.To) || !plan.LogCount.Equal(state.LogCount) ||
		!plan.Order.Equal(state.Order) || !plan.Format.Equal(state.Format) || !plan.SyntaxRule.Equal(state.SyntaxRule) ||
		!plan.DerivedFields.Equal(state.DerivedFields) ||
		(!config.Region.IsNull() && !config.Region.Equal(state.Region))
}

// client is the Tencent client for region, or nil with a diagnostic.
func (r *exportResource) client(region types.String, diags *diag.Diagnostics) *tencentcloud.Client {
	return r.clients.TencentcloudFor(region.ValueString(), diags)
}

func (m *exportResourceModel) createInput() (tencentcloud.CreateExportInput, error) {
	from, err := parseTime(m.From.ValueString())
	if err != nil {
		return tencentcloud.CreateExportInput{}, fmt.Errorf("from: %w", err)
	}
	to, err := parseTime(m.To.ValueString())
	if err != nil {
		return tencentcloud.CreateExportInput{}, fmt.Errorf("to: %w", err)
	}
	rule := tencentcloud.SyntaxLucene
	if m.SyntaxRule.ValueString() == "cql" {
		rule = tencentcloud.SyntaxCQL
	}
	var fields []string
	for _, v := range m.DerivedFields.Elements() {
		if s, ok := v.(types.String); ok {
			fields = append(fields, s.ValueString())
		}
	}
	return tencentcloud.CreateExportInput{
		TopicID: m.TopicID.ValueString(), Query: m.Query.ValueString(), Count: uint64(m.LogCount.ValueInt64()),
		From: from.UnixMilli(), To: to.UnixMilli(),
		Order: m.Order.ValueString(), Format: m.Format.ValueString(), SyntaxRule: &rule, DerivedFields: fields,
	}, nil
}

// apiErrorDetail gives the vendor facts of err, then what to do.
func apiErrorDetail(err error, hint string) string {
	var e *tencentcloud.Error
	facts := err.Error()
	if errors.As(err, &e) {
		facts = fmt.Sprintf("Tencent Cloud CLS returned %s.", e.Error())
	}
	if hint == "" {
		hint = tencentcloud.AuthHint(err)
	}
	if hint == "" {
		hint = transport.RetryAdvice(err, "CLS")
	}
	if hint == "" {
		return facts
	}
	return facts + "\n\n" + hint
}

func (r *exportResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exportResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client(plan.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	plan.Region = types.StringValue(client.Region())
	in, err := plan.createInput()
	if err != nil {
		resp.Diagnostics.AddError("creating CLS export", "The time range cannot be read: "+err.Error()+". This is a bug in the provider; please report it.")
		return
	}
	createTimeout, diags := plan.Timeouts.Create(ctx, defaultCreateWait)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A path that cannot be written fails here, before an export is
	// started whose file could not be saved anywhere.
	if !plan.OutputPath.IsNull() {
		if problem := download.ApplyProblem(plan.OutputPath.ValueString(), exampleFileName); problem != "" {
			resp.Diagnostics.AddAttributeError(path.Root("output_path"), "creating CLS export",
				"invalid output_path: "+problem+"\n\nNo export was started. Fix output_path and apply again.")
			return
		}
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
	plan.ID = types.StringValue(id.String())
	plan.ExportID = types.StringValue(id.ExportID)
	plan.Status = types.StringValue(tencentcloud.StatusQueuing)
	plan.FileName = types.StringValue("")
	plan.FileSize = types.Int64Value(0)
	plan.ExportedLogCount = types.Int64Null()
	plan.DownloadURL = types.StringNull()
	plan.CreateTime = timetypes.NewRFC3339Null()
	plan.FileSHA256 = types.StringNull()

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
		resp.Diagnostics.AddError(fmt.Sprintf("waiting for CLS export %s to complete", id), waitErrorDetail(err, createTimeout))
		return
	}
	if !plan.OutputPath.IsNull() {
		out := plan.OutputPath.ValueString()
		f, err := downloadFile(ctx, client, id, e, out)
		if err != nil {
			// The export is done and can be downloaded again (for three
			// days), so it must not be lost: an error would taint it and
			// the next apply would start a new export. It is saved untainted
			// without file_sha256, with a warning; the next plan shows an
			// in-place update that downloads it (Update).
			tflog.Warn(ctx, "downloading the finished CLS export failed; keeping the export for the next apply", map[string]any{"id": id.String(), "error": err.Error()})
			resp.Diagnostics.AddWarning(fmt.Sprintf("downloading CLS export %s failed; the export is kept", id),
				downloadErrorDetail(err, out)+fmt.Sprintf("\n\nThe export completed and is saved in the state (export_id %s) without "+
					"file_sha256. The next terraform apply downloads it to %s as an in-place update; "+
					"no new export is started. Until then terraform plan shows that pending download.", id.ExportID, out))
			return
		}
		plan.FileSHA256 = types.StringValue(f.SHA256)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	}
}

func waitErrorDetail(err error, timeout time.Duration) string {
	var ue *tfresource.UnexpectedStateError
	var te *tfresource.TimeoutError
	switch {
	case errors.As(err, &ue):
		return fmt.Sprintf("The export ended with status %q: %s\n\nThe export stays in state, marked tainted; the next apply replaces it.", ue.Status, ue.Reason)
	case errors.As(err, &te) && te.LastErr != nil:
		seen := "No status had been read yet."
		if te.LastStatus != "" {
			seen = fmt.Sprintf("The last status read was %q.", te.LastStatus)
		}
		return fmt.Sprintf("The time ran out (%s, timeouts.create) while CLS was unreachable or failing: the last poll failed with %v. %s\n\n"+
			"The export stays in state, marked tainted; the next apply deletes it and creates a new one. To keep it instead (it may well have run on), "+
			"run terraform untaint with this resource's address once CLS answers again.", timeout, te.LastErr, seen)
	case errors.As(err, &te):
		return fmt.Sprintf("The export was still %q after %s (timeouts.create).\n\nThe export stays in state, marked tainted; the next apply deletes it and creates a new one. Raise timeouts.create for large exports, or set wait_for_completion = false.", te.LastStatus, timeout)
	case tfresource.NotFound(err):
		return "The export is not listed by DescribeExports: it was deleted outside Terraform, or CLS did not list it within the provider's read_after_write_timeout after creating it.\n\n" +
			"The next apply creates it again. If CLS is slow to list new exports, raise read_after_write_timeout."
	}
	return apiErrorDetail(err, "The export stays in state, marked tainted; the next apply replaces it.")
}

func identityOf(id exportID, region types.String) exportIdentityModel {
	return exportIdentityModel{TopicID: types.StringValue(id.TopicID), ExportID: types.StringValue(id.ExportID), Region: region}
}

// setFromAPI copies what DescribeExports says into the model. Values the
// API normalises keep their configured spelling when they mean the same.
func (m *exportResourceModel) setFromAPI(e *tencentcloud.Export) {
	// Ids keep the state's spelling when the API answers them in another
	// hex case: the same export, no change.
	m.ExportID = keepID(m.ExportID, e.ExportID)
	m.TopicID = keepID(m.TopicID, e.TopicID)
	m.ID = types.StringValue(exportID{TopicID: m.TopicID.ValueString(), ExportID: m.ExportID.ValueString()}.String())
	// The export's arguments cannot change, so the API's echo of them is
	// no news: the state keeps what was configured (an API that trims the
	// query or reports the logs actually exported as Count would otherwise
	// replace the export on every plan). Only an import or a list result,
	// which know no configuration, take the API's values.
	if m.Query.IsNull() || m.Query.IsUnknown() {
		m.Query = types.StringValue(e.Query)
	}
	if m.LogCount.IsNull() || m.LogCount.IsUnknown() {
		m.LogCount = types.Int64Value(int64(e.Count))
	}
	m.ExportedLogCount = types.Int64Value(int64(e.Count))
	m.From = keepInstant(m.From, e.From)
	m.To = keepInstant(m.To, e.To)
	if o := strings.ToLower(e.Order); o != "" {
		m.Order = types.StringValue(o)
	} else if m.Order.IsNull() || m.Order.IsUnknown() {
		m.Order = types.StringValue(defaultOrder)
	}
	if f := strings.ToLower(e.Format); f != "" {
		m.Format = types.StringValue(f)
	} else if m.Format.IsNull() || m.Format.IsUnknown() {
		m.Format = types.StringValue(defaultFormat)
	}
	if int(e.SyntaxRule) < len(exportSyntaxRules) {
		m.SyntaxRule = types.StringValue(exportSyntaxRules[e.SyntaxRule])
	}
	m.DerivedFields = keepFields(m.DerivedFields, e.DerivedFields)
	m.Status = types.StringValue(e.Status)
	m.FileName = types.StringValue(e.FileName)
	m.FileSize = types.Int64Value(int64(e.FileSize))
	m.DownloadURL = types.StringNull()
	if e.CosPath != "" {
		m.DownloadURL = types.StringValue(e.CosPath)
	}
	m.CreateTime = createTime(*e)
}

// keepFields is the API's DerivedFields as a list; an empty answer keeps a
// null (unset) or empty prior, so that "not sent" does not drift to [].
func keepFields(prior types.List, api []string) types.List {
	switch {
	case len(api) == 0 && prior.IsNull():
		return types.ListNull(types.StringType) // also for a zero prior
	case len(api) == 0 && !prior.IsUnknown() && len(prior.Elements()) == 0:
		return prior
	}
	elems := make([]attr.Value, len(api))
	for i, f := range api {
		elems[i] = types.StringValue(f)
	}
	return types.ListValueMust(types.StringType, elems)
}

// keepID is prior when it names the same id as the API's (hex in either
// case, with or without the "export-" prefix: tencentcloud.SameID), else
// the API's value; an empty API value keeps prior.
func keepID(prior types.String, api string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && prior.ValueString() != "" && (api == "" || tencentcloud.SameID(prior.ValueString(), api)) {
		return prior
	}
	return types.StringValue(api)
}

// createTime is the export's creation instant in UTC, null when the API
// gives none that can be read.
func createTime(e tencentcloud.Export) timetypes.RFC3339 {
	if t, ok := exportCreated(e); ok {
		return timetypes.NewRFC3339ValueMust(t.Format(time.RFC3339))
	}
	return timetypes.NewRFC3339Null()
}

// keepInstant keeps the state's timestamp when it names the same
// millisecond as the API's value, so "+08:00" offsets do not drift.
func keepInstant(prior timetypes.RFC3339, ms int64) timetypes.RFC3339 {
	if !prior.IsNull() && !prior.IsUnknown() && sameMillisecond(prior.ValueString(), formatMillis(ms)) {
		return prior
	}
	return timetypes.NewRFC3339ValueMust(formatMillis(ms))
}

func (r *exportResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, id, client := r.stateTarget(ctx, req.State, "reading", &resp.Diagnostics)
	if client == nil {
		return
	}
	if state.Region.IsNull() || state.Region.IsUnknown() || state.Region.ValueString() == "" {
		state.Region = types.StringValue(client.Region())
	}
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
	if state.WaitForCompletion.IsNull() || state.WaitForCompletion.IsUnknown() {
		state.WaitForCompletion = types.BoolValue(true) // after import
	}
	if state.RestoreMissing.IsNull() || state.RestoreMissing.IsUnknown() {
		state.RestoreMissing = types.BoolValue(true) // after import
	}
	// Clear a stale mark; checkFile sets it again if still true.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateNotDownloadable, nil)...)
	if gone := checkFile(ctx, &state, id, &resp.Diagnostics); gone {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateNotDownloadable, []byte(`true`))...)
	}
	if state.Timeouts.IsNull() || state.Timeouts.IsUnknown() {
		state.Timeouts = timeouts.Value{Object: types.ObjectNull(state.Timeouts.AttributeTypes(ctx))}
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
	if !plan.Region.IsUnknown() && plan.Region.ValueString() != "" {
		state.Region = plan.Region // an old state without a region gets the one it was read from
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
	fail := func(detail string) {
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		resp.Diagnostics.AddError(summary, detail)
	}
	client := r.client(state.Region, &resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateWait)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// One fresh lookup: the URL of an earlier read may have expired (it is
	// good for one hour), and the state keeps none that could be trusted.
	e, err := findExport(ctx, client, id, true)
	if err == nil && e.Status != tencentcloud.StatusCompleted && !strings.EqualFold(e.Status, tencentcloud.StatusExpired) {
		e, err = waitExportCompleted(ctx, client, id, timeout, 0) // just found: "not found" now means gone
	}
	if e != nil {
		state.setFromAPI(e)
	}
	switch {
	case err != nil && e == nil:
		fail(apiErrorDetail(err, "Nothing was downloaded; the next apply tries again."))
		return
	case err != nil:
		fail(waitErrorDetail(err, timeout))
		return
	case strings.EqualFold(e.Status, tencentcloud.StatusExpired):
		fail(fmt.Sprintf("Export %s has Expired: CLS keeps export files for 3 days and no longer serves this one. "+
			"The next plan replaces the export (a new export of the same logs) to bring the file back.", id.ExportID))
		return
	}
	f, err := downloadFile(ctx, client, id, e, out)
	if err != nil {
		fail(downloadErrorDetail(err, out) + "\n\nThe export is kept; the next apply downloads it again.")
		return
	}
	state.FileSHA256 = types.StringValue(f.SHA256)
	if !oldPath.IsNull() && oldPath.ValueString() != out && !oldSHA.IsNull() {
		download.RemoveIfUnchanged(ctx, oldPath.ValueString(), -1, oldSHA.ValueString())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Delete deletes the export, then removes the downloaded file if it is
// still the one written (a changed file is left alone).
func (r *exportResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, id, client := r.stateTarget(ctx, req.State, "deleting", &resp.Diagnostics)
	if client == nil {
		return
	}
	_, err := client.DeleteExport(ctx, tencentcloud.DeleteExportInput{ExportID: id.ExportID})
	if err != nil && !tencentcloud.IsNotFound(err) { // not found: already gone
		resp.Diagnostics.AddError(fmt.Sprintf("deleting CLS export %s", id), apiErrorDetail(err, ""))
		return
	}
	if !state.OutputPath.IsNull() && !state.FileSHA256.IsNull() {
		download.RemoveIfUnchanged(ctx, state.OutputPath.ValueString(), -1, state.FileSHA256.ValueString())
	}
}

// ImportState accepts `topic_id:export_id` (or the vendor provider's
// `topic_id#export_id`), either prefixed by `region/`, or the identity (topic_id, export_id, region).
func (r *exportResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id exportID
	region := types.StringNull()
	if req.ID != "" {
		parsed, err := parseImportID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("importing CLS export", err.Error())
			return
		}
		id = parsed.exportID
		if parsed.Region != "" {
			region = types.StringValue(parsed.Region)
		}
	} else {
		var ident exportIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		parsed, err := parseExportID(ident.TopicID.ValueString() + idSeparator + ident.ExportID.ValueString())
		if err != nil {
			resp.Diagnostics.AddError("importing CLS export", err.Error())
			return
		}
		id = parsed
		if !ident.Region.IsNull() && ident.Region.ValueString() != "" {
			region = ident.Region
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.String())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("topic_id"), id.TopicID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("export_id"), id.ExportID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	// An import names an export its user says exists: the read that follows
	// takes "not found" for propagation within the read-after-write bound,
	// as after our own create (an export started moments ago elsewhere).
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, time.Now())...)
}
