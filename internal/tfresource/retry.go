package tfresource

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
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
	return retryWhile[T]{
		timeout: timeout, clock: clock,
		again: func(_ T, err error) bool { return NotFound(err) },
		msg:   "not visible yet after a write; retrying",
	}.run(ctx, f)
}

// RetryWhileFound calls exists until it reports the object gone (false),
// fails, or timeout passes, backing off as RetryWhileNotFound does; it
// returns exists' last answer. Use it after a delete, which a list may
// still show for a while.
func RetryWhileFound(ctx context.Context, timeout time.Duration, clock Clock, exists func(context.Context) (bool, error)) (bool, error) {
	return retryWhile[bool]{
		timeout: timeout, clock: clock,
		again: func(found bool, err error) bool { return err == nil && found },
		msg:   "deletion not visible yet; retrying",
	}.run(ctx, exists)
}

// retryWhile repeats a call while again says its answer is not the final
// one, until timeout passes, logging msg at DEBUG before each retry.
type retryWhile[T any] struct {
	timeout time.Duration
	// clock defaults to RealClock.
	clock Clock
	again func(T, error) bool
	msg   string
}

// run calls f as r says; it returns f's last answer.
func (r retryWhile[T]) run(ctx context.Context, f func(context.Context) (T, error)) (T, error) {
	clock := r.clock
	if clock == nil {
		clock = RealClock
	}
	deadline := clock.Now().Add(r.timeout)
	for n := 0; ; n++ {
		v, err := f(ctx)
		if !r.again(v, err) {
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
		tflog.Debug(ctx, r.msg, fields)
		if err := clock.Sleep(ctx, d); err != nil {
			return v, err
		}
	}
}
