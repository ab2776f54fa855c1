package tfresource

import (
	"context"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// polling is one Wait under way: the Waiter with its defaults applied, and
// what the polls so far have told.
type polling[T any] struct {
	w         Waiter[T]
	clock     Clock
	first     time.Duration
	max       time.Duration
	nfLimit   int
	transient func(error) bool
	start     time.Time
	// deadline is zero when only ctx bounds the wait.
	deadline time.Time

	last       T
	lastStatus string
	notFound   int   // consecutive not-found answers
	seen       bool  // the object has been found at least once
	failures   int   // consecutive transient errors
	lastErr    error // the last of them
	// within is the wait the next Poll may take (Waiter.Poll): the delay
	// the waiter would otherwise have slept.
	within time.Duration
}

// begin starts a wait: the defaults of w applied, its clock started.
func (w Waiter[T]) begin() *polling[T] {
	p := &polling[T]{w: w, clock: w.Clock, first: w.First, max: w.Max, nfLimit: w.NotFoundChecks, transient: w.Transient}
	if p.clock == nil {
		p.clock = RealClock
	}
	if p.first == 0 {
		p.first = 250 * time.Millisecond
	}
	if p.max == 0 {
		p.max = 10 * time.Second
	}
	if p.nfLimit == 0 {
		p.nfLimit = 3
	}
	if p.transient == nil {
		p.transient = transport.IsTransient
	}
	p.start = p.clock.Now()
	if w.Timeout > 0 {
		p.deadline = p.start.Add(w.Timeout)
	}
	return p
}

// elapsed is the time since the wait began.
func (p *polling[T]) elapsed() time.Duration { return p.clock.Now().Sub(p.start) }

// initialDelay waits the Waiter's Delay (never past the deadline) before
// the first poll.
func (p *polling[T]) initialDelay(ctx context.Context) error {
	if p.w.Delay <= 0 {
		return nil
	}
	d := p.w.Delay
	if !p.deadline.IsZero() {
		d = min(d, p.deadline.Sub(p.start))
	}
	return p.sleep(ctx, d, "")
}

// sleep waits d before the next poll, or hands d to the next Poll (see
// Waiter.Poll), which then does the waiting.
func (p *polling[T]) sleep(ctx context.Context, d time.Duration, lastStatus string) error {
	if p.w.Poll != nil {
		p.within = d
		return nil
	}
	if err := p.clock.Sleep(ctx, d); err != nil {
		return p.w.timeoutOr(ctx, lastStatus, nil)
	}
	return nil
}

// refresh polls once: Refresh, or Poll with the wait it may take.
func (p *polling[T]) refresh(ctx context.Context) (T, string, error) {
	if p.w.Poll == nil {
		return p.w.Refresh(ctx)
	}
	within := p.within
	p.within = 0
	return p.w.Poll(ctx, within)
}

// outage handles a failed poll: nil once the backoff after a transient
// error (connection refused, 5xx, throttling) is over, so the wait polls
// again; else the error that ends the wait.
func (p *polling[T]) outage(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return p.w.timeoutOr(ctx, p.lastStatus, p.lastErr)
	}
	if !p.transient(err) {
		return err
	}
	// The export runs on regardless, so keep asking until the time is up.
	p.failures++
	p.lastErr = err
	d := jitter(Delays(p.failures-1, p.first, p.max))
	fields := map[string]any{"object": p.w.What, "error": err.Error(), "consecutive_failures": p.failures, "retry_in_ms": d.Milliseconds()}
	if !p.deadline.IsZero() {
		remaining := p.deadline.Sub(p.clock.Now())
		if remaining <= 0 {
			return &TimeoutError{What: p.w.What, LastStatus: p.lastStatus, Timeout: p.w.Timeout, LastErr: err}
		}
		fields["time_left_s"] = int(remaining.Seconds())
		d = min(d, remaining)
	}
	tflog.Warn(ctx, "polling failed; retrying until the timeout", fields)
	if err := p.clock.Sleep(ctx, d); err != nil {
		return p.w.timeoutOr(ctx, p.lastStatus, p.lastErr)
	}
	return nil
}

// notFoundAnswer counts a poll that did not find the object: a
// *NotFoundError once more than NotFoundChecks came in a row, unless the
// object was never seen and the write may still be propagating.
func (p *polling[T]) notFoundAnswer(ctx context.Context) error {
	p.notFound++
	propagating := !p.seen && p.elapsed() < p.w.Propagation
	if !propagating && p.notFound > p.nfLimit {
		return &NotFoundError{What: p.w.What}
	}
	if propagating {
		tflog.Debug(ctx, "not visible yet; waiting for the write to propagate", map[string]any{"object": p.w.What, "elapsed_s": int(p.elapsed().Seconds())})
	}
	return nil
}

// statusAnswer records a poll that found obj in status and logs it; done
// when the status ends the wait: a Target (nil error) or an unexpected one.
func (p *polling[T]) statusAnswer(ctx context.Context, obj T, status string) (done bool, err error) {
	p.notFound, p.seen = 0, true
	p.last, p.lastStatus = obj, status
	fields := map[string]any{"object": p.w.What, "status": status, "elapsed_s": int(p.elapsed().Seconds())}
	if p.w.Progress != nil {
		for k, v := range p.w.Progress(obj) {
			fields[k] = v
		}
	}
	switch {
	case slices.Contains(p.w.Target, status):
		tflog.Info(ctx, "export finished", fields)
		return true, nil
	case slices.Contains(p.w.Pending, status):
		tflog.Info(ctx, "export still running", fields)
		return false, nil
	}
	reason := ""
	if p.w.Reason != nil {
		reason = p.w.Reason(obj)
	}
	return true, &UnexpectedStateError{What: p.w.What, Status: status, Reason: reason, Expected: p.w.Target}
}

// pause waits before poll n+1 (see PollDelay), never past the deadline.
func (p *polling[T]) pause(ctx context.Context, n int) error {
	d := jitter(PollDelay(n, p.elapsed(), p.first, p.max))
	if !p.deadline.IsZero() {
		remaining := p.deadline.Sub(p.clock.Now())
		if remaining <= 0 {
			return &TimeoutError{What: p.w.What, LastStatus: p.lastStatus, Timeout: p.w.Timeout}
		}
		d = min(d, remaining)
	}
	return p.sleep(ctx, d, p.lastStatus)
}
