package tfresource

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// PropagationTimeout bounds how long "not found" right after a write is
// taken for the write not being visible yet (eventual consistency) rather
// than for the object being gone. Within a create, the create timeout
// bounds it too.
const PropagationTimeout = 2 * time.Minute

// RetryWhileNotFound calls f until it returns something other than a
// *NotFoundError or timeout passes, backing off from 200 ms to 5 s; it
// returns f's last answer. Use it for the read-back right after a write.
func RetryWhileNotFound[T any](ctx context.Context, timeout time.Duration, clock Clock, f func(context.Context) (T, error)) (T, error) {
	return retryWhile(ctx, timeout, clock, f, func(_ T, err error) bool { return NotFound(err) },
		"not visible yet after a write; retrying")
}

// RetryWhileFound calls exists until it reports the object gone (false),
// fails, or timeout passes, backing off as RetryWhileNotFound does; it
// returns exists' last answer. Use it after a delete, which a list may
// still show for a while.
func RetryWhileFound(ctx context.Context, timeout time.Duration, clock Clock, exists func(context.Context) (bool, error)) (bool, error) {
	return retryWhile(ctx, timeout, clock, exists, func(found bool, err error) bool { return err == nil && found },
		"deletion not visible yet; retrying")
}

// retryWhile calls f while again says its answer is not the final one, until
// timeout passes; it returns f's last answer.
func retryWhile[T any](ctx context.Context, timeout time.Duration, clock Clock, f func(context.Context) (T, error), again func(T, error) bool, msg string) (T, error) {
	if clock == nil {
		clock = RealClock
	}
	deadline := clock.Now().Add(timeout)
	for n := 0; ; n++ {
		v, err := f(ctx)
		if !again(v, err) {
			return v, err
		}
		remaining := deadline.Sub(clock.Now())
		if remaining <= 0 {
			return v, err
		}
		d := min(jitter(Delays(n, 200*time.Millisecond, 5*time.Second)), remaining)
		fields := map[string]any{"retry_in_ms": d.Milliseconds(), "time_left_s": int(remaining.Seconds())}
		if err != nil {
			fields["error"] = err.Error()
		}
		tflog.Debug(ctx, msg, fields)
		if err := clock.Sleep(ctx, d); err != nil {
			return v, err
		}
	}
}

// Clock lets tests run the poller without sleeping real time.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// RealClock is the wall clock.
var RealClock Clock = realClock{}

// StatusFunc fetches the object and its status. A nil object with an empty
// status and nil error means "not found yet".
type StatusFunc[T any] func(ctx context.Context) (obj T, status string, err error)

// Waiter polls until the status is one of Target.
type Waiter[T any] struct {
	// What names the object in errors and logs, e.g. `CLS export "t:e"`.
	What string
	// Pending statuses keep the poller going; Target statuses end it.
	Pending, Target []string
	Refresh         StatusFunc[T]
	// Timeout bounds the whole wait; zero means only ctx bounds it.
	Timeout time.Duration
	// Delay is waited before the first poll: an object just created is
	// never done at once, and a poll that can only say so spends the
	// account's request quota for nothing. Zero polls at once.
	Delay time.Duration
	// First is the first delay between polls, Max the cap; defaults 250ms
	// and 10s.
	First, Max time.Duration
	// Progress returns extra log fields for an object (e.g. percentage).
	Progress func(obj T) map[string]any
	// Reason extracts the vendor's failure reason from an object in an unexpected status.
	Reason func(obj T) string
	// Clock defaults to RealClock.
	Clock Clock
	// NotFoundChecks is how many consecutive not-found answers are tolerated
	// once the object has been seen, before the wait fails; default 3.
	NotFoundChecks int
	// Propagation is how long "not found" is taken for a write not yet
	// visible, before the object has been seen at all: the provider's
	// read_after_write_timeout (conns.Clients.ReadAfterWrite) after a
	// create. Zero takes "not found" at its word from the first poll (after
	// NotFoundChecks answers). The Timeout still bounds the whole wait.
	Propagation time.Duration
	// Transient says which Refresh errors are an outage to wait out (retried
	// with backoff until Timeout, each logged at WARN) rather than an answer
	// that ends the wait; default transport.IsTransient.
	Transient func(error) bool
}

// UnexpectedStateError ends a wait in a status that is neither pending nor target.
type UnexpectedStateError struct {
	What, Status, Reason string
	Expected             []string
}

