package cls

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// replaceDescription is how the framework's RequiresReplace modifiers (of
// every type) describe themselves.
var replaceDescription = stringplanmodifier.RequiresReplace().Description(context.Background())

// forcesReplacement reports whether an attribute has a RequiresReplace
// plan modifier (RequiresReplaceIfConfigured describes itself otherwise:
// region is covered by its own case below).
func forcesReplacement(ctx context.Context, a schema.Attribute) bool {
	var descs []string
	switch a := a.(type) {
	case schema.StringAttribute:
		for _, m := range a.PlanModifiers {
			descs = append(descs, m.Description(ctx))
		}
	case schema.Int64Attribute:
		for _, m := range a.PlanModifiers {
			descs = append(descs, m.Description(ctx))
		}
	case schema.ListAttribute:
		for _, m := range a.PlanModifiers {
			descs = append(descs, m.Description(ctx))
		}
	}
	for _, d := range descs {
		if d == replaceDescription {
			return true
		}
	}
	return false
}

// TestReplacedByAttributesCoversSchema: ModifyPlan learns of a replacement
// only from tfresource.ReplacedBy on exportSchema (the framework tells it
// nothing), so it must see a change of every attribute the schema marks
// RequiresReplace, and no replacement without a change.
func TestReplacedByAttributesCoversSchema(t *testing.T) {
	ctx := context.Background()
	s := exportSchema(ctx)
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	base := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		base[name] = tftypes.NewValue(at, nil)
	}
	set := func(vals map[string]tftypes.Value, name string, n int) {
		switch at := typ.AttributeTypes[name]; {
		case at.Is(tftypes.String):
			vals[name] = tftypes.NewValue(tftypes.String, []string{"2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"}[n])
		case at.Is(tftypes.Number):
			vals[name] = tftypes.NewValue(tftypes.Number, int64(10+n))
		case at.Is(tftypes.List{ElementType: tftypes.String}):
			vals[name] = tftypes.NewValue(at, []tftypes.Value{tftypes.NewValue(tftypes.String, []string{"a", "b"}[n])})
		default:
			t.Fatalf("attribute %s of type %s: extend this test", name, at)
		}
	}
	// replacedByAttributes asks tfresource.ReplacedBy as ModifyPlan does,
	// with the configuration as planned.
	replacedByAttributes := func(plan, state map[string]tftypes.Value) bool {
		p, st := tftypes.NewValue(typ, plan), tftypes.NewValue(typ, state)
		paths, diags := tfresource.ReplacedBy(ctx, s, resource.ModifyPlanRequest{
			Config: tfsdk.Config{Schema: s, Raw: p}, Plan: tfsdk.Plan{Schema: s, Raw: p}, State: tfsdk.State{Schema: s, Raw: st},
		})
		if diags.HasError() {
			t.Fatal(diags)
		}
		return len(paths) > 0
	}
	checked := 0
	for name, a := range s.Attributes {
		if !forcesReplacement(ctx, a) {
			continue
		}
		checked++
		state, plan := map[string]tftypes.Value{}, map[string]tftypes.Value{}
		for k, v := range base {
			state[k], plan[k] = v, v
		}
		set(state, name, 0)
		set(plan, name, 1)
		if !replacedByAttributes(plan, state) {
			t.Errorf("a change of %s (RequiresReplace) is not seen by replacedByAttributes", name)
		}
		if replacedByAttributes(state, state) {
			t.Errorf("replacedByAttributes reports a replacement without a change (%s)", name)
		}
	}
	if checked < 9 {
		t.Errorf("found %d RequiresReplace attributes, want at least 9: is replaceDescription still the framework's?", checked)
	}
}

// TestSameQuery: a configured query that differs from the state's only in
// whitespace plans the state's (no replacement); any other difference is
// left to RequiresReplace.
func TestSameQuery(t *testing.T) {
	const state = "status:500 OR status:502"
	for config, want := range map[string]string{
		"  status:500   OR  status:502 ": state,
		"status:500\tOR status:502":      state,
		"status:500 AND status:502":      "status:500 AND status:502",
		"status:500OR status:502":        "status:500OR status:502",
	} {
		req := planmodifier.StringRequest{StateValue: types.StringValue(state), ConfigValue: types.StringValue(config), PlanValue: types.StringValue(config)}
		resp := &planmodifier.StringResponse{PlanValue: req.PlanValue}
		sameQuery{}.PlanModifyString(context.Background(), req, resp)
		if got := resp.PlanValue.ValueString(); got != want {
			t.Errorf("config %q, state %q: planned %q, want %q", config, state, got, want)
		}
	}
}
