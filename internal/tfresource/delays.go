package tfresource

import (
	"math/rand/v2"
	"time"
)

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
