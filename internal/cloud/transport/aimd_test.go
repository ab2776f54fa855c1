package transport

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// At the maximum, calls are spaced 1/rate apart with no burst; a late
// wake-up keeps the schedule, an idle spell does not become a burst.
func TestAdaptiveLimiter_spacing(t *testing.T) {
	l := newAdaptiveLimiter(20, 1)
	if d := l.take(t0); d != 0 {
		t.Fatalf("first call waits %s", d)
	}
	if d := l.take(t0); d != ms(50) {
		t.Fatalf("second call at once waits %s, want 50ms", d)
	}
	if d := l.take(t0.Add(ms(52))); d != 0 {
		t.Fatalf("at 52ms: waits %s", d)
	}
	// Woken 2ms late: the next slot is still at 100ms, not 102ms.
	if d := l.take(t0.Add(ms(60))); d != ms(40) {
		t.Fatalf("at 60ms: waits %s, want 40ms", d)
	}
	// Idle for a second: one call goes, the next waits a full step.
	idle := t0.Add(time.Second)
	if l.take(idle) != 0 || l.take(idle) != ms(50) {
		t.Fatal("an idle spell turned into a burst")
	}
}

// With a burst, an idle spell lets half a second's calls (at most the
// burst) go at once, then the spacing resumes; after a cut the burst is
// half a second's worth at the new rate.
func TestAdaptiveLimiter_burst(t *testing.T) {
	l := newAdaptiveLimiter(20, 10)
	for i := range 10 {
		if d := l.take(t0); d != 0 {
			t.Fatalf("call %d of the burst waits %s", i+1, d)
		}
	}
	if d := l.take(t0); d != ms(50) {
		t.Fatalf("the call after the burst waits %s, want 50ms", d)
	}
	// A second later the schedule is a second behind: again ten at once, not twenty.
	later := t0.Add(time.Second)
	for i := range 10 {
		if d := l.take(later); d != 0 {
			t.Fatalf("call %d of the second burst waits %s", i+1, d)
		}
	}
	if d := l.take(later); d == 0 {
		t.Fatal("an idle second turned into more than ten calls at once")
	}
	l.throttled(later, later) // 10/s
	idle := later.Add(10 * time.Second)
	n := 0
	for l.take(idle) == 0 {
		n++
	}
	if n != 5 {
		t.Fatalf("after a cut to 10/s, %d calls went at once, want 5", n)
	}
}

// A throttling answer halves the rate once per round: answers to calls
// sent before the cut do not cut again; the rate has a floor.
func TestAdaptiveLimiter_multiplicativeDecrease(t *testing.T) {
	l := newAdaptiveLimiter(20, 1)
	if r, cut := l.throttled(t0, t0.Add(ms(10))); !cut || r != 10 {
		t.Fatalf("first throttling answer: rate %g cut %v, want 10 true", r, cut)
	}
	// Sent at 5ms, before the cut at 10ms: already accounted for.
	if r, cut := l.throttled(t0.Add(ms(5)), t0.Add(ms(20))); cut || r != 10 {
		t.Fatalf("answer to a call sent before the cut: rate %g cut %v, want 10 false", r, cut)
	}
	if r, cut := l.throttled(t0.Add(ms(30)), t0.Add(ms(40))); !cut || r != 5 {
		t.Fatalf("answer to a call sent after the cut: rate %g cut %v, want 5 true", r, cut)
	}
	now := t0.Add(ms(40))
	for range 20 {
		now = now.Add(ms(10))
		l.throttled(now, now)
	}
	if got, want := l.currentRate(), 20*aimdMinFraction; got != want {
		t.Fatalf("rate after many cuts %g, want the floor %g", got, want)
	}
}

// A cut also moves the slot already scheduled out to the new spacing.
func TestAdaptiveLimiter_cutAppliesToWaitingCalls(t *testing.T) {
	l := newAdaptiveLimiter(20, 1)
	l.take(t0) // next slot at 50ms
	l.throttled(t0, t0.Add(ms(1)))
	if d := l.take(t0.Add(ms(1))); d != ms(99) {
		t.Fatalf("after the cut the next call waits %s, want 99ms (slot at 100ms)", d)
	}
}

