package tfresource

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ReplacedBy lists the top-level attributes whose own plan modifiers
// (RequiresReplace, RequiresReplaceIf, RequiresReplaceIfConfigured, ...)
// replace the resource in this plan. The framework runs those modifiers but
// fills ModifyPlanResponse.RequiresReplace only after the resource's
// ModifyPlan, so a ModifyPlan that plans a replacement differently from an
// update asks here: the schema stays the one list of what replaces.
//
// It runs each modifier again on the values ModifyPlan sees; an attribute
// whose type it cannot run is an error diagnostic (TestReplacedBy of each
// resource walks every attribute), never a silent "no".
func ReplacedBy(ctx context.Context, s schema.Schema, req resource.ModifyPlanRequest) ([]path.Path, diag.Diagnostics) {
	var diags diag.Diagnostics
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return nil, nil // create or destroy: nothing to replace
	}
	var config, plan, state map[string]tftypes.Value
	for _, v := range []struct {
		raw tftypes.Value
		to  *map[string]tftypes.Value
	}{{req.Config.Raw, &config}, {req.Plan.Raw, &plan}, {req.State.Raw, &state}} {
		if err := v.raw.As(v.to); err != nil {
			diags.AddError("reading the plan", err.Error())
			return nil, diags
		}
	}
	var out []path.Path
	for name, a := range s.Attributes {
		p := path.Root(name)
		vals := [3]attr.Value{}
		for i, raw := range []tftypes.Value{config[name], plan[name], state[name]} {
			v, err := a.GetType().ValueFromTerraform(ctx, raw)
			if err != nil {
				diags.AddAttributeError(p, "reading the plan", err.Error())
				return nil, diags
			}
			vals[i] = v
		}
		in := modifierInput{ctx: ctx, path: p, req: req, config: vals[0], plan: vals[1], state: vals[2]}
		replace, err := in.run(a)
		if err != nil {
			diags.AddAttributeError(p, "deciding whether the plan replaces the resource", err.Error())
			return nil, diags
		}
		if replace {
			out = append(out, p)
		}
	}
	return out, diags
}

// modifierInput is what one attribute's plan modifiers are run with.
type modifierInput struct {
	ctx                 context.Context
	path                path.Path
	req                 resource.ModifyPlanRequest
	config, plan, state attr.Value
}

