package tfresource

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeClock advances only when the poller sleeps.
type fakeClock struct {
	now     time.Time
	sleeps  []time.Duration
	onSleep func()
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	if c.onSleep != nil {
		c.onSleep()
	}
	return ctx.Err()
}

type obj struct{ status, reason string }

// script returns statuses in order, repeating the last one.
func script(statuses ...string) StatusFunc[*obj] {
	i := 0
	return func(context.Context) (*obj, string, error) {
		s := statuses[min(i, len(statuses)-1)]
		i++
		if s == "" {
			return nil, "", nil
		}
		return &obj{status: s, reason: "reason for " + s}, s, nil
	}
}

func waiter(clock *fakeClock, refresh StatusFunc[*obj], timeout time.Duration) Waiter[*obj] {
	return Waiter[*obj]{
		What: "test export", Pending: []string{"Queuing", "Processing"}, Target: []string{"Completed"},
		Refresh: refresh, Timeout: timeout, First: 250 * time.Millisecond, Max: 10 * time.Second,
		Reason: func(o *obj) string { return o.reason }, Clock: clock,
	}
}

func TestDelays(t *testing.T) {
	want := []time.Duration{250, 500, 1000, 2000, 4000, 8000, 10000, 10000}
	for n, w := range want {
		if got := Delays(n, 250*time.Millisecond, 10*time.Second); got != w*time.Millisecond {
			t.Errorf("Delays(%d) = %s, want %s", n, got, w*time.Millisecond)
		}
	}
}

func TestWait_backoffSequenceAndTarget(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	statuses := []string{"Queuing", "Queuing", "Processing", "Processing", "Processing", "Processing", "Processing", "Processing", "Completed"}
	got, err := waiter(clock, script(statuses...), time.Hour).Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.status != "Completed" {
		t.Fatalf("status = %q", got.status)
	}
	if len(clock.sleeps) != len(statuses)-1 {
		t.Fatalf("sleeps = %d, want %d", len(clock.sleeps), len(statuses)-1)
	}
	elapsed := time.Duration(0)
	for n, d := range clock.sleeps {
		step := PollDelay(n, elapsed, 250*time.Millisecond, 10*time.Second)
		elapsed += d
		if d > step || d < step*4/5 {
			t.Errorf("sleep %d = %s, want within [%s, %s]", n, d, step*4/5, step)
		}
	}
}

// PollDelay grows exponentially but never beyond max(750ms, elapsed/15) nor
// the 10s cap, so completion is noticed within max(1s, 10% of run time).
func TestPollDelay(t *testing.T) {
	first, limit := 250*time.Millisecond, 10*time.Second
	cases := []struct {
		n       int
		elapsed time.Duration
		want    time.Duration
	}{
		{0, 0, 250 * time.Millisecond},
		{1, 250 * time.Millisecond, 500 * time.Millisecond},
		{2, 750 * time.Millisecond, 750 * time.Millisecond},
		{5, 10 * time.Second, 750 * time.Millisecond},
		{8, 60 * time.Second, 4 * time.Second},
		{20, 10 * time.Minute, 10 * time.Second},
	}
	for _, tc := range cases {
		if got := PollDelay(tc.n, tc.elapsed, first, limit); got != tc.want {
			t.Errorf("PollDelay(%d, %s) = %s, want %s", tc.n, tc.elapsed, got, tc.want)
		}
	}
	// The bound the bench checks: for any completion time D, the gap between
	// the last poll before D and the first poll after it is at most max(1s, D/10).
	for _, d := range []time.Duration{2 * time.Second, 10 * time.Second, 60 * time.Second, 25 * time.Minute} {
		elapsed := time.Duration(0)
		for n := 0; elapsed < d; n++ {
			elapsed += PollDelay(n, elapsed, first, limit)
		}
		if late, bound := elapsed-d, max(time.Second, d/10); late > bound {
			t.Errorf("completion at %s noticed %s late, bound %s", d, late, bound)
		}
	}
}

func TestWait_unexpectedStatusCarriesReason(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	_, err := waiter(clock, script("Queuing", "Failed"), time.Hour).Wait(context.Background())
	var use *UnexpectedStateError
	if !errors.As(err, &use) || use.Status != "Failed" || use.Reason != "reason for Failed" {
		t.Fatalf("error = %#v", err)
	}
}

func TestWait_deadline(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	_, err := waiter(clock, script("Processing"), 30*time.Second).Wait(context.Background())
	var te *TimeoutError
	if !errors.As(err, &te) || te.LastStatus != "Processing" {
		t.Fatalf("error = %v, want timeout", err)
	}
	var total time.Duration
	for _, d := range clock.sleeps {
		total += d
	}
	if total != 30*time.Second {
		t.Fatalf("slept %s in total, want exactly the 30s timeout", total)
	}
}

func TestWait_cancellation(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	ctx, cancel := context.WithCancel(context.Background())
	clock.onSleep = cancel
	_, err := waiter(clock, script("Processing"), time.Hour).Wait(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if len(clock.sleeps) != 1 {
		t.Fatalf("sleeps = %d, want 1", len(clock.sleeps))
	}
}

func TestWait_notFoundTolerance(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	if _, err := waiter(clock, script("", "", "Completed"), time.Hour).Wait(context.Background()); err != nil {
		t.Fatalf("two not-found answers then Completed: %v", err)
	}
	clock = &fakeClock{now: time.Unix(0, 0)}
	_, err := waiter(clock, script(""), time.Hour).Wait(context.Background())
	if !NotFound(err) {
		t.Fatalf("error = %v, want not found", err)
	}
}
