package cms

import (
	"context"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
)

// Naming rule for export rules. CloudMonitor publishes no limit for
// RuleName, and its own list example holds CJK characters; this rule is the
// project's: any characters but a colon (the import ID's separator) and
// control characters, no space at either end, at most 128.
var ruleNamePattern = regexp.MustCompile(`^[^\s:\p{Cc}]([^:\p{Cc}]{0,126}[^\s:\p{Cc}])?$`)

const ruleNameRule = "must be 1 to 128 characters without colons or control characters, not starting or ending with a space " +
	"(this provider's rule: CloudMonitor documents no limit)"

// minTargetWindow is the shortest time window CloudMonitor exports, in seconds.
const minTargetWindow = 60

type exporterRuleModel struct {
	RuleName      types.String `tfsdk:"rule_name"`
	Namespace     types.String `tfsdk:"namespace"`
	MetricName    types.String `tfsdk:"metric_name"`
	TargetWindows types.Set    `tfsdk:"target_windows"`
	Description   types.String `tfsdk:"description"`
	DstNames      types.Set    `tfsdk:"dst_names"`
	Enabled       types.Bool   `tfsdk:"enabled"`
	Region        types.String `tfsdk:"region"`
	CreateTime    types.String `tfsdk:"create_time"`
}

type exporterRuleIdentityModel struct {
	RuleName types.String `tfsdk:"rule_name"`
	Region   types.String `tfsdk:"region"`
}

// Schema and IdentitySchema delegate to the functions below, which tests
// call too.
func (r *exporterRuleResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exporterRuleSchema(ctx)
}

func (r *exporterRuleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = exporterRuleIdentitySchema()
}

// exporterRuleSchema is the resource's schema, its Markdown descriptions
// split (desc.Split).
func exporterRuleSchema(context.Context) schema.Schema {
	s := schema.Schema{
		Description: "Manages an Alibaba Cloud CloudMonitor export rule: which metric (namespace and metric name), aggregated over which time windows, " +
			"CloudMonitor exports to which exporter outputs (`telemetry_cms_exporter_output`). " +
			"Every argument is read back and drift-detected. CloudMonitor's API cannot enable or disable a rule: `enabled` only reports the console's switch.",
		Attributes: map[string]schema.Attribute{
			"rule_name": schema.StringAttribute{
				Required:      true,
				Description:   "Name of the export rule, unique within the region; it identifies the resource. It " + ruleNameRule + ". Changing this forces replacement.",
				Validators:    []validator.String{stringvalidator.RegexMatches(ruleNamePattern, ruleNameRule)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"namespace": schema.StringAttribute{
				Required:    true,
				Description: "Namespace of the cloud service whose metric is exported, for example `acs_ecs_dashboard` (CloudMonitor's DescribeMetricMetaList lists them).",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"metric_name": schema.StringAttribute{
				Required:    true,
				Description: "Metric to export, for example `cpu_total` or `CPUUtilization`.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"target_windows": schema.SetAttribute{
				Required:    true,
				ElementType: types.Int64Type,
				Description: "Time windows to export the metric over, in seconds, for example `[60, 300]`. CloudMonitor exports no window shorter than 60 seconds. Their order does not matter.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueInt64sAre(int64validator.AtLeast(minTargetWindow)),
				},
			},
			"description": schema.StringAttribute{
				Optional:    true,
				Description: "Free-text description of the rule (`Describe` in the API).",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"dst_names": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "Names of the exporter outputs (`dest_name` of `telemetry_cms_exporter_output`) to export to: 1 to 20. CloudMonitor does not check that they exist, and keeps a name whose output is deleted.",
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, alicloud.MaxExporterRuleDestinations),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"enabled": schema.BoolAttribute{
				Computed: true,
				Description: "Whether the rule exports, as CloudMonitor reports it. Read-only: the API offers no operation to enable or disable a rule " +
					"(the CloudMonitor console has a switch), so a change made there is shown, not reverted.",
			},
			"region":      regionAttribute("export rule"),
			"create_time": createTimeAttribute("export rule"),
		},
	}
	desc.Split(&s)
	return s
}

func exporterRuleIdentitySchema() identityschema.Schema {
	return nameIdentitySchema("rule_name", "export rule")
}

// putRuleInput is the PutExporterRule call that writes m (windows and
// destinations sorted, so that the same configuration sends the same call).
func putRuleInput(m exporterRuleModel) alicloud.PutExporterRuleInput {
	return alicloud.PutExporterRuleInput{
		RuleName: m.RuleName.ValueString(), Namespace: m.Namespace.ValueString(), MetricName: m.MetricName.ValueString(),
		TargetWindows: ruleWindows(m), Describe: m.Description.ValueString(), DstNames: ruleDstNames(m),
	}
}

// ruleWindows are m's target windows, sorted.
func ruleWindows(m exporterRuleModel) []int64 {
	var out []int64
	for _, v := range m.TargetWindows.Elements() {
		if n, ok := v.(types.Int64); ok && !n.IsNull() && !n.IsUnknown() {
			out = append(out, n.ValueInt64())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ruleDstNames are m's destinations, sorted.
func ruleDstNames(m exporterRuleModel) []string {
	var out []string
	for _, v := range m.DstNames.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// applyRuleRemote copies what the API returns into m: every argument is
// drift-detected. Sets make the order of windows and destinations no
// change; an empty description is a null one.
func applyRuleRemote(m *exporterRuleModel, r alicloud.ExporterRule) {
	m.Namespace, m.MetricName = types.StringValue(r.Namespace), types.StringValue(r.MetricName)
	windows := make([]attr.Value, 0, len(r.TargetWindows))
	for _, w := range r.TargetWindows {
		windows = append(windows, types.Int64Value(w))
	}
	m.TargetWindows = types.SetValueMust(types.Int64Type, windows)
	dst := make([]attr.Value, 0, len(r.DstNames))
	for _, d := range r.DstNames {
		dst = append(dst, types.StringValue(d))
	}
	m.DstNames = types.SetValueMust(types.StringType, dst)
	m.Description = types.StringNull()
	if r.Describe != "" {
		m.Description = types.StringValue(r.Describe)
	}
	applyRuleComputed(m, r)
}

// applyRuleComputed fills what the API computes: enabled and create_time.
func applyRuleComputed(m *exporterRuleModel, r alicloud.ExporterRule) {
	m.Enabled = types.BoolValue(r.Enabled)
	m.CreateTime = timeString(r.CreateTime)
}

// ruleMatchesRemote reports whether r is, argument by argument, what m holds.
func ruleMatchesRemote(m exporterRuleModel, r alicloud.ExporterRule) bool {
	windows := slices.Compact(slices.Sorted(slices.Values(r.TargetWindows)))
	dst := slices.Compact(slices.Sorted(slices.Values(r.DstNames)))
	return m.Namespace.ValueString() == r.Namespace && m.MetricName.ValueString() == r.MetricName &&
		m.Description.ValueString() == r.Describe && slices.Equal(ruleWindows(m), windows) && slices.Equal(ruleDstNames(m), dst)
}

func ruleIdentityOf(m exporterRuleModel) exporterRuleIdentityModel {
	return exporterRuleIdentityModel{RuleName: m.RuleName, Region: m.Region}
}