// Accepted answers add aimdIncrease per second of answers at the current
// rate, never beyond the maximum: from half the maximum back to it in
// (max/2)/aimdIncrease seconds.
func TestAdaptiveLimiter_additiveIncrease(t *testing.T) {
	l := newAdaptiveLimiter(20, 1)
	l.throttled(t0, t0)
	l.accepted()
	if got, want := l.currentRate(), 10+aimdIncrease/10; math.Abs(got-want) > 1e-9 {
		t.Fatalf("one answer at 10/s: rate %g, want %g", got, want)
	}
	now, sent := t0, 1
	for l.currentRate() < 20 {
		if d := l.take(now); d > 0 {
			now = now.Add(d)
			continue
		}
		l.accepted()
		sent++
		if sent > 1000 {
			t.Fatal("never back at the maximum")
		}
	}
	took := now.Sub(t0).Seconds()
	if want := 10 / aimdIncrease; took < want*0.8 || took > want*1.2 {
		t.Fatalf("back at the maximum after %.2fs of answers, want about %.2fs", took, want)
	}
	for range 100 {
		l.accepted()
	}
	if l.currentRate() != 20 {
		t.Fatalf("rate %g above the maximum", l.currentRate())
	}
}

// Four processes with a limiter each share one account-wide quota (a token
// bucket like the service's). Simulated: every process always has a call
// ready, answers are immediate, the order of calls within a millisecond is
// random (with a fixed seed). The quota stays used, nobody starves, and
// when three processes are done the fourth takes the whole quota back
// within seconds.
func TestAdaptiveLimiter_sharedQuota(t *testing.T) {
	const quota = 20
	bucket := rate.NewLimiter(quota, quota)
	var procs [4]*adaptiveLimiter
	for i := range procs {
		procs[i] = newAdaptiveLimiter(quota, aimdBurst)
	}
	var accepted [4]int
	throttled, early, late := 0, 0, 0
	const tick = time.Millisecond
	rng := rand.New(rand.NewPCG(1, 2))
	for now := t0; now.Before(t0.Add(20 * time.Second)); now = now.Add(tick) {
		active := len(procs)
		if now.Sub(t0) >= 10*time.Second {
			active = 1
		}
		// Who asks first within one millisecond is chance.
		for _, i := range rng.Perm(len(procs)) {
			if i >= active || procs[i].take(now) != 0 {
				continue
			}
			if bucket.AllowN(now, 1) {
				procs[i].accepted()
				accepted[i]++
				switch elapsed := now.Sub(t0); {
				case elapsed < 10*time.Second:
					early++
				case elapsed >= 15*time.Second:
					late++
				}
			} else {
				procs[i].throttled(now, now)
				throttled++
			}
		}
	}
	t.Logf("accepted %v (first 10 s: %d), throttled %d, last 5 s %d", accepted, early, throttled, late)
	// The quota of the first 10 s: 200 calls plus the bucket's burst.
	if early < 0.9*10*quota {
		t.Errorf("four processes sent %d calls in 10 s, want >= %d (the quota is %d)", early, int(0.9*10*quota), 10*quota)
	}
	for i, n := range accepted[1:] {
		// Nobody starves. AIMD converges to fair shares (50 each in 10 s)
		// only over many cuts, so this asks for 40% of it.
		if n < 20 {
			t.Errorf("process %d sent %d calls in 10 s, want >= 20: %v", i+1, n, accepted)
		}
	}
	if late < 0.9*5*quota {
		t.Errorf("alone for the last 5 s, the fourth process sent %d calls, want >= %d", late, int(0.9*5*quota))
	}
	if throttled > early/2 {
		t.Errorf("%d throttling answers for %d accepted calls", throttled, early)
	}
}

// A wait that would pass the deadline fails at once as the deadline.
func TestAdaptiveLimiter_waitPastDeadline(t *testing.T) {
	l := newAdaptiveLimiter(0.001, aimdBurst)
	if err := l.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := l.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
}
