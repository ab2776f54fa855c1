package download

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// PrivateNotDownloadable is the private-state key with which a resource
// marks an export whose file is missing or changed locally and which the
// API no longer serves: only a new export can bring the file back, so the
// next plan replaces the resource. The resources set it (in Read or in a
// failed Update) and their ModifyPlan reads it.
const PrivateNotDownloadable = "not_downloadable"

// WarnPathProblem adds, at plan time, a warning on output_path when the
// configured path cannot take the file (PathProblem, with example as the
// suggested file name). A warning, never an error: terraform destroy plans
// the whole configuration first, and an error there would block it. The
// apply fails on the same problem (ApplyProblem) before anything starts.
func WarnPathProblem(p types.String, example string, diags *diag.Diagnostics) {
	if p.IsNull() || p.IsUnknown() {
		return
	}
	if problem := PathProblem(p.ValueString(), example); problem != "" {
		diags.AddAttributeWarning(path.Root("output_path"), "invalid output_path", problem+
			"\n\nThe apply of this resource fails on it before any export is started or any file is written. "+
			"(A warning, not an error, so that it never blocks terraform destroy.)")
	}
}
