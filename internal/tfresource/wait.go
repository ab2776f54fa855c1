package tfresource

import (
	"context"
	"errors"
	"fmt"
	"time"
)

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
	// Poll, when set, replaces Refresh and the waits between polls (Delay
	// included), for a poller that answers many waits with one read (e.g.
	// one page of a list for every export of a topic): the waiter passes
	// how long it would have slept before polling, and Poll answers from a
	// read that begins after the call and at the latest that long after it
	// (or right after a read under way ends). A poll sooner is fine. The
	// delays, the deadline and every answer are handled as for Refresh;
	// after a failed poll's backoff, within is zero.
	Poll func(ctx context.Context, within time.Duration) (obj T, status string, err error)
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

// Wait polls Refresh (or Poll) until a Target status, an unexpected status, an error,
// the timeout or ctx's end. It returns the last object seen.
func (w Waiter[T]) Wait(ctx context.Context) (T, error) {
	p := w.begin()
	if err := p.initialDelay(ctx); err != nil {
		var zero T
		return zero, err
	}
	for n := 0; ; n++ {
		obj, status, err := p.refresh(ctx)
		if err != nil {
			if err := p.outage(ctx, err); err != nil {
				return p.last, err
			}
			continue
		}
		p.failures, p.lastErr = 0, nil
		if status == "" {
			if err := p.notFoundAnswer(ctx); err != nil {
				return p.last, err
			}
		} else if done, err := p.statusAnswer(ctx, obj, status); done {
			return obj, err
		}
		if err := p.pause(ctx, n); err != nil {
			return p.last, err
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
