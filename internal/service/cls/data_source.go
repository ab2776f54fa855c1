package cls

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

// dataSourceClients is embedded by every CLS data source (as cms's of the
// same name): it keeps the provider's clients and gives the Tencent client
// of a region.
type dataSourceClients struct {
	clients *conns.Clients
}

func (d *dataSourceClients) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.clients = c
}

// client is the Tencent client for region, or nil with a diagnostic.
func (d *dataSourceClients) client(region types.String, diags *diag.Diagnostics) *tencentcloud.Client {
	return d.clients.TencentcloudFor(region.ValueString(), diags)
}
