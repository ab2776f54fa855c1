package cms

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
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

// ruleKind is what the shared code (exporter.go, reconcile.go) needs to
// know of export rules.
var ruleKind = &kind[exporterRuleModel, alicloud.ExporterRule]{
	noun: "export rule", short: "rule", aNoun: "an export rule", aShort: "a rule",
	putCall: "PutExporterRule", nameAttr: "rule_name", computedAttrs: "enabled and create_time",
	idRule:   nameIDRule{attr: "rule_name", example: "cpu-export", pattern: ruleNamePattern, rule: ruleNameRule},
	nameOf:   func(m *exporterRuleModel) *types.String { return &m.RuleName },
	region:   func(m *exporterRuleModel) *types.String { return &m.Region },
	identity: func(name, region types.String) any { return exporterRuleIdentityModel{RuleName: name, Region: region} },
	newID:    func(region, name string) fmt.Stringer { return exporterRuleID{Region: region, RuleName: name} },
	find:     findExporterRule,
	del:      (*alicloud.Client).DeleteExporterRule,
	hint:     rulePutHint,
	matches:  ruleMatchesRemote,
	apply:    applyRuleRemote,
	computed: applyRuleComputed,
	settle: func(m *exporterRuleModel) {
		if m.CreateTime.IsUnknown() {
			m.CreateTime = types.StringNull() // filled by the read-back or the next refresh
		}
		if m.Enabled.IsUnknown() {
			m.Enabled = types.BoolNull()
		}
	},
	privateKey: privatePreviousRule, version: ruleVersionJSON, previous: previousRule,
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
	if ruleKind.nameFree(ctx, client, name, summary, &resp.Diagnostics) {
		ruleKind.putAndReadBack(ctx, putRequest[exporterRuleModel]{
			client: client, plan: &plan, send: sendRule(client, &plan), summary: summary, bound: r.clients.ReadAfterWrite(),
			out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
		})
	}
}

// sendRule is the PutExporterRule call that writes plan.
func sendRule(client *alicloud.Client, plan *exporterRuleModel) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := client.PutExporterRule(ctx, putRuleInput(*plan))
		return err
	}
}

func (r *exporterRuleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ruleKind.read(ctx, r.client, r.clients.ReadAfterWrite(), req, resp)
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
	ruleKind.putAndReadBack(ctx, putRequest[exporterRuleModel]{
		client: client, plan: &plan, previous: &prior, send: sendRule(client, &plan),
		summary: fmt.Sprintf("updating CMS export rule %q", plan.RuleName.ValueString()), bound: r.clients.ReadAfterWrite(),
		out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
	})
}

func (r *exporterRuleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ruleKind.delete(ctx, r.client, r.clients.ReadAfterWrite(), req, resp)
}
