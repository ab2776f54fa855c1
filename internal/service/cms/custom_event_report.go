package cms

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
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
}

// maxReportAttempts bounds the PutCustomEvent calls of one report (of one
// apply, for the resource); each one after the first only happens when a
// lookup proved that the events had not arrived.
const maxReportAttempts = 3

// reportCustomEvents is the action's report: it sends events in one
// PutCustomEvent call (the resource keeps a reportProgress instead). The call is
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
	p := newReportProgress(events)
	if err := p.takeBaseline(ctx, client); err != nil {
		// Without a baseline a lost answer cannot be reconciled; the report
		// goes ahead and such a failure is then reported as unknown.
		tflog.Warn(ctx, "cms custom event baseline lookup failed; a lost answer will not be reconciled", map[string]any{
			"region": client.Region(), "events": len(events), "error": err.Error(),
		})
	}
	err := p.run(ctx, client, settle, progress)
	return reportResult{RequestID: p.requestID}, err
}

// reportProgress is where the events of one report stand. The resource
// keeps it in its state when a report fails part-way, so that the next
// apply resumes it: the events confirmed stored are never sent again, and
// those whose outcome was unknown are looked up before anything is sent.
type reportProgress struct {
	events []alicloud.CustomEvent
	// baseline counts the events identical to the report's that
	// CloudMonitor held before its first send; nil when that lookup failed.
	baseline    map[eventKey]int
	baselineErr error
	// pending are the positions in events of the events not confirmed as
	// stored, in order; unknown are those of them that were sent without
	// learning whether they arrived. The others pending are known not to be
	// stored (never sent, refused, or not found after the last attempt).
	pending []int
	unknown map[int]bool
	// requestID is the id of the last PutCustomEvent call that answered.
	requestID string
	// attempts counts the PutCustomEvent calls of this run.
	attempts int
}

func newReportProgress(events []alicloud.CustomEvent) *reportProgress {
	p := &reportProgress{events: events, unknown: map[int]bool{}}
	for i := range events {
		p.pending = append(p.pending, i)
	}
	return p
}

// takeBaseline counts what CloudMonitor holds before the first send.
func (p *reportProgress) takeBaseline(ctx context.Context, client *alicloud.Client) error {
	p.baseline, p.baselineErr = storedEvents(ctx, client, p.events)
	return p.baselineErr
}

// confirmed is how many events are confirmed as stored.
func (p *reportProgress) confirmed() int { return len(p.events) - len(p.pending) }

// eventsAt returns the events at positions idx.
func (p *reportProgress) eventsAt(idx []int) []alicloud.CustomEvent {
	out := make([]alicloud.CustomEvent, len(idx))
	for i, j := range idx {
		out[i] = p.events[j]
	}
	return out
}

// run sends the pending events, first settling the outcome of those an
// earlier run left unknown, and records where each event stands. It
// returns a *reportError when any event is still pending.
func (p *reportProgress) run(ctx context.Context, client *alicloud.Client, settle time.Duration, progress func(string)) error {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	p.attempts = 0
	if len(p.unknown) > 0 {
		say("Looking up whether the %s sent earlier arrived, before sending anything", eventCountPhrase(len(p.unknown)))
		if p.baseline == nil {
			return p.failure(nil, p.baselineErr)
		}
		if err := p.reconcile(ctx, client, settle); err != nil {
			return p.failure(nil, err)
		}
	}
	for len(p.pending) > 0 {
		p.attempts++
		sent := len(p.pending)
		out, err := client.PutCustomEvent(ctx, alicloud.PutCustomEventInput{Events: p.eventsAt(p.pending)})
		if err == nil {
			p.requestID, p.pending = out.RequestID, nil
			return nil
		}
		if !transport.IsAmbiguous(err) {
			return p.failure(err, nil)
		}
		for _, i := range p.pending {
			p.unknown[i] = true
		}
		tflog.Warn(ctx, "cms custom event report outcome unknown; looking the events up before sending again", map[string]any{
			"region": client.Region(), "events": sent, "attempt": p.attempts, "error": err.Error(),
		})
		if p.baseline == nil {
			return p.failure(err, p.baselineErr)
		}
		say("The answer to PutCustomEvent was lost (%v); looking up which of the %s arrived before sending anything again", err, eventCountPhrase(sent))
		if lookErr := p.reconcile(ctx, client, settle); lookErr != nil {
			return p.failure(err, lookErr)
		}
		if len(p.pending) == 0 {
			say("All %s arrived; nothing is sent again", eventCountPhrase(sent))
			return nil
		}
		if p.attempts >= maxReportAttempts {
			return p.failure(err, nil)
		}
		say("%d of %s had not arrived; sending those again", len(p.pending), eventCountPhrase(sent))
	}
	return nil
}

