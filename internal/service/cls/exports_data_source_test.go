package cls_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

func TestAccCLSExportsDataSource_basic(t *testing.T) {
	e := fastEmulator(t)
	config := exportConfig(e, "status:418", `  derived_fields = ["__TIMESTAMP__"]`) + fmt.Sprintf(`
data "telemetry_cls_exports" "all" {
  topic_id   = %[1]q
  depends_on = [telemetry_cls_export.test]
}

data "telemetry_cls_exports" "failed" {
  topic_id   = %[1]q
  status     = "Failed"
  depends_on = [telemetry_cls_export.test]
}
`, topicID)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.ProviderConfig() + `data "telemetry_cls_exports" "x" { topic_id = "00000000-0000-4000-8000-000000000000" }`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)listing CLS exports of topic.*ResourceNotFound\.TopicNotExist`),
			},
			{
				Config:      e.ProviderConfig() + `data "telemetry_cls_exports" "x" {` + "\n" + `topic_id = "` + topicID + `"` + "\n" + `status = "Done"` + "\n}",
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Attribute status value must be one of`),
			},
			{
				// 120 older exports: the list spans two pages.
				PreConfig: func() {
					e.Post(t, "/_emulator/tencent/exports", map[string]any{"topic_id": topicID, "count": 120}, nil)
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.telemetry_cls_exports.all", tfjsonpath.New("exports"), knownvalue.ListSizeExact(121)),
					statecheck.ExpectKnownValue("data.telemetry_cls_exports.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(121)),
					statecheck.ExpectKnownValue("data.telemetry_cls_exports.all", tfjsonpath.New("region"), knownvalue.StringExact(acctest.TencentcloudRegion)),
					// Newest first: the resource's export heads the list.
					statecheck.CompareValuePairs(
						"data.telemetry_cls_exports.all", tfjsonpath.New("exports").AtSliceIndex(0).AtMapKey("id"),
						resourceName, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.telemetry_cls_exports.all", tfjsonpath.New("exports").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"query":          knownvalue.StringExact("status:418"),
						"status":         knownvalue.StringExact("Completed"),
						"from":           knownvalue.StringExact("2024-01-01T00:00:00Z"),
						"to":             knownvalue.StringExact("2024-01-01T01:00:00Z"),
						"log_count":      knownvalue.Int64Exact(1000),
						"order":          knownvalue.StringExact("desc"),
						"format":         knownvalue.StringExact("json"),
						"syntax_rule":    knownvalue.StringExact("lucene"),
						"derived_fields": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("__TIMESTAMP__")}),
						"file_name":      knownvalue.StringRegexp(regexp.MustCompile(`\.tar\.gz$`)),
					})),
					// A seeded export named no fields.
					statecheck.ExpectKnownValue("data.telemetry_cls_exports.all", tfjsonpath.New("exports").AtSliceIndex(1).AtMapKey("derived_fields"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.telemetry_cls_exports.failed", tfjsonpath.New("exports"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

// The single-object data source reads one export by topic and id, with its
// status and the (sensitive) download URL; the list gains the URL too.
func TestAccCLSExportDataSource_byID(t *testing.T) {
	e := acctest.NewEmulator(t)
	const addr = "data.telemetry_cls_export.test"
	config := exportConfig(e, "status:500", "") + `
data "telemetry_cls_export" "test" {
  topic_id  = telemetry_cls_export.test.topic_id
  export_id = upper(telemetry_cls_export.test.export_id)
}
data "telemetry_cls_exports" "all" {
  topic_id   = telemetry_cls_export.test.topic_id
  depends_on = [telemetry_cls_export.test]
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("query"), knownvalue.StringExact("status:500")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.TencentcloudRegion)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("download_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https?://`))),
					// The URL is presigned anew on every read (its expiry moves), so
					// it is checked for the export's path, not compared verbatim.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("download_url"), knownvalue.StringRegexp(regexp.MustCompile(`/download/export-[0-9a-f-]+\?`))),
					statecheck.ExpectKnownValue("data.telemetry_cls_exports.all", tfjsonpath.New("exports").AtSliceIndex(0).AtMapKey("download_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https?://`))),
				},
			},
			{
				Config: exportConfig(e, "status:500", "") + `
data "telemetry_cls_export" "test" {
  topic_id  = telemetry_cls_export.test.topic_id
  export_id = "export-00000000-0000-4000-8000-000000000000"
}
`,
				ExpectError: regexp.MustCompile(`(?s)reading CLS export.*export-00000000-0000-4000-8000-000000000000.*not\s+found`),
			},
		},
	})
}
