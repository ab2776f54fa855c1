package cms

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

// What the CMS data sources share: dataSourceClients (Configure and
// client), and readByName, the Read of a data source that reads one
// object by name.

// dataSourceClients is embedded by every CMS data source: it keeps the
// provider's clients and gives the Alibaba client of a region.
type dataSourceClients struct {
	clients *conns.Clients
}

func (d *dataSourceClients) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.clients = c
}

// client is the Alibaba client for region, or nil with a diagnostic.
func (d *dataSourceClients) client(region types.String, diags *diag.Diagnostics) *alicloud.Client {
	return d.clients.AlicloudFor(region.ValueString(), diags)
}

// byName describes a data source that reads one object by name through
// the client's shared list (the API has no lookup by name): M is its
// model, T the API's answer.
type byName[M, T any] struct {
	noun   string                 // "exporter output"
	name   func(*M) *types.String // the model's name attribute
	region func(*M) *types.String // the model's region attribute
	find   func(ctx context.Context, client *alicloud.Client, name string, fresh bool) (T, error)
	fill   func(*M, T) // the computed attributes from the answer
}

// read is the data source's Read: the configuration, the object it names
// in the configured (or the provider's) region, the attributes filled.
func (s byName[M, T]) read(ctx context.Context, client clientFunc, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := client(*s.region(&m), &resp.Diagnostics)
	if c == nil {
		return
	}
	name := s.name(&m).ValueString()
	o, err := s.find(ctx, c, name, false)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS %s %q in %s", s.noun, name, c.Region()), apiErrorDetail(err, ""))
		return
	}
	*s.region(&m) = types.StringValue(c.Region())
	s.fill(&m, o)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
