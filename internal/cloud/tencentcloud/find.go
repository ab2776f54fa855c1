package tencentcloud

import (
	"context"
	"strings"
	"sync"
)

// FindOptions tune FindExport.
type FindOptions struct {
	// Fresh skips the shared pages: pollers need the current status.
	Fresh bool
}

// exportPrefix starts the export ids DescribeExports lists. The vendor's
// own examples give the same export without it from CreateExport (and take
// it so in DeleteExport), so an id is the same with or without it.
const exportPrefix = "export-"

// SameID reports whether two ids name the same object: CLS ids are
// "export-" + UUID or UUIDs, whose hex a service may answer in either case,
// and an export's id may come with or without the "export-" prefix.
func SameID(a, b string) bool { return canonicalID(a) == canonicalID(b) }

// canonicalID is the form ids are compared in: lower case, without the
// "export-" prefix (in any case).
func canonicalID(id string) string {
	id = strings.ToLower(id)
	if rest, ok := strings.CutPrefix(id, exportPrefix); ok && rest != "" {
		return rest
	}
	return id
}

// FindExport pages the topic's exports until it sees exportID (in either
// hex case, with or without the "export-" prefix: see SameID). It reports found=false only after the whole list was read.
// Unless opts.Fresh is set, pages are shared with the other lookups of the
// topic through this client (listcache), and a miss in shared pages is
// confirmed by fresh ones.
func (c *Client) FindExport(ctx context.Context, topicID, exportID string, opts FindOptions) (Export, bool, error) {
	match := func(e Export) bool { return SameID(e.ExportID, exportID) }
	if !opts.Fresh {
		return c.exports.Find(ctx, topicID, match, c.ExportPager(topicID))
	}
	var (
		hit   Export
		found bool
	)
	err := c.EachExport(ctx, topicID, func(e Export) bool {
		if match(e) {
			hit, found = e, true
			return false
		}
		return true
	})
	return hit, found, err
}

// claims are the export ids created or adopted through this client, so
// that two resources reconciling ambiguous creates never take the same
// export, nor one another created successfully. A client lives as long as
// the provider's configuration: one provider process, one run.
type claims struct {
	mu  sync.Mutex
	ids map[string]bool
}

// Claim records that id belongs to a resource of this run. Claims compare
// as SameID does: CreateExport's spelling claims DescribeExports' one.
func (c *Client) Claim(id string) {
	c.claims.mu.Lock()
	c.claims.ids[canonicalID(id)] = true
	c.claims.mu.Unlock()
}

// Claimed reports whether a resource of this run has id.
func (c *Client) Claimed(id string) bool {
	c.claims.mu.Lock()
	defer c.claims.mu.Unlock()
	return c.claims.ids[canonicalID(id)]
}

// ClaimIfFree claims id unless a resource of this run already has; it
// reports whether the claim is the caller's.
func (c *Client) ClaimIfFree(id string) bool {
	c.claims.mu.Lock()
	defer c.claims.mu.Unlock()
	if c.claims.ids[canonicalID(id)] {
		return false
	}
	c.claims.ids[canonicalID(id)] = true
	return true
}
