package tencentcloud

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// waitingPolls is how many requests wait for the topic's next round.
func (c *Client) waitingPolls(topicID string) int {
	c.polls.mu.Lock()
	defer c.polls.mu.Unlock()
	if t, ok := c.polls.topics[topicID]; ok {
		return len(t.waiting)
	}
	return 0
}

// untilTrue polls cond (no sleeping assertions: it only waits for a state
// the test itself brings about), failing after a generous bound.
func untilTrue(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPollExportSharesOneList: 250 waits on one topic, each due within a
// second, are answered by one list (3 pages of 100), each with its own
// export; a wait for an export not listed gets found=false from the same
// list.
func TestPollExportSharesOneList(t *testing.T) {
	f := newFake()
	f.answers["DescribeExports"] = pagedTopic(250)
	c := newTestClient(t, f, "")
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 251 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("export-%03d", i)
			e, found, err := c.PollExport(ctx, testTopic, id, time.Second)
			switch {
			case err != nil:
				t.Errorf("poll %s: %v", id, err)
			case i == 250 && found:
				t.Errorf("poll of an export not listed: found %+v", e)
			case i < 250 && (!found || e.ExportID != id || e.Status != StatusCompleted):
				t.Errorf("poll %s: found=%v %+v", id, found, e)
			}
		}()
	}
	wg.Wait()
	if n := f.count("DescribeExports"); n != 3 {
		t.Errorf("251 waits cost %d DescribeExports calls, want 3 (one list)", n)
	}
	untilTrue(t, "the round loop ends", func() bool {
		c.polls.mu.Lock()
		defer c.polls.mu.Unlock()
		return len(c.polls.topics) == 0
	})
}

// TestPollExportAnswersFromAListBegunAfterIt: a wait that asks while a
// list is under way is answered by the next one, never by pages requested
// before it asked (they may predate the status change it waits for); and
// the list stops paging once every wait of its round is answered.
func TestPollExportAnswersFromAListBegunAfterIt(t *testing.T) {
	f := newFake()
	release := make(chan struct{})
	f.answers["DescribeExports"] = func(n int, body []byte) (int, string) {
		status := StatusProcessing
		if n == 1 {
			<-release
		} else {
			status = StatusCompleted
		}
		return 200, fmt.Sprintf(`{"Response":{"Exports":[{"ExportId":"export-1","Status":%q}],"TotalCount":500,"RequestId":"r"}}`, status)
	}
	c := newTestClient(t, f, "")
	ctx := context.Background()
	first := make(chan Export, 1)
	go func() {
		e, _, _ := c.PollExport(ctx, testTopic, "export-1", 0)
		first <- e
	}()
	untilTrue(t, "the first list is under way", func() bool { return f.count("DescribeExports") == 1 })
	second := make(chan Export, 1)
	go func() {
		e, _, _ := c.PollExport(ctx, testTopic, "export-1", 0)
		second <- e
	}()
	untilTrue(t, "the second wait asks", func() bool { return c.waitingPolls(testTopic) == 1 })
	close(release)
	if e := <-first; e.Status != StatusProcessing {
		t.Errorf("first wait: %+v, want the first list's Processing", e)
	}
	if e := <-second; e.Status != StatusCompleted {
		t.Errorf("second wait: %+v, want the second list's Completed", e)
	}
	if n := f.count("DescribeExports"); n != 2 {
		t.Errorf("%d DescribeExports calls, want 2: each list stops at the page answering its waits", n)
	}
}

// TestPollExportCancellation: a wait whose context ends returns at once
// with the context's error, without a call, and the round loop ends with
// no wait left; a list's error reaches every wait of its round.
func TestPollExportCancellation(t *testing.T) {
	f := newFake()
	f.answers["DescribeExports"] = func(int, []byte) (int, string) { return 200, errBody("InvalidParameter") }
	c := newTestClient(t, f, "")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := c.PollExport(ctx, testTopic, "export-1", time.Hour)
		done <- err
	}()
	untilTrue(t, "the wait asks", func() bool { return c.waitingPolls(testTopic) == 1 })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled wait: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled wait did not return")
	}
	untilTrue(t, "the round loop ends", func() bool {
		c.polls.mu.Lock()
		defer c.polls.mu.Unlock()
		return len(c.polls.topics) == 0
	})
	if n := f.count("DescribeExports"); n != 0 {
		t.Errorf("a cancelled wait cost %d DescribeExports calls", n)
	}

	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, found, err := c.PollExport(context.Background(), testTopic, fmt.Sprintf("export-%d", i), 100*time.Millisecond)
			var te *Error
			if found || !errors.As(err, &te) || te.Code != "InvalidParameter" {
				t.Errorf("wait %d: found=%v err=%v, want the list's error", i, found, err)
			}
		}()
	}
	wg.Wait()
	if n := f.count("DescribeExports"); n > 2 {
		t.Errorf("three waits on a failing list cost %d calls", n)
	}
}
