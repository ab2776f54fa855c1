package tfresource

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Where an object lives: one rule for the region and project_id of every
// resource. An object stays where it was created. A changed provider default
// (another CI runner, another HW_REGION_NAME) never replaces it; only a value
// configured on the resource that differs from the state does. A new object,
// including the replacement of one that must be replaced for another reason,
// goes where the configuration says, or else to the provider default.

// LocationRuleDoc is the sentence every region / project_id description ends with.
const LocationRuleDoc = "The object stays where it was created: changing the provider's default never replaces it; " +
	"only a value set here that differs from the state forces replacement."

// LocationPlanModifiers are the plan modifiers of every Optional+Computed
// region and project_id attribute.
func LocationPlanModifiers() []planmodifier.String {
	return []planmodifier.String{
		stringplanmodifier.UseStateForUnknown(),
		stringplanmodifier.RequiresReplaceIfConfigured(),
	}
}

// PlanLocation is the value a region or project_id takes in the plan, for a
// resource's ModifyPlan: the configured value when there is one (unknown
// stays unknown, known at apply); else the state's value for an object that
// exists and is not being replaced; else the provider default, which is
// unknown when the provider setting comes from a resource not applied yet
// (conns.Clients.Default) and empty when the provider has none (the caller
// reports that). creating is true on create and on replacement (Terraform
// plans the create half of a replacement with a null prior state).
func PlanLocation(config, state types.String, creating bool, providerDefault types.String) types.String {
	switch {
	case !config.IsNull():
		return config
	case !creating && !state.IsNull() && !state.IsUnknown() && state.ValueString() != "":
		return state
	case providerDefault.IsUnknown():
		return providerDefault
	default:
		return types.StringValue(providerDefault.ValueString())
	}
}

// ConfigAndPrior reads a string attribute (a region, a project_id) from a
// ModifyPlan request's configuration and prior state (null on create), the
// inputs of PlanLocation.
func ConfigAndPrior(ctx context.Context, req resource.ModifyPlanRequest, name string) (config, prior types.String, diags diag.Diagnostics) {
	prior = types.StringNull()
	diags.Append(req.Config.GetAttribute(ctx, path.Root(name), &config)...)
	if !req.State.Raw.IsNull() {
		diags.Append(req.State.GetAttribute(ctx, path.Root(name), &prior)...)
	}
	return config, prior, diags
}
