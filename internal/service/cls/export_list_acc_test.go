package cls_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// TestAccCLSExportList_query runs `terraform query` through plugin-testing's
// Query step: it needs Terraform 1.14 or later and is skipped on older CLIs
// (the protocol-level tests cover the list resource everywhere).
func TestAccCLSExportList_query(t *testing.T) {
	e := acctest.NewEmulator(t)
	ids := seedExports(t, e, topicID, "", 3, "status:500")
	e.Post(t, "/_emulator/tencent/exports/"+ids[0]+"/fail", map[string]any{}, nil)
	query := func(body string) string {
		return fmt.Sprintf(`
list "telemetry_cls_export" "test" {
  provider = telemetry
%s
}
`, body)
	}
	identity := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{
			"topic_id": knownvalue.StringExact(topicID), "export_id": knownvalue.StringExact(id),
			"region": knownvalue.StringExact(acctest.TencentcloudRegion),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Feature("list resources (terraform query)", tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				// plugin-testing wants a configuration applied before a query.
				Config: e.ProviderConfig(),
			},
			{
				Query:  true,
				Config: query(fmt.Sprintf("  include_resource = true\n  config {\n    topic_id = %q\n  }", topicID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("telemetry_cls_export.test", 3),
					querycheck.ExpectIdentity("telemetry_cls_export.test", identity(ids[2])),
					querycheck.ExpectResourceKnownValues("telemetry_cls_export.test", queryfilter.ByResourceIdentity(identity(ids[1])),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(topicID + ":" + ids[1])},
							{Path: tfjsonpath.New("query"), KnownValue: knownvalue.StringExact("status:500")},
							{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("Completed")},
						}),
				},
			},
			{
				Query:  true,
				Config: query(fmt.Sprintf("  config {\n    topic_id = %q\n    status   = \"Failed\"\n  }", topicID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("telemetry_cls_export.test", 1),
					querycheck.ExpectIdentity("telemetry_cls_export.test", identity(ids[0])),
				},
			},
			{
				Query:  true,
				Config: query(fmt.Sprintf("  limit = 2\n  config {\n    topic_id = %q\n  }", topicID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("telemetry_cls_export.test", 2),
				},
			},
		},
	})
}
