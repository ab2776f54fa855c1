// Package cls holds the telemetry provider's Tencent Cloud CLS resources and
// data sources: telemetry_cls_export (an asynchronous log export that create
// waits for) and telemetry_cls_exports.
package cls

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Resources lists the package's managed resources.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{NewExportResource}
}

// DataSources lists the package's data sources.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewExportsDataSource, NewExportDataSource}
}

// Actions lists the package's actions.
func Actions() []func() action.Action {
	return []func() action.Action{}
}

// ListResources lists the package's list resources (`terraform query`).
func ListResources() []func() list.ListResource {
	return []func() list.ListResource{NewExportListResource}
}

// EphemeralResources lists the package's ephemeral resources (Terraform 1.10+).
func EphemeralResources() []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewDownloadURLEphemeralResource}
}
