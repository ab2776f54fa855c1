package tencentcloud

import (
	"context"
	"strings"
	"sync"
	"time"
)

// exportCacheTTL bounds how long a cached list serves reads. A provider run
// (one plan or apply) refreshes every export near its start, so a minute
// covers a refresh while keeping a long apply from reading old pages.
const exportCacheTTL = time.Minute

// exportCache shares DescribeExports pages between the reads of one provider
// run: refreshing N exports of a topic costs one paged list (ceil(N/100)
// calls) instead of one list per export. Writes through the client
// invalidate it. A Client lives as long as the provider's configuration, so
// the cache never outlives a run.
type exportCache struct {
	mu     sync.Mutex
	topics map[string]*topicPages
	now    func() time.Time
}

// topicPages are the pages of one topic fetched so far, newest request first.
type topicPages struct {
	mu       sync.Mutex
	created  time.Time
	exports  []Export
	total    int64
	complete bool
}

func newExportCache() *exportCache {
	return &exportCache{topics: map[string]*topicPages{}, now: time.Now}
}

func (c *exportCache) entry(topicID string) *topicPages {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if e, ok := c.topics[topicID]; ok && now.Sub(e.created) < exportCacheTTL {
		return e
	}
	e := &topicPages{created: now}
	c.topics[topicID] = e
	return e
}

func (c *exportCache) invalidate(topicID string) {
	c.mu.Lock()
	delete(c.topics, topicID)
	c.mu.Unlock()
}

func (c *exportCache) invalidateAll() {
	c.mu.Lock()
	c.topics = map[string]*topicPages{}
	c.mu.Unlock()
}

// FindOptions tune FindExport.
type FindOptions struct {
	// Fresh skips the shared list: pollers need the current status.
	Fresh bool
}

// SameID reports whether two ids name the same object: CLS ids are
// "export-" + UUID or UUIDs, whose hex a service may answer in either case.
func SameID(a, b string) bool { return strings.EqualFold(a, b) }

// FindExport pages the topic's exports until it sees exportID (in either
// hex case). It reports
// found=false only after the whole list was read. Unless opts.Fresh is set,
// pages are shared with other lookups of the same topic in this client; a
// miss in shared pages is confirmed by a fresh listing, because offset paging
// can skip an entry when another export is deleted between two pages.
func (c *Client) FindExport(ctx context.Context, topicID, exportID string, opts FindOptions) (Export, bool, error) {
	if !opts.Fresh {
		e, found, err := c.findCached(ctx, topicID, exportID)
		if err != nil || found {
			return e, found, err
		}
	}
	var (
		hit   Export
		found bool
	)
	err := c.EachExport(ctx, topicID, func(e Export) bool {
		if SameID(e.ExportID, exportID) {
			hit, found = e, true
			return false
		}
		return true
	})
	return hit, found, err
}

func (c *Client) findCached(ctx context.Context, topicID, exportID string) (Export, bool, error) {
	p := c.cache.entry(topicID)
	p.mu.Lock()
	defer p.mu.Unlock()
	scanned := 0
	for {
		for _, e := range p.exports[scanned:] {
			if SameID(e.ExportID, exportID) {
				return e, true, nil
			}
		}
		scanned = len(p.exports)
		if p.complete {
			return Export{}, false, nil
		}
		page, err := c.DescribeExports(ctx, DescribeExportsInput{TopicID: topicID, Offset: int64(len(p.exports)), Limit: MaxDescribeLimit})
		if err != nil {
			return Export{}, false, err
		}
		p.exports = append(p.exports, page.Exports...)
		p.total = page.TotalCount
		p.complete = len(page.Exports) == 0 || int64(len(p.exports)) >= page.TotalCount
	}
}
