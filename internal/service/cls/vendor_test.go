package cls

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// shapeExports decodes a DescribeExports body this project wrote in the
// vendor's documented shape (internal/cloud/tencentcloud/testdata/shapes;
// sources of the facts in its README).
func shapeExports(t *testing.T, file string) []tencentcloud.Export {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "cloud", "tencentcloud", "testdata", "shapes", file))
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Response tencentcloud.DescribeExportsOutput `json:"Response"`
	}
	if err := json.Unmarshal(raw, &page); err != nil {
		t.Fatal(err)
	}
	return page.Response.Exports
}

// TestSetFromVendorExport: the state of an export whose CreateExport answer
// gave its id without the "export-" prefix (shapes/CreateExport.json) keeps
// that spelling when DescribeExports lists it with the prefix (the same
// export, no change), and fills in the fields the resource shows.
func TestSetFromVendorExport(t *testing.T) {
	for _, tc := range []struct {
		file       string
		syntaxRule string
	}{
		{"DescribeExports.json", exportSyntaxRules[1]},
		{"DescribeExports-presigned.json", exportSyntaxRules[0]},
	} {
		t.Run(tc.file, func(t *testing.T) {
			xs := shapeExports(t, tc.file)
			if len(xs) != 1 {
				t.Fatalf("%d exports, want 1", len(xs))
			}
			created := "a3c9e1f0-6b2d-4c57-8e19-0f4d7b2a6c35" // shapes/CreateExport.json
			if xs[0].ExportID != "export-"+created {
				t.Fatalf("listed export_id %q, want export-%s", xs[0].ExportID, created)
			}
			m := exportResourceModel{ExportID: types.StringValue(created), TopicID: types.StringValue(xs[0].TopicID), KeepDownloadURL: types.BoolValue(true)}
			m.setFromAPI(&xs[0])
			if got := m.ExportID.ValueString(); got != created {
				t.Errorf("export_id = %q, want CreateExport's %q kept", got, created)
			}
			if got, want := m.ID.ValueString(), "5d1e7c2a-40b3-4a8e-9f61-2c7b0e3d9a14:"+created; got != want {
				t.Errorf("id = %q, want %q", got, want)
			}
			if got := m.CreateTime.ValueString(); got != "2024-03-15T01:30:00Z" {
				t.Errorf("create_time = %q, want the Beijing time 2024-03-15 09:30:00 in UTC", got)
			}
			if m.Status.ValueString() != tencentcloud.StatusCompleted || m.FileSize.ValueInt64() != 48213 ||
				m.ExportedLogCount.ValueInt64() != 5000 || m.DownloadURL.ValueString() != xs[0].CosPath ||
				m.Order.ValueString() != "asc" || m.Format.ValueString() != "csv" || m.SyntaxRule.ValueString() != tc.syntaxRule {
				t.Errorf("model = %+v", m)
			}
		})
	}
}
