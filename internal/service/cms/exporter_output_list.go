package cms

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/framework"
)

// NewExporterOutputListResource returns the list resource of
// telemetry_cms_exporter_output (`terraform query`, Terraform 1.14 and
// later). It lists a region's exporter outputs through the client's shared
// pages (one DescribeExporterOutputList call per page of 100, shared with
// the refreshes of the same run).
func NewExporterOutputListResource() list.ListResource {
	return framework.NewListResource(framework.ListSpec[nameListConfig, alicloud.Client, alicloud.ExporterOutput]{
		TypeName: "_cms_exporter_output",
		Schema: func() schema.Schema {
			return nameListSchema(
				"Lists the CloudMonitor exporter outputs of a region, optionally only those whose name starts with a prefix. "+
					"The API never returns the AccessKey secret: a listed resource has `access_key_secret` null, so configuration generated from it needs the secret added.",
				"Only list exporter outputs whose `dest_name` starts with this prefix (case-sensitive). Default: every output.")
		},
		Client: listClient,
		Each: func(ctx context.Context, client *alicloud.Client, cfg nameListConfig, visit func(alicloud.ExporterOutput) bool) error {
			outputs, err := client.ExporterOutputs(ctx)
			if err != nil {
				return err
			}
			eachNamed(outputs, cfg, func(o alicloud.ExporterOutput) string { return o.DestName }, visit)
			return nil
		},
		Result: listedExporterOutput,
		Failed: func(client *alicloud.Client, _ nameListConfig, err error) (string, string) {
			return fmt.Sprintf("listing CMS exporter outputs of %s", client.Region()), apiErrorDetail(err, "")
		},
	})
}

// listedExporterOutput is one result: the identity, a display name and,
// when asked, the resource as Read fills it after an import (the secret,
// the description and the user id, which the API never returns, null).
func listedExporterOutput(ctx context.Context, req list.ListRequest, client *alicloud.Client, o alicloud.ExporterOutput) list.ListResult {
	m := exporterOutputModel{DestName: types.StringValue(o.DestName), Region: types.StringValue(client.Region())}
	applyOutputRead(&m, o)
	display := fmt.Sprintf("%s (SLS %s/%s)", o.DestName, o.Project, o.Logstore)
	return framework.NewListResult(ctx, req, display, identityOf(m), m)
}
