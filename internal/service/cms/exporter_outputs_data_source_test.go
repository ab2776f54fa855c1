package cms_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

func TestAccCMSExporterOutputsDataSource_filter(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedOutputs(t, e, "app-1", "app-2", "db-1")
	const addr = "data.telemetry_cms_exporter_outputs.test"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + `
data "telemetry_cms_exporter_outputs" "test" {
  name_regex = "(unclosed"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)name_regex.*\(unclosed.*valid regular expression`),
			},
			{
				Config: e.ProviderConfig() + `
data "telemetry_cms_exporter_outputs" "test" {
  name_regex = "^app-"
}
data "telemetry_cms_exporter_outputs" "all" {
  region = "cn-hangzhou"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("app-1"), knownvalue.StringExact("app-2"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("outputs").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"dest_name":     knownvalue.StringExact("app-2"),
						"dest_type":     knownvalue.StringExact("sls"),
						"sls_endpoint":  knownvalue.StringExact("https://cn-hangzhou.log.aliyuncs.com"),
						"sls_project":   knownvalue.StringExact("seeded-app-2"),
						"sls_logstore":  knownvalue.StringExact("metrics"),
						"access_key_id": knownvalue.StringExact("LTAIseeded"),
						"create_time":   knownvalue.StringRegexp(rfc3339),
					})),
					statecheck.ExpectKnownValue("data.telemetry_cms_exporter_outputs.all", tfjsonpath.New("names"), knownvalue.ListSizeExact(3)),
				},
			},
		},
	})
}

// Issue 13, item 11: region is Optional and Computed. When the data source is
// read at apply (its arguments depend on a resource created in the same run),
// the plan holds a non-computed attribute left null as null; a resource
// built from it was then planned with that null and got the real region at
// apply: "Provider produced inconsistent final plan" before the fix.
func TestAccCMSExporterOutputsDataSource_regionComputedAtApply(t *testing.T) {
	e := acctest.NewEmulator(t)
	const addr = "data.telemetry_cms_exporter_outputs.test"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + outputConfig("deferred-out", "proj-a", "") + `
data "telemetry_cms_exporter_outputs" "test" {
  # create_time is unknown until the output exists: the read waits for apply.
  name_regex = "^${telemetry_cms_exporter_output.test.dest_name}${substr(telemetry_cms_exporter_output.test.create_time, 0, 0)}$"
}
resource "telemetry_cms_exporter_output" "second" {
  dest_name         = "deferred-second"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project       = "proj-b"
  sls_logstore      = "metrics"
  access_key_id     = "LTAIexample"
  access_key_secret = "example-secret"
  description       = "in ${coalesce(data.telemetry_cms_exporter_outputs.test.region, "no region")}"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("deferred-out")})),
					statecheck.ExpectKnownValue("telemetry_cms_exporter_output.second", tfjsonpath.New("description"), knownvalue.StringExact("in "+acctest.AlicloudRegion)),
				},
			},
		},
	})
}

// The single-object data source reads an output made outside the
// configuration by name; a missing name is an error naming it.
func TestAccCMSExporterOutputDataSource_byName(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedOutputs(t, e, "made-elsewhere", "other")
	const addr = "data.telemetry_cms_exporter_output.test"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + `
data "telemetry_cms_exporter_output" "test" {
  dest_name = "made-elsewhere"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("dest_type"), knownvalue.StringExact("sls")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sls_project"), knownvalue.StringExact("seeded-made-elsewhere")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_key_id"), knownvalue.StringExact("LTAIseeded")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("create_time"), knownvalue.StringRegexp(rfc3339)),
				},
			},
			{
				Config: e.ProviderConfig() + `
data "telemetry_cms_exporter_output" "test" {
  dest_name = "nowhere"
}
`,
				ExpectError: regexp.MustCompile(`(?s)reading CMS exporter output "nowhere".*not found`),
			},
		},
	})
}
