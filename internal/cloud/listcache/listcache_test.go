package listcache

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// list is a fake paged API over items, serving size per page.
type list struct {
	mu    sync.Mutex
	items []string
	size  int
	calls atomic.Int64
}

func (l *list) pager(ctx context.Context, _, have int) ([]string, bool, error) {
	l.calls.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	end := min(have+l.size, len(l.items))
	if have >= len(l.items) {
		return nil, true, nil
	}
	page := append([]string(nil), l.items[have:end]...)
	return page, end >= len(l.items), nil
}

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("o%03d", i)
	}
	return out
}

func eq(name string) func(string) bool { return func(s string) bool { return s == name } }

func TestFind_sharesPagesAcrossLookups(t *testing.T) {
	l := &list{items: names(250), size: 100}
	c := New[string](0)
	var wg sync.WaitGroup
	for i := range 250 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok, err := c.Find(context.Background(), "r", eq(fmt.Sprintf("o%03d", i)), l.pager); !ok || err != nil {
				t.Errorf("o%03d: %v %v", i, ok, err)
			}
		}()
	}
	wg.Wait()
	if n := l.calls.Load(); n != 3 {
		t.Fatalf("250 lookups cost %d page calls, want 3", n)
	}
}

func TestFind_missConfirmedWithFreshPages(t *testing.T) {
	l := &list{items: names(10), size: 7}
	c := New[string](0)
	now := time.Unix(0, 0)
	c.now = func() time.Time { now = now.Add(time.Millisecond); return now }
	if _, ok, _ := c.Find(context.Background(), "r", eq("o009"), l.pager); !ok {
		t.Fatal("o009 not found")
	}
	l.mu.Lock()
	l.items = append(l.items, "late") // created out of band after the pages were read
	l.mu.Unlock()
	before := l.calls.Load()
	if _, ok, _ := c.Find(context.Background(), "r", eq("late"), l.pager); !ok {
		t.Fatal("an item added after the shared pages were read was not found")
	}
	// The old pages were complete: fresh ones (2 calls) confirm the miss.
	if n := l.calls.Load() - before; n != 2 {
		t.Fatalf("confirming the miss cost %d calls, want 2", n)
	}
	if _, ok, _ := c.Find(context.Background(), "r", eq("missing"), l.pager); ok {
		t.Fatal("found an item that does not exist")
	}
}

// A list read page by page skips an item that moves to an earlier page
// while it is read (an item before it deleted between two pages): its own
// list's miss is confirmed by a second one before anyone is told "gone".
// Before, a lookup that started its own list trusted that list's miss, and
// the provider dropped an exporter output from the state whenever a refresh
// took longer than the read-after-write bound.
func TestFind_missInItsOwnListConfirmed(t *testing.T) {
	l := &list{items: append(names(7), "ours"), size: 7}
	shifted := false
	pager := func(ctx context.Context, pages, have int) ([]string, bool, error) {
		if pages == 0 && !shifted {
			// Page 1 is served, then o000 is deleted: "ours" moves to page
			// 1, and page 2 is empty.
			page, _, err := l.pager(ctx, pages, have)
			l.mu.Lock()
			l.items = l.items[1:]
			l.mu.Unlock()
			shifted = true
			return page, false, err
		}
		return l.pager(ctx, pages, have)
	}
	c := New[string](0)
	if _, ok, err := c.Find(context.Background(), "r", eq("ours"), pager); !ok || err != nil {
		t.Fatalf("an item skipped by a shifting page was reported missing (found %v, %v)", ok, err)
	}
}

func TestInvalidateAndTTL(t *testing.T) {
	l := &list{items: names(5), size: 100}
	c := New[string](time.Minute)
	now := time.Unix(0, 0)
	c.now = func() time.Time { return now }
	all, err := c.All(context.Background(), "r", l.pager)
	if err != nil || len(all) != 5 || l.calls.Load() != 1 {
		t.Fatalf("All: %v %v after %d calls", all, err, l.calls.Load())
	}
	if _, _, _ = c.Find(context.Background(), "r", eq("o004"), l.pager); l.calls.Load() != 1 {
		t.Fatal("a lookup did not reuse the pages")
	}
	c.Invalidate("r")
	if _, _, _ = c.Find(context.Background(), "r", eq("o004"), l.pager); l.calls.Load() != 2 {
		t.Fatal("invalidated pages were reused")
	}
	now = now.Add(2 * time.Minute)
	if _, _, _ = c.Find(context.Background(), "r", eq("o004"), l.pager); l.calls.Load() != 3 {
		t.Fatal("expired pages were reused")
	}
}

