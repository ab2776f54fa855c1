package baremetal

import (
	"errors"
	"fmt"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// apiErrorDetail states the facts of err (for a vendor error its HTTP
// status, error_code, message and request id), then a blank line and hint.
// An empty hint means the default advice: huaweicloud.AuthHint for a
// refused credential, else none.
func apiErrorDetail(err error, hint string) string {
	// A credential source that failed names itself, the vendor's answer and
	// the order of the sources: the credential hints would point elsewhere.
	var ce *conns.CredentialError
	if errors.As(err, &ce) {
		return err.Error()
	}
	facts := err.Error()
	var e *huaweicloud.Error
	if errors.As(err, &e) {
		facts = fmt.Sprintf("Huawei Cloud answered HTTP %d with error_code %s: %s", e.HTTPStatus, e.Code, e.Message)
		if e.RequestID != "" {
			facts += fmt.Sprintf(" (request id %s)", e.RequestID)
		}
		facts += "."
	}
	if hint == "" {
		hint = huaweicloud.AuthHint(err)
	}
	if hint == "" {
		return facts
	}
	return facts + "\n\n" + hint
}

// withAuthHint puts the default advice for a refused credential
// (huaweicloud.AuthHint) before hint, so that a detail with its own hint
// still names the credential to check.
func withAuthHint(err error, hint string) string {
	if auth := huaweicloud.AuthHint(err); auth != "" {
		return auth + "\n\n" + hint
	}
	return hint
}

func createErrorDetail(err error, project, server, region, typeName string) string {
	switch {
	case transport.IsAmbiguous(err):
		return fmt.Sprintf("The request to start the export failed in a way that leaves its effect unknown: %v\n\n"+
			"The export may exist. The API has no list of exports, so the provider cannot find it and does not retry "+
			"(that could start a second export). If it exists, its export ID is shown in the Huawei Cloud console "+
			"(CloudDC, the server's log exports) or in Cloud Trace Service (\"Exporting logs\"); import it with\n"+
			"  terraform import %s.<name> %s/%s/<export_id>\n"+
			"Otherwise apply again to start a new export.", err, typeName, project, server)
	case huaweicloud.IsNotFound(err):
		return apiErrorDetail(err, fmt.Sprintf("The physical server %q was not found in project %s (region %s). "+
			"Check physical_server_id, project_id and region.", server, project, region))
	case huaweicloud.IsAuth(err):
		return apiErrorDetail(err, withAuthHint(err, "Check the huaweicloud credentials of the provider (auth_token, or access_key and secret_key) "+
			"and that they belong to project "+project+"."))
	case huaweicloud.IsThrottled(err):
		return apiErrorDetail(err, "The API kept throttling the request after the provider's retries; raise max_retries or try again later.")
	case transport.IsTransient(err):
		return apiErrorDetail(err, transport.RetryAdvice(err, "CloudDC"))
	default:
		return apiErrorDetail(err, "")
	}
}

// readErrorDetail explains a status read that failed. The lenient reading
// of an undocumented answer: only 404 and 410 mean "gone" (findExport), so
// the provider never drops an export from the state on a guess; a refusal
// of another kind from the service (huaweicloud.IsServiceRefusal), which is
// not retried, and a server error that outlasted the retries may be how
// CloudDC answers a missing export, so their detail also says how to forget
// it. Credential, gateway and network failures keep their own advice.
func readErrorDetail(err error, id exportID, typeName string) string {
	switch {
	case huaweicloud.IsServiceRefusal(err):
		return apiErrorDetail(err, fmt.Sprintf("CloudDC documents no answer for a missing export, so this refusal may mean that export %s "+
			"no longer exists (its retention may have ended). ", id.ExportID)+forgetAdvice(typeName))
	case huaweicloud.IsServerError(err):
		return apiErrorDetail(err, transport.RetryAdvice(err, "CloudDC")+" If only this export keeps failing so, CloudDC may be "+
			"answering for a missing export with a server error, as it documents no answer for a missing export. "+forgetAdvice(typeName))
	}
	next := transport.RetryAdvice(err, "CloudDC")
	if next == "" {
		next = "Check the credentials and the endpoint, then refresh again."
	}
	return apiErrorDetail(err, withAuthHint(err, next))
}

// forgetAdvice tells how to take an export the API will not show out of
// the state without a refresh that fails.
func forgetAdvice(typeName string) string {
	return fmt.Sprintf("The provider removes an export from the state by itself only on a 404 or 410. "+
		"If it is gone, forget it (nothing is deleted in Huawei Cloud; a downloaded file stays):\n"+
		"  terraform state rm '%[1]s.<name>'\n"+
		"then apply to start a new export, or replace the resource block with\n"+
		"  removed {\n    from = %[1]s.<name>\n    lifecycle {\n      destroy = false\n    }\n  }", typeName)
}

// What the next apply does after a failed wait, for the end of the detail.
const (
	nextAfterCreate = "The resource is tainted; the next apply replaces it with a new export."
	nextAfterUpdate = "The export stays in the state without the file; the next apply tries again."
)

// waitErrorDetail explains a failed wait, ending with next. A timeout names
// the export's last status and percentage as the API reported them (the
// lastReportError awaitExport wraps around the waiter's error: the values
// the state holds), never the poller's internal classification.
func waitErrorDetail(err error, timeout time.Duration, next string) string {
	var to *tfresource.TimeoutError
	var unexpected *tfresource.UnexpectedStateError
	switch {
	case errors.As(err, &to):
		s := fmt.Sprintf("The export did not complete within %s.", timeout)
		var last *lastReportError
		if errors.As(err, &last) {
			s = fmt.Sprintf("The export did not complete within %s (last status %q at %d%%, as the API reported it).", timeout, last.Status, last.Percentage)
		}
		if to.LastErr != nil {
			s += " The time ran out while the status could not be read: " + apiErrorDetail(to.LastErr, "")
		}
		name := "timeouts.create"
		if last != nil && last.TimeoutName != "" {
			name = last.TimeoutName
		}
		return s + "\n\n" + next + " If exports of this server take longer, raise " + name + "."
	case errors.As(err, &unexpected):
		return fmt.Sprintf("The export ended unsuccessfully: %s.\n\n%s", unexpected.Reason, next)
	case tfresource.NotFound(err) && next == nextAfterUpdate:
		return "The export disappeared while the provider was waiting for it.\n\nThe next refresh removes it from the state and the next apply starts a new export."
	case tfresource.NotFound(err):
		return "The export disappeared while the provider was waiting for it.\n\n" + next
	default:
		return apiErrorDetail(err, withAuthHint(err, next))
	}
}

// timeoutDetail explains an operation cut short when the timeout named
// name (for example timeouts.read) ran out: what was going on (err), then
// a blank line, next, and how to raise it.
func timeoutDetail(err error, name string, timeout time.Duration, next string) string {
	return fmt.Sprintf("%s (%s) ran out: %v\n\n%s If this takes longer here, raise %s.", name, timeout, err, next, name)
}

// downloadErrorDetail explains a failed download to out.
func downloadErrorDetail(err error, out string) string {
	var e *huaweicloud.Error
	if errors.As(err, &e) {
		return apiErrorDetail(err, withAuthHint(err, "Nothing was written to "+out+". "+transport.RetryAdvice(err, "CloudDC")))
	}
	return apiErrorDetail(err, "No partial file was left at "+out+". "+transport.RetryAdvice(err, "CloudDC"))
}

// notDownloadableDetail explains a download the API refused as gone: only
// a new export can bring the file at out back.
func notDownloadableDetail(err error, id exportID, out string) string {
	return apiErrorDetail(err, fmt.Sprintf("The API no longer serves the archive of export %s, so the file at %s cannot be brought back from it; nothing was written there. "+
		"The export stays in the state without the file.\n\nRun terraform apply again: its plan replaces this resource, "+
		"which starts a new export and downloads that.", id.ExportID, out))
}
