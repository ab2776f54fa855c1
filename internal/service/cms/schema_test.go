package cms

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

func TestExporterOutputSchemas_described(t *testing.T) {
	rs := exporterOutputSchema(context.Background())
	if rs.Description == "" {
		t.Error("resource has no description")
	}
	for name, a := range rs.Attributes {
		if a.GetDescription() == "" {
			t.Errorf("resource attribute %s has no description", name)
		}
	}
	if err := rs.ValidateImplementation(context.Background()); err != nil {
		t.Errorf("resource schema: %v", err)
	}
	for name, a := range exporterOutputIdentitySchema().Attributes {
		if a.GetDescription() == "" {
			t.Errorf("identity attribute %s has no description", name)
		}
	}
	var resp datasource.SchemaResponse
	NewExporterOutputsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	for name, a := range resp.Schema.Attributes {
		if a.GetDescription() == "" {
			t.Errorf("data source attribute %s has no description", name)
		}
		if nested, ok := a.(schema.ListNestedAttribute); ok {
			for sub, sa := range nested.NestedObject.Attributes {
				if sa.GetDescription() == "" {
					t.Errorf("data source attribute %s.%s has no description", name, sub)
				}
				if sub == "access_key_secret" {
					t.Errorf("data source lists a secret")
				}
			}
		}
	}
}
