// Package provider wires the telemetry provider: its schema, the resolution of
// credentials into clients, and the resources, data sources and actions of
// every service package.
package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/service/baremetal"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/service/cls"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/service/cms"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

var (
	_ provider.Provider                       = (*telemetryProvider)(nil)
	_ provider.ProviderWithActions            = (*telemetryProvider)(nil)
	_ provider.ProviderWithListResources      = (*telemetryProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*telemetryProvider)(nil)
)

// New returns a constructor for the provider at version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &telemetryProvider{version: version} }
}

type telemetryProvider struct {
	version string
}

type providerModel struct {
	Alicloud     *alicloudModel     `tfsdk:"alicloud"`
	Tencentcloud *tencentcloudModel `tfsdk:"tencentcloud"`
	Huaweicloud  *huaweicloudModel  `tfsdk:"huaweicloud"`
	MaxRetries   types.Int64        `tfsdk:"max_retries"`
	// ReadAfterWrite bounds how long "not found" right after a write is
	// taken for propagation.
	ReadAfterWrite timetypes.GoDuration `tfsdk:"read_after_write_timeout"`
}

// sourcesDoc is the credential sentences of a cloud block's description:
// the order of its sources, as its errors state it (conns.*SourceOrder).
func sourcesDoc(order string) string {
	return " Credentials come from the first configured of these sources: " + order +
		". Temporary credentials are refreshed before they expire, once for the whole run."
}

// envDoc is the "Environment: ..." sentence of a setting's description.
func envDoc(key string) string {
	names := conns.EnvVars[key]
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	return " Environment: " + strings.Join(quoted, " or ") + "."
}

func (p *telemetryProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "telemetry"
	resp.Version = p.version
}

func regionValidators() []validator.String {
	return []validator.String{validate.Region("cn-hangzhou or ap-guangzhou")}
}

func endpointValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^https?://[^/\s]+/?$`), "must be a base URL such as https://host or http://127.0.0.1:8787, without a path")}
}

func insecureAttr(block string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, Description: "Allow an `http://` endpoint on a host other than loopback (127.0.0.0/8, ::1, localhost), " +
		"for test rigs such as an emulator in another container. Without it such an endpoint is refused at plan: credentials and tokens would cross the network in clear. Default false." +
		envDoc(block+".insecure_http") + " There `true` or `1` allow, `false`, `0` or unset refuse; a value in the block wins."}
}

// cleartextProblem says why endpoint may not be used: an http:// URL on a
// host that is not loopback sends the credentials (and STS or IAM tokens,
// which are bearer credentials) unencrypted. Empty when it may be used.
func cleartextProblem(endpoint string, insecure bool) string {
	u, err := url.Parse(endpoint)
	if err != nil || !strings.EqualFold(u.Scheme, "http") || insecure {
		return ""
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("%s is plain http on %s, which is not a loopback host: credentials and tokens would be sent unencrypted. "+
		"Use https://, or set insecure_http = true in this block for a test rig (such as an emulator in another container).", endpoint, host)
}

func secretAttr(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Sensitive: true, Description: desc, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
}

func plainAttr(desc string, v ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Description: desc, Validators: append([]validator.String{stringvalidator.LengthAtLeast(1)}, v...)}
}

func (p *telemetryProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages the export of monitoring data, logs and events on Alibaba Cloud (CloudMonitor), Tencent Cloud (CLS) and Huawei Cloud (bare-metal servers). Each cloud has its own optional block; credentials are only needed for the clouds whose resources you use.",
		Attributes: map[string]schema.Attribute{
			"max_retries": schema.Int64Attribute{
				Optional:    true,
				Description: "Retries after a transient failure (network, HTTP 5xx) of a call that is safe to retry. Default 5. Throttling answers prove that the call had no effect; they are retried up to four times as often, while the client-side rate slows down. Non-idempotent creates are only retried when the request provably had no effect. 0 turns all retries off.",
				Validators:  []validator.Int64{int64validator.Between(0, 20)},
			},
			"read_after_write_timeout": schema.StringAttribute{
				Optional:   true,
				CustomType: timetypes.GoDurationType{},
				Description: "How long an object the provider has just written may stay invisible to reads (eventual consistency) before " +
					"\"not found\" is believed: the read-back after a create or update, the first polls of an export, the refresh " +
					"right after an apply, the read after an import, the wait after deleting an exporter output until lists stop showing it, " +
					"and the lookup of custom events or an exporter output after a lost answer wait this long at most " +
					"(so an import of a wrong ID fails only after it). A Go duration, " +
					"for example `30s`; default `2m`. The vendors document no bound; raise it if your cloud is slower, lower it to fail " +
					"faster. A lookup after a lost custom event answer waits the whole bound before sending the missing events again.",
				Validators: []validator.String{nonNegativeDuration{}},
			},
		},
		Blocks: map[string]schema.Block{
			"alicloud":     alicloudBlock(),
			"tencentcloud": tencentcloudBlock(),
			"huaweicloud":  huaweicloudBlock(),
		},
	}
}

// pick returns the configured value, else the first non-empty environment
// variable. A value still unknown (it comes from a resource not applied yet)
// is recorded in unknown under key: it is known at apply, not unset.
func pick(unknown map[string]bool, key string, v types.String) string {
	if v.IsUnknown() {
		unknown[key] = true
		return ""
	}
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString()
	}
	for _, e := range conns.EnvVars[key] {
		if s := os.Getenv(e); s != "" {
			return s
		}
	}
	return ""
}