func TestFind_errorNotCached(t *testing.T) {
	c := New[string](0)
	fail := true
	pager := func(ctx context.Context, _, have int) ([]string, bool, error) {
		if fail {
			return nil, false, fmt.Errorf("boom")
		}
		return []string{"a"}, true, nil
	}
	if _, _, err := c.Find(context.Background(), "r", eq("a"), pager); err == nil {
		t.Fatal("error swallowed")
	}
	fail = false
	if _, ok, err := c.Find(context.Background(), "r", eq("a"), pager); !ok || err != nil {
		t.Fatalf("after the failure: %v %v", ok, err)
	}
}

// waitTickets spins until c has handed out n tickets: the lookups that
// take them have begun.
func waitTickets[T any](c *Cache[T], n uint64) {
	for c.tickets.Load() < n {
		runtime.Gosched()
	}
}

func TestFindFresh_lookupsThatBeganTogetherShareOneList(t *testing.T) {
	const n = 10
	l := &list{items: names(250), size: 100}
	c := New[string](0)
	c.gather = func(context.Context, func() bool) error {
		waitTickets(c, n) // every lookup has begun
		c.Invalidate("r") // and a write of another name ended: no reason not to share
		return nil
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("new%d", i) // a name check: the name is free
			if _, ok, err := c.FindFresh(context.Background(), "r", eq(name), l.pager); ok || err != nil {
				t.Errorf("%s: %v %v", name, ok, err)
			}
		}()
	}
	wg.Wait()
	if got := l.calls.Load(); got != 3 {
		t.Fatalf("%d fresh lookups cost %d page calls, want 3 (one list of 250 items)", n, got)
	}
}

func TestFindFresh_queuedLookupsShareTheNextList(t *testing.T) {
	l := &list{items: names(5), size: 100}
	c := New[string](0)
	c.gather = func(context.Context, func() bool) error { return nil }
	pager, sent, release := holdFirstPage(l)
	var wg sync.WaitGroup
	find := func(name string, want bool) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok, err := c.FindFresh(context.Background(), "r", eq(name), pager); ok != want || err != nil {
				t.Errorf("%s: found %v (want %v), %v", name, ok, want, err)
			}
		}()
	}
	find("o000", true)
	<-sent // tickets 1 (the lookup) and 2 (its first page request)
	for i := range 5 {
		find(fmt.Sprintf("new%d", i), false)
	}
	waitTickets(c, 7)
	close(release)
	wg.Wait()
	// One list in flight when they began, which they may not use, and one
	// after it for the five of them.
	if got := l.calls.Load(); got != 2 {
		t.Fatalf("page calls = %d, want 2", got)
	}
}

func TestFindFresh_doesNotJoinAListThatBeganBeforeIt(t *testing.T) {
	l := &list{items: names(5), size: 100}
	c := New[string](0)
	c.gather = func(context.Context, func() bool) error { return nil }
	pager, sent, release := holdFirstPage(l)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if _, ok, err := c.FindFresh(context.Background(), "r", eq("late"), pager); ok || err != nil {
			t.Errorf("the first lookup: found %v, %v; its list began before late existed", ok, err)
		}
	}()
	<-sent
	// "late" is created (a Put ends) after the first list's page was asked
	// for; the read-back that follows must not be answered by that list.
	l.mu.Lock()
	l.items = append(l.items, "late")
	l.mu.Unlock()
	c.Invalidate("r")
	go func() {
		defer wg.Done()
		if _, ok, err := c.FindFresh(context.Background(), "r", eq("late"), pager); !ok || err != nil {
			t.Errorf("late was created before this lookup began but reported missing (%v)", err)
		}
	}()
	waitTickets(c, 4) // the first lookup, its list, the write, the read-back
	close(release)
	wg.Wait()
	if got := l.calls.Load(); got != 2 {
		t.Fatalf("page calls = %d, want 2 (a list of its own for the read-back)", got)
	}
}

