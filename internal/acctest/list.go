package acctest

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/provider"
)

// ProtoProvider is the provider served at the protocol level (no Terraform
// CLI), configured for an emulator: list resources need Terraform 1.14 for
// `terraform query`, so their tests call the ListResource RPC directly.
type ProtoProvider struct {
	t      testing.TB
	Server tfprotov6.ProviderServer
	Schema *tfprotov6.GetProviderSchemaResponse
	// Identities are the resource identity schemas by type name.
	Identities map[string]*tfprotov6.ResourceIdentitySchema
}

// Listed is one list result, decoded.
type Listed struct {
	DisplayName string
	Identity    map[string]tftypes.Value
	// Resource is nil unless the resource was asked for.
	Resource    map[string]tftypes.Value
	Diagnostics []*tfprotov6.Diagnostic
}

// ProtoObject builds an object of typ from vals, every other attribute null.
func ProtoObject(t testing.TB, typ tftypes.Type, vals map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("type %s is not an object", typ)
	}
	out := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := vals[name]; ok {
			out[name] = v
			continue
		}
		out[name] = tftypes.NewValue(at, nil)
	}
	for name := range vals {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("attribute %q not in %s", name, typ)
		}
	}
	return tftypes.NewValue(typ, out)
}

// ProtoProvider configures the provider with e's credentials for the three
// clouds (as ProviderConfig) through the ConfigureProvider RPC.
func (e *Emulator) ProtoProvider(t testing.TB) *ProtoProvider {
	t.Helper()
	ctx := context.Background()
	srv := providerserver.NewProtocol6(provider.New("test")())()
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || ProtoHasError(sch.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %s", err, ProtoDiagText(sch.Diagnostics))
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || ProtoHasError(ids.Diagnostics) {
		t.Fatalf("GetResourceIdentitySchemas: %v %s", err, ProtoDiagText(ids.Diagnostics))
	}
	typ := sch.Provider.ValueType().(tftypes.Object)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	cfg := ProtoObject(t, typ, map[string]tftypes.Value{
		"max_retries":              tftypes.NewValue(tftypes.Number, 3),
		"read_after_write_timeout": str("5s"),
		"alicloud": ProtoObject(t, typ.AttributeTypes["alicloud"], map[string]tftypes.Value{
			"access_key": str(AlicloudAccessKey), "secret_key": str(AlicloudSecretKey), "region": str(AlicloudRegion), "endpoint": str(e.URL),
		}),
		"tencentcloud": ProtoObject(t, typ.AttributeTypes["tencentcloud"], map[string]tftypes.Value{
			"secret_id": str(TencentcloudSecretID), "secret_key": str(TencentcloudSecretKey), "region": str(TencentcloudRegion), "endpoint": str(e.URL),
		}),
		"huaweicloud": ProtoObject(t, typ.AttributeTypes["huaweicloud"], map[string]tftypes.Value{
			"access_key": str(HuaweicloudAccessKey), "secret_key": str(HuaweicloudSecretKey), "project_id": str(HuaweicloudProjectID),
			"region": str(HuaweicloudRegion), "endpoint": str(e.URL),
		}),
	})
	dv, err := tfprotov6.NewDynamicValue(typ, cfg)
	if err != nil {
		t.Fatalf("provider config: %v", err)
	}
	cr, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: &dv})
	if err != nil || ProtoHasError(cr.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %s", err, ProtoDiagText(cr.Diagnostics))
	}
	return &ProtoProvider{t: t, Server: srv, Schema: sch, Identities: ids.IdentitySchemas}
}

// listServer is the RPC set that serves list resources.
//
//lint:ignore SA1019 the list RPCs are only on this interface in terraform-plugin-go v0.31
type listServer = tfprotov6.ProviderServerWithListResource

// ListConfig is the list block's configuration: config's attributes, every
// other one null.
func (p *ProtoProvider) ListConfig(typeName string, config map[string]tftypes.Value) *tfprotov6.DynamicValue {
	p.t.Helper()
	s, ok := p.Schema.ListResourceSchemas[typeName]
	if !ok {
		p.t.Fatalf("no list resource schema %s", typeName)
	}
	typ := s.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, ProtoObject(p.t, typ, config))
	if err != nil {
		p.t.Fatalf("list config: %v", err)
	}
	return &dv
}

// Validate runs ValidateListResourceConfig and returns its diagnostics.
func (p *ProtoProvider) Validate(typeName string, config map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	p.t.Helper()
	ls, ok := p.Server.(listServer)
	if !ok {
		p.t.Fatalf("provider server %T does not serve list resources", p.Server)
	}
	resp, err := ls.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: typeName, Config: p.ListConfig(typeName, config),
	})
	if err != nil {
		p.t.Fatalf("ValidateListResourceConfig: %v", err)
	}
	return resp.Diagnostics
}

// List runs the ListResource RPC and decodes every result.
func (p *ProtoProvider) List(typeName string, config map[string]tftypes.Value, includeResource bool, limit int64) []Listed {
	p.t.Helper()
	ls, ok := p.Server.(listServer)
	if !ok {
		p.t.Fatalf("provider server %T does not serve list resources", p.Server)
	}
	stream, err := ls.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: p.ListConfig(typeName, config), IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		p.t.Fatalf("ListResource: %v", err)
	}
	idSchema, ok := p.Identities[typeName]
	if !ok {
		p.t.Fatalf("no identity schema %s", typeName)
	}
	idType := idSchema.ValueType()
	resType := p.Schema.ResourceSchemas[typeName].ValueType()
	var out []Listed
	for r := range stream.Results {
		l := Listed{DisplayName: r.DisplayName, Diagnostics: r.Diagnostics}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			l.Identity = decodeObject(p.t, r.Identity.IdentityData, idType)
		}
		if r.Resource != nil {
			l.Resource = decodeObject(p.t, r.Resource, resType)
		}
		out = append(out, l)
	}
	return out
}

func decodeObject(t testing.TB, dv *tfprotov6.DynamicValue, typ tftypes.Type) map[string]tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatalf("decoding %s: %v", typ, err)
	}
	if v.IsNull() {
		return nil
	}
	m := map[string]tftypes.Value{}
	if err := v.As(&m); err != nil {
		t.Fatalf("decoding %s: %v", typ, err)
	}
	return m
}

// String is v's string value, "<null>" when null.
func String(t testing.TB, v tftypes.Value) string {
	t.Helper()
	if v.IsNull() {
		return "<null>"
	}
	var s string
	if err := v.As(&s); err != nil {
		t.Fatalf("%s is not a string: %v", v, err)
	}
	return s
}