// reconcile looks up the events whose outcome is unknown until every one
// is seen or settle has passed: those seen are confirmed, the others are
// known not to have arrived. The report's confirmed events are stored
// beyond the baseline too, so they are added to it.
func (p *reportProgress) reconcile(ctx context.Context, client *alicloud.Client, settle time.Duration) error {
	var unknown, known []int
	for _, i := range p.pending {
		if p.unknown[i] {
			unknown = append(unknown, i)
		} else {
			known = append(known, i)
		}
	}
	ours := maps.Clone(p.baseline)
	pending := map[int]bool{}
	for _, i := range p.pending {
		pending[i] = true
	}
	for i, ev := range p.events {
		if !pending[i] {
			ours[keyOf(ev)]++
		}
	}
	missing, err := awaitEvents(ctx, client, p.eventsAt(unknown), ours, settle)
	if err != nil {
		return err
	}
	for _, m := range missing {
		known = append(known, unknown[m])
	}
	sort.Ints(known)
	p.pending, p.unknown = known, map[int]bool{}
	return nil
}

// failure is the *reportError of the events still pending; cause is the
// last PutCustomEvent error (nil when none was sent in this run), lookup
// the failed lookup, if any.
func (p *reportProgress) failure(cause, lookup error) *reportError {
	return &reportError{
		Total: len(p.events), Confirmed: p.confirmed(), Unknown: len(p.unknown), NotReported: len(p.pending) - len(p.unknown),
		Attempts: p.attempts, Cause: cause, Lookup: lookup,
	}
}

// awaitEvents looks the events up until every one of them is seen beyond
// the baseline or settle has passed (a stored event may take that long to
// be listed), and returns the positions of those still not seen.
func awaitEvents(ctx context.Context, client *alicloud.Client, events []alicloud.CustomEvent, baseline map[eventKey]int, settle time.Duration) ([]int, error) {
	var missing []int
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
	msg := fmt.Sprintf("of %s: %d confirmed as reported, %d not reported, %d unknown (sent, but whether they arrived could not be checked); PutCustomEvent calls: %d",
		eventCountPhrase(e.Total), e.Confirmed, e.NotReported, e.Unknown, e.Attempts)
	if e.Cause != nil {
		msg += fmt.Sprintf(", the last failed: %v", e.Cause)
	}
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

// notArrived returns the positions of the events that stored does not
// account for beyond baseline. Copies count: of two identical events with
// one new copy stored, one is missing; each stored copy accounts for one
// event.
func notArrived(events []alicloud.CustomEvent, baseline, stored map[eventKey]int) []int {
	arrived := map[eventKey]int{}
	for k, n := range stored {
		arrived[k] = max(0, n-baseline[k])
	}
	var missing []int
	for i, ev := range events {
		k := keyOf(ev)
		if arrived[k] > 0 {
			arrived[k]--
			continue
		}
		missing = append(missing, i)
	}
	return missing
}

func groupOrDefault(g string) string {
	if g == "" {
		return alicloud.DefaultEventGroupID
	}
	return g
}

// eventCountPhrase is "1 custom event" or "N custom events".
func eventCountPhrase(n int) string {
	if n == 1 {
		return "1 custom event"
	}
	return strconv.Itoa(n) + " custom events"
}
