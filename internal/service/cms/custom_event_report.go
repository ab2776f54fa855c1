package cms

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// Reporting custom events, shared by the resource and the action:
// PutCustomEvent is not idempotent and returns no event ids, so a lost
// answer is reconciled by looking the events up against a baseline taken
// before the first send.

// reportResult says how the events were reported.
type reportResult struct {
	// RequestID is the id of the PutCustomEvent call that succeeded; empty
	// when the events were confirmed by a lookup after a lost answer.
	RequestID string
	// Confirmed counts events that were found already reported after an
	// ambiguous failure, and so were not sent again.
	Confirmed int
}

// maxReportAttempts bounds the PutCustomEvent calls of one report; each one
// after the first only happens when a lookup proved that the events had not
// arrived.
const maxReportAttempts = 3

// reportCustomEvents sends events in one PutCustomEvent call. The call is
// not idempotent and the API returns no event ids, so an event is known by
// its name, group, content and time (ms). Before sending, a baseline lookup
// counts the identical events CloudMonitor already holds (an earlier report
// with the same fixed time, say). After a failure whose effect is unknown
// (connection lost, 5xx) a second lookup counts them again: only what is
// there beyond the baseline arrived, each stored event counts once, and
// only the events that did not arrive are sent again. An event is never
// reported twice, and never counted as arrived when it did not. progress,
// when set, receives a line per step.
//
// settle is the read-after-write bound: an event just stored may not be
// listed at once, so a lookup after a lost answer keeps looking for that
// long before it concludes that an event is missing and sends it again.
func reportCustomEvents(ctx context.Context, client *alicloud.Client, events []alicloud.CustomEvent, settle time.Duration, progress func(string)) (reportResult, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	baseline, baseErr := storedEvents(ctx, client, events)
	if baseErr != nil {
		// Without a baseline a lost answer cannot be reconciled; the report
		// goes ahead and such a failure is then reported as unknown.
		tflog.Warn(ctx, "cms custom event baseline lookup failed; a lost answer will not be reconciled", map[string]any{
			"region": client.Region(), "events": len(events), "error": baseErr.Error(),
		})
	}
	var res reportResult
	pending := events
	for attempt := 1; ; attempt++ {
		out, err := client.PutCustomEvent(ctx, alicloud.PutCustomEventInput{Events: pending})
		if err == nil {
			res.RequestID = out.RequestID
			return res, nil
		}
		failed := &reportError{Total: len(events), Confirmed: res.Confirmed, Attempts: attempt, Cause: err}
		if !transport.IsAmbiguous(err) {
			failed.NotReported = len(pending)
			return res, failed
		}
		tflog.Warn(ctx, "cms custom event report outcome unknown; looking the events up before sending again", map[string]any{
			"region": client.Region(), "events": len(pending), "attempt": attempt, "error": err.Error(),
		})
		if baseErr != nil {
			failed.Unknown, failed.Lookup = len(pending), baseErr
			return res, failed
		}
		say("The answer to PutCustomEvent was lost (%v); looking up which of the %s arrived before sending anything again", err, eventCountPhrase(len(pending)))
		missing, lookErr := awaitEvents(ctx, client, events, baseline, settle)
		if lookErr != nil {
			failed.Unknown, failed.Lookup = len(pending), lookErr
			return res, failed
		}
		res.Confirmed = len(events) - len(missing)
		if len(missing) == 0 {
			say("All %s arrived; nothing is sent again", eventCountPhrase(len(pending)))
			return res, nil
		}
		if attempt >= maxReportAttempts {
			failed.Confirmed, failed.NotReported = res.Confirmed, len(missing)
			return res, failed
		}
		say("%d of %s had not arrived; sending those again", len(missing), eventCountPhrase(len(pending)))
		pending = missing
	}
}

// awaitEvents looks the events up until every one of them is seen beyond
// the baseline or settle has passed (a stored event may take that long to
// be listed), and returns those still not seen.
func awaitEvents(ctx context.Context, client *alicloud.Client, events []alicloud.CustomEvent, baseline map[eventKey]int, settle time.Duration) ([]alicloud.CustomEvent, error) {
	var missing []alicloud.CustomEvent
	_, err := tfresource.RetryWhileNotFound(ctx, settle, nil, func(ctx context.Context) (struct{}, error) {
		stored, err := storedEvents(ctx, client, events)
		if err != nil {
			return struct{}{}, err
		}
		if missing = notArrived(events, baseline, stored); len(missing) > 0 {
			return struct{}{}, &tfresource.NotFoundError{What: fmt.Sprintf("%d of %s", len(missing), eventCountPhrase(len(events)))}
		}
		return struct{}{}, nil
	})
	if tfresource.NotFound(err) {
		err = nil // waited out: they did not arrive
	}
	return missing, err
}

// reportError is a report that did not fully succeed, with an exact count
// of where each event stands.
type reportError struct {
	// Total events in the report.
	Total int
	// Confirmed were seen stored by a lookup; NotReported are known not to
	// be stored (refused, or missing after the last attempt); Unknown were
	// sent and their outcome could not be checked.
	Confirmed, NotReported, Unknown int
	Attempts                        int
	// Cause is the last PutCustomEvent error; Lookup the failed lookup, if any.
	Cause, Lookup error
}

func (e *reportError) Error() string {
	msg := fmt.Sprintf("of %s: %d confirmed as reported, %d not reported, %d unknown (sent, but whether they arrived could not be checked); "+
		"PutCustomEvent calls: %d, the last failed: %v",
		eventCountPhrase(e.Total), e.Confirmed, e.NotReported, e.Unknown, e.Attempts, e.Cause)
	if e.Lookup != nil {
		msg += fmt.Sprintf("; looking the events up failed: %v", e.Lookup)
	}
	return msg
}