func (e *UnexpectedStateError) Error() string {
	msg := fmt.Sprintf("%s reached status %q (expected %v)", e.What, e.Status, e.Expected)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// TimeoutError ends a wait that ran out of time.
type TimeoutError struct {
	What, LastStatus string
	Timeout          time.Duration
	// LastErr is the transient error of the last poll, when the time ran
	// out during an outage.
	LastErr error
}

func (e *TimeoutError) Error() string {
	msg := fmt.Sprintf("timeout after %s waiting for %s (last status %q)", e.Timeout, e.What, e.LastStatus)
	if e.LastErr != nil {
		msg += fmt.Sprintf("; the last poll failed: %v", e.LastErr)
	}
	return msg
}

func (e *TimeoutError) Unwrap() error { return e.LastErr }

// Delays returns the poll delay sequence's n-th element (0-based) before
// jitter: First doubled each step, capped at Max.
func Delays(n int, first, max time.Duration) time.Duration {
	d := first
	for i := 0; i < n && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// minProportionalStep and proportionalDivisor bound a delay by the time
// already waited: an export that has run for T is polled at least every
// max(750ms, T/15). The poll before completion is then at most that far
// from the one that sees it, which keeps "noticed done" within
// max(1s, 10% of the export's run time) with room for the request itself.
const (
	minProportionalStep = 750 * time.Millisecond
	proportionalDivisor = 15
)

// PollDelay is the delay before poll n+1 (0-based n) after elapsed time
// waiting: the exponential sequence from Delays, never longer than
// max(750ms, elapsed/15), before jitter.
func PollDelay(n int, elapsed, first, limit time.Duration) time.Duration {
	return min(Delays(n, first, limit), max(minProportionalStep, elapsed/proportionalDivisor))
}

// jitter spreads d over [0.8d, 1.0d] so many waiters do not poll in lock step
// while the cap stays a real upper bound.
func jitter(d time.Duration) time.Duration {
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

// Wait polls Refresh until a Target status, an unexpected status, an error,
// the timeout or ctx's end. It returns the last object seen.
func (w Waiter[T]) Wait(ctx context.Context) (T, error) {
	clock := w.Clock
	if clock == nil {
		clock = RealClock
	}
	first, max := w.First, w.Max
	if first == 0 {
		first = 250 * time.Millisecond
	}
	if max == 0 {
		max = 10 * time.Second
	}
	nfLimit := w.NotFoundChecks
	if nfLimit == 0 {
		nfLimit = 3
	}
	transient := w.Transient
	if transient == nil {
		transient = transport.IsTransient
	}
	start := clock.Now()
	var deadline time.Time
	if w.Timeout > 0 {
		deadline = start.Add(w.Timeout)
	}
	if w.Delay > 0 {
		d := w.Delay
		if !deadline.IsZero() {
			d = min(d, deadline.Sub(start))
		}
		if err := clock.Sleep(ctx, d); err != nil {
			var zero T
			return zero, w.timeoutOr(ctx, "", nil)
		}
	}
	var (
		last       T
		lastStatus string
		notFound   int
		seen       bool  // the object has been found at least once
		failures   int   // consecutive transient errors
		lastErr    error // the last of them
	)
	for n := 0; ; n++ {
		obj, status, err := w.Refresh(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return last, w.timeoutOr(ctx, lastStatus, lastErr)
			}
			if !transient(err) {
				return last, err
			}
			// An outage (connection refused, 5xx, throttling): the export
			// runs on regardless, so keep asking until the time is up.
			failures++
			lastErr = err
			d := jitter(Delays(failures-1, first, max))
			fields := map[string]any{"object": w.What, "error": err.Error(), "consecutive_failures": failures, "retry_in_ms": d.Milliseconds()}
			if !deadline.IsZero() {
				remaining := deadline.Sub(clock.Now())
				if remaining <= 0 {
					return last, &TimeoutError{What: w.What, LastStatus: lastStatus, Timeout: w.Timeout, LastErr: err}
				}
				fields["time_left_s"] = int(remaining.Seconds())
				d = min(d, remaining)
			}
			tflog.Warn(ctx, "polling failed; retrying until the timeout", fields)
			if err := clock.Sleep(ctx, d); err != nil {
				return last, w.timeoutOr(ctx, lastStatus, lastErr)
			}
			continue
		}
		failures, lastErr = 0, nil
		if status == "" {
			notFound++
			propagating := !seen && clock.Now().Sub(start) < w.Propagation
			if !propagating && notFound > nfLimit {
				return last, &NotFoundError{What: w.What}
			}
			if propagating {
				tflog.Debug(ctx, "not visible yet; waiting for the write to propagate", map[string]any{"object": w.What, "elapsed_s": int(clock.Now().Sub(start).Seconds())})
			}
		} else {
			notFound, seen = 0, true
			last, lastStatus = obj, status
			fields := map[string]any{"object": w.What, "status": status, "elapsed_s": int(clock.Now().Sub(start).Seconds())}
			if w.Progress != nil {
				for k, v := range w.Progress(obj) {
					fields[k] = v
				}
			}
			switch {
			case slices.Contains(w.Target, status):
				tflog.Info(ctx, "export finished", fields)
				return obj, nil
			case slices.Contains(w.Pending, status):
				tflog.Info(ctx, "export still running", fields)
			default:
				reason := ""
				if w.Reason != nil {
					reason = w.Reason(obj)
				}
				return obj, &UnexpectedStateError{What: w.What, Status: status, Reason: reason, Expected: w.Target}
			}
		}
		d := jitter(PollDelay(n, clock.Now().Sub(start), first, max))
		if !deadline.IsZero() {
			remaining := deadline.Sub(clock.Now())
			if remaining <= 0 {
				return last, &TimeoutError{What: w.What, LastStatus: lastStatus, Timeout: w.Timeout}
			}
			d = min(d, remaining)
		}
		if err := clock.Sleep(ctx, d); err != nil {
			return last, w.timeoutOr(ctx, lastStatus, nil)
		}
	}
}

// timeoutOr reports the end of ctx: a timeout when its deadline passed,
// otherwise the cancellation.
func (w Waiter[T]) timeoutOr(ctx context.Context, lastStatus string, lastErr error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &TimeoutError{What: w.What, LastStatus: lastStatus, Timeout: w.Timeout, LastErr: lastErr}
	}
	return fmt.Errorf("waiting for %s: %w", w.What, ctx.Err())
}
