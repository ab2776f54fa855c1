package cls

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// ValidateConfig checks from and to: each an RFC 3339 timestamp, in the
// provider's words (the timetypes.RFC3339 type reports a malformed value
// too, but without an example, and stops the attribute validators from
// running), and the range not empty. It reads the raw configuration: a
// typed read of a malformed value fails. Instants before 1970 pass: they
// are sent as negative Unix milliseconds, which the API's int64 allows, and
// CLS answers for them.
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
	download.WarnPathProblem(config.OutputPath, exampleFileName, &resp.Diagnostics)
	var state *exportResourceModel
	if !req.State.Raw.IsNull() {
		state = &exportResourceModel{}
		if resp.Diagnostics.Append(req.State.Get(ctx, state)...); resp.Diagnostics.HasError() {
			return
		}
	}
	replacing := replaces(ctx, req, &plan, state, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	planFile(ctx, &plan, state, replacing, resp)
	planDownloadURL(ctx, &plan, state, replacing, resp)
	if r.clients == nil {
		return // provider not configured yet
	}
	r.planRegion(ctx, config.Region, state, state == nil || replacing, resp)
}

// replaces reports whether the plan replaces the existing export. The
// framework hands ModifyPlan an empty resp.RequiresReplace (it adds the
// attributes' own afterwards), so the attributes' RequiresReplace modifiers
// are asked through tfresource.ReplacedBy: the schema is the one list of
// what replaces. Then the file: a file that must come back from an export
// CLS no longer serves (Read marked it) replaces the export too.
func replaces(ctx context.Context, req resource.ModifyPlanRequest, plan, state *exportResourceModel, resp *resource.ModifyPlanResponse) bool {
	if state == nil {
		return false
	}
	paths, diags := tfresource.ReplacedBy(ctx, exportSchema(ctx), req)
	if resp.Diagnostics.Append(diags...); len(paths) > 0 || diags.HasError() {
		return len(paths) > 0
	}
	if plan.OutputPath.IsNull() || keepsFile(plan, state) {
		return false
	}
	gone, diags := req.Private.GetKey(ctx, download.PrivateNotDownloadable)
	resp.Diagnostics.Append(diags...)
	if len(gone) > 0 {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("file_sha256"))
		return true
	}
	return false
}

// keepsFile reports whether the state's file stays as it is: the same
// output_path, and the file downloaded and unchanged (Read clears
// file_sha256 when it is missing or changed).
func keepsFile(plan, state *exportResourceModel) bool {
	return state != nil && state.OutputPath.Equal(plan.OutputPath) && !state.FileSHA256.IsNull()
}

// planFile plans file_sha256 and, for an in-place download, the values
// that download reads again.
func planFile(ctx context.Context, plan, state *exportResourceModel, replacing bool, resp *resource.ModifyPlanResponse) {
	keepFile := keepsFile(plan, state)
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
	if state == nil || replacing || plan.OutputPath.IsNull() || keepFile {
		return
	}
	// The in-place download reads the export again: a fresh download URL,
	// and, for an export not Completed yet, the values the wait brings.
	var unknown []string
	if plan.KeepDownloadURL.ValueBool() {
		unknown = append(unknown, "download_url")
	}
	if state.Status.ValueString() != tencentcloud.StatusCompleted {
		unknown = append(unknown, "status", "file_name", "file_size", "exported_log_count")
	}
	for _, name := range unknown {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), unknownOf(name))...)
	}
}

// planDownloadURL plans download_url by keep_download_url: null when the
// state keeps no link (whatever an older state held), unknown when an
// update starts keeping one (Update asks for a fresh link).
func planDownloadURL(ctx context.Context, plan, state *exportResourceModel, replacing bool, resp *resource.ModifyPlanResponse) {
	switch {
	case !plan.KeepDownloadURL.IsUnknown() && !plan.KeepDownloadURL.ValueBool():
		plan.DownloadURL = types.StringNull()
	case state != nil && !replacing && !state.KeepDownloadURL.ValueBool():
		plan.DownloadURL = types.StringUnknown()
	default:
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("download_url"), plan.DownloadURL)...)
}

// unknownOf is the unknown value of a computed attribute.
func unknownOf(name string) attr.Value {
	if name == "file_size" || name == "exported_log_count" {
		return types.Int64Unknown()
	}
	return types.StringUnknown()
}

// planRegion places the export by the location rule and, when an export
// will be created, reports missing credentials or a missing region.
func (r *exportResource) planRegion(ctx context.Context, configRegion types.String, state *exportResourceModel, creating bool, resp *resource.ModifyPlanResponse) {
	stateRegion := types.StringNull()
	if state != nil {
		stateRegion = state.Region
	}
	region := tfresource.PlanLocation(configRegion, stateRegion, creating, r.clients.Default("tencentcloud.region"))
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

const sameInstantDoc = "another spelling of the same instant (`2025-02-01T08:00:00+08:00` for `2025-02-01T00:00:00Z`) plans nothing and the state keeps its spelling."

// sameInstant plans the state's value when the configuration names the same
// millisecond in another spelling (another offset, Z for +00:00, trailing
// zeros), so that RequiresReplace after it sees no change. CLS stores the
// range in milliseconds, so such a change would export the very same logs.
// timetypes' own semantic equality does not cover this: it treats different
// offsets as different, and it only applies to values the provider returns,
// not to the plan.
type sameInstant struct{}

func (sameInstant) Description(context.Context) string {
	return "keeps the state's timestamp when the configuration names the same instant"
}

func (m sameInstant) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameInstant) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() ||
		req.PlanValue.Equal(req.StateValue) {
		return
	}
	if sameMillisecond(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// sameMillisecond reports whether two RFC 3339 timestamps name the same
// millisecond, the precision CLS keeps.
func sameMillisecond(a, b string) bool {
	ta, errA := parseTime(a)
	tb, errB := parseTime(b)
	return errA == nil && errB == nil && ta.UnixMilli() == tb.UnixMilli()
}

// sameQueryDoc ends the sentence of query's description about spelling.
const sameQueryDoc = "a configured query that differs from the state's only in spaces (around and between its words) plans nothing."

// sameQuery plans the state's query when the configuration differs from it
// only in whitespace (after an import, the state holds CLS's echo, which
// may be trimmed or re-spaced), so that RequiresReplace after it sees no
// change: CLS treats both as the same search statement.
type sameQuery struct{}

func (sameQuery) Description(context.Context) string {
	return "keeps the state's query when the configuration differs from it only in whitespace"
}

func (m sameQuery) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameQuery) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() ||
		req.PlanValue.Equal(req.StateValue) {
		return
	}
	if sameStatement(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// sameStatement reports whether two queries differ only in whitespace
// between and around their words.
func sameStatement(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}
