package cls

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// fakeClock advances only when the poller sleeps: no real time passes.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
	// onSleep runs before each sleep (e.g. to cancel a context).
	onSleep func(n int)
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.onSleep != nil {
		c.onSleep(len(c.sleeps))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

var testID = exportID{TopicID: "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b", ExportID: "export-1"}

// completesAt simulates an export that is Completed from start+d on.
func completesAt(c *fakeClock, d time.Duration, calls *int) tfresource.StatusFunc[*tencentcloud.Export] {
	start := c.now
	return func(context.Context) (*tencentcloud.Export, string, error) {
		*calls++
		st := tencentcloud.StatusProcessing
		if !c.now.Before(start.Add(d)) {
			st = tencentcloud.StatusCompleted
		}
		return &tencentcloud.Export{ExportID: testID.ExportID, Status: st}, st, nil
	}
}

func TestWaiterBackoffSequence(t *testing.T) {
	c := &fakeClock{now: time.Unix(0, 0)}
	var calls int
	_, err := exportWaiter(testID, completesAt(c, 2*time.Hour, &calls), 0, tfresource.PropagationTimeout, c).Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The first poll comes pollFirst after the create (a new export is
	// always queued first). Between polls, before jitter, the sequence is
	// 250ms, 500ms, 750ms, then 750ms until elapsed/15 exceeds it, growing
	// to the 10 s cap. Jitter takes at most 20%.
	within := func(i int, lo, hi time.Duration) {
		t.Helper()
		if d := c.sleeps[i]; d < lo || d > hi {
			t.Errorf("delay %d = %s, want within [%s, %s]", i, d, lo, hi)
		}
	}
	within(0, pollFirst, pollFirst)
	within(1, 200*time.Millisecond, 250*time.Millisecond)
	within(2, 400*time.Millisecond, 500*time.Millisecond)
	within(3, 600*time.Millisecond, 750*time.Millisecond)
	within(4, 600*time.Millisecond, 750*time.Millisecond)
	var elapsed time.Duration
	sawCap := false
	for i, d := range c.sleeps {
		if d > pollMax {
			t.Fatalf("delay %d = %s exceeds the %s cap", i, d, pollMax)
		}
		if bound := max(750*time.Millisecond, elapsed/15); d > bound {
			t.Errorf("delay %d = %s after %s exceeds max(750ms, elapsed/15) = %s", i, d, elapsed, bound)
		}
		if d >= pollMax*8/10 {
			sawCap = true
		}
		elapsed += d
	}
	if !sawCap {
		t.Errorf("a two-hour wait never reached the cap; longest delays %v", c.sleeps[len(c.sleeps)-3:])
	}
	if calls != len(c.sleeps) {
		t.Errorf("polls = %d, sleeps = %d (the first before the first poll)", calls, len(c.sleeps))
	}
}

// TestWaiterNoticesCompletionPromptly checks the promise "noticed done
// within max(1 s, 10% of the run time)" on the fake clock.
func TestWaiterNoticesCompletionPromptly(t *testing.T) {
	for _, d := range []time.Duration{300 * time.Millisecond, 2 * time.Second, 10 * time.Second, time.Minute, 30 * time.Minute} {
		t.Run(d.String(), func(t *testing.T) {
			c := &fakeClock{now: time.Unix(0, 0)}
			start := c.now
			var calls int
			if _, err := exportWaiter(testID, completesAt(c, d, &calls), time.Hour, tfresource.PropagationTimeout, c).Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			late := c.now.Sub(start) - d
			if allowed := max(time.Second, d/10); late > allowed {
				t.Errorf("noticed %s after completion, allowed %s", late, allowed)
			}
		})
	}
}

func TestWaiterDeadline(t *testing.T) {
	c := &fakeClock{now: time.Unix(0, 0)}
	var calls int
	_, err := exportWaiter(testID, completesAt(c, time.Hour, &calls), 5*time.Second, tfresource.PropagationTimeout, c).Wait(context.Background())
	var te *tfresource.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("want a timeout, got %v", err)
	}
	if te.LastStatus != tencentcloud.StatusProcessing {
		t.Errorf("last status %q", te.LastStatus)
	}
	if waited := c.now.Sub(time.Unix(0, 0)); waited > 5*time.Second {
		t.Errorf("waited %s past a 5s deadline", waited)
	}
}

func TestWaiterCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &fakeClock{now: time.Unix(0, 0)}
	c.onSleep = func(n int) {
		if n == 3 {
			cancel()
		}
	}
	var calls int
	_, err := exportWaiter(testID, completesAt(c, time.Hour, &calls), 0, tfresource.PropagationTimeout, c).Wait(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	// Sleeps 0 (before the first poll) to 2 are followed by a poll each.
	if calls != 3 {
		t.Errorf("polls after cancellation: %d, want 3", calls)
	}
}

func TestWaiterFailedAndNotFound(t *testing.T) {
	c := &fakeClock{now: time.Unix(0, 0)}
	failed := func(context.Context) (*tencentcloud.Export, string, error) {
		return &tencentcloud.Export{Status: tencentcloud.StatusFailed}, tencentcloud.StatusFailed, nil
	}
	_, err := exportWaiter(testID, failed, 0, tfresource.PropagationTimeout, c).Wait(context.Background())
	var ue *tfresource.UnexpectedStateError
	if !errors.As(err, &ue) || ue.Status != tencentcloud.StatusFailed || ue.Reason == "" {
		t.Fatalf("want an unexpected Failed state with a reason, got %v", err)
	}

	// A new export that is not listed yet is a write still propagating: the
	// waiter keeps polling (here 6 misses) until it shows up.
	var n int
	late := func(context.Context) (*tencentcloud.Export, string, error) {
		n++
		if n <= 6 {
			return nil, "", nil
		}
		return &tencentcloud.Export{Status: tencentcloud.StatusCompleted}, tencentcloud.StatusCompleted, nil
	}
	if _, err := exportWaiter(testID, late, 0, tfresource.PropagationTimeout, &fakeClock{}).Wait(context.Background()); err != nil {
		t.Errorf("a new export may be missing for a while: %v", err)
	}
	// Once seen, an export that vanishes for 4 polls is gone.
	n = 0
	vanished := func(context.Context) (*tencentcloud.Export, string, error) {
		n++
		if n == 1 {
			return &tencentcloud.Export{Status: tencentcloud.StatusProcessing}, tencentcloud.StatusProcessing, nil
		}
		return nil, "", nil
	}
	if _, err := exportWaiter(testID, vanished, 0, tfresource.PropagationTimeout, &fakeClock{}).Wait(context.Background()); !tfresource.NotFound(err) {
		t.Errorf("want not found for an export that vanished, got %v", err)
	}
	// Never seen within the propagation bound: gone.
	never := func(context.Context) (*tencentcloud.Export, string, error) { return nil, "", nil }
	c2 := &fakeClock{}
	if _, err := exportWaiter(testID, never, 0, tfresource.PropagationTimeout, c2).Wait(context.Background()); !tfresource.NotFound(err) {
		t.Errorf("want not found after the propagation bound, got %v", err)
	}
	// The bound is the one given (read_after_write_timeout), not a fixed
	// two minutes: 5 s, and the failing poll comes within one capped delay.
	c3 := &fakeClock{}
	if _, err := exportWaiter(testID, never, time.Hour, 5*time.Second, c3).Wait(context.Background()); !tfresource.NotFound(err) {
		t.Errorf("want not found after a 5 s propagation bound, got %v", err)
	}
	if w := c3.now.Sub(time.Time{}); w < 5*time.Second || w > 5*time.Second+pollMax {
		t.Errorf("an export never listed failed after %s with a 5 s propagation bound", w)
	}
}
