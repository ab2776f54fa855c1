package conns

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// ttlSource issues credentials valid for ttl on clock, counting the calls;
// block, when set, holds every call until it is closed.
type ttlSource struct {
	clock   *fakeClock
	ttl     time.Duration
	calls   atomic.Int32
	block   chan struct{}
	entered chan struct{} // gets a value when a call begins, if buffered
	err     error
}

func (s *ttlSource) Retrieve(context.Context) (Credentials, error) {
	n := s.calls.Add(1)
	select {
	case s.entered <- struct{}{}:
	default:
	}
	if s.block != nil {
		<-s.block
	}
	if s.err != nil {
		return Credentials{}, s.err
	}
	return Credentials{AccessKey: "STS.key", SecretKey: "secret", SecurityToken: string(rune('a' + n)), Expiration: s.clock.Now().Add(s.ttl)}, nil
}

func (s *ttlSource) Describe() string { return "a test source" }

// Over a long run of calls every few seconds, one-hour credentials are
// fetched a few times (before each expiry), never per call, and a call
// never gets expired credentials.
func TestCredentialCache_refreshesBeforeExpiryNotPerCall(t *testing.T) {
	for _, tc := range []struct {
		ttl, step, run   time.Duration
		wantMin, wantMax int32
	}{
		{ttl: time.Hour, step: 10 * time.Second, run: 5 * time.Hour, wantMin: 5, wantMax: 6},
		{ttl: 60 * time.Second, step: 5 * time.Second, run: 150 * time.Second, wantMin: 3, wantMax: 3},
	} {
		clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		src := &ttlSource{clock: clock, ttl: tc.ttl}
		cache := NewCredentialCache(src, clock.Now)
		calls := 0
		for elapsed := time.Duration(0); elapsed <= tc.run; elapsed += tc.step {
			c, err := cache.Get(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !clock.Now().Before(c.Expiration) {
				t.Fatalf("ttl %s: at +%s got credentials that expired at %s", tc.ttl, elapsed, c.Expiration)
			}
			calls++
			clock.Add(tc.step)
		}
		if n := src.calls.Load(); n < tc.wantMin || n > tc.wantMax {
			t.Errorf("ttl %s: %d refreshes for %d calls over %s, want %d to %d", tc.ttl, n, calls, tc.run, tc.wantMin, tc.wantMax)
		}
		if cache.Refreshes() != int(src.calls.Load()) {
			t.Errorf("Refreshes() = %d, source called %d times", cache.Refreshes(), src.calls.Load())
		}
	}
}

// Long-term keys (no expiration) are fetched once.
func TestCredentialCache_staticOnce(t *testing.T) {
	cache := NewCredentialCache(staticSource{creds: Credentials{AccessKey: "ak", SecretKey: "sk"}, name: "static"}, nil)
	for i := 0; i < 100; i++ {
		if _, err := cache.Get(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := cache.Refreshes(); n != 1 {
		t.Errorf("%d source calls for static keys, want 1", n)
	}
}

// Concurrent callers share one refresh.
func TestCredentialCache_concurrentCallersShareOneRefresh(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	src := &ttlSource{clock: clock, ttl: time.Hour, block: make(chan struct{}), entered: make(chan struct{}, 1)}
	cache := NewCredentialCache(src, clock.Now)
	var wg sync.WaitGroup
	got := make([]Credentials, 32)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := cache.Get(context.Background())
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		}()
	}
	<-src.entered // one caller is in the source; the others wait for it or find its answer
	close(src.block)
	wg.Wait()
	if n := src.calls.Load(); n != 1 {
		t.Errorf("%d source calls for 32 concurrent callers, want 1", n)
	}
	for i, c := range got {
		if c.SecurityToken != got[0].SecurityToken {
			t.Errorf("caller %d got token %q, caller 0 %q", i, c.SecurityToken, got[0].SecurityToken)
		}
	}
}

// A failed refresh keeps serving credentials that have not expired, and
// reports the failure once they have.
func TestCredentialCache_failedRefresh(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	src := &ttlSource{clock: clock, ttl: 100 * time.Second}
	cache := NewCredentialCache(src, clock.Now)
	if _, err := cache.Get(context.Background()); err != nil {
		t.Fatal(err)
	}
	src.err = errors.New("sts down")
	clock.Add(95 * time.Second) // inside the margin, not expired
	if _, err := cache.Get(context.Background()); err != nil {
		t.Fatalf("held credentials not expired yet, got %v", err)
	}
	clock.Add(10 * time.Second)
	if _, err := cache.Get(context.Background()); err == nil || err.Error() != "sts down" {
		t.Fatalf("after expiry: %v, want the source's error", err)
	}
}

// Credentials an API refused as expired are fetched again once, however
// many callers report the same old token; a refresh that then fails is an
// error, not the refused credentials again.
func TestCredentialCache_invalidate(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	src := &ttlSource{clock: clock, ttl: time.Hour}
	cache := NewCredentialCache(src, clock.Now)
	first, err := cache.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cache.Invalidate("not-the-token")
	if c, _ := cache.Get(context.Background()); c != first || src.calls.Load() != 1 {
		t.Fatalf("an unknown token invalidated the credentials (%d calls)", src.calls.Load())
	}
	cache.Invalidate(first.SecurityToken)
	second, err := cache.Get(context.Background())
	if err != nil || second.SecurityToken == first.SecurityToken || src.calls.Load() != 2 {
		t.Fatalf("after Invalidate: %+v, %v, %d calls; want new credentials from a second call", second, err, src.calls.Load())
	}
	cache.Invalidate(first.SecurityToken) // a late report of the old token
	if c, _ := cache.Get(context.Background()); c != second || src.calls.Load() != 2 {
		t.Fatalf("the old token's late report caused a refresh (%d calls)", src.calls.Load())
	}
	src.err = errors.New("STS down")
	cache.Invalidate(second.SecurityToken)
	if c, err := cache.Get(context.Background()); err == nil {
		t.Fatalf("a failed refresh after Invalidate returned the refused credentials %+v", c)
	}
}
