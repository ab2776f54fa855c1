package cms

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// What the CMS list resources (exporter outputs, exporter rules) share:
// their config (a region and a name prefix), its schema, the prefix filter
// and the client.

// nameListConfig is the config of the CMS list resources: a region and a
// name prefix.
type nameListConfig struct {
	Region     types.String `tfsdk:"region"`
	NamePrefix types.String `tfsdk:"name_prefix"`
}

// nameListSchema is the config schema of a CMS list resource: what it
// lists, and what its name_prefix matches.
func nameListSchema(description, prefix string) schema.Schema {
	return schema.Schema{
		Description: description,
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:    true,
				Description: "Region to list, for example `cn-hangzhou`. Default: the provider's `alicloud.region`.",
				Validators:  []validator.String{validate.Region("cn-hangzhou")},
			},
			"name_prefix": schema.StringAttribute{
				Optional:    true,
				Description: prefix,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

// eachNamed visits, in order, the items whose name starts with cfg's
// prefix, until visit returns false.
func eachNamed[T any](items []T, cfg nameListConfig, name func(T) string, visit func(T) bool) {
	prefix := cfg.NamePrefix.ValueString()
	for _, item := range items {
		if strings.HasPrefix(name(item), prefix) && !visit(item) {
			return
		}
	}
}

// listClient is a CMS list resource's client() for its config's region.
func listClient(clients *conns.Clients, cfg nameListConfig, diags *diag.Diagnostics) *alicloud.Client {
	return clients.AlicloudFor(cfg.Region.ValueString(), diags)
}