func (e *reportError) Unwrap() error { return e.Cause }

// eventKey identifies an event for reconciliation: the API returns no ids
// on put, so name, group, time (ms) and content stand in for one.
type eventKey struct {
	name, group, content string
	ms                   int64
}

func keyOf(ev alicloud.CustomEvent) eventKey {
	return eventKey{ev.Name, groupOrDefault(ev.GroupID), ev.Content, ev.Time.UnixMilli()}
}

// lookupWindow widens the time filter around the events' times; matching
// is then exact to the millisecond.
const lookupWindow = time.Second

// maxLookupPages bounds the reconciliation walk per event name.
const maxLookupPages = 20

// storedEvents counts, for each distinct key among events, the identical
// events DescribeCustomEventAttribute shows: one lookup per name and group,
// over the window of the events' times.
func storedEvents(ctx context.Context, client *alicloud.Client, events []alicloud.CustomEvent) (map[eventKey]int, error) {
	type nameGroup struct{ name, group string }
	windows := map[nameGroup][2]time.Time{}
	var order []nameGroup
	wanted := map[eventKey]bool{}
	for _, ev := range events {
		wanted[keyOf(ev)] = true
		k := nameGroup{ev.Name, groupOrDefault(ev.GroupID)}
		w, ok := windows[k]
		if !ok {
			order = append(order, k)
			w = [2]time.Time{ev.Time, ev.Time}
		}
		if ev.Time.Before(w[0]) {
			w[0] = ev.Time
		}
		if ev.Time.After(w[1]) {
			w[1] = ev.Time
		}
		windows[k] = w
	}
	found := map[eventKey]int{}
	for _, k := range order {
		w := windows[k]
		recs, err := client.ListCustomEvents(ctx, alicloud.DescribeCustomEventAttributeInput{
			Name: k.name, GroupID: k.group, StartTime: w[0].Add(-lookupWindow), EndTime: w[1].Add(lookupWindow),
		}, maxLookupPages)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			key := eventKey{rec.Name, groupOrDefault(rec.GroupID), rec.Content, rec.Time.UnixMilli()}
			if wanted[key] {
				found[key]++
			}
		}
	}
	return found, nil
}

// notArrived returns the events of the report that stored does not account
// for beyond baseline. Copies count: of two identical events with one new
// copy stored, one is missing; each stored copy accounts for one event.
func notArrived(events []alicloud.CustomEvent, baseline, stored map[eventKey]int) []alicloud.CustomEvent {
	arrived := map[eventKey]int{}
	for k, n := range stored {
		arrived[k] = max(0, n-baseline[k])
	}
	var missing []alicloud.CustomEvent
	for _, ev := range events {
		k := keyOf(ev)
		if arrived[k] > 0 {
			arrived[k]--
			continue
		}
		missing = append(missing, ev)
	}
	return missing
}

func groupOrDefault(g string) string {
	if g == "" {
		return alicloud.DefaultEventGroupID
	}
	return g
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
	detail := "Of " + eventCountPhrase(failed.Total) + fmt.Sprintf(": %d confirmed as reported, %d not reported, %d unknown (sent, but whether they arrived could not be checked). PutCustomEvent calls: %d.",
		failed.Confirmed, failed.NotReported, failed.Unknown, failed.Attempts)
	var apiErr *alicloud.Error
	if errors.As(failed.Cause, &apiErr) {
		detail += fmt.Sprintf("\nThe last call was answered %s: %s (HTTP %d, request id %s).", apiErr.Code, apiErr.Message, apiErr.HTTPStatus, orNone(apiErr.RequestID))
	} else {
		detail += fmt.Sprintf("\nThe last call failed: %v.", failed.Cause)
	}
	if failed.Lookup != nil {
		detail += fmt.Sprintf("\nLooking the events up failed: %v.", failed.Lookup)
	}
	switch {
	case failed.Unknown > 0:
		detail += "\n\nThe events may or may not have been reported. Nothing was sent again, so that no event is reported twice. " +
			"Check the events in the CloudMonitor console (Event Monitoring > Custom Events) before applying again: applying again reports them again."
	case failed.Confirmed > 0:
		detail += "\n\nApplying again reports every event of the resource again, including those confirmed above; " +
			"to report only the rest, remove the confirmed events from the configuration first."
	case alicloud.AuthHint(failed.Cause) != "":
		detail += "\n\nNo event was reported. " + alicloud.AuthHint(failed.Cause)
	case alicloud.IsAuthFailure(failed.Cause):
		detail += "\n\nNo event was reported. Check the provider's alicloud access_key and secret_key (or ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY) and the system clock."
	case alicloud.IsThrottled(failed.Cause):
		detail += "\n\nNo event was reported. CloudMonitor is throttling requests; retry later or raise max_retries."
	case apiErr != nil && (apiErr.Code == "ParameterInvalid" || apiErr.Code == "InvalidParameter" || apiErr.HTTPStatus == 400):
		detail += "\n\nThe events were rejected and not reported; fix the events and apply again."
	default:
		detail += "\n\nNo event was reported; apply again to retry."
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// eventCountPhrase is "1 custom event" or "N custom events".
func eventCountPhrase(n int) string {
	if n == 1 {
		return "1 custom event"
	}
	return strconv.Itoa(n) + " custom events"
}
