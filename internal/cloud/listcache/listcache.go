// Package listcache shares paged list results between the lookups of one
// cloud client, the one design both vendor clients use for their list
// operations (exporter outputs per region, CLS exports per topic).
//
// Terraform refreshes every resource with its own Read call, and the list
// APIs have no filter by name, so reading N objects one by one would page
// through the whole list N times. A Cache keeps, per scope, the pages read
// so far: a lookup pages only as far as it needs, and the others reuse
// those pages, so refreshing N objects costs about one paged list. Pages
// are shared for at most TTL and dropped on every write through the client
// (Invalidate). A miss is only trusted from pages read after the lookup
// began: a miss in older pages (which may predate an out-of-band change, or
// have skipped an entry when another was deleted between two pages) is
// confirmed with fresh pages before anyone removes anything.
package listcache

import (
	"context"
	"sync"
	"time"
)

// TTL bounds how long pages serve lookups. A provider run refreshes every
// object near its start, so a minute covers a refresh while a long apply
// does not read old pages.
const TTL = time.Minute

// Pager reads the next page of a scope's list, given how many pages and
// items were read so far. complete reports that the list is exhausted (the
// reported total is covered, or the page is empty: a short page alone is
// not the end, since a server may serve fewer items than asked).
type Pager[T any] func(ctx context.Context, pages, items int) (page []T, complete bool, err error)

// Cache holds the shared pages of each scope. The zero value is not usable;
// call New.
type Cache[T any] struct {
	mu     sync.Mutex
	ttl    time.Duration
	now    func() time.Time
	scopes map[string]*pages[T]
}

// pages are the pages of one scope read so far. Its mutex serializes the
// lookups of the scope, so that one pages while the others wait and reuse.
type pages[T any] struct {
	mu       sync.Mutex
	created  time.Time
	items    []T
	read     int
	complete bool
}

// New returns an empty cache whose pages serve for ttl (TTL when zero).
func New[T any](ttl time.Duration) *Cache[T] {
	if ttl <= 0 {
		ttl = TTL
	}
	return &Cache[T]{ttl: ttl, now: time.Now, scopes: map[string]*pages[T]{}}
}

// entry returns the scope's pages, new ones when there are none, they
// expired, or they were started before notBefore.
func (c *Cache[T]) entry(scope string, notBefore time.Time) *pages[T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if p, ok := c.scopes[scope]; ok && now.Sub(p.created) < c.ttl && !p.created.Before(notBefore) {
		return p
	}
	p := &pages[T]{created: now}
	c.scopes[scope] = p
	return p
}

// Invalidate drops the scope's pages; call it after every write to it.
func (c *Cache[T]) Invalidate(scope string) {
	c.mu.Lock()
	delete(c.scopes, scope)
	c.mu.Unlock()
}

// InvalidateAll drops every scope's pages (a write whose scope is unknown).
func (c *Cache[T]) InvalidateAll() {
	c.mu.Lock()
	c.scopes = map[string]*pages[T]{}
	c.mu.Unlock()
}

// Find returns the first item of scope's list that match accepts, paging
// with next only as far as needed. found is false only after the whole list
// was read, in pages that began after this call did (older pages are read
// again first).
func (c *Cache[T]) Find(ctx context.Context, scope string, match func(T) bool, next Pager[T]) (item T, found bool, err error) {
	asked := c.now()
	p := c.entry(scope, time.Time{})
	item, found, err = p.find(ctx, match, next)
	if err != nil || found || !p.created.Before(asked) {
		return item, found, err
	}
	// A miss in pages older than this lookup: confirm it with pages that
	// began after it (shared by the lookups that missed alongside).
	return c.entry(scope, asked).find(ctx, match, next)
}

// All returns scope's whole list, from shared pages.
func (c *Cache[T]) All(ctx context.Context, scope string, next Pager[T]) ([]T, error) {
	p := c.entry(scope, time.Time{})
	if _, _, err := p.find(ctx, func(T) bool { return false }, next); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]T(nil), p.items...), nil
}

func (p *pages[T]) find(ctx context.Context, match func(T) bool, next Pager[T]) (T, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	scanned := 0
	for {
		for _, it := range p.items[scanned:] {
			if match(it) {
				return it, true, nil
			}
		}
		scanned = len(p.items)
		var zero T
		if p.complete {
			return zero, false, nil
		}
		if err := ctx.Err(); err != nil {
			return zero, false, err
		}
		page, complete, err := next(ctx, p.read, len(p.items))
		if err != nil {
			return zero, false, err // the pages read so far stay valid
		}
		p.items = append(p.items, page...)
		p.read++
		p.complete = complete
	}
}
