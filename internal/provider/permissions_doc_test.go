package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Every resource, data source, ephemeral resource, list resource and action
// the provider serves is in the permissions guide, with the vendor actions
// it calls (templates/guides/permissions.md.tmpl).
func TestPermissionsGuideNamesEveryType(t *testing.T) {
	resp, err := protoServer(t).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	guide, err := os.ReadFile(filepath.Join(repoRoot, "docs", "guides", "permissions.md"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string][]string{}
	for name := range resp.ResourceSchemas {
		kinds["resource"] = append(kinds["resource"], name)
	}
	for name := range resp.DataSourceSchemas {
		kinds["data source"] = append(kinds["data source"], name)
	}
	for name := range resp.EphemeralResourceSchemas {
		kinds["ephemeral resource"] = append(kinds["ephemeral resource"], name)
	}
	for name := range resp.ListResourceSchemas {
		kinds["list resource"] = append(kinds["list resource"], name)
	}
	for name := range resp.ActionSchemas {
		kinds["action"] = append(kinds["action"], name)
	}
	if len(kinds["resource"]) == 0 {
		t.Fatal("the provider serves no resources")
	}
	// Each type is named in a table row that says which kind it is.
	rows := []string{}
	for _, line := range strings.Split(string(guide), "\n") {
		if strings.HasPrefix(line, "| ") {
			rows = append(rows, line)
		}
	}
	for kind, names := range kinds {
		for _, name := range names {
			found := false
			for _, row := range rows {
				first, _, _ := strings.Cut(strings.TrimPrefix(row, "| "), " | ")
				if strings.Contains(first, "`"+name+"`") && strings.Contains(first, kind) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %s is in no row of docs/guides/permissions.md: add the vendor actions it calls", kind, name)
			}
		}
	}
}
