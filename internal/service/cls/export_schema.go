package cls

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// Allowed values: each slice feeds both the validator and the description.
var (
	exportOrders      = []string{"asc", "desc"}
	exportFormats     = []string{"json", "csv"}
	exportSyntaxRules = []string{"lucene", "cql"} // index = the API's SyntaxRule
)

const (
	defaultOrder      = "desc"
	defaultFormat     = "json"
	defaultSyntaxRule = "lucene"
	defaultCreateWait = 30 * time.Minute
	defaultUpdateWait = 30 * time.Minute
	defaultRead       = 10 * time.Minute
	defaultDelete     = 10 * time.Minute
)

func (r *exportResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exportSchema(ctx)
	desc.Split(&resp.Schema)
}

func (r *exportResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = exportIdentitySchema()
}

// exportSchema is the resource schema; every export argument forces
// replacement because an export task cannot be modified.
func exportSchema(ctx context.Context) schema.Schema {
	replaceString := func(extra ...planmodifier.String) []planmodifier.String {
		return append(extra, stringplanmodifier.RequiresReplace())
	}
	computedString := func(desc string, sensitive bool) schema.StringAttribute {
		return schema.StringAttribute{
			Computed: true, Sensitive: sensitive, Description: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	return schema.Schema{
		Version: exportSchemaVersion,
		Description: "Exports the logs of a Tencent Cloud CLS topic that match a search query within a time range to a downloadable file. " +
			"Creating the resource registers the export task (CreateExport) and, by default, waits until CLS reports it `Completed`. " +
			"An export cannot be changed: changing any export argument replaces it.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("Resource ID: `topic_id:export_id`.", false),
			"topic_id": schema.StringAttribute{
				Required: true,
				Description: "ID of the log topic to export from, e.g. `5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b` (CLS gives UUIDs; the API documents no format, so any spelling is sent as is, and CLS answers `ResourceNotFound.TopicNotExist` for a topic it does not know in the region). " +
					"Our only rule: not empty and without `:` or `#`, which separate the parts of the resource ID. Changing this forces replacement.",
				Validators:    []validator.String{topicIDValidator()},
				PlanModifiers: replaceString(),
			},
			"query": schema.StringAttribute{
				Required: true,
				Description: "Search statement selecting the logs, e.g. `status:500` (`*` for all). CLS documents no length limit, and that SQL analysis statements (after `|`) are not supported by exports: CLS reports those at apply. " +
					"The state keeps the configured spelling, whatever spelling CLS echoes (it may trim or re-space the statement); after an import it holds CLS's, and " + sameQueryDoc +
					" Changing this otherwise forces replacement.",
				PlanModifiers: replaceString(sameQuery{}),
			},
			"from": schema.StringAttribute{
				Required: true, CustomType: timetypes.RFC3339Type{},
				Description: "Start of the log time range, an RFC 3339 timestamp such as `2024-01-01T00:00:00Z` (sent to CLS as Unix milliseconds). Must be earlier than `to`: " +
					"our rule (CLS documents none), because a range that ends before it starts exports nothing. " +
					"Changing it to another instant forces replacement; " + sameInstantDoc,
				PlanModifiers: replaceString(sameInstant{}),
			},
			"to": schema.StringAttribute{
				Required: true, CustomType: timetypes.RFC3339Type{},
				Description: "End of the log time range, an RFC 3339 timestamp such as `2024-01-02T00:00:00Z`, later than `from`. " +
					"Changing it to another instant forces replacement; " + sameInstantDoc,
				PlanModifiers: replaceString(sameInstant{}),
			},
			"log_count": schema.Int64Attribute{
				Required: true,
				Description: fmt.Sprintf("Number of log lines to export (the API's `Count`), at most %d: the vendor's documented maximum (10 million before 2022). "+
					"Count is unsigned, so it cannot be negative; CLS documents no minimum and answers for itself at apply. "+
					"The state keeps the configured number; the Count CLS reports back is `exported_log_count`. After an import, log_count is that reported Count. "+
					"Changing this forces replacement.", tencentcloud.MaxExportCount),
				Validators:    []validator.Int64{logCountValidator{}},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"order": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(defaultOrder),
				Description:   fmt.Sprintf("Sort order of the exported logs by time: one of %s (the vendor's values). Default `%s`, as CLS's. Changing this forces replacement.", validate.Quoted(exportOrders), defaultOrder),
				Validators:    []validator.String{stringvalidator.OneOf(exportOrders...)},
				PlanModifiers: replaceString(),
			},
			"format": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(defaultFormat),
				Description:   fmt.Sprintf("File format: one of %s (the vendor's values). Default `%s`, as CLS's. Changing this forces replacement.", validate.Quoted(exportFormats), defaultFormat),
				Validators:    []validator.String{stringvalidator.OneOf(exportFormats...)},
				PlanModifiers: replaceString(),
			},
			"syntax_rule": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(defaultSyntaxRule),
				Description:   syntaxRuleDoc + fmt.Sprintf(" Default `%s`, as CLS's. Changing this forces replacement.", defaultSyntaxRule),
				Validators:    []validator.String{stringvalidator.OneOf(exportSyntaxRules...)},
				PlanModifiers: replaceString(),
			},
			"region": schema.StringAttribute{
				Optional: true, Computed: true,
				Description:   "Region of the topic, e.g. `ap-guangzhou`. Defaults to the provider's `tencentcloud.region` (`TENCENTCLOUD_REGION`). " + tfresource.LocationRuleDoc,
				Validators:    []validator.String{validate.Region("ap-guangzhou")},
				PlanModifiers: tfresource.LocationPlanModifiers(),
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: "Whether create waits until the export is `Completed` (polling with backoff, bounded by `timeouts.create`). " +
					"`false` returns right after CreateExport. Default `true`. Changing it updates in place and affects only future creates.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"derived_fields": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				Description: "Fields to include in the exported file, the API's `DerivedFields` (e.g. `[\"__TIMESTAMP__\"]`; CLS's own examples use `__timestamp__` and `timestamp`, and it documents neither the allowed names nor a limit, so CLS answers for them at apply). " +
					"Unset sends nothing: servers older than the field (2024) do not know it. Changing this forces replacement.",
				Validators:    []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
			},
			"output_path": schema.StringAttribute{
				Optional: true,
				Description: "Local file to download the exported file (a `.tar.gz`) to once the export is `Completed`, e.g. `exports/errors-last-hour.tar.gz`; missing directories are created. " +
					"The download streams to a temporary file in the same directory while its SHA-256 is computed, and is renamed into place only when complete, so the path holds either the previous file or a complete one. " +
					"A failed download keeps the export (a warning): the next apply downloads it in place, never a new export. " +
					"Each refresh checks the file: a file that changed (or is missing, see `restore_missing_file`) plans an in-place update that downloads it again from a fresh URL; " +
					"once the export has `Expired` (CLS keeps files 3 days) that is no longer possible, and Terraform plans a replacement instead, with a warning. " +
					"With `wait_for_completion = false` the file is downloaded by a later apply, once the export is `Completed`. Changing the path downloads to the new path in place. " +
					"The file at the old path, the file when `output_path` is removed, and the file on destroy are removed if unchanged (a file changed since the download stays).",
				Validators: download.PathValidators(),
			},
			"restore_missing_file": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: download.RestoreMissingFileDoc,
			},
			"file_sha256": schema.StringAttribute{
				Computed:    true,
				Description: "Lower-case hex SHA-256 of the file written to `output_path`. Null without `output_path`, and until the file is downloaded.",
			},
			"export_id": computedString("ID CLS gave the export, spelled as CreateExport returned it: `export-1a2b3c4d-...`, or "+
				"without the `export-` prefix, as CLS's own examples show it (DescribeExports lists it with the prefix; both name the same export).", false),
			"status":    computedString(fmt.Sprintf("Status of the export when last read: one of %s.", validate.Quoted(tencentcloud.Statuses)), false),
			"file_name": computedString("Name of the exported file, set once the export is `Completed`.", false),
			"create_time": schema.StringAttribute{
				Computed: true, CustomType: timetypes.RFC3339Type{},
				Description:   "When CLS registered the export, RFC 3339 in UTC.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"download_url": computedString("Download URL of the file while the export is `Completed`, kept in state only with `keep_download_url = true` (null otherwise). "+
				"The link is a credential: anyone holding it can download the logs, for about an hour (CLS signs it for one hour from the read that returned it), "+
				"so it changes on every refresh and is null once the export is `Expired`. Prefer the `telemetry_cls_export_download_url` ephemeral resource (Terraform 1.10+), which is never stored.", true),
			"keep_download_url": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Whether the state keeps `download_url`. Default `false`: the link is a credential valid for about an hour, and a state file is read by more people and kept far longer; " +
					"`download_url` is then null (and plans nothing). `true` stores a fresh link at every refresh (a state upgraded from before this argument loses its stored link). " +
					"Changing it updates in place (to `true`: one DescribeExports for a fresh link).",
			},
			"exported_log_count": schema.Int64Attribute{
				Computed: true,
				Description: "Number of log lines as CLS reports it for the export (DescribeExports' `Count`): the number asked, or, where the service reports it so, the number actually exported, " +
					"which is below `log_count` when the time range holds fewer matching logs. Null until the export is first read.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"file_size": schema.Int64Attribute{
				Computed: true, Description: "Size of the exported file in bytes, 0 until the export is `Completed`.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true, Update: true, Read: true, Delete: true,
				CreateDescription: "How long create may take, including waiting for `Completed`, as a duration such as `45m` (default `30m`). On timeout the export stays in state, tainted, and the next apply replaces it.",
				UpdateDescription: "How long an in-place update may take (default `30m`): one that downloads the file (a new or changed `output_path`, a file missing or changed) waits for `Completed` first, then downloads. " +
					"On timeout nothing is tainted and nothing is downloaded; the next apply waits and downloads again.",
				ReadDescription:   "How long a refresh may take, including waiting out `read_after_write_timeout` for an export just created (default `10m`).",
				DeleteDescription: "How long destroy may take: DeleteExport with its retries (default `10m`).",
			}),
		},
	}
}

