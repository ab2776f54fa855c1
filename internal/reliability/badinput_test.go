package reliability_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// attrs is an ordered list of attribute lines for a resource block.
type attrs [][2]string

// with returns a copy of a with name set to value; an empty value removes
// the attribute, and a name not in a is appended.
func (a attrs) with(name, value string) attrs {
	out := attrs{}
	found := false
	for _, kv := range a {
		if kv[0] == name {
			found = true
			if value == "" {
				continue
			}
			kv[1] = value
		}
		out = append(out, kv)
	}
	if !found && value != "" {
		out = append(out, [2]string{name, value})
	}
	return out
}

func (a attrs) block(typ string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource %q \"test\" {\n", typ)
	for _, kv := range a {
		if strings.HasPrefix(kv[0], "#") { // a raw nested block
			fmt.Fprintf(&b, "  %s\n", kv[1])
			continue
		}
		fmt.Fprintf(&b, "  %s = %s\n", kv[0], kv[1])
	}
	b.WriteString("}\n")
	return b.String()
}

// Valid bases: each invalid configuration changes one thing.
var (
	goodOutput = attrs{
		{"dest_name", `"bad-input"`}, {"sls_endpoint", `"https://cn-hangzhou.log.aliyuncs.com"`}, {"sls_project", `"p"`},
		{"sls_logstore", `"l"`}, {"access_key_id", `"LTAIbadinput"`}, {"access_key_secret", `"s"`},
	}
	goodCLS = attrs{
		{"topic_id", fmt.Sprintf("%q", "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b")}, {"query", `"status:500"`},
		{"from", `"2024-01-01T00:00:00Z"`}, {"to", `"2024-01-02T00:00:00Z"`}, {"log_count", "100"},
	}
	goodEvent    = attrs{{"events", `[{ name = "deploy", content = "v1" }]`}}
	goodBaremeta = attrs{{"physical_server_id", `"3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"`}}
)

