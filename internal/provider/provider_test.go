package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

func protoServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// Every attribute of every schema carries a description: the generated docs
// are only as good as these.
func TestProviderSchema_everythingDescribed(t *testing.T) {
	resp, err := protoServer(t).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	check := func(kind, name string, s *tfprotov6.Schema) {
		if s == nil || s.Block == nil {
			t.Errorf("%s %s: no schema", kind, name)
			return
		}
		var walk func(prefix string, b *tfprotov6.SchemaBlock)
		walk = func(prefix string, b *tfprotov6.SchemaBlock) {
			for _, a := range b.Attributes {
				if a.Description == "" {
					t.Errorf("%s %s: attribute %s%s has no description", kind, name, prefix, a.Name)
				}
			}
			for _, nb := range b.BlockTypes {
				walk(prefix+nb.TypeName+".", nb.Block)
			}
		}
		walk("", s.Block)
	}
	check("provider", "telemetry", resp.Provider)
	for name, s := range resp.ResourceSchemas {
		check("resource", name, s)
	}
	for name, s := range resp.DataSourceSchemas {
		check("data source", name, s)
	}
}

func TestProviderSchema_secretsAreSensitive(t *testing.T) {
	resp, err := protoServer(t).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"alicloud":     {"secret_key", "security_token"},
		"tencentcloud": {"secret_key", "security_token"},
		"huaweicloud":  {"secret_key", "security_token", "auth_token"},
	}
	for _, nb := range resp.Provider.Block.BlockTypes {
		sensitive := map[string]bool{}
		for _, a := range nb.Block.Attributes {
			sensitive[a.Name] = a.Sensitive
		}
		for _, name := range want[nb.TypeName] {
			if !sensitive[name] {
				t.Errorf("%s.%s is not sensitive", nb.TypeName, name)
			}
		}
		delete(want, nb.TypeName)
	}
	if len(want) != 0 {
		t.Errorf("provider blocks missing: %v", want)
	}
}
