package cls

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// Reconciliation of an ambiguous CreateExport (the answer was lost, or a
// 5xx): find the export the call made, adopt it only when exactly one
// candidate can be ours, and never create a second one.

// reconcileGrace bounds the lookup after a CreateExport that the create
// timeout interrupted.
const reconcileGrace = 30 * time.Second

// createExport calls CreateExport; when the outcome is ambiguous (the
// connection dropped after sending, a 5xx, the deadline during the call) it
// lists the topic for the export the call may have created before trying
// again, so there is never a duplicate. It adopts an export only when
// exactly one unclaimed export with the same arguments was created within
// the call's window (windowOf); with two or more it adopts none and fails
// with a *candidatesError naming them.
func createExport(ctx context.Context, client *tencentcloud.Client, in tencentcloud.CreateExportInput, settle time.Duration) (string, error) {
	const attempts = 2
	var lastErr error
	for attempt := 1; attempt <= attempts; attempt++ {
		sent := time.Now()
		out, err := client.CreateExport(ctx, in)
		answered := time.Now()
		if err == nil {
			client.Claim(out.ExportID)
			return out.ExportID, nil
		}
		if !transport.IsAmbiguous(err) {
			return "", err
		}
		lastErr = err
		w := windowOf(sent, answered)
		tflog.Warn(ctx, "CreateExport may have taken effect; looking for the export it created", map[string]any{
			"topic_id": in.TopicID, "attempt": attempt, "error": err.Error(),
			"window_from": w.From.UTC().Format(time.RFC3339Nano), "window_to": w.To.UTC().Format(time.RFC3339Nano),
		})
		// When the create timeout itself cut the call short, look with a
		// short grace period: an export found now is saved (and tainted by
		// the timeout) instead of being orphaned.
		lookupCtx, cancel := ctx, context.CancelFunc(func() {})
		if ctx.Err() != nil {
			lookupCtx, cancel = context.WithTimeout(context.WithoutCancel(ctx), reconcileGrace)
		}
		found, ferr := lookUpCreated(lookupCtx, client, in, w, answered.Add(settle))
		cancel()
		if ferr != nil {
			return "", fmt.Errorf("%w; listing the topic's exports to find out whether it was created also failed: %v", err, ferr)
		}
		switch {
		case len(found) == 1 && client.ClaimIfFree(found[0].ExportID):
			tflog.Warn(ctx, "adopting the export created by an ambiguous CreateExport", map[string]any{
				"topic_id": in.TopicID, "export_id": found[0].ExportID,
			})
			return found[0].ExportID, nil
		case len(found) > 1:
			ids := make([]string, len(found))
			for i, e := range found {
				ids[i] = e.ExportID
			}
			tflog.Warn(ctx, "several exports match an ambiguous CreateExport; adopting none", map[string]any{
				"topic_id": in.TopicID, "export_ids": ids,
			})
			return "", &candidatesError{Err: err, TopicID: in.TopicID, Candidates: found}
		}
		// None (or the only one was claimed by another resource meanwhile):
		// the call had no effect that can be ours.
		if ctx.Err() != nil {
			break // no time left to create again
		}
	}
	return "", lastErr
}

// lookUpCreated is findCreatedExports retried through an outage (connection
// refused, 5xx, throttling) until ctx ends: giving up early would leave an
// export the call may have created untracked, and the next apply would
// create a second one. No answer is final before visibleBy, when the call
// is older than settle, the read-after-write bound (and while ctx lasts):
// the export it made may not be listed yet, and a lagging list may still
// show one deleted moments ago with the same arguments, so the lookup is
// repeated with backoff until then.
func lookUpCreated(ctx context.Context, client *tencentcloud.Client, in tencentcloud.CreateExportInput, w callWindow, visibleBy time.Time) ([]tencentcloud.Export, error) {
	failures, empties := 0, 0
	for {
		found, err := findCreatedExports(ctx, client, in, w, client.Claimed)
		// Candidates seen before visibleBy are not final either: a list
		// that lags shows an export deleted moments ago (a replacement's
		// old one, with the same arguments) and not yet the one this call
		// made. Once writes are visible, the deleted one is gone.
		switch {
		case err == nil && !time.Now().Before(visibleBy):
			return found, nil
		case err != nil && (!transport.IsTransient(err) || ctx.Err() != nil):
			return found, err
		case err == nil && ctx.Err() != nil:
			return found, nil
		}
		var d time.Duration
		fields := map[string]any{"topic_id": in.TopicID}
		if err != nil {
			failures++
			d = transport.Backoff(failures, pollFirst, pollMax)
			fields["error"], fields["consecutive_failures"] = err.Error(), failures
		} else {
			failures = 0
			empties++
			d = min(transport.Backoff(empties, pollFirst, pollMax), time.Until(visibleBy))
			fields["visible_by"] = visibleBy.UTC().Format(time.RFC3339)
			fields["candidates"] = len(found)
		}
		fields["retry_in_ms"] = d.Milliseconds()
		if dl, ok := ctx.Deadline(); ok {
			fields["time_left_s"] = int(time.Until(dl).Seconds())
		}
		if err != nil {
			tflog.Warn(ctx, "listing the topic's exports after an ambiguous CreateExport failed; retrying until the timeout", fields)
		} else {
			tflog.Info(ctx, "waiting until the export list shows what the ambiguous CreateExport did; looking again", fields)
		}
		if transport.SleepContext(ctx, d) != nil {
			if err != nil {
				return nil, err
			}
			return found, nil
		}
	}
}