// exportIdentitySchema is the resource identity: the import ID's parts.
func exportIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"topic_id":  identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the log topic."},
			"export_id": identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the export."},
			"region":    identityschema.StringAttribute{OptionalForImport: true, Description: "Region of the topic; defaults to the provider's."},
		},
	}
}

// nullTimeouts is an unset timeouts block (the zero timeouts.Value does not
// convert), for states built without a configuration: list results, moves.
func nullTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "read": types.StringType, "delete": types.StringType,
	})}
}

// syntaxRuleDoc describes syntax_rule as the API defines SyntaxRule.
var syntaxRuleDoc = fmt.Sprintf("Syntax of `query`, the API's `SyntaxRule`: %s, our names for its only documented values, "+
	"0 (Lucene, CLS's default when the field is omitted) and 1 (CQL, CLS Query Language). The field was added to CreateExport in 2023; this provider always sends it.",
	validate.Quoted(exportSyntaxRules))

// parseTime reads an RFC 3339 timestamp.
func parseTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}

// formatMillis renders API milliseconds as RFC 3339 in UTC.
func formatMillis(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.999Z07:00")
}

// logCountValidator allows what the API's Count can carry: not negative
// (unsigned) and at most the documented maximum.
type logCountValidator struct{}

func (logCountValidator) Description(context.Context) string {
	return fmt.Sprintf("must be between 0 and %d (Count is unsigned; %d is CLS's documented maximum)", tencentcloud.MaxExportCount, tencentcloud.MaxExportCount)
}

