// Package baremetal holds the telemetry provider's Huawei Cloud CloudDC
// (bare-metal server) resources: telemetry_baremetal_log_export.
package baremetal

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Resources lists the package's managed resources.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{NewLogExportResource}
}

// DataSources lists the package's data sources; the API has no list or
// describe call that a data source could wrap.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{}
}

// Actions lists the package's actions.
func Actions() []func() action.Action {
	return []func() action.Action{}
}

// ListResources lists the package's list resources; the API has no list
// call that one could wrap.
func ListResources() []func() list.ListResource {
	return []func() list.ListResource{}
}