func TestFind_sharedLookupIgnoresListsBeforeAWrite(t *testing.T) {
	l := &list{items: names(5), size: 100}
	c := New[string](0)
	c.gather = func(context.Context, func() bool) error { return nil }
	if _, ok, _ := c.FindFresh(context.Background(), "r", eq("o001"), l.pager); !ok {
		t.Fatal("o001 not found")
	}
	if _, ok, _ := c.Find(context.Background(), "r", eq("o002"), l.pager); !ok || l.calls.Load() != 1 {
		t.Fatalf("a shared lookup did not reuse the fresh list (%d calls)", l.calls.Load())
	}
	l.mu.Lock()
	l.items[2] = "o002-replaced" // a write through the client: o002 is gone
	l.mu.Unlock()
	c.Invalidate("r")
	if _, ok, _ := c.Find(context.Background(), "r", eq("o002"), l.pager); ok {
		t.Fatal("a shared lookup after a write was answered from a list older than the write")
	}
}

func TestFindFresh_cancelledWhileGathering(t *testing.T) {
	l := &list{items: names(5), size: 100}
	c := New[string](0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.FindFresh(ctx, "r", eq("o001"), l.pager); err == nil || l.calls.Load() != 0 {
		t.Fatalf("a cancelled lookup: %v after %d calls", err, l.calls.Load())
	}
	if _, ok, err := c.FindFresh(context.Background(), "r", eq("o001"), l.pager); !ok || err != nil {
		t.Fatalf("the next lookup: %v %v", ok, err)
	}
}

// The gathering wait ends once ready, and at the limit when it never is.
func TestUntil(t *testing.T) {
	for _, tc := range []struct {
		name      string
		readyAt   int // polls before ready
		wantSlept time.Duration
	}{
		{"ready at once", 0, 0},
		{"ready after three polls", 3, 3 * time.Millisecond},
		{"never ready", 1000, 50 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := time.Unix(0, 0)
			polls := 0
			sleep := func(_ context.Context, d time.Duration) error {
				clock = clock.Add(d)
				polls++
				return nil
			}
			wait := until(50*time.Millisecond, time.Millisecond, func() time.Time { return clock }, sleep)
			if err := wait(context.Background(), func() bool { return polls >= tc.readyAt }); err != nil {
				t.Fatal(err)
			}
			if got := clock.Sub(time.Unix(0, 0)); got != tc.wantSlept {
				t.Errorf("waited %s, want %s", got, tc.wantSlept)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := until(time.Second, time.Millisecond, time.Now, transport.SleepContext)(ctx, func() bool { return false }); err == nil {
		t.Error("a cancelled wait returned no error")
	}
}

// With Expect, a gathering lookup starts its list as soon as every
// expected lookup waits for it: gatherClump expected, all share one list,
// and the wait did not run to its limit.
func TestFindFresh_expectedLookupsEndTheWait(t *testing.T) {
	l := &list{items: names(250), size: 100}
	c := New[string](0)
	c.Expect(func() int { return gatherClump })
	c.gather = until(time.Hour, time.Millisecond, time.Now, transport.SleepContext) // only "ready" can end it
	var wg sync.WaitGroup
	for i := range gatherClump {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok, err := c.FindFresh(context.Background(), "r", eq(fmt.Sprintf("new%d", i)), l.pager); ok || err != nil {
				t.Errorf("new%d: %v %v", i, ok, err)
			}
		}()
	}
	wg.Wait()
	if got := l.calls.Load(); got != 3 { // one list of 3 pages
		t.Errorf("%d page calls, want 3 (one shared list)", got)
	}
}

// holdFirstPage is l's pager, except that the first page request, once it
// has read the page as the list was then, closes sent and waits for release
// to be closed: a list held in flight. Pages are read one at a time (under
// the scope's lock), so first needs no lock of its own.
func holdFirstPage(l *list) (pager Pager[string], sent, release chan struct{}) {
	sent, release = make(chan struct{}), make(chan struct{})
	first := true
	pager = func(ctx context.Context, pages, have int) ([]string, bool, error) {
		page, complete, err := l.pager(ctx, pages, have)
		if first {
			first = false
			close(sent)
			<-release
		}
		return page, complete, err
	}
	return pager, sent, release
}
