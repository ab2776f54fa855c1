package transport

import (
	"context"
	"math"
	"sync"
	"time"
)

// adaptiveLimiter paces the calls of one action by the transports that
// share it (the clients of one account in one provider configuration, see
// Limiters). A cloud's documented rate (CLS: 20 requests per second per
// action) is the quota of the account, not of one client: other processes
// (parallel applies, CI jobs, other tools) draw on the same quota. So the rate adapts to the
// throttling answers, AIMD as in TCP congestion control:
//
//   - it starts at, and never exceeds, the documented maximum;
//   - a throttling answer to a call sent after the last cut halves it
//     (answers to calls sent earlier were sent at the old rate and are
//     already accounted for), down to aimdMinFraction of the maximum;
//   - every other answer adds aimdIncrease/rate, that is aimdIncrease
//     requests per second per second of answers, so that a process whose
//     neighbours are done is back at the maximum within seconds.
//
// Calls are spaced 1/rate apart; after an idle spell up to burst of them
// may go at once (half a second's worth at the current rate, at most the
// configured burst), so that a wave of creates does not begin a second
// behind. Half, not a whole second: the service's own bucket (one second's
// worth, in the emulator) keeps the other half to absorb timing jitter, so
// the steady 1/rate spacing after the burst is not throttled. A cut applies
// at once, also to calls already waiting (they re-check the schedule when
// they wake).
type adaptiveLimiter struct {
	max   float64
	burst float64

	mu   sync.Mutex
	rate float64
	// next is the earliest time the next call may be sent.
	next time.Time
	// lastCut is when the rate was last cut.
	lastCut time.Time
}

const (
	// aimdDecrease multiplies the rate on a throttling answer.
	aimdDecrease = 0.5
	// aimdIncrease is the additive increase, in requests per second gained
	// per second of accepted calls.
	aimdIncrease = 4.0
	// aimdMinFraction is the floor of the rate as a fraction of the maximum.
	aimdMinFraction = 1.0 / 20
	// aimdBurst bounds how many calls may go at once after an idle spell.
	aimdBurst = 10.0
)

func newAdaptiveLimiter(max, burst float64) *adaptiveLimiter {
	return &adaptiveLimiter{max: max, burst: burst, rate: max}
}

// currentBurst is half a second's calls at the current rate, at most the
// configured burst, at least one.
func (l *adaptiveLimiter) currentBurst() float64 {
	return max(1, min(l.burst, math.Floor(l.rate/2)))
}

func interval(rate float64) time.Duration { return time.Duration(float64(time.Second) / rate) }

// take claims the next slot at now: it returns 0 when the call may go now
// (the slot is then taken), else how long to wait before asking again.
func (l *adaptiveLimiter) take(now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Before(l.next) {
		return l.next.Sub(now)
	}
	step := interval(l.rate)
	// A call that wakes a little late keeps the schedule (no slot is lost
	// to timer latency); after an idle spell the schedule may lag behind
	// now by at most currentBurst-1 slots, so idle time turns into at most
	// that many calls at once.
	base := l.next
	if b := l.currentBurst(); now.Sub(base) >= time.Duration(float64(step)*b) {
		base = now.Add(-time.Duration(float64(step) * (b - 1)))
	}
	l.next = base.Add(step)
	return 0
}

// throttled records a throttling answer at now to a call sent at sent and
// reports the rate after it and whether it was cut.
func (l *adaptiveLimiter) throttled(sent, now time.Time) (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sent.Before(l.lastCut) {
		return l.rate, false
	}
	old := l.rate
	l.rate = max(l.max*aimdMinFraction, l.rate*aimdDecrease)
	l.lastCut = now
	// The slot already scheduled moves out to the new spacing.
	l.next = l.next.Add(interval(l.rate) - interval(old))
	return l.rate, true
}

// accepted records an answer that was not a throttling one.
func (l *adaptiveLimiter) accepted() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rate = min(l.max, l.rate+aimdIncrease/l.rate)
}

// currentRate is the rate in requests per second.
func (l *adaptiveLimiter) currentRate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate
}

// wait blocks until the call may be sent. A wait that would pass ctx's
// deadline fails at once with context.DeadlineExceeded, so that pollers
// treat it as the timeout it is.
func (l *adaptiveLimiter) wait(ctx context.Context) error {
	for {
		now := time.Now()
		d := l.take(now)
		if d == 0 {
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && now.Add(d).After(deadline) {
			return context.DeadlineExceeded
		}
		if err := SleepContext(ctx, d); err != nil {
			return err
		}
	}
}
