package cms

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/framework"
)

// NewExporterRuleListResource returns the list resource of
// telemetry_cms_exporter_rule (`terraform query`, Terraform 1.14 and
// later). It lists a region's export rules through the client's shared
// pages (ExporterRules).
func NewExporterRuleListResource() list.ListResource {
	return framework.NewListResource(framework.ListSpec[nameListConfig, alicloud.Client, alicloud.ExporterRule]{
		TypeName: "_cms_exporter_rule",
		Schema: func() schema.Schema {
			return nameListSchema(
				"Lists the CloudMonitor export rules of a region, optionally only those whose name starts with a prefix. "+
					"Every argument of a listed rule is read, so configuration generated from it is complete.",
				"Only list export rules whose `rule_name` starts with this prefix (case-sensitive). Default: every rule.")
		},
		Client: listClient,
		Each: func(ctx context.Context, client *alicloud.Client, cfg nameListConfig, visit func(alicloud.ExporterRule) bool) error {
			rules, err := client.ExporterRules(ctx)
			if err != nil {
				return err
			}
			eachNamed(rules, cfg, func(r alicloud.ExporterRule) string { return r.RuleName }, visit)
			return nil
		},
		Result: listedExporterRule,
		Failed: func(client *alicloud.Client, _ nameListConfig, err error) (string, string) {
			return fmt.Sprintf("listing CMS export rules of %s", client.Region()), apiErrorDetail(err, "")
		},
	})
}

// listedExporterRule is one result: the identity, a display name and, when
// asked, the resource as Read fills it after an import.
func listedExporterRule(ctx context.Context, req list.ListRequest, client *alicloud.Client, rule alicloud.ExporterRule) list.ListResult {
	m := exporterRuleModel{RuleName: types.StringValue(rule.RuleName), Region: types.StringValue(client.Region())}
	applyRuleRemote(&m, rule)
	display := fmt.Sprintf("%s (%s/%s to %s)", rule.RuleName, rule.Namespace, rule.MetricName, strings.Join(rule.DstNames, ", "))
	return framework.NewListResult(ctx, req, display, ruleIdentityOf(m), m)
}
