package cms

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

// Detail builders of the package: every CMS diagnostic states the facts
// first (the vendor's code, message and request id, or where the events of
// a report stand), then, after a blank line, what to do.

// The advice for an answer refusing the credentials or throttling, given by
// every CMS detail.
const (
	authFailureAdvice = "Check the provider's alicloud access_key and secret_key (or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY) and that the clock of this machine is correct."
	throttledAdvice   = "CloudMonitor is throttling requests; try again later or raise max_retries."
)

// apiErrorDetail states the facts of err (vendor code, message, request id
// are in its text) and, after a blank line, hint: what the user can do.
// When hint is "", the package's default advice (defaultAdvice).
func apiErrorDetail(err error, hint string) string {
	if hint == "" {
		hint = defaultAdvice(err)
	}
	if hint == "" {
		return err.Error()
	}
	return err.Error() + "\n\n" + hint
}

// defaultAdvice is what to do about err when the caller has nothing more
// precise to say: the credentials' hint, throttling, else the transport's
// retry advice ("" when there is none).
func defaultAdvice(err error) string {
	if advice := credentialAdvice(err); advice != "" {
		return advice
	}
	return transport.RetryAdvice(err, "CloudMonitor")
}

// putHint is the hint of a failed PutExporterOutput: which arguments to
// check when CloudMonitor refused the parameters, else "" (the default
// advice).
func putHint(err error) string {
	var e *alicloud.Error
	if errors.As(err, &e) && e.Code == "ParameterInvalid" && credentialAdvice(err) == "" {
		return "CloudMonitor rejected the parameters: check sls_endpoint, sls_project, sls_logstore, access_key_id and the secret."
	}
	return ""
}

// rulePutHint is putHint for PutExporterRule.
func rulePutHint(err error) string {
	var e *alicloud.Error
	if errors.As(err, &e) && e.Code == "ParameterInvalid" && credentialAdvice(err) == "" {
		return "CloudMonitor rejected the parameters: check namespace, metric_name, target_windows (seconds, each at least 60) and dst_names (1 to 20)."
	}
	return ""
}

// credentialAdvice is what to do about an answer refusing the credentials
// (the vendor's hint for its code, else authFailureAdvice) or throttling
// the caller; "" for any other error.
func credentialAdvice(err error) string {
	switch {
	case alicloud.AuthHint(err) != "":
		return alicloud.AuthHint(err)
	case alicloud.IsAuthFailure(err):
		return authFailureAdvice
	case alicloud.IsThrottled(err):
		return throttledAdvice
	}
	return ""
}

// reportDiagnostic turns a failed report into a diagnostic: facts first
// (how many events stand where, the vendor's answer), then what to do.
func reportDiagnostic(region string, n int, err error) diag.Diagnostic {
	summary := fmt.Sprintf("reporting %s to CMS in %s", eventCountPhrase(n), region)
	var missing *conns.MissingSettingError
	if errors.As(err, &missing) {
		return diag.NewErrorDiagnostic("configuring the Alibaba Cloud client", err.Error())
	}
	var failed *reportError
	if !errors.As(err, &failed) {
		return diag.NewErrorDiagnostic(summary, fmt.Sprintf("%v\n\nNo event was sent; apply again to retry.", err))
	}
	detail := failureFacts(failed) + "\n\n"
	switch {
	case failed.Unknown > 0:
		detail += "The events may or may not have been reported. Nothing was sent again, so that no event is reported twice. " +
			"Check the events in the CloudMonitor console (Event Monitoring > Custom Events) before applying again: applying again reports them again."
	case failed.Confirmed > 0:
		detail += "Reporting again sends every event again, including those confirmed above; " +
			"to report only the rest, leave the confirmed events out."
	default:
		detail += "No event was reported. " + refusalAdvice(failed.Cause)
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// failureFacts says where the events of a failed report stand and how the
// last calls failed.
func failureFacts(failed *reportError) string {
	facts := "Of " + eventCountPhrase(failed.Total) + fmt.Sprintf(": %d confirmed as reported, %d not reported, %d unknown (sent, but whether they arrived could not be checked). PutCustomEvent calls: %d.",
		failed.Confirmed, failed.NotReported, failed.Unknown, failed.Attempts)
	var apiErr *alicloud.Error
	switch {
	case errors.As(failed.Cause, &apiErr):
		facts += fmt.Sprintf("\nThe last call was answered %s: %s (HTTP %d, request id %s).", apiErr.Code, apiErr.Message, apiErr.HTTPStatus, orNone(apiErr.RequestID))
	case failed.Cause != nil:
		facts += fmt.Sprintf("\nThe last call failed: %v.", failed.Cause)
	}
	if failed.Lookup != nil {
		facts += fmt.Sprintf("\nLooking the events up failed: %v.", failed.Lookup)
	}
	return facts
}

// refusalAdvice is what to do about the answer that refused the events.
func refusalAdvice(cause error) string {
	if advice := credentialAdvice(cause); advice != "" {
		return advice
	}
	var apiErr *alicloud.Error
	if errors.As(cause, &apiErr) && (apiErr.Code == "ParameterInvalid" || apiErr.Code == "InvalidParameter" || apiErr.HTTPStatus == 400) {
		return "The events were rejected; fix the events and apply again."
	}
	return "Apply again to retry."
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// resumeDiagnostic is the error of an apply that could not finish a kept
// report: where the events stand, then what to do. The report stays in the
// state with its progress (an update does not taint).
func resumeDiagnostic(region string, p *reportProgress, err error) diag.Diagnostic {
	summary := fmt.Sprintf("finishing the report of %s to CMS in %s", eventCountPhrase(len(p.events)), region)
	var failed *reportError
	if !errors.As(err, &failed) {
		return diag.NewErrorDiagnostic(summary, err.Error())
	}
	detail := failureFacts(failed) + "\n\n" + fmt.Sprintf("The report stays in the state with pending_events = %s (positions in events); the events confirmed as reported are not sent again. ", positions(p.pending))
	switch {
	case failed.Unknown > 0 && p.baseline == nil:
		detail += "Without the baseline the pending events cannot be checked, so nothing is sent. Check them in the CloudMonitor console (Event Monitoring > Custom Events): " +
			"to report every event of the resource again, run terraform apply -replace with this resource's address; to leave it as it is, run terraform state rm with it."
	case failed.Unknown > 0:
		detail += "Their outcome is unknown; apply again to look them up and send only those that did not arrive."
	default:
		detail += refusalAdvice(failed.Cause) + " Then apply again: it sends only the pending events."
	}
	return diag.NewErrorDiagnostic(summary, detail)
}
