package cms

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
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

// outputKind is what the shared code (exporter.go, reconcile.go) needs to
// know of exporter outputs.
var outputKind = &kind[exporterOutputModel, alicloud.ExporterOutput]{
	noun: "exporter output", short: "output", aNoun: "an exporter output", aShort: "an output",
	putCall: "PutExporterOutput", nameAttr: "dest_name", computedAttrs: "create_time",
	idRule: nameIDRule{attr: "dest_name", example: "prod-sls", pattern: destNamePattern, rule: destNameRule},
	nameOf: func(m *exporterOutputModel) *types.String { return &m.DestName },
	region: func(m *exporterOutputModel) *types.String { return &m.Region },
	identity: func(name, region types.String) any {
		return exporterOutputIdentityModel{DestName: name, Region: region}
	},
	newID:    func(region, name string) fmt.Stringer { return exporterOutputID{Region: region, DestName: name} },
	find:     findExporterOutput,
	del:      (*alicloud.Client).DeleteExporterOutput,
	hint:     putHint,
	matches:  matchesRemote,
	apply:    applyOutputRead,
	computed: applyCreateTime,
	settle: func(m *exporterOutputModel) {
		m.AccessKeySecretWO = types.StringNull()
		setID(m)
		if m.CreateTime.IsUnknown() {
			m.CreateTime = types.StringNull() // filled by the read-back or the next refresh
		}
	},
	privateKey: privatePrevious, version: versionJSON, previous: previousVersion,
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
	if outputKind.nameFree(ctx, client, name, summary, &resp.Diagnostics) {
		outputKind.putAndReadBack(ctx, putRequest[exporterOutputModel]{
			client: client, plan: &plan, send: sendOutput(client, &plan, secret), summary: summary, bound: r.clients.ReadAfterWrite(),
			out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
		})
	}
}

// sendOutput is the PutExporterOutput call that writes plan with secret.
func sendOutput(client *alicloud.Client, plan *exporterOutputModel, secret string) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := client.PutExporterOutput(ctx, putInput(*plan, secret))
		return err
	}
}

func (r *exporterOutputResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	outputKind.read(ctx, r.client, r.clients.ReadAfterWrite(), req, resp)
}

func (r *exporterOutputResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan exporterOutputModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	summary := fmt.Sprintf("updating CMS exporter output %q", plan.DestName.ValueString())
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
	outputKind.putAndReadBack(ctx, putRequest[exporterOutputModel]{
		client: client, plan: &plan, previous: &prior, send: sendOutput(client, &plan, secret), summary: summary, bound: r.clients.ReadAfterWrite(),
		out: written{&resp.State, resp.Identity, resp.Private, &resp.Diagnostics},
	})
}

func (r *exporterOutputResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	outputKind.delete(ctx, r.client, r.clients.ReadAfterWrite(), req, resp)
}
