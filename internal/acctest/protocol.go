package acctest

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// ProtoHasError reports whether protocol-level diagnostics hold an error.
func ProtoHasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// ProtoDiagText renders protocol-level diagnostics for assertions and failure messages.
func ProtoDiagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "[%s] %s: %s (at %v)\n", d.Severity, d.Summary, d.Detail, d.Attribute)
	}
	return b.String()
}
