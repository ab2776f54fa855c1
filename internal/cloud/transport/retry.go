package transport

import (
	"context"
	"math/rand/v2"
	"time"
)

// ThrottledRetriesPerRetry sizes the budget of retries after throttling
// answers: this many per retry MaxRetries allows (20 by default, none when
// retries are off). A throttling answer proves the call had no effect, and
// the client-side rate slows down with each (see adaptiveLimiter), so
// retrying is safe and does not add to the load; but when several processes
// share a quota, a call may be refused a few times in a row by chance,
// which a budget of MaxRetries alone would turn into an error.
const ThrottledRetriesPerRetry = 4

func (t *Transport) throttledRetries() int { return ThrottledRetriesPerRetry * t.cfg.MaxRetries }

// Backoff returns the delay before retry number attempt (1-based): exponential
// from base, capped at max, with full jitter over the upper half so that the
// delay is never below half of the exponential step.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// SleepContext waits for d or until ctx is done.
func SleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// retryAfterFailure spends one retry of the failure budget (network
// failures, 5xx, answers cut short) on err, which is kept as the last error;
// it reports false, spending nothing, when the budget is used up.
func (c *call) retryAfterFailure(err error) bool {
	if c.retries >= c.t.cfg.MaxRetries {
		return false
	}
	c.retries++
	c.lastErr = err
	return true
}

// retryAfterThrottling spends one retry of the throttling budget on err, as
// retryAfterFailure.
func (c *call) retryAfterThrottling(err error) bool {
	if c.throttled >= c.t.throttledRetries() {
		return false
	}
	c.throttled++
	c.lastErr = err
	return true
}
