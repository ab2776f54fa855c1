package provider

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// TestReplacedByAgreesWithTheFramework: for every argument of every
// resource, tfresource.ReplacedBy (what a resource's ModifyPlan uses to
// tell a replacement from an update) and Terraform's own answer
// (PlanResourceChange's RequiresReplace) agree on whether changing that
// argument replaces the resource. A plan modifier the helper cannot run, or
// a resource deciding replacement some other way, fails here.
func TestReplacedByAgreesWithTheFramework(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	srv := protoServer(t)
	replacing, updating := 0, 0
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "telemetry"}, &meta)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		s := sr.Schema
		typ := s.Type().TerraformType(ctx).(tftypes.Object)
		for name, a := range s.Attributes {
			if !a.IsRequired() && !a.IsOptional() {
				continue // computed only: never configured
			}
			prior := objectWith(typ, name, sample(typ.AttributeTypes[name], false))
			config := objectWith(typ, name, sample(typ.AttributeTypes[name], true))
			resp, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: meta.TypeName, PriorState: dynamic(t, typ, prior), ProposedNewState: dynamic(t, typ, config), Config: dynamic(t, typ, config),
			})
			if err != nil {
				t.Fatal(err)
			}
			if hasError(resp.Diagnostics) {
				t.Fatalf("%s.%s: plan failed: %v", meta.TypeName, name, resp.Diagnostics[0])
			}
			framework := false
			for _, ap := range resp.RequiresReplace {
				framework = framework || ap.Equal(tftypes.NewAttributePath().WithAttributeName(name))
			}
			planned, err := resp.PlannedState.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			got, diags := tfresource.ReplacedBy(ctx, s, resource.ModifyPlanRequest{
				Config: tfsdk.Config{Schema: s, Raw: config}, Plan: tfsdk.Plan{Schema: s, Raw: planned}, State: tfsdk.State{Schema: s, Raw: prior},
			})
			if diags.HasError() {
				t.Fatalf("%s.%s: ReplacedBy: %v", meta.TypeName, name, diags)
			}
			helper := false
			for _, p := range got {
				helper = helper || p.Equal(path.Root(name))
			}
			if helper != framework {
				t.Errorf("%s.%s: changing it replaces the resource for Terraform: %v, for tfresource.ReplacedBy: %v", meta.TypeName, name, framework, helper)
			}
			if framework {
				replacing++
			} else {
				updating++
			}
		}
	}
	if replacing == 0 || updating == 0 {
		t.Fatalf("compared %d replacing and %d updating arguments: the test compared nothing of one kind", replacing, updating)
	}
	t.Logf("%d replacing and %d updating arguments agree", replacing, updating)
}

// objectWith is an object of typ whose attributes are null but name.
func objectWith(typ tftypes.Object, name string, v tftypes.Value) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for n, at := range typ.AttributeTypes {
		vals[n] = tftypes.NewValue(at, nil)
	}
	vals[name] = v
	return tftypes.NewValue(typ, vals)
}

// sample is a non-null value of t; the two variants differ.
func sample(t tftypes.Type, other bool) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		// Timestamps: every string attribute takes them, also those of
		// an RFC 3339 type.
		if other {
			return tftypes.NewValue(t, "2026-01-02T00:00:00Z")
		}
		return tftypes.NewValue(t, "2026-01-01T00:00:00Z")
	case t.Is(tftypes.Number):
		if other {
			return tftypes.NewValue(t, big.NewFloat(2))
		}
		return tftypes.NewValue(t, big.NewFloat(1))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, other)
	case t.Is(tftypes.List{}):
		return tftypes.NewValue(t, []tftypes.Value{sample(t.(tftypes.List).ElementType, other)})
	case t.Is(tftypes.Set{}):
		return tftypes.NewValue(t, []tftypes.Value{sample(t.(tftypes.Set).ElementType, other)})
	case t.Is(tftypes.Map{}):
		return tftypes.NewValue(t, map[string]tftypes.Value{"k": sample(t.(tftypes.Map).ElementType, other)})
	case t.Is(tftypes.Object{}):
		vals := map[string]tftypes.Value{}
		for n, at := range t.(tftypes.Object).AttributeTypes {
			vals[n] = sample(at, other)
		}
		return tftypes.NewValue(t, vals)
	}
	panic("no sample for " + t.String())
}

func dynamic(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
