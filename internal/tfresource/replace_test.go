package tfresource_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

func testSchema() schema.Schema {
	return schema.Schema{Attributes: map[string]schema.Attribute{
		"name":   schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
		"note":   schema.StringAttribute{Optional: true},
		"count":  schema.Int64Attribute{Optional: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()}},
		"tags":   schema.ListAttribute{Optional: true, ElementType: types.StringType, PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()}},
		"labels": schema.MapAttribute{Optional: true, ElementType: types.StringType, PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplaceIfConfigured()}},
		"region": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: tfresource.LocationPlanModifiers()},
		"id":     schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
	}}
}

// request builds a ModifyPlan request from attribute values; plan holds the
// planned values, config the configured ones (nil: as planned).
func request(t *testing.T, s schema.Schema, config, plan, state map[string]tftypes.Value) resource.ModifyPlanRequest {
	t.Helper()
	typ := s.Type().TerraformType(context.Background()).(tftypes.Object)
	obj := func(vals map[string]tftypes.Value) tftypes.Value {
		if vals == nil {
			return tftypes.NewValue(typ, nil)
		}
		full := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			if v, ok := vals[name]; ok {
				full[name] = v
			} else {
				full[name] = tftypes.NewValue(at, nil)
			}
		}
		return tftypes.NewValue(typ, full)
	}
	return resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: obj(config)},
		Plan:   tfsdk.Plan{Schema: s, Raw: obj(plan)},
		State:  tfsdk.State{Schema: s, Raw: obj(state)},
	}
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func strList(s ...string) tftypes.Value {
	var vals []tftypes.Value
	for _, v := range s {
		vals = append(vals, str(v))
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vals)
}

func TestReplacedBy(t *testing.T) {
	s := testSchema()
	base := map[string]tftypes.Value{"name": str("a"), "note": str("n"), "count": tftypes.NewValue(tftypes.Number, 1),
		"tags": strList("x"), "region": str("r1"), "id": str("id-1")}
	with := func(changes map[string]tftypes.Value) map[string]tftypes.Value {
		m := map[string]tftypes.Value{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name         string
		config, plan map[string]tftypes.Value
		state        map[string]tftypes.Value
		want         []string
	}{
		{name: "no change", plan: base, state: base},
		{name: "an updatable argument", plan: with(map[string]tftypes.Value{"note": str("m")}), state: base},
		{name: "a replacing string", plan: with(map[string]tftypes.Value{"name": str("b")}), state: base, want: []string{"name"}},
		{name: "a replacing number and list", plan: with(map[string]tftypes.Value{"count": tftypes.NewValue(tftypes.Number, 2), "tags": strList("y")}), state: base, want: []string{"count", "tags"}},
		{name: "a location configured elsewhere", plan: with(map[string]tftypes.Value{"region": str("r2")}), state: base, want: []string{"region"}},
		{
			name:   "a location left to the provider default",
			config: with(map[string]tftypes.Value{"region": tftypes.NewValue(tftypes.String, nil)}),
			plan:   with(map[string]tftypes.Value{"region": str("r2")}), state: base,
		},
		{name: "create", plan: base, state: nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			config := c.config
			if config == nil {
				config = c.plan
			}
			got, diags := tfresource.ReplacedBy(context.Background(), s, request(t, s, config, c.plan, c.state))
			if diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			var want []path.Path
			for _, n := range c.want {
				want = append(want, path.Root(n))
			}
			if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(want)) {
				t.Errorf("ReplacedBy = %v, want %v", got, want)
			}
		})
	}
}

// TestReplacedByRefusesWhatItCannotRun: an attribute kind the helper does
// not run is an error, never a silent "does not replace".
func TestReplacedByRefusesWhatItCannotRun(t *testing.T) {
	s := schema.Schema{Attributes: map[string]schema.Attribute{"n": schema.NumberAttribute{Optional: true}}}
	n := map[string]tftypes.Value{"n": tftypes.NewValue(tftypes.Number, 1)}
	_, diags := tfresource.ReplacedBy(context.Background(), s, request(t, s, n, n, n))
	if !diags.HasError() {
		t.Fatal("a number attribute (not handled) gave no error")
	}
}

func sorted(ps []path.Path) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	sort.Strings(out)
	return out
}
