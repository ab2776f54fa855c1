package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

func init() { register(Scenario{Name: "waits", Run: runWaits}) }

// The waits scenario: N exports on one topic that each take D, applied with
// -parallelism=N against an emulator that enforces CLS's rate limit, so
// that all N wait at once. Their status polls share DescribeExports lists
// (tencentcloud.Client.PollExport): a poll round costs ceil(waiting / 100)
// pages however many exports wait, where one poll per export would cost N
// lists a round.

// waitsShape is N and D.
func waitsShape(short bool) (int, time.Duration) {
	if short {
		return 30, 10 * time.Second
	}
	return 250, 60 * time.Second
}

// waitsQueueMS is how long each export stays Queuing; it then processes for
// the rest of D.
const waitsQueueMS = 500

// Bounds: page calls per poll round (ceil(250 / 100) = 3), calls against
// one poll per export, and the last completion to the apply's end.
const (
	waitsCallsPerRound = 3
	waitsSharedFactor  = 0.25
	waitsLatencyBound  = 6 * time.Second
)

// Schedule of the CLS export waiter (internal/service/cls/wait.go): the
// first poll 250 ms after the create, then the delays of
// tfresource.PollDelay (250 ms doubling, at most 10 s, never more than
// max(750 ms, elapsed/15)), each jittered to between 0.8 and 1 times.
const (
	waiterFirst      = 250 * time.Millisecond
	waiterMax        = 10 * time.Second
	waiterMeanJitter = 0.9
)

// pollsOfWait is how many polls one wait of d makes on the waiter's
// schedule with the mean jitter: every poll before d, and the one that sees
// the export done.
func pollsOfWait(d time.Duration) int {
	t, n := waiterFirst, 0
	for {
		n++
		if t >= d {
			return n
		}
		t += time.Duration(waiterMeanJitter * float64(tfresource.PollDelay(n-1, t, waiterFirst, waiterMax)))
	}
}

// waitsReference is the DescribeExports calls one poll per export would
// make: N waits of d, each polling pollsOfWait(d) times with (at least) one
// page call each.
func waitsReference(n int, d time.Duration) int { return n * pollsOfWait(d) }

func waitsConfig(n int) string {
	return fmt.Sprintf(`
resource "telemetry_cls_export" "wait" {
  count     = %d
  topic_id  = %q
  query     = "waits:${count.index}"
  from      = "2024-06-01T00:00:00Z"
  to        = "2024-06-01T01:00:00Z"
  log_count = 1000
}
`, n, benchTopic)
}

// emulatorExport is an export as the emulator's /_emulator/state lists it.
type emulatorExport struct {
	ExportID string    `json:"export_id"`
	DoneAt   time.Time `json:"done_at"`
	Status   string    `json:"status"`
}

// lastDone is the latest completion time of exports, after checking that
// there are want of them and that all completed.
func lastDone(exports []emulatorExport, want int) (time.Time, error) {
	if len(exports) != want {
		return time.Time{}, fmt.Errorf("the emulator holds %d exports, want %d", len(exports), want)
	}
	var last time.Time
	for _, x := range exports {
		if x.Status != "Completed" {
			return time.Time{}, fmt.Errorf("export %s is %s after the apply", x.ExportID, x.Status)
		}
		if x.DoneAt.After(last) {
			last = x.DoneAt
		}
	}
	return last, nil
}

func runWaits(ctx context.Context, s *Session) ([]Result, error) {
	const name = "waits"
	n, d := waitsShape(s.Short)
	opts := rateLimitedOptions()
	opts.Tencent.QueueMS = waitsQueueMS
	opts.Tencent.ProcessMS = d.Milliseconds() - waitsQueueMS
	e, err := newEnv(s.Config, opts)
	if err != nil {
		return nil, err
	}
	defer e.close()
	if err := e.writeConfig(waitsConfig(n)); err != nil {
		return nil, err
	}
	before, err := e.stats()
	if err != nil {
		return nil, err
	}
	s.logf("applying %d exports that complete after %s (-parallelism=%d)", n, d, n)
	r, err := e.terraform(ctx, "apply", "-auto-approve", "-no-color", "-input=false", fmt.Sprintf("-parallelism=%d", n))
	if err != nil {
		return nil, err
	}
	after, err := e.stats()
	if err != nil {
		return nil, err
	}
	var state struct {
		Tencent struct {
			Exports []emulatorExport `json:"exports"`
		} `json:"tencent"`
	}
	if err := e.getJSON("/_emulator/state", &state); err != nil {
		return nil, err
	}
	last, err := lastDone(state.Tencent.Exports, n)
	if err != nil {
		return nil, err
	}
	calls := diff(after, before)
	describe, rounds := calls["DescribeExports"], e.tap.listStartCount()
	throttled := e.tap.throttledCounts()
	ref := waitsReference(n, d)
	latency := r.End.Sub(last)
	s.logf("apply %s; calls %v; %d list starts; throttled %v; one poll per export: %d polls each, %d calls; last completion to apply end %s",
		r.Took.Round(10*time.Millisecond), calls, rounds, throttled, pollsOfWait(d), ref, latency.Round(time.Millisecond))
	label := fmt.Sprintf("%d exports of D=%ds, -parallelism=%d", n, int(d.Seconds()), n)
	return []Result{
		exactly(name, label+": CreateExport calls", float64(calls["CreateExport"]-throttled["CreateExport"]), "", float64(n)),
		reported(name, label+": poll rounds (DescribeExports lists begun)", float64(rounds), ""),
		atMost(name, label+": DescribeExports calls", float64(describe), "", float64(waitsCallsPerRound*rounds)),
		reported(name, label+": DescribeExports calls per poll round", float64(describe)/float64(max(rounds, 1)), ""),
		reported(name, label+": one poll per export: N x polls of one wait (mean jitter)", float64(ref), ""),
		atMost(name, label+": DescribeExports calls / one poll per export", float64(describe)/float64(ref), "", waitsSharedFactor),
		s.timing(atMost(name, label+": last completion to apply end", roundMS(latency), "s", roundMS(waitsLatencyBound))),
		reported(name, label+": wall time of the apply", roundMS(r.Took), "s"),
		exactly(name, label+": other API calls", float64(total(calls)-calls["CreateExport"]-describe), "", 0),
		exactly(name, label+": CLS throttling answers", float64(total(throttled)), "", 0),
		exactly(name, label+": throttling errors surfaced to the user", float64(surfacedThrottling(r.Out)), "", 0),
	}, nil
}