// run applies the attribute's plan modifiers and reports whether any of
// them requires replacement.
func (in modifierInput) run(a schema.Attribute) (bool, error) {
	switch a := a.(type) {
	case interface{ StringPlanModifiers() []planmodifier.String }:
		return runModifiers(in, a.StringPlanModifiers(), modifierKind[planmodifier.String, basetypes.StringValuable, basetypes.StringValue, planmodifier.StringRequest, planmodifier.StringResponse]{
			conv: basetypes.StringValuable.ToStringValue, apply: planmodifier.String.PlanModifyString,
			request: func(c, p, s basetypes.StringValue) planmodifier.StringRequest {
				return planmodifier.StringRequest{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.StringResponse) bool { return w.RequiresReplace },
		})
	case interface{ Int64PlanModifiers() []planmodifier.Int64 }:
		return runModifiers(in, a.Int64PlanModifiers(), modifierKind[planmodifier.Int64, basetypes.Int64Valuable, basetypes.Int64Value, planmodifier.Int64Request, planmodifier.Int64Response]{
			conv: basetypes.Int64Valuable.ToInt64Value, apply: planmodifier.Int64.PlanModifyInt64,
			request: func(c, p, s basetypes.Int64Value) planmodifier.Int64Request {
				return planmodifier.Int64Request{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.Int64Response) bool { return w.RequiresReplace },
		})
	case interface{ BoolPlanModifiers() []planmodifier.Bool }:
		return runModifiers(in, a.BoolPlanModifiers(), modifierKind[planmodifier.Bool, basetypes.BoolValuable, basetypes.BoolValue, planmodifier.BoolRequest, planmodifier.BoolResponse]{
			conv: basetypes.BoolValuable.ToBoolValue, apply: planmodifier.Bool.PlanModifyBool,
			request: func(c, p, s basetypes.BoolValue) planmodifier.BoolRequest {
				return planmodifier.BoolRequest{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.BoolResponse) bool { return w.RequiresReplace },
		})
	case interface{ ListPlanModifiers() []planmodifier.List }:
		return runModifiers(in, a.ListPlanModifiers(), modifierKind[planmodifier.List, basetypes.ListValuable, basetypes.ListValue, planmodifier.ListRequest, planmodifier.ListResponse]{
			conv: basetypes.ListValuable.ToListValue, apply: planmodifier.List.PlanModifyList,
			request: func(c, p, s basetypes.ListValue) planmodifier.ListRequest {
				return planmodifier.ListRequest{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.ListResponse) bool { return w.RequiresReplace },
		})
	case interface{ MapPlanModifiers() []planmodifier.Map }:
		return runModifiers(in, a.MapPlanModifiers(), modifierKind[planmodifier.Map, basetypes.MapValuable, basetypes.MapValue, planmodifier.MapRequest, planmodifier.MapResponse]{
			conv: basetypes.MapValuable.ToMapValue, apply: planmodifier.Map.PlanModifyMap,
			request: func(c, p, s basetypes.MapValue) planmodifier.MapRequest {
				return planmodifier.MapRequest{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.MapResponse) bool { return w.RequiresReplace },
		})
	case interface{ SetPlanModifiers() []planmodifier.Set }:
		return runModifiers(in, a.SetPlanModifiers(), modifierKind[planmodifier.Set, basetypes.SetValuable, basetypes.SetValue, planmodifier.SetRequest, planmodifier.SetResponse]{
			conv: basetypes.SetValuable.ToSetValue, apply: planmodifier.Set.PlanModifySet,
			request: func(c, p, s basetypes.SetValue) planmodifier.SetRequest {
				return planmodifier.SetRequest{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.SetResponse) bool { return w.RequiresReplace },
		})
	case interface{ ObjectPlanModifiers() []planmodifier.Object }:
		return runModifiers(in, a.ObjectPlanModifiers(), modifierKind[planmodifier.Object, basetypes.ObjectValuable, basetypes.ObjectValue, planmodifier.ObjectRequest, planmodifier.ObjectResponse]{
			conv: basetypes.ObjectValuable.ToObjectValue, apply: planmodifier.Object.PlanModifyObject,
			request: func(c, p, s basetypes.ObjectValue) planmodifier.ObjectRequest {
				return planmodifier.ObjectRequest{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.ObjectResponse) bool { return w.RequiresReplace },
		})
	case interface{ Float64PlanModifiers() []planmodifier.Float64 }:
		return runModifiers(in, a.Float64PlanModifiers(), modifierKind[planmodifier.Float64, basetypes.Float64Valuable, basetypes.Float64Value, planmodifier.Float64Request, planmodifier.Float64Response]{
			conv: basetypes.Float64Valuable.ToFloat64Value, apply: planmodifier.Float64.PlanModifyFloat64,
			request: func(c, p, s basetypes.Float64Value) planmodifier.Float64Request {
				return planmodifier.Float64Request{Path: in.path, Config: in.req.Config, ConfigValue: c, Plan: in.req.Plan, PlanValue: p, State: in.req.State, StateValue: s, Private: in.req.Private}
			},
			replaces: func(w *planmodifier.Float64Response) bool { return w.RequiresReplace },
		})
	}
	return false, fmt.Errorf("attribute type %T is not handled by tfresource.ReplacedBy", a)
}

// modifierKind is how to run plan modifiers M of one value kind: convert
// the attribute's value T to V, build request Q, read response W.
type modifierKind[M, T, V, Q, W any] struct {
	conv     func(T, context.Context) (V, diag.Diagnostics)
	apply    func(M, context.Context, Q, *W)
	request  func(c, p, s V) Q
	replaces func(*W) bool
}

// runModifiers runs mods on the input's three values and reports whether
// any of them requires replacement.
func runModifiers[M, T, V, Q, W any](in modifierInput, mods []M, k modifierKind[M, T, V, Q, W]) (bool, error) {
	if len(mods) == 0 {
		return false, nil
	}
	var vals [3]V
	for i, v := range []attr.Value{in.config, in.plan, in.state} {
		t, ok := v.(T)
		if !ok {
			return false, fmt.Errorf("value %T is not of the attribute's kind", v)
		}
		c, d := k.conv(t, in.ctx)
		if d.HasError() {
			return false, fmt.Errorf("converting %s: %v", in.path, d)
		}
		vals[i] = c
	}
	for _, m := range mods {
		var w W
		k.apply(m, in.ctx, k.request(vals[0], vals[1], vals[2]), &w)
		if k.replaces(&w) {
			return true, nil
		}
	}
	return false, nil
}
