package cms

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// Schema pieces the exporter output and the export rule share; noun names
// the object in the descriptions ("exporter output").

// regionAttribute is the resource's region (tfresource's location rule).
func regionAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:      true,
		Computed:      true,
		Description:   "Alibaba Cloud region of the " + noun + ", for example `cn-hangzhou`. Default: the provider's `alicloud.region`. " + tfresource.LocationRuleDoc,
		Validators:    []validator.String{validate.Region("cn-hangzhou")},
		PlanModifiers: tfresource.LocationPlanModifiers(),
	}
}

// createTimeAttribute is when CloudMonitor created the object.
func createTimeAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:      true,
		Description:   "When CloudMonitor created the " + noun + ", RFC 3339 in UTC.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// nameIdentitySchema is the identity of an object named uniquely per
// region: its name (nameAttr) and its region.
func nameIdentitySchema(nameAttr, noun string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			nameAttr: identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the " + noun + "."},
			"region": identityschema.StringAttribute{OptionalForImport: true, Description: "Region of the " + noun + "; default the provider's `alicloud.region`."},
		},
	}
}