func (v logCountValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (logCountValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	switch n := req.ConfigValue.ValueInt64(); {
	case n < 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid log_count",
			fmt.Sprintf("log_count (%d) cannot be negative: the API's Count is an unsigned number of log lines.", n))
	case n > tencentcloud.MaxExportCount:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid log_count",
			fmt.Sprintf("log_count (%d) is above %d, the maximum CLS documents for one export (Count); split the time range into several exports.", n, tencentcloud.MaxExportCount))
	}
}

// topicIDValidator is our only rule on topic ids (CLS documents no format):
// not empty, and without the separators of the resource ID.
func topicIDValidator() validator.String {
	return stringvalidator.All(
		stringvalidator.LengthAtLeast(1),
		stringvalidator.RegexMatches(topicIDRule, "must not contain : or # (a rule of this provider: they separate topic_id and export_id in the resource ID; CLS topic ids are UUIDs)"),
	)
}

type exportResourceModel struct {
	ID                types.String      `tfsdk:"id"`
	TopicID           types.String      `tfsdk:"topic_id"`
	Query             types.String      `tfsdk:"query"`
	From              timetypes.RFC3339 `tfsdk:"from"`
	To                timetypes.RFC3339 `tfsdk:"to"`
	LogCount          types.Int64       `tfsdk:"log_count"`
	ExportedLogCount  types.Int64       `tfsdk:"exported_log_count"`
	Order             types.String      `tfsdk:"order"`
	Format            types.String      `tfsdk:"format"`
	SyntaxRule        types.String      `tfsdk:"syntax_rule"`
	DerivedFields     types.List        `tfsdk:"derived_fields"`
	OutputPath        types.String      `tfsdk:"output_path"`
	RestoreMissing    types.Bool        `tfsdk:"restore_missing_file"`
	FileSHA256        types.String      `tfsdk:"file_sha256"`
	Region            types.String      `tfsdk:"region"`
	WaitForCompletion types.Bool        `tfsdk:"wait_for_completion"`
	ExportID          types.String      `tfsdk:"export_id"`
	Status            types.String      `tfsdk:"status"`
	FileName          types.String      `tfsdk:"file_name"`
	FileSize          types.Int64       `tfsdk:"file_size"`
	DownloadURL       types.String      `tfsdk:"download_url"`
	KeepDownloadURL   types.Bool        `tfsdk:"keep_download_url"`
	CreateTime        timetypes.RFC3339 `tfsdk:"create_time"`
	Timeouts          timeouts.Value    `tfsdk:"timeouts"`
}

type exportIdentityModel struct {
	TopicID  types.String `tfsdk:"topic_id"`
	ExportID types.String `tfsdk:"export_id"`
	Region   types.String `tfsdk:"region"`
}

// createInput is CreateExport's input for the planned export.
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

// setStarted fills the model of an export CreateExport just registered as
// id, before it is first read.
func (m *exportResourceModel) setStarted(id exportID) {
	m.ID = types.StringValue(id.String())
	m.ExportID = types.StringValue(id.ExportID)
	m.Status = types.StringValue(tencentcloud.StatusQueuing)
	m.FileName = types.StringValue("")
	m.FileSize = types.Int64Value(0)
	m.ExportedLogCount = types.Int64Null()
	m.DownloadURL = types.StringNull()
	m.CreateTime = timetypes.NewRFC3339Null()
	m.FileSHA256 = types.StringNull()
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
	if e.CosPath != "" && m.KeepDownloadURL.ValueBool() {
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
