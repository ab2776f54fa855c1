package tfresource

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
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

// Delay is waited once before the first poll, and never past the timeout.
func TestWait_delayBeforeFirstPoll(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	var polledAt []time.Time
	refresh := func(context.Context) (*obj, string, error) {
		polledAt = append(polledAt, clock.now)
		return &obj{status: "Completed"}, "Completed", nil
	}
	w := waiter(clock, refresh, time.Hour)
	w.Delay = 400 * time.Millisecond
	if _, err := w.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(polledAt) != 1 || !polledAt[0].Equal(time.Unix(0, 0).Add(400*time.Millisecond)) {
		t.Fatalf("polls at %v, want one at 400ms", polledAt)
	}

	clock = &fakeClock{now: time.Unix(0, 0)}
	w = waiter(clock, script("Queuing"), 100*time.Millisecond)
	w.Delay = time.Second
	_, err := w.Wait(context.Background())
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("want a timeout, got %v", err)
	}
	if waited := clock.now.Sub(time.Unix(0, 0)); waited > 100*time.Millisecond {
		t.Errorf("waited %s before the first poll, past the 100ms timeout", waited)
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

// An outage during the wait (connection refused, 5xx) is waited out: the
// poller keeps asking with backoff and finishes when the API answers again.
func TestWait_transientErrorsRetriedUntilAnswer(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	calls := 0
	refresh := func(context.Context) (*obj, string, error) {
		calls++
		switch {
		case calls == 1:
			return &obj{status: "Processing"}, "Processing", nil
		case calls <= 8: // 7 failed polls, about 30 s of outage
			return nil, "", fmt.Errorf("calling DescribeExports: %w", &url.Error{Op: "Post", URL: "http://x", Err: refused})
		default:
			return &obj{status: "Completed"}, "Completed", nil
		}
	}
	got, err := waiter(clock, refresh, 10*time.Minute).Wait(context.Background())
	if err != nil {
		t.Fatalf("wait failed during a short outage: %v", err)
	}
	if got.status != "Completed" || calls != 9 {
		t.Fatalf("got %+v after %d calls", got, calls)
	}
	// Backoff: each delay during the outage is at least the one before.
	for i := 2; i < len(clock.sleeps)-1; i++ {
		if clock.sleeps[i] < clock.sleeps[i-1]*7/10 {
			t.Fatalf("delays shrink during the outage: %v", clock.sleeps)
		}
	}
}

// An outage that outlasts the timeout ends in a TimeoutError that carries
// the last error; a non-transient error ends the wait at once.
func TestWait_transientErrorsUntilTimeout(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	calls := 0
	refresh := func(context.Context) (*obj, string, error) {
		calls++
		return nil, "", &url.Error{Op: "Post", URL: "http://x", Err: syscall.ECONNRESET}
	}
	_, err := waiter(clock, refresh, time.Minute).Wait(context.Background())
	var te *TimeoutError
	if !errors.As(err, &te) || te.LastErr == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("err = %v, want a timeout naming the last error", err)
	}
	if calls < 5 || clock.now.Sub(time.Unix(0, 0)) < time.Minute {
		t.Fatalf("gave up after %d calls and %s, before the timeout", calls, clock.now.Sub(time.Unix(0, 0)))
	}

	calls = 0
	permanent := func(context.Context) (*obj, string, error) {
		calls++
		return nil, "", errors.New("AuthFailure: the signature is wrong")
	}
	if _, err := waiter(clock, permanent, time.Minute).Wait(context.Background()); err == nil || calls != 1 {
		t.Fatalf("permanent error: err=%v after %d calls, want it returned at once", err, calls)
	}
}

func TestRetryWhileFound(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name      string
		answers   []bool // found, call by call; the last repeats
		err       error
		wantFound bool
		wantErr   error
		wantCalls int
	}{
		{name: "gone at once", answers: []bool{false}, wantCalls: 1},
		{name: "gone on the third call", answers: []bool{true, true, false}, wantCalls: 3},
		// 200, 400, 800, 1600 ms, then the 1 s left of the 4 s bound.
		{name: "still there at the bound", answers: []bool{true}, wantFound: true, wantCalls: 6},
		{name: "error ends it", answers: []bool{true}, err: boom, wantFound: true, wantErr: boom, wantCalls: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Unix(0, 0)}
			calls := 0
			found, err := RetryWhileFound(context.Background(), 4*time.Second, clock, func(context.Context) (bool, error) {
				a := tc.answers[min(calls, len(tc.answers)-1)]
				calls++
				return a, tc.err
			})
			if found != tc.wantFound || !errors.Is(err, tc.wantErr) || calls != tc.wantCalls {
				t.Errorf("found, err, calls = %v, %v, %d; want %v, %v, %d", found, err, calls, tc.wantFound, tc.wantErr, tc.wantCalls)
			}
			if total := clock.now.Sub(time.Unix(0, 0)); total > 4*time.Second {
				t.Errorf("waited %s, more than the 4s bound", total)
			}
		})
	}
}

// Propagation bounds how long "not found" before the first sighting is
// taken for a write not visible yet: the wait for an export never listed
// fails as not found once that bound has passed (the caller's
// read_after_write_timeout, not a fixed two minutes), and zero believes
// "not found" after NotFoundChecks answers.
func TestWait_propagationBound(t *testing.T) {
	for _, bound := range []time.Duration{0, 10 * time.Second, 90 * time.Second} {
		clock := &fakeClock{now: time.Unix(0, 0)}
		polls := 0
		refresh := func(context.Context) (*obj, string, error) { polls++; return nil, "", nil }
		w := waiter(clock, refresh, time.Hour)
		w.Propagation = bound
		_, err := w.Wait(context.Background())
		if !NotFound(err) {
			t.Fatalf("bound %s: error = %v, want not found", bound, err)
		}
		waited := clock.now.Sub(time.Unix(0, 0))
		// The last poll before the bound may be up to one capped delay
		// (10 s) before it, so the failing poll comes at most that late.
		if waited < bound || waited > bound+10*time.Second {
			t.Errorf("bound %s: failed as not found after %s of polling (%d polls), want between %s and %s", bound, waited, polls, bound, bound+10*time.Second)
		}
		if bound == 0 && polls != 4 {
			t.Errorf("no bound: %d polls, want 4 (three not-found answers tolerated)", polls)
		}
	}
}
