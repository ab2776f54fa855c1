// Package cms holds the telemetry provider's cms resources and data sources.
package cms

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Resources lists the package's managed resources.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewExporterOutputResource,
		NewCustomEventResource,
		NewExporterRuleResource,
	}
}

// DataSources lists the package's data sources.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewExporterOutputsDataSource,
		NewExporterOutputDataSource,
		NewCustomEventsDataSource,
		NewExporterRuleDataSource,
	}
}

// Actions lists the package's actions.
func Actions() []func() action.Action {
	return []func() action.Action{
		NewCustomEventAction,
	}
}

// ListResources lists the package's list resources (`terraform query`).
func ListResources() []func() list.ListResource {
	return []func() list.ListResource{
		NewExporterOutputListResource,
		NewExporterRuleListResource,
	}
}
