// Package listcache shares paged list results between the lookups of one
// cloud client, the one design both vendor clients use for their list
// operations (exporter outputs per region, CLS exports per topic).
//
// Terraform refreshes every resource with its own Read call, and the list
// APIs have no filter by name, so reading N objects one by one would page
// through the whole list N times. A Cache keeps, per scope, the pages of
// the latest list: a lookup pages only as far as it needs, and the others
// reuse those pages, so refreshing N objects costs about one paged list.
//
// Lookups, lists and writes are ordered by tickets from one counter: a
// lookup takes one when it begins, a list when its first page request is
// sent, a write when it ends (Invalidate). Which lists may answer:
//
//   - Find (shared): a list whose first page was requested after the
//     scope's last write, for at most TTL. A miss is only trusted from a
//     list that began after the lookup did: a miss in an older one (which
//     may predate an out-of-band change, or have skipped an entry when
//     another was deleted between two pages) is confirmed by a newer list
//     before anyone removes anything.
//   - FindFresh: only a list whose first page was requested after the
//     lookup began, whatever was written meanwhile. It sees everything that
//     existed before the lookup began, as a list of its own would, and a
//     write by someone else during that list is no less visible to it than
//     to a list of its own.
//
// One list pages at a time per scope; lookups wait for it and then take
// its pages or, when it began too early for them, start the next list
// together. A fresh lookup that starts a list waits Gather before its first
// page request, so that fresh lookups arriving meanwhile (the name checks
// and read-backs of concurrent creates) share it: N fresh lookups that
// began before that request cost one list.
package listcache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// TTL bounds how long pages serve lookups. A provider run refreshes every
// object near its start, so a minute covers a refresh while a long apply
// does not read old pages.
const TTL = time.Minute

// Gather bounds how long a fresh lookup that starts a list waits before the
// first page request, so that the fresh lookups arriving meanwhile share the
// list. Terraform hands a provider its creates one at a time, milliseconds
// apart, while a list takes about one: without the wait, lookups would
// seldom overlap. In the apply bench (250 exporter outputs, parallelism 10)
// page calls per output were 3.4 without it, 0.9 to 1.4 at a fixed 25 ms and
// 0.45 to 0.7 at a fixed 50 ms. But a wait holds one of Terraform's
// parallelism slots idle, twice per create, and Terraform gives its slots
// first come, first served, so those waits added seconds to an apply. When
// the caller tells how many fresh lookups are under way (Expect: the writes
// in flight, each of which looks up before and after its write), the wait
// ends as soon as all of them wait for this list, if they are at least
// gatherClump; Gather bounds it. With Expect, a bound of 50 ms gave 0.64 to
// 1.48 page calls per output over eight runs of the bench (the high ones
// when the outputs ran between the CLS exports, a few at a time, so that
// few lookups met within 50 ms), 80 ms gave 0.60 to 0.94 over eight; the
// wall time of those runs depended on the order Terraform handed out its
// slots in, not on the bound.
const Gather = 80 * time.Millisecond

// gatherPoll is how often a gathering lookup checks who is waiting.
const gatherPoll = time.Millisecond

// gatherClump is the fewest lookups under way for which a list starts
// before Gather, once they all wait: with fewer, most of Terraform's slots
// are busy elsewhere, so waiting costs little, and a list for one or two
// lookups would cost a paged list per lookup.
const gatherClump = 6

// Pager reads the next page of a scope's list, given how many pages and
// items were read so far. complete reports that the list is exhausted (the
// reported total is covered, or the page is empty: a short page alone is
// not the end, since a server may serve fewer items than asked).
type Pager[T any] func(ctx context.Context, pages, items int) (page []T, complete bool, err error)

// Cache holds the latest list of each scope. The zero value is not usable;
// call New.
type Cache[T any] struct {
	ttl        time.Duration
	now        func() time.Time
	gather     gatherFunc    // the wait before a fresh list's first page
	expected   func() int    // fresh lookups under way (Expect); nil: unknown
	tickets    atomic.Uint64 // orders lookups, first page requests and writes
	writtenAll atomic.Uint64 // ticket of the last InvalidateAll

	mu     sync.Mutex // guards scopes
	scopes map[string]*scope[T]
}

// gatherFunc waits before a fresh list's first page until ready reports
// true, polling.
type gatherFunc func(ctx context.Context, ready func() bool) error

// scope is one scope's latest list.
type scope[T any] struct {
	queued  atomic.Int64  // lookups waiting for the scope's lock
	written atomic.Uint64 // ticket of the end of the scope's last write
	mu      sync.Mutex    // held while a lookup reads or pages the list
	latest  *pages[T]
}

// pages are one list, as far as it was read.
type pages[T any] struct {
	started  uint64    // ticket of the first page request; 0 before it
	at       time.Time // when it was sent
	items    []T
	read     int
	complete bool
}

// New returns an empty cache whose pages serve for ttl (TTL when zero).
func New[T any](ttl time.Duration) *Cache[T] {
	if ttl <= 0 {
		ttl = TTL
	}
	return &Cache[T]{ttl: ttl, now: time.Now, gather: until(Gather, gatherPoll, time.Now, transport.SleepContext), scopes: map[string]*scope[T]{}}
}

