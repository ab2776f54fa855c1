package cls

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// vendorOutput matches the response body of a tccli example file.
var vendorOutput = regexp.MustCompile("(?m)^Output:[ \t]*\n+```[^\n]*\n((?s:.*?))\n```")

// vendorExports decodes the first response body of a vendor example file
// (internal/cloud/tencentcloud/testdata/vendor) as a DescribeExports page.
func vendorExports(t *testing.T, file string) []tencentcloud.Export {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "cloud", "tencentcloud", "testdata", "vendor", file))
	if err != nil {
		t.Fatal(err)
	}
	m := vendorOutput.FindSubmatch(raw)
	if m == nil {
		t.Fatalf("%s holds no Output block", file)
	}
	var page struct {
		Response tencentcloud.DescribeExportsOutput `json:"Response"`
	}
	if err := json.Unmarshal(m[1], &page); err != nil {
		t.Fatal(err)
	}
	return page.Response.Exports
}

// TestSetFromVendorExport: the state of an export created with the vendor's
// CreateExport example holds its id without the "export-" prefix; reading
// the vendor's DescribeExports example keeps that spelling (the same
// export, no change), and fills in the fields the resource shows.
func TestSetFromVendorExport(t *testing.T) {
	for _, file := range []string{"DescribeExports.md", "DescribeExports-2021.md"} {
		t.Run(file, func(t *testing.T) {
			xs := vendorExports(t, file)
			if len(xs) != 1 {
				t.Fatalf("%d exports, want 1", len(xs))
			}
			created := "57196a6a-7622-47be-bc92-d2ebea959a0f" // CreateExport.md
			m := exportResourceModel{ExportID: types.StringValue(created), TopicID: types.StringValue(xs[0].TopicID)}
			m.setFromAPI(&xs[0])
			if got := m.ExportID.ValueString(); got != created {
				t.Errorf("export_id = %q, want CreateExport's %q kept", got, created)
			}
			if got, want := m.ID.ValueString(), "ee20bb16-3025-4048-b81a-dd436373062e:"+created; got != want {
				t.Errorf("id = %q, want %q", got, want)
			}
			if got := m.CreateTime.ValueString(); got != "2020-08-08T04:12:12Z" {
				t.Errorf("create_time = %q, want the Beijing time 2020-08-08 12:12:12 in UTC", got)
			}
			if m.Status.ValueString() != tencentcloud.StatusCompleted || m.FileSize.ValueInt64() != 6112993 ||
				m.ExportedLogCount.ValueInt64() != 100000 || m.DownloadURL.ValueString() != xs[0].CosPath ||
				m.Order.ValueString() != "desc" || m.Format.ValueString() != "json" || m.SyntaxRule.ValueString() != exportSyntaxRules[0] {
				t.Errorf("model = %+v", m)
			}
		})
	}
}