// pickBool is pick for a boolean setting: the configured value, else its
// environment variable (strconv.ParseBool: true, 1, false, 0, ...), else
// false. A variable that is not a boolean is an error naming it.
func pickBool(key string, v types.Bool, diags *diag.Diagnostics) bool {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool()
	}
	for _, e := range conns.EnvVars[key] {
		raw := os.Getenv(e)
		if raw == "" {
			continue
		}
		b, err := strconv.ParseBool(raw)
		if err != nil {
			block, attr, _ := strings.Cut(key, ".")
			diags.AddAttributeError(path.Root(block).AtName(attr), "invalid environment variable",
				fmt.Sprintf("%s=%q is not a boolean: use true or false (it stands for %s).", e, raw, key))
		}
		return b
	}
	return false
}

func (p *telemetryProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Alicloud == nil {
		m.Alicloud = &alicloudModel{}
	}
	if m.Tencentcloud == nil {
		m.Tencentcloud = &tencentcloudModel{}
	}
	if m.Huaweicloud == nil {
		m.Huaweicloud = &huaweicloudModel{}
	}
	unknown := map[string]bool{}
	s := conns.Settings{
		Unknown:      unknown,
		MaxRetries:   transport.DefaultMaxRetries,
		UserAgent:    "terraform-provider-telemetry/" + p.version,
		Alicloud:     alicloudSettings(unknown, m.Alicloud, &resp.Diagnostics),
		Tencentcloud: tencentcloudSettings(unknown, m.Tencentcloud, &resp.Diagnostics),
		Huaweicloud:  huaweicloudSettings(unknown, m.Huaweicloud, &resp.Diagnostics),
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		s.MaxRetries = int(m.MaxRetries.ValueInt64())
		if s.MaxRetries == 0 {
			s.MaxRetries = -1 // zero configured means no retries
		}
	}
	if !m.ReadAfterWrite.IsNull() && !m.ReadAfterWrite.IsUnknown() {
		d, diags := m.ReadAfterWrite.ValueGoDuration()
		resp.Diagnostics.Append(diags...)
		s.ReadAfterWrite = d
		if d == 0 {
			s.ReadAfterWrite = -1 // zero configured means believe "not found" at once
		}
	}
	checkEndpoints(s, m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	clients := conns.New(s)
	resp.ResourceData, resp.DataSourceData, resp.EphemeralResourceData = clients, clients, clients
	resp.ActionData = clients
	resp.ListResourceData = clients
}

// checkEndpoints refuses an endpoint that would send credentials in clear
// (plain http to a host that is not loopback) unless its block's
// insecure_http, or that setting's environment variable, allows it.
func checkEndpoints(s conns.Settings, m providerModel, diags *diag.Diagnostics) {
	for _, ep := range []struct {
		block, attr string
		endpoint    string
		insecure    types.Bool
	}{
		{"alicloud", "endpoint", s.Alicloud.Endpoint, m.Alicloud.InsecureHTTP},
		{"alicloud", "sts_endpoint", s.Alicloud.STSEndpoint, m.Alicloud.InsecureHTTP},
		{"tencentcloud", "endpoint", s.Tencentcloud.Endpoint, m.Tencentcloud.InsecureHTTP},
		{"tencentcloud", "sts_endpoint", s.Tencentcloud.STSEndpoint, m.Tencentcloud.InsecureHTTP},
		{"huaweicloud", "endpoint", s.Huaweicloud.Endpoint, m.Huaweicloud.InsecureHTTP},
		{"huaweicloud", "iam_endpoint", s.Huaweicloud.IAMEndpoint, m.Huaweicloud.InsecureHTTP},
	} {
		insecure := pickBool(ep.block+".insecure_http", ep.insecure, diags)
		if msg := cleartextProblem(ep.endpoint, insecure); msg != "" {
			diags.AddAttributeError(path.Root(ep.block).AtName(ep.attr), "endpoint without encryption", ep.block+"."+ep.attr+" (or its environment variable): "+msg+
				" Without a provider block, set the environment variable "+conns.EnvVars[ep.block+".insecure_http"][0]+"=true instead.")
		}
	}
}

func (p *telemetryProvider) Resources(_ context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	out = append(out, cms.Resources()...)
	out = append(out, cls.Resources()...)
	out = append(out, baremetal.Resources()...)
	return out
}

func (p *telemetryProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	out = append(out, cms.DataSources()...)
	out = append(out, cls.DataSources()...)
	out = append(out, baremetal.DataSources()...)
	return out
}

func (p *telemetryProvider) Actions(_ context.Context) []func() action.Action {
	return cms.Actions()
}

// EphemeralResources are the ephemeral resources (Terraform 1.10+).
func (p *telemetryProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return cls.EphemeralResources()
}

// ListResources are the list resources of `terraform query` (Terraform 1.14
// and later; older versions ignore them).
func (p *telemetryProvider) ListResources(_ context.Context) []func() list.ListResource {
	var out []func() list.ListResource
	out = append(out, cms.ListResources()...)
	out = append(out, cls.ListResources()...)
	out = append(out, baremetal.ListResources()...)
	return out
}

// nonNegativeDuration refuses a negative read_after_write_timeout.
type nonNegativeDuration struct{}

func (nonNegativeDuration) Description(context.Context) string {
	return "must be a duration of 0 or more"
}

func (v nonNegativeDuration) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (nonNegativeDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d < 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "invalid duration",
			fmt.Sprintf("%s %q must be 0 or more, for example \"30s\" or \"2m\".", req.Path, req.ConfigValue.ValueString()))
	}
}
