package tencentcloud

import (
	"context"
	"sync"
	"time"
)

// Shared status polls. Every export a resource waits for would otherwise be
// polled with its own DescribeExports list, so that N waits on one topic
// cost N lists per poll round, against an account-wide limit of 20
// requests per second. One page answers for up to MaxDescribeLimit exports,
// so the waits on a topic share their polls instead: each asks PollExport
// for a status read no later than it would have polled itself, and one
// list of the topic, begun when the most pressing of them is due, answers
// every wait under way. A poll round then costs about
// ceil(waiting exports / page size) calls whatever the number of waits,
// and no wait is polled later than its own schedule says (the waiter's
// delays keep "noticed done" within max(1 s, 10% of the run time)).
//
// Each topic with waits has one goroutine (its round loop), which ends
// when no wait is left; the state lives on the Client, one per provider
// configuration and region, so that the waits of one set of credentials
// share.

// exportPolls holds the rounds of each topic with waits under way.
type exportPolls struct {
	mu     sync.Mutex
	topics map[string]*topicPolls
}

// topicPolls are the waits on one topic for the next round.
type topicPolls struct {
	waiting []*pollRequest
	// wake tells the round loop that a wait with an earlier due arrived.
	wake chan struct{}
}

// pollRequest is one wait's request for a status.
type pollRequest struct {
	ctx context.Context
	id  string // canonicalID of the export
	// due is when the round that answers must begin at the latest.
	due    time.Time
	answer chan pollAnswer // buffered: a round never blocks on a wait that left
}

// pollAnswer is a round's answer to one request.
type pollAnswer struct {
	export Export
	found  bool
	err    error
}

// PollExport reads the export's status for a waiter, from a list of the
// topic's exports whose first page is requested after this call and no
// later than within from now (or right after the topic's list under way
// ends): the list every wait on the topic asking meanwhile shares. Like
// FindExport with Fresh, it reports found=false only after the whole list
// was read. It returns ctx's error as soon as ctx ends.
func (c *Client) PollExport(ctx context.Context, topicID, exportID string, within time.Duration) (Export, bool, error) {
	if err := ctx.Err(); err != nil {
		return Export{}, false, err
	}
	r := &pollRequest{ctx: ctx, id: canonicalID(exportID), due: time.Now().Add(within), answer: make(chan pollAnswer, 1)}
	c.polls.enqueue(c, topicID, r)
	select {
	case a := <-r.answer:
		return a.export, a.found, a.err
	case <-ctx.Done():
		c.polls.leave(topicID, r)
		return Export{}, false, ctx.Err()
	}
}

// enqueue adds r to the topic's next round, starting the topic's round
// loop when none runs.
func (p *exportPolls) enqueue(c *Client, topicID string, r *pollRequest) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.topics == nil {
		p.topics = map[string]*topicPolls{}
	}
	t, running := p.topics[topicID]
	if !running {
		t = &topicPolls{wake: make(chan struct{}, 1)}
		p.topics[topicID] = t
		go c.pollRounds(topicID, t)
	}
	t.waiting = append(t.waiting, r)
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// leave removes r from the topic's next round (a wait that ended), and
// wakes the round loop so that it ends when no wait is left; a round
// already under way answers into r's buffer and goes on for the others.
func (p *exportPolls) leave(topicID string, r *pollRequest) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t, ok := p.topics[topicID]
	if !ok {
		return
	}
	for i, w := range t.waiting {
		if w == r {
			t.waiting = append(t.waiting[:i], t.waiting[i+1:]...)
			break
		}
	}
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// next returns the requests of the topic's next round once the earliest
// due among them has come (or nil when none is left, ending the loop:
// the topic is forgotten under the same lock, so that the next request
// starts a new loop).
func (p *exportPolls) next(topicID string, t *topicPolls) []*pollRequest {
	for {
		p.mu.Lock()
		live := t.waiting[:0]
		for _, r := range t.waiting {
			if r.ctx.Err() == nil {
				live = append(live, r)
			}
		}
		clear(t.waiting[len(live):])
		t.waiting = live
		if len(live) == 0 {
			delete(p.topics, topicID)
			p.mu.Unlock()
			return nil
		}
		due := live[0].due
		for _, r := range live[1:] {
			if r.due.Before(due) {
				due = r.due
			}
		}
		wait := time.Until(due)
		if wait <= 0 {
			t.waiting = nil
			p.mu.Unlock()
			return live
		}
		p.mu.Unlock()
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-t.wake:
			timer.Stop()
		}
	}
}

// pollRounds is a topic's round loop: it runs one shared list each time
// the most pressing wait is due, until no wait is left.
func (c *Client) pollRounds(topicID string, t *topicPolls) {
	for {
		batch := c.polls.next(topicID, t)
		if batch == nil {
			return
		}
		c.pollRound(topicID, batch)
	}
}

// pollRound lists the topic's exports once for batch: each request is
// answered as soon as its export is listed, and the list stops once all
// are; the others get not-found (or the list's error) at its end. The list
// runs while any request of the batch still waits (it carries the values
// of the first one's context, for logging) and stops when all have left.
func (c *Client) pollRound(topicID string, batch []*pollRequest) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(batch[0].ctx))
	defer cancel()
	var (
		mu   sync.Mutex
		left = len(batch)
	)
	for _, r := range batch {
		stop := context.AfterFunc(r.ctx, func() {
			mu.Lock()
			defer mu.Unlock()
			if left--; left == 0 {
				cancel()
			}
		})
		defer stop()
	}
	pending := map[string][]*pollRequest{}
	for _, r := range batch {
		pending[r.id] = append(pending[r.id], r)
	}
	err := c.EachExport(ctx, topicID, func(e Export) bool {
		id := canonicalID(e.ExportID)
		for _, r := range pending[id] {
			r.answer <- pollAnswer{export: e, found: true}
		}
		delete(pending, id)
		return len(pending) > 0
	})
	for _, rs := range pending {
		for _, r := range rs {
			r.answer <- pollAnswer{err: err}
		}
	}
}
