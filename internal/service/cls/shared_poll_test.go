package cls

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// sharedPollFixture is an emulator whose exports run 1.7 s, behind a
// handler counting the DescribeExports lists (first pages) it serves, and
// a client of it. Each of the first n CreateExport calls takes stagger
// (the emulator's latency fault), so that exports created one after the
// other complete stagger apart.
func sharedPollFixture(t *testing.T, n int, stagger time.Duration) (*emulator.Server, *tencentcloud.Client, *atomic.Int32) {
	t.Helper()
	opts := emulator.DefaultOptions()
	opts.Tencent.QueueMS, opts.Tencent.ProcessMS = 200, 1500
	srv := emulator.New(opts)
	if err := srv.AddFault(core.Fault{Operation: "CreateExport", Kind: core.FaultLatency, LatencyMS: stagger.Milliseconds(), Count: n}); err != nil {
		t.Fatal(err)
	}
	lists := &atomic.Int32{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-TC-Action") == "DescribeExports" {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var in tencentcloud.DescribeExportsInput
			if json.Unmarshal(body, &in) == nil && in.Offset == 0 {
				lists.Add(1)
			}
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	client := tencentcloud.NewClient(tencentcloud.Config{
		SecretID: tencent.DefaultSecretID, SecretKey: tencent.DefaultSecretKey,
		Region: tencent.DefaultRegion, Endpoint: ts.URL,
	})
	return srv, client, lists
}

// sharedWait is one export waited for in TestSharedPollsManyWaits.
type sharedWait struct {
	id       exportID
	polls    atomic.Int32 // the waiter's polls: one list each, had it polled alone
	returned time.Time
	err      error
}

// TestSharedPollsManyWaits: 30 concurrent waits on exports of one topic
// that complete at different times (created 100 ms apart, each running
// 1.7 s) share their DescribeExports lists: every list costs at most 3
// calls (here one page), the calls are at most a quarter of the polls the
// waits made (each of which was a list of its own before), and every wait
// returns within max(1 s, 10% of its export's run time) of the export's
// completion as the emulator records it.
func TestSharedPollsManyWaits(t *testing.T) {
	const n, stagger = 30, 100 * time.Millisecond
	srv, client, lists := sharedPollFixture(t, n, stagger)
	topic := tencent.DefaultTopics[0].TopicID
	ctx := context.Background()
	waits := make([]*sharedWait, n)
	var wg sync.WaitGroup
	for i := range waits {
		out, err := client.CreateExport(ctx, tencentcloud.CreateExportInput{TopicID: topic, Query: "shared", Count: 10, From: 0, To: 1000})
		if err != nil {
			t.Fatal(err)
		}
		w := &sharedWait{id: exportID{TopicID: topic, ExportID: out.ExportID}}
		waits[i] = w
		waiter := sharedExportWaiter(client, w.id, time.Minute, tfresource.PropagationTimeout)
		poll := waiter.Poll
		waiter.Poll = func(ctx context.Context, within time.Duration) (*tencentcloud.Export, string, error) {
			w.polls.Add(1)
			return poll(ctx, within)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, w.err = waiter.Wait(ctx)
			w.returned = time.Now()
		}()
	}
	wg.Wait()

	calls, rounds, polls := srv.Stats()["DescribeExports"], int(lists.Load()), 0
	for _, w := range waits {
		if w.err != nil {
			t.Fatalf("waiting for %s: %v", w.id, w.err)
		}
		polls += int(w.polls.Load())
	}
	t.Logf("%d waits: %d DescribeExports calls in %d lists; the waits polled %d times", n, calls, rounds, polls)
	if calls > 3*rounds {
		t.Errorf("%d DescribeExports calls in %d lists: more than 3 per poll round", calls, rounds)
	}
	if 4*calls > polls {
		t.Errorf("%d DescribeExports calls for %d polls: more than a quarter of one list per poll", calls, polls)
	}
	checkNoticed(t, srv, waits)
}

// checkNoticed asserts each wait returned within max(1 s, 10% of its
// export's run time) after the emulator completed it.
func checkNoticed(t *testing.T, srv *emulator.Server, waits []*sharedWait) {
	t.Helper()
	raw, err := json.Marshal(srv.State()["tencent"])
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Exports []struct {
			ExportID  string    `json:"export_id"`
			CreatedAt time.Time `json:"created_at"`
			DoneAt    time.Time `json:"done_at"`
		} `json:"exports"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	var worst time.Duration
	for _, w := range waits {
		for _, x := range s.Exports {
			if !tencentcloud.SameID(x.ExportID, w.id.ExportID) {
				continue
			}
			late := w.returned.Sub(x.DoneAt)
			worst = max(worst, late)
			if allowed := max(time.Second, x.DoneAt.Sub(x.CreatedAt)/10); late > allowed {
				t.Errorf("%s: noticed %s after completion, allowed %s", w.id, late, allowed)
			}
		}
	}
	t.Logf("worst completion-to-return latency %s", worst)
}
