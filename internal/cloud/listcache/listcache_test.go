package listcache

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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
