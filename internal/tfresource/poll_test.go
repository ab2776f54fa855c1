package tfresource

import (
	"context"
	"errors"
	"testing"
	"time"
)

// pollOn is a Waiter.Poll that waits within on the fake clock (as a shared
// poller would, at the latest) and then answers from refresh, recording
// each within.
func pollOn(clock *fakeClock, refresh StatusFunc[*obj], withins *[]time.Duration) func(context.Context, time.Duration) (*obj, string, error) {
	return func(ctx context.Context, within time.Duration) (*obj, string, error) {
		*withins = append(*withins, within)
		if err := clock.Sleep(ctx, within); err != nil {
			return nil, "", err
		}
		return refresh(ctx)
	}
}

// TestWait_pollTakesTheDelays: with Poll, the waiter sleeps nothing itself
// and hands each poll the delay it would have slept (Delay first, then the
// PollDelay sequence), so the wait ends as with Refresh.
func TestWait_pollTakesTheDelays(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	statuses := []string{"Queuing", "Processing", "Processing", "Processing", "Processing", "Processing", "Completed"}
	var withins []time.Duration
	w := waiter(clock, nil, time.Hour)
	w.Delay = 400 * time.Millisecond
	w.Poll = pollOn(clock, script(statuses...), &withins)
	got, err := w.Wait(context.Background())
	if err != nil || got.status != "Completed" {
		t.Fatalf("Wait = %v, %v", got, err)
	}
	if len(withins) != len(statuses) || len(clock.sleeps) != len(statuses) {
		t.Fatalf("polls %d, sleeps %d (all in Poll), want %d each", len(withins), len(clock.sleeps), len(statuses))
	}
	if withins[0] != w.Delay {
		t.Errorf("first poll within %s, want the Delay %s", withins[0], w.Delay)
	}
	elapsed := withins[0]
	for n, d := range withins[1:] {
		step := PollDelay(n, elapsed, 250*time.Millisecond, 10*time.Second)
		elapsed += d
		if d > step || d < step*4/5 {
			t.Errorf("poll %d within %s, want within [%s, %s]", n+1, d, step*4/5, step)
		}
	}
}

// TestWait_pollDeadlineAndCancellation: with Poll, a wait that runs out of
// time and one cancelled end as with Refresh.
func TestWait_pollDeadlineAndCancellation(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	var withins []time.Duration
	w := waiter(clock, nil, 30*time.Second)
	w.Poll = pollOn(clock, script("Processing"), &withins)
	_, err := w.Wait(context.Background())
	var te *TimeoutError
	if !errors.As(err, &te) || te.LastStatus != "Processing" {
		t.Fatalf("error = %v, want timeout", err)
	}
	if waited := clock.now.Sub(time.Unix(0, 0)); waited != 30*time.Second {
		t.Errorf("waited %s, want exactly the 30s timeout", waited)
	}

	clock = &fakeClock{now: time.Unix(0, 0)}
	ctx, cancel := context.WithCancel(context.Background())
	clock.onSleep = cancel
	w = waiter(clock, nil, time.Hour)
	w.Poll = pollOn(clock, script("Processing"), &withins)
	if _, err := w.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}
