package cls_test

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// vendorStandIn is a provider of type "tencentcloud" whose only resource,
// tencentcloud_cls_export, writes the state the vendor's provider writes
// (its schema: testdata/README.md) for an export that already exists, so
// that a `moved` block has a real vendor-shaped state to move from. The
// vendor's provider itself cannot be installed offline.
type vendorStandIn struct{ exportID string }

func (p *vendorStandIn) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tencentcloud"
}
func (p *vendorStandIn) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p *vendorStandIn) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (p *vendorStandIn) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p *vendorStandIn) Resources(context.Context) []func() fwresource.Resource {
	return []func() fwresource.Resource{func() fwresource.Resource { return &vendorExport{exportID: p.exportID} }}
}

type vendorExport struct{ exportID string }

type vendorExportModel struct {
	ID       types.String `tfsdk:"id"`
	TopicID  types.String `tfsdk:"topic_id"`
	Query    types.String `tfsdk:"query"`
	LogCount types.Int64  `tfsdk:"log_count"`
	From     types.Int64  `tfsdk:"from"`
	To       types.Int64  `tfsdk:"to"`
	Order    types.String `tfsdk:"order"`
	Format   types.String `tfsdk:"format"`
}

func (r *vendorExport) Metadata(_ context.Context, _ fwresource.MetadataRequest, resp *fwresource.MetadataResponse) {
	resp.TypeName = "tencentcloud_cls_export"
}

func (r *vendorExport) Schema(_ context.Context, _ fwresource.SchemaRequest, resp *fwresource.SchemaResponse) {
	str := func(required bool) schema.StringAttribute {
		return schema.StringAttribute{Required: required, Optional: !required}
	}
	num := schema.Int64Attribute{Required: true}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":       schema.StringAttribute{Computed: true},
		"topic_id": str(true), "query": str(true), "order": str(false), "format": str(false),
		"log_count": num, "from": num, "to": num,
	}}
}

func (r *vendorExport) Create(ctx context.Context, req fwresource.CreateRequest, resp *fwresource.CreateResponse) {
	var m vendorExportModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(m.TopicID.ValueString() + "#" + r.exportID) // the vendor's ID: topic_id#export_id
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *vendorExport) Read(context.Context, fwresource.ReadRequest, *fwresource.ReadResponse) {}
func (r *vendorExport) Update(context.Context, fwresource.UpdateRequest, *fwresource.UpdateResponse) {
}
func (r *vendorExport) Delete(context.Context, fwresource.DeleteRequest, *fwresource.DeleteResponse) {
}

// startExport creates an export in the emulator as the vendor's provider
// would have, and waits until it is listed and Completed.
func startExport(t *testing.T, e *acctest.Emulator) string {
	t.Helper()
	client := tencentcloud.NewClient(tencentcloud.Config{
		SecretID: tencent.DefaultSecretID, SecretKey: tencent.DefaultSecretKey, Region: tencent.DefaultRegion, Endpoint: e.URL,
	})
	out, err := client.CreateExport(context.Background(), tencentcloud.CreateExportInput{
		TopicID: topicID, Query: "level:ERROR", Count: 1000, From: 1704067200000, To: 1704070800000, Order: "asc", Format: "csv",
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.ExportID
}

const vendorConfig = `
resource "tencentcloud_cls_export" "x" {
  topic_id  = %[1]q
  query     = "level:ERROR"
  log_count = 1000
  from      = 1704067200000
  to        = 1704070800000
  order     = "asc"
  format    = "csv"
}
`

const movedConfig = `
resource "telemetry_cls_export" "x" {
  topic_id  = %[1]q
  query     = "level:ERROR"
  log_count = 1000
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T01:00:00Z"
  order     = "asc"
  format    = "csv"
}

moved {
  from = tencentcloud_cls_export.x
  to   = telemetry_cls_export.x
}
`

// Issue 27, item 4: a `moved` block from the vendor's tencentcloud_cls_export
// (its state written by a stand-in of the vendor's provider) to
// telemetry_cls_export plans nothing but the move: no new export
// (CreateExport counted), the same export, the provider's region recorded.
func TestAccCLSExport_movedFromVendor(t *testing.T) {
	e := fastEmulator(t)
	exportID := startExport(t, e)
	factories := maps.Clone(acctest.ProtoV6ProviderFactories)
	factories["tencentcloud"] = func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6(&vendorStandIn{exportID: exportID})(), nil
	}
	addr := "telemetry_cls_export.x"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(vendorConfig, topicID),
				Check:  acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1}),
			},
			{
				Config: e.ProviderConfig() + fmt.Sprintf(movedConfig, topicID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop), plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("export_id"), knownvalue.StringExact(exportID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(topicID+":"+exportID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.TencentcloudRegion)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("download_url"), knownvalue.Null()),
				},
				Check: acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1}),
			},
		},
	})
}
