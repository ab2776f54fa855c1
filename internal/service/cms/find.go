package cms

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// DescribeExporterOutputList has no name filter, so reading one exporter
// output means paging through all of them. Terraform refreshes every
// resource with its own Read call, so the paged list is shared: one entry
// per client (the conns package builds one client per region per provider
// run, i.e. per Configure), filled once by whichever Read comes first while
// the others wait, and dropped on every write through that client. Refreshing
// N outputs therefore costs ceil(N/page size) list calls instead of N times
// that.
type exporterOutputCache struct {
	mu      sync.Mutex
	entries map[weak.Pointer[alicloud.Client]]*exporterOutputEntry
	// watched holds the clients whose garbage collection drops their entry.
	watched map[weak.Pointer[alicloud.Client]]bool
}

type exporterOutputEntry struct {
	done chan struct{}
	// started is when the list call began: a lookup that began later than
	// that may be answered from a list that predates it.
	started time.Time
	outputs []alicloud.ExporterOutput
	err     error
}

var outputCache = &exporterOutputCache{
	entries: map[weak.Pointer[alicloud.Client]]*exporterOutputEntry{},
	watched: map[weak.Pointer[alicloud.Client]]bool{},
}

// list returns every exporter output of the client's region, from the
// shared entry when there is one, and when that list began.
func (c *exporterOutputCache) list(ctx context.Context, client *alicloud.Client) ([]alicloud.ExporterOutput, time.Time, error) {
	return c.listSince(ctx, client, time.Time{})
}

// listSince is list, but an entry whose list began before since is replaced
// by a fresh one (shared with the other lookups asking at the same time).
func (c *exporterOutputCache) listSince(ctx context.Context, client *alicloud.Client, since time.Time) ([]alicloud.ExporterOutput, time.Time, error) {
	key := weak.Make(client)
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok && e.started.Before(since) {
		ok = false
	}
	if !ok {
		e = &exporterOutputEntry{done: make(chan struct{}), started: time.Now()}
		c.entries[key] = e
		if !c.watched[key] {
			// Forget the entry once the client (and so the provider run) is gone.
			c.watched[key] = true
			runtime.AddCleanup(client, c.collected, key)
		}
	}
	c.mu.Unlock()
	if !ok {
		e.outputs, e.err = client.ListExporterOutputs(context.WithoutCancel(ctx))
		if e.err != nil {
			c.drop(key, e) // never cache a failure
		}
		close(e.done)
	}
	select {
	case <-e.done:
		return e.outputs, e.started, e.err
	case <-ctx.Done():
		return nil, e.started, ctx.Err()
	}
}

// invalidate drops the client's entry; call it after every write.
func (c *exporterOutputCache) invalidate(client *alicloud.Client) {
	c.forget(weak.Make(client))
}

func (c *exporterOutputCache) forget(key weak.Pointer[alicloud.Client]) {
	c.mu.Lock()
	delete(c.entries, key)
	c.mu.Unlock()
}

func (c *exporterOutputCache) collected(key weak.Pointer[alicloud.Client]) {
	c.mu.Lock()
	delete(c.entries, key)
	delete(c.watched, key)
	c.mu.Unlock()
}

func (c *exporterOutputCache) drop(key weak.Pointer[alicloud.Client], e *exporterOutputEntry) {
	c.mu.Lock()
	if c.entries[key] == e {
		delete(c.entries, key)
	}
	c.mu.Unlock()
}

// findExporterOutput returns the exporter output name, or a
// *tfresource.NotFoundError. fresh bypasses the shared list (used before a
// create, where a stale answer could mean overwriting someone's output).
//
// A miss in the shared list is confirmed by a fresh list before it is
// trusted: the shared list may predate an out-of-band change, and paging
// can skip an entry when another output is deleted between two pages. The
// confirming list is shared in turn by the lookups that missed in the same
// list, so N misses cost one more list, not N.
func findExporterOutput(ctx context.Context, client *alicloud.Client, name string, fresh bool) (alicloud.ExporterOutput, error) {
	if fresh {
		outputCache.invalidate(client)
	}
	all, started, err := outputCache.list(ctx, client)
	if err != nil {
		return alicloud.ExporterOutput{}, err
	}
	if o, ok := outputNamed(all, name); ok {
		return o, nil
	}
	if !fresh {
		tflog.Debug(ctx, "cms exporter output missing from a shared list; confirming with a fresh one", map[string]any{"dest_name": name, "region": client.Region()})
		if all, _, err = outputCache.listSince(ctx, client, started.Add(time.Nanosecond)); err != nil {
			return alicloud.ExporterOutput{}, err
		}
		if o, ok := outputNamed(all, name); ok {
			return o, nil
		}
	}
	return alicloud.ExporterOutput{}, &tfresource.NotFoundError{What: fmt.Sprintf("CMS exporter output %q in %s", name, client.Region())}
}

func outputNamed(all []alicloud.ExporterOutput, name string) (alicloud.ExporterOutput, bool) {
	for _, o := range all {
		if o.DestName == name {
			return o, true
		}
	}
	return alicloud.ExporterOutput{}, false
}