// candidatesError ends a create whose ambiguous CreateExport is matched by
// more than one export: ours and another run's, which cannot be told apart.
type candidatesError struct {
	Err        error
	TopicID    string
	Candidates []tencentcloud.Export
}

func (e *candidatesError) Error() string {
	return fmt.Sprintf("%v; %d exports of topic %s with the same arguments were created during the call, so none was adopted", e.Err, len(e.Candidates), e.TopicID)
}

func (e *candidatesError) Unwrap() error { return e.Err }

// hint lists the candidates and the import command of each.
func (e *candidatesError) hint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Another run (another workspace or pipeline) created an export with exactly these arguments while this CreateExport was in flight, "+
		"so %d exports match and nothing tells which one this resource created. None was adopted and nothing was saved in state:\n\n", len(e.Candidates))
	for _, c := range e.Candidates {
		created := c.CreateTime
		if t, ok := exportCreated(c); ok {
			created = t.Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "  %s  created %s  status %s\n", c.ExportID, created, c.Status)
	}
	b.WriteString("\nImport the one this resource should manage (its address is in the \"with\" line above), then apply again; leave the other to the run that owns it:\n\n")
	for _, c := range e.Candidates {
		fmt.Fprintf(&b, "  terraform import <address> %s\n", exportID{TopicID: e.TopicID, ExportID: c.ExportID})
	}
	return strings.TrimRight(b.String(), "\n")
}

func createHint(err error) string {
	var ce *candidatesError
	switch {
	case errors.As(err, &ce):
		return ce.hint()
	case transport.IsAmbiguous(err):
		return "The request may or may not have created an export, and no matching export could be found. Check the topic's exports in the CLS console before applying again."
	case tencentcloud.ErrorCode(err) == tencentcloud.CodeTopicNotExist:
		return "Check topic_id and region: the topic must exist in that region."
	case strings.HasPrefix(tencentcloud.ErrorCode(err), "AuthFailure"):
		return tencentcloud.AuthHint(err)
	case strings.HasPrefix(tencentcloud.ErrorCode(err), "LimitExceeded"):
		return "The topic holds too many exports; delete finished ones and apply again."
	}
	return ""
}

// allowedClockSkew is how far the service's clock may be from this
// machine's when an export's creation time is compared with the moments an
// ambiguous CreateExport was sent and answered. NTP-synchronised clocks are
// within a second; a clock off by more makes the provider miss its own
// export and create another (a duplicate left behind), never take another
// run's export.
const allowedClockSkew = time.Minute

// callWindow is when, by the service's clock, one CreateExport call can
// have created its export: from sending minus the allowed skew to the
// answer (or the failure) plus it.
type callWindow struct {
	From, To time.Time
}

func windowOf(sent, answered time.Time) callWindow {
	return callWindow{From: sent.Add(-allowedClockSkew), To: answered.Add(allowedClockSkew)}
}

func (w callWindow) contains(t time.Time) bool {
	return !t.Before(w.From) && !t.After(w.To)
}

// matchesInput reports whether e has exactly the arguments of in.
func matchesInput(e tencentcloud.Export, in tencentcloud.CreateExportInput) bool {
	syntax := tencentcloud.SyntaxLucene
	if in.SyntaxRule != nil {
		syntax = *in.SyntaxRule
	}
	// The API may echo the query re-spaced and report as Count the logs it
	// exported, never more than asked (the same leniency as Read's).
	return tencentcloud.SameID(e.TopicID, in.TopicID) && sameStatement(e.Query, in.Query) && e.From == in.From && e.To == in.To && e.Count <= in.Count &&
		strings.EqualFold(e.Order, in.Order) && strings.EqualFold(e.Format, in.Format) && e.SyntaxRule == syntax
}

// findCreatedExports lists the exports an ambiguous CreateExport may have
// created: same topic and arguments, created within the call's window, and
// not claimed by another resource of this provider process. Oldest first.
// The caller adopts one only when it is the only one: two or more means
// another run (another workspace, a pipeline) made the same export at the
// same moment, and nothing tells which is ours.
func findCreatedExports(ctx context.Context, client *tencentcloud.Client, in tencentcloud.CreateExportInput, w callWindow, claimed func(string) bool) ([]tencentcloud.Export, error) {
	var out []tencentcloud.Export
	err := client.EachExport(ctx, in.TopicID, func(e tencentcloud.Export) bool {
		if e.TopicID == "" {
			e.TopicID = in.TopicID
		}
		if !matchesInput(e, in) || claimed(e.ExportID) {
			return true
		}
		if created, ok := exportCreated(e); ok && w.contains(created) {
			out = append(out, e)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := exportCreated(out[i])
		b, _ := exportCreated(out[j])
		return a.Before(b)
	})
	return out, nil
}
