package cls

import (
	"errors"
	"fmt"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// apiErrorDetail gives the vendor facts of err, then what to do: hint, or
// when hint is "" the package's default advice (the credentials' AuthHint,
// then transport.RetryAdvice).
func apiErrorDetail(err error, hint string) string {
	var e *tencentcloud.Error
	facts := err.Error()
	var source *conns.CredentialError
	if errors.As(err, &source) && hint == "" {
		return facts // names the credential source, the vendor's answer and the order
	}
	if source != nil {
		return facts + "\n\n" + hint
	}
	if errors.As(err, &e) {
		facts = fmt.Sprintf("Tencent Cloud CLS returned %s.", e.Error())
	}
	if hint == "" {
		hint = tencentcloud.AuthHint(err)
	}
	if hint == "" {
		hint = transport.RetryAdvice(err, "CLS")
	}
	if hint == "" {
		return facts
	}
	return facts + "\n\n" + hint
}

// nextAfterFailedWait is what the next apply does after a failed wait for
// an export that is still there, as Create and Update's wait before a
// download both say it.
const nextAfterFailedWait = "The export stays in state, marked tainted; the next apply replaces it."

// nextAfterFailedUpdate is what the next apply does after a failed wait in
// Update (a download owed in place): nothing is tainted.
const nextAfterFailedUpdate = "Nothing was downloaded and the export stays in state as it is; the next apply waits for it again and downloads the file."

// waitErrorDetail explains a failed wait of at most timeout
// (timeouts.create, or timeouts.update for the wait of an in-place download:
// next is then nextAfterFailedUpdate); next says what the next apply does
// about the export, which is still there (an export that is gone says so
// instead).
func waitErrorDetail(err error, timeout time.Duration, next string) string {
	bound, advice := "timeouts.create", " Raise timeouts.create for large exports, or set wait_for_completion = false."
	if next == nextAfterFailedUpdate {
		bound, advice = "timeouts.update", " Raise timeouts.update for large exports."
	}
	var ue *tfresource.UnexpectedStateError
	var te *tfresource.TimeoutError
	switch {
	case errors.As(err, &ue):
		return fmt.Sprintf("The export ended with status %q: %s\n\n%s", ue.Status, ue.Reason, next)
	case errors.As(err, &te) && te.LastErr != nil:
		seen := "No status had been read yet."
		if te.LastStatus != "" {
			seen = fmt.Sprintf("The last status read was %q.", te.LastStatus)
		}
		if next == nextAfterFailedWait {
			next += " To keep it instead (it may well have run on), run terraform untaint with this resource's address once CLS answers again."
		}
		return fmt.Sprintf("The time ran out (%s, %s) while CLS was unreachable or failing: the last poll failed with %v. %s\n\n%s",
			timeout, bound, te.LastErr, seen, next)
	case errors.As(err, &te):
		return fmt.Sprintf("The export was still %q after %s (%s).\n\n%s%s", te.LastStatus, timeout, bound, next, advice)
	case tfresource.NotFound(err):
		return "The export is not listed by DescribeExports: it was deleted outside Terraform, or CLS did not list it within the provider's read_after_write_timeout after creating it.\n\n" +
			"The next apply creates it again. If CLS is slow to list new exports, raise read_after_write_timeout."
	}
	return apiErrorDetail(err, next)
}

// downloadErrorDetail explains a failed download.
func downloadErrorDetail(err error, out string) string {
	var e *tencentcloud.DownloadError
	if errors.As(err, &e) {
		return "CLS's file storage refused the download: " + err.Error() + "\n\nNothing was written to " + out + "."
	}
	return err.Error() + "\n\nNo partial file was left at " + out + "."
}
