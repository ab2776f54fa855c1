package cms_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// TestAccCMSExporterOutputList_query runs `terraform query` through
// plugin-testing's Query step: it needs Terraform 1.14 or later and is
// skipped on older CLIs (the protocol-level tests cover the list resource
// everywhere).
func TestAccCMSExporterOutputList_query(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedListOutputs(t, e, acctest.AlicloudRegion, "prod-a", "prod-b", "dev-a")
	query := func(body string) string {
		return fmt.Sprintf(`
list "telemetry_cms_exporter_output" "test" {
  provider = telemetry
%s
}
`, body)
	}
	identity := func(name string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"dest_name": knownvalue.StringExact(name), "region": knownvalue.StringExact(acctest.AlicloudRegion)}
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
				Config: query("  include_resource = true\n  config {\n    name_prefix = \"prod-\"\n  }"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("telemetry_cms_exporter_output.test", 2),
					querycheck.ExpectIdentity("telemetry_cms_exporter_output.test", identity("prod-a")),
					querycheck.ExpectIdentity("telemetry_cms_exporter_output.test", identity("prod-b")),
					querycheck.ExpectResourceDisplayName("telemetry_cms_exporter_output.test",
						queryfilter.ByResourceIdentity(identity("prod-a")), knownvalue.StringExact("prod-a (SLS proj-prod-a/metrics)")),
					querycheck.ExpectResourceKnownValues("telemetry_cms_exporter_output.test", queryfilter.ByResourceIdentity(identity("prod-b")),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("sls_project"), KnownValue: knownvalue.StringExact("proj-prod-b")},
							{Path: tfjsonpath.New("access_key_id"), KnownValue: knownvalue.StringExact("LTAIprod-b")},
							{Path: tfjsonpath.New("access_key_secret"), KnownValue: knownvalue.Null()},
						}),
				},
			},
			{
				Query:  true,
				Config: query("  limit = 1"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("telemetry_cms_exporter_output.test", 1),
				},
			},
			{
				Query:  true,
				Config: query("  config {\n    region = \"cn-shanghai\"\n  }"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("telemetry_cms_exporter_output.test", 0),
				},
			},
			{
				Query:       true,
				Config:      query("  config {\n    name_prefix = \"\"\n  }"),
				ExpectError: regexp.MustCompile(`name_prefix`),
			},
		},
	})
}