// Expect tells the cache how many fresh lookups are under way at any
// moment (for example the creates in flight, each about to look up), so
// that a gathering lookup stops waiting once all of them wait for its list.
// Call it before the cache is used.
func (c *Cache[T]) Expect(expected func() int) { c.expected = expected }

// until polls every poll until ready, for at most limit.
func until(limit, poll time.Duration, now func() time.Time, sleep func(context.Context, time.Duration) error) gatherFunc {
	return func(ctx context.Context, ready func() bool) error {
		deadline := now().Add(limit)
		for !ready() {
			d := min(poll, deadline.Sub(now()))
			if d <= 0 {
				return nil
			}
			if err := sleep(ctx, d); err != nil {
				return err
			}
		}
		return nil
	}
}

func (c *Cache[T]) scope(name string) *scope[T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.scopes[name]
	if !ok {
		s = &scope[T]{}
		c.scopes[name] = s
	}
	return s
}

// Invalidate marks the scope's pages out of date for shared lookups; call
// it when a write to the scope ends.
func (c *Cache[T]) Invalidate(scope string) {
	c.scope(scope).written.Store(c.tickets.Add(1))
}

// InvalidateAll marks every scope's pages out of date (a write whose scope
// is unknown).
func (c *Cache[T]) InvalidateAll() {
	c.writtenAll.Store(c.tickets.Add(1))
}

// Find returns the first item of scope's list that match accepts, paging
// with next only as far as needed. found is false only after two whole
// lists missed it, the second begun after the first ended: a list read page
// by page can skip an item that moves to an earlier page while it is read
// (something before it deleted), so a single miss proves nothing. Misses
// are rare (an object gone), so the second list costs little.
func (c *Cache[T]) Find(ctx context.Context, scope string, match func(T) bool, next Pager[T]) (item T, found bool, err error) {
	s := c.scope(scope)
	written := max(s.written.Load(), c.writtenAll.Load())
	item, found, _, err = c.find(ctx, s, lookup[T]{after: written, match: match, next: next})
	if err != nil || found {
		return item, found, err
	}
	// Confirm the miss with a list that begins now (shared by the lookups
	// that missed alongside).
	item, found, _, err = c.find(ctx, s, lookup[T]{after: c.tickets.Add(1), match: match, next: next})
	return item, found, err
}

// FindFresh is Find answered only from a list whose first page was
// requested after this call began: it sees every item that existed before.
func (c *Cache[T]) FindFresh(ctx context.Context, scope string, match func(T) bool, next Pager[T]) (item T, found bool, err error) {
	asked := c.tickets.Add(1)
	item, found, _, err = c.find(ctx, c.scope(scope), lookup[T]{after: asked, gather: true, match: match, next: next})
	return item, found, err
}

// All returns scope's whole list, from shared pages.
func (c *Cache[T]) All(ctx context.Context, scope string, next Pager[T]) ([]T, error) {
	s := c.scope(scope)
	written := max(s.written.Load(), c.writtenAll.Load())
	_, _, items, err := c.find(ctx, s, lookup[T]{after: written, match: func(T) bool { return false }, next: next})
	if err != nil {
		return nil, err
	}
	return append([]T(nil), items...), nil
}

// lookup is one search of a scope's list.
type lookup[T any] struct {
	// after is the ticket the list's first page must have been asked for after.
	after uint64
	// gather waits, before a new list's first page, for the lookups under
	// way to join it (FindFresh; see Gather).
	gather bool
	// match tells the item looked for.
	match func(T) bool
	// next reads the scope's pages.
	next Pager[T]
}

// find looks for l.match in the scope's latest list if its first page was
// requested after ticket l.after (and less than TTL ago), else in a new list
// that becomes the latest. It also returns the items read (never changed
// afterwards: lists only grow).
func (c *Cache[T]) find(ctx context.Context, s *scope[T], l lookup[T]) (item T, found bool, items []T, err error) {
	s.queued.Add(1)
	s.mu.Lock()
	s.queued.Add(-1)
	defer s.mu.Unlock()
	p := s.latest
	if p == nil || p.started != 0 && (p.started <= l.after || c.now().Sub(p.at) >= c.ttl) {
		p = &pages[T]{}
		s.latest = p
	}
	scanned := 0
	for {
		for _, it := range p.items[scanned:] {
			if l.match(it) {
				return it, true, p.items, nil
			}
		}
		scanned = len(p.items)
		if p.complete {
			return item, false, p.items, nil
		}
		if err := ctx.Err(); err != nil {
			return item, false, p.items, err
		}
		if p.started == 0 {
			if l.gather {
				// Ready when every lookup under way (this one too) waits
				// for this list and they are at least gatherClump; with
				// fewer, or no count, the whole of Gather.
				ready := func() bool {
					if c.expected == nil {
						return false
					}
					n := c.expected()
					return n >= gatherClump && int(s.queued.Load())+1 >= n
				}
				if err := c.gather(ctx, ready); err != nil {
					return item, false, nil, err
				}
			}
			p.started, p.at = c.tickets.Add(1), c.now()
		}
		page, complete, err := l.next(ctx, p.read, len(p.items))
		if err != nil {
			return item, false, p.items, err // the pages read so far stay valid
		}
		p.items = append(p.items, page...)
		p.read++
		p.complete = complete
	}
}
