package desc_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/provider"
)

// Every schema of the service packages keeps backticks out of Description
// (they live in MarkdownDescription).
func TestServiceSchemas_plainDescriptions(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	var schemas []any
	for _, f := range p.Resources(ctx) {
		var resp resource.SchemaResponse
		f().Schema(ctx, resource.SchemaRequest{}, &resp)
		// Identity schemas are left out: their attributes have a single
		// Description that serves as both forms.
		schemas = append(schemas, resp.Schema)
	}
	for _, f := range p.DataSources(ctx) {
		var resp datasource.SchemaResponse
		f().Schema(ctx, datasource.SchemaRequest{}, &resp)
		schemas = append(schemas, resp.Schema)
	}
	if pa, ok := p.(fwprovider.ProviderWithActions); ok {
		for _, f := range pa.Actions(ctx) {
			var resp action.SchemaResponse
			f().Schema(ctx, action.SchemaRequest{}, &resp)
			schemas = append(schemas, resp.Schema)
		}
	}
	if len(schemas) < 6 {
		t.Fatalf("only %d schemas found", len(schemas))
	}
	markdown := 0
	for _, s := range schemas {
		// The schema types marshal with their Description fields; walk the
		// JSON for every "Description".
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		check(t, v, &markdown)
	}
	if markdown == 0 {
		t.Fatal("no MarkdownDescription found: desc.Split is not applied")
	}
}

func check(t *testing.T, v any, markdown *int) {
	switch x := v.(type) {
	case map[string]any:
		if d, ok := x["Description"].(string); ok && strings.Contains(d, "`") {
			t.Errorf("Description with Markdown: %q", d)
		}
		if md, ok := x["MarkdownDescription"].(string); ok && md != "" {
			*markdown++
		}
		for _, e := range x {
			check(t, e, markdown)
		}
	case []any:
		for _, e := range x {
			check(t, e, markdown)
		}
	}
}