// words builds a regexp that finds each phrase in order, however the CLI
// wrapped the lines.
func words(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		fields := strings.Fields(p)
		for j, f := range fields {
			fields[j] = regexp.QuoteMeta(f)
		}
		parts[i] = strings.Join(fields, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

func events(n int) string {
	ev := make([]string, n)
	for i := range ev {
		ev[i] = fmt.Sprintf(`{ name = "e%d", content = "c" }`, i)
	}
	return "[" + strings.Join(ev, ", ") + "]"
}

// providerWith is acctest's provider block with one attribute of a nested
// block (or of the top level, block "") set to value.
func providerWith(e *acctest.Emulator, block, name, value string) string {
	cfg := e.ProviderConfig()
	start, end := 0, len(cfg)
	if block != "" {
		start = strings.Index(cfg, "  "+block+" {\n")
		end = start + strings.Index(cfg[start:], "\n  }\n")
	}
	line := regexp.MustCompile(`(?m)^ +` + name + ` +=.*$`)
	body := cfg[start:end]
	if loc := line.FindStringIndex(body); loc != nil {
		body = body[:loc[0]] + "    " + name + " = " + value + body[loc[1]:]
	} else {
		body += "\n    " + name + " = " + value
	}
	return cfg[:start] + body + cfg[end:]
}

type badInput struct {
	name string
	// provider returns the provider block (nil: acctest's).
	provider func(e *acctest.Emulator) string
	config   string
	// importID, when set, imports it into config's resource instead of planning.
	importID string
	// apply: the mistake is only a warning at plan (an error there would
	// block terraform destroy) and the apply fails before any API call.
	apply bool
	want  *regexp.Regexp
}

func badInputs(t *testing.T) []badInput {
	dir := t.TempDir() // an existing directory, not a file
	file := filepath.Join(dir, "hostname")
	if err := os.WriteFile(file, []byte("node1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := func(name, value string) string {
		return goodOutput.with(name, value).block("telemetry_cms_exporter_output")
	}
	cls := func(name, value string) string { return goodCLS.with(name, value).block("telemetry_cls_export") }
	ev := func(name, value string) string {
		return goodEvent.with(name, value).block("telemetry_cms_custom_event")
	}
	one := func(field, value string) string {
		return ev("events", fmt.Sprintf(`[{ name = "deploy", content = "v1", %s = %s }]`, field, value))
	}
	bm := func(name, value string) string {
		return goodBaremeta.with(name, value).block("telemetry_baremetal_log_export")
	}
	prov := func(block, name, value string) func(*acctest.Emulator) string {
		return func(e *acctest.Emulator) string { return providerWith(e, block, name, value) }
	}
	okOutput := goodOutput.block("telemetry_cms_exporter_output")
	okCLS := goodCLS.block("telemetry_cls_export")
	okBM := goodBaremeta.block("telemetry_baremetal_log_export")
	return []badInput{
		// ---- provider block ----
		{name: "provider/max_retries_above_20", provider: prov("", "max_retries", "21"), config: okOutput, want: words("max_retries", "between 0 and 20")},
		{name: "provider/max_retries_negative", provider: prov("", "max_retries", "-1"), config: okOutput, want: words("max_retries", "between 0 and 20")},
		{name: "provider/alicloud_region_format", provider: prov("alicloud", "region", `"Hangzhou"`), config: okOutput, want: words("alicloud.region", "region id such as cn-hangzhou")},
		{name: "provider/tencent_region_format", provider: prov("tencentcloud", "region", `"ap_guangzhou"`), config: okCLS, want: words("tencentcloud.region", "region id such as cn-hangzhou")},
		{name: "provider/huawei_region_format", provider: prov("huaweicloud", "region", `"CN-EAST-3"`), config: okBM, want: words("huaweicloud.region", "region id such as cn-hangzhou")},
		{name: "provider/endpoint_without_scheme", provider: prov("alicloud", "endpoint", `"metrics.example.com"`), config: okOutput, want: words("alicloud.endpoint", "base URL such as https://host")},
		{name: "provider/endpoint_with_path", provider: prov("tencentcloud", "endpoint", `"https://cls.example.com/v3"`), config: okCLS, want: words("tencentcloud.endpoint", "without a path")},
		{name: "provider/empty_secret_key", provider: prov("alicloud", "secret_key", `""`), config: okOutput, want: words("alicloud.secret_key", "at least 1")},
		{name: "provider/empty_auth_token", provider: prov("huaweicloud", "auth_token", `""`), config: okBM, want: words("huaweicloud.auth_token", "at least 1")},
		{name: "provider/empty_security_token", provider: prov("tencentcloud", "security_token", `""`), config: okCLS, want: words("tencentcloud.security_token", "at least 1")},

		// ---- telemetry_cms_exporter_output ----
		{name: "exporter_output/dest_name_chars", config: out("dest_name", `"bad name!"`), want: words("dest_name", "letters, digits, underscores and hyphens")},
		{name: "exporter_output/dest_name_too_long", config: out("dest_name", fmt.Sprintf("%q", strings.Repeat("a", 65))), want: words("dest_name", "1 to 64 characters")},
		{name: "exporter_output/dest_type_enum", config: out("dest_type", `"oss"`), want: words("dest_type", `"sls"`)},
		{name: "exporter_output/sls_endpoint_with_path", config: out("sls_endpoint", `"https://cn-hangzhou.log.aliyuncs.com/x/y"`), want: words("sls_endpoint", "no path")},
		{name: "exporter_output/region_format", config: out("region", `"Hangzhou"`), want: words("region", "region id such as cn-hangzhou")},
		{name: "exporter_output/no_secret", config: out("access_key_secret", ""), want: words(`Exactly one of "access_key_secret" and "access_key_secret_wo" must be set`)},
		{name: "exporter_output/both_secrets", config: goodOutput.with("access_key_secret_wo", `"x"`).with("access_key_secret_wo_version", "1").block("telemetry_cms_exporter_output"),
			want: words(`Exactly one of "access_key_secret" and "access_key_secret_wo"`, "both")},
		{name: "exporter_output/wo_version_without_wo", config: goodOutput.with("access_key_secret", "").with("access_key_secret_wo_version", "1").block("telemetry_cms_exporter_output"),
			want: words(`Attribute "access_key_secret_wo" must be specified when`, `"access_key_secret_wo_version" is specified`)},
		{name: "exporter_output/empty_user_id", config: out("user_id", `""`), want: words("user_id", "at least 1")},
		{name: "exporter_output/empty_description", config: out("description", `""`), want: words("description", "at least 1")},
		{name: "exporter_output/empty_project", config: out("sls_project", `""`), want: words("sls_project", "at least 1")},

		// ---- telemetry_cls_export ----
		{name: "cls_export/topic_separator", config: cls("topic_id", `"my:topic"`), want: words("topic_id", "must not contain : or #", "a rule of this provider")},
		{name: "cls_export/from_date_only", config: cls("from", `"2024-01-01"`), want: words("from", "RFC 3339 timestamp such as 2024-01-01T00:00:00Z")},
		{name: "cls_export/to_words", config: cls("to", `"yesterday"`), want: words("to", "RFC 3339 timestamp")},
		{name: "cls_export/from_equals_to", config: cls("to", `"2024-01-01T00:00:00Z"`), want: words(`"to"`, `must be later than "from"`)},
		{name: "cls_export/from_after_to", config: cls("from", `"2024-02-01T00:00:00Z"`), want: words(`"to"`, `must be later than "from"`)},
		{name: "cls_export/log_count_negative", config: cls("log_count", "-1"), want: words("log_count", "cannot be negative")},
		{name: "cls_export/log_count_above_max", config: cls("log_count", "50000001"), want: words("log_count", "above 50000000", "the maximum CLS documents")},
		{name: "cls_export/order_enum", config: cls("order", `"random"`), want: words("order", `["asc" "desc"]`)},
		{name: "cls_export/format_enum", config: cls("format", `"xml"`), want: words("format", `["json" "csv"]`)},
		{name: "cls_export/syntax_rule_enum", config: cls("syntax_rule", `"sql"`), want: words("syntax_rule", `["lucene" "cql"]`)},
		{name: "cls_export/region_format", config: cls("region", `"Guangzhou"`), want: words("region", "region id such as ap-guangzhou")},
		{name: "cls_export/timeout_format", config: goodCLS.with("#timeouts", `timeouts { create = "forever" }`).block("telemetry_cls_export"), want: words("timeouts", `"forever" must be a string`, "Valid time units")},

		// ---- telemetry_cms_custom_event ----
		{name: "custom_event/zero_events", config: ev("events", "[]"), want: words("events", "at least 1", "at most 50")},
		{name: "custom_event/51_events", config: ev("events", events(51)), want: words("events", "at least 1", "at most 50")},
		{name: "custom_event/empty_name", config: ev("events", `[{ name = "", content = "v1" }]`), want: words("name", "at least 1")},
		{name: "custom_event/empty_content", config: ev("events", `[{ name = "deploy", content = "" }]`), want: words("content", "at least 1")},
		{name: "custom_event/group_id_letters", config: one("group_id", `"web"`), want: words("group_id", "application group id made of digits")},
		{name: "custom_event/time_words", config: one("time", `"yesterday"`), want: words("time", "RFC 3339")},
		{name: "custom_event/time_epoch_seconds", config: one("time", `"1714536000"`), want: words("time", "epoch milliseconds")},
		{name: "custom_event/region_format", config: ev("region", `"CN"`), want: words("region", "region id such as cn-hangzhou")},

		// ---- telemetry_baremetal_log_export ----
		{name: "baremetal/server_id_slash", config: bm("physical_server_id", `"a/b"`), want: words("physical_server_id", "must not contain '/'", "a rule of this provider")},
		{name: "baremetal/server_id_empty", config: bm("physical_server_id", `""`), want: words("physical_server_id", "must not contain '/'", "a rule of this provider")},
		{name: "baremetal/project_id_dots", config: bm("project_id", `"../etc"`), want: words("project_id", "must not contain '/'", "a rule of this provider")},
		{name: "baremetal/region_format", config: bm("region", `"east"`), want: words("region", "region id such as cn-east-3")},
		{name: "cls_export/output_path_empty", config: cls("output_path", `""`), want: words("output_path", "string length must be at least 1")},
		{name: "cls_export/derived_field_empty", config: cls("derived_fields", `[""]`), want: words("derived_fields", "string length must be at least 1")},
		{name: "cls_export/output_path_directory", config: cls("output_path", fmt.Sprintf("%q", dir)), apply: true, want: words("output_path", "is an existing directory", "must name the file", "No export was started")},
		{name: "baremetal/output_path_directory", config: bm("output_path", fmt.Sprintf("%q", dir)), apply: true, want: words("output_path", "is an existing directory", "must name the file")},
		{name: "baremetal/output_path_trailing_slash", config: bm("output_path", fmt.Sprintf("%q", dir+"/new/")), apply: true, want: words("output_path", "ends with a slash", "must name the file")},
		{name: "baremetal/output_path_under_file", config: bm("output_path", fmt.Sprintf("%q", filepath.Join(file, "x.tar.gz"))), apply: true, want: words("output_path", file+" is a file, not a directory")},
		{name: "baremetal/timeout_format", config: goodBaremeta.with("#timeouts", `timeouts { create = "1 hour" }`).block("telemetry_baremetal_log_export"), want: words("timeouts", `"1 hour" must be a string`, "Valid time units")},

		// ---- import IDs ----
		{name: "import/exporter_output_empty_name", config: okOutput, importID: "cn-hangzhou:", want: words(`must be "<dest_name>" or "<region>:<dest_name>"`)},
		{name: "import/exporter_output_bad_name", config: okOutput, importID: "bad name!", want: words("dest_name", "letters, digits, underscores and hyphens")},
		{name: "import/exporter_output_bad_region", config: okOutput, importID: "Hangzhou:ok", want: words("region", "not a region id such as cn-hangzhou")},
		{name: "import/cls_no_separator", config: okCLS, importID: "export-1", want: words("expected topic_id:export_id")},
		{name: "import/cls_empty_topic", config: okCLS, importID: ":export-1", want: words("expected topic_id:export_id")},
		{name: "import/baremetal_two_parts", config: okBM, importID: "project/server", want: words("project_id/physical_server_id/export_id")},
		{name: "import/baremetal_empty_part", config: okBM, importID: "project//1", want: words("three non-empty parts")},
	}
}

// TestAccReliability_badInput: every invalid configuration or import ID
// fails at plan or import time (a bare-metal output_path mistake: at apply,
// before anything starts) naming the attribute and what is allowed, and no
// request reaches the cloud.
func TestAccReliability_badInput(t *testing.T) {
	cases := badInputs(t)
	if len(cases) < 40 {
		t.Fatalf("only %d bad inputs", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := acctest.NewEmulator(t)
			provider := e.ProviderConfig()
			if tc.provider != nil {
				provider = tc.provider(e)
			}
			step := resource.TestStep{Config: provider + tc.config, ExpectError: tc.want, PlanOnly: !tc.apply}
			if tc.importID != "" {
				addr := regexp.MustCompile(`resource "([a-z_]+)" "test"`).FindStringSubmatch(tc.config)[1] + ".test"
				step = resource.TestStep{Config: provider + tc.config, ResourceName: addr, ImportState: true, ImportStateId: tc.importID, ExpectError: tc.want}
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{step},
			})
			noAPICalls(t, e)
		})
	}
}
