package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func init() { register(Scenario{Name: "latency", Run: runLatency}) }

// latencyExports is how many exports each apply waits for at once.
const latencyExports = 3

// latencyQueueMS is how long each export stays Queuing; it then processes
// for the rest of D.
const latencyQueueMS = 500

func latencyDurations(short bool) []time.Duration {
	if short {
		return []time.Duration{2 * time.Second}
	}
	return []time.Duration{2 * time.Second, 10 * time.Second, 60 * time.Second}
}

// latencyBound is max(1s, 10% of d).
func latencyBound(d time.Duration) time.Duration { return max(time.Second, d/10) }

// runLatency applies exports that the emulator completes D after creation
// and measures, for each, the time from its completion (the emulator's
// done_at) to the end of the apply.
func runLatency(ctx context.Context, s *Session) ([]Result, error) {
	var res []Result
	for _, d := range latencyDurations(s.Short) {
		r, err := latencyOnce(ctx, s, d)
		res = append(res, r...)
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

func latencyOnce(ctx context.Context, s *Session, d time.Duration) ([]Result, error) {
	const name = "latency"
	opts := defaultOptions()
	opts.Tencent.QueueMS = latencyQueueMS
	opts.Tencent.ProcessMS = d.Milliseconds() - latencyQueueMS
	e, err := newEnv(s.Config, opts)
	if err != nil {
		return nil, err
	}
	defer e.close()
	hcl := fmt.Sprintf(`
resource "telemetry_cls_export" "wait" {
  count     = %d
  topic_id  = %q
  query     = "latency:${count.index}"
  from      = "2024-06-01T00:00:00Z"
  to        = "2024-06-01T01:00:00Z"
  log_count = 1000
}
`, latencyExports, benchTopic)
	if err := e.writeConfig(hcl); err != nil {
		return nil, err
	}
	e.logPath = filepath.Join(e.dir, "apply.log")
	s.logf("applying %d exports that complete after %s", latencyExports, d)
	r, err := e.terraform(ctx, "apply", "-auto-approve", "-no-color", "-input=false")
	if err != nil {
		return nil, err
	}
	var state struct {
		Tencent struct {
			Exports []struct {
				ExportID string    `json:"export_id"`
				DoneAt   time.Time `json:"done_at"`
				Status   string    `json:"status"`
			} `json:"exports"`
		} `json:"tencent"`
	}
	if err := e.getJSON("/_emulator/state", &state); err != nil {
		return nil, err
	}
	if len(state.Tencent.Exports) != latencyExports {
		return nil, fmt.Errorf("the emulator holds %d exports, want %d", len(state.Tencent.Exports), latencyExports)
	}
	log, err := os.ReadFile(e.logPath)
	if err != nil {
		return nil, err
	}
	polls := pollsPerExport(string(log), "telemetry_cls_export")
	var worst time.Duration
	maxPolls := 0
	for _, x := range state.Tencent.Exports {
		if x.Status != "Completed" {
			return nil, fmt.Errorf("export %s is %s after the apply", x.ExportID, x.Status)
		}
		worst = max(worst, r.End.Sub(x.DoneAt))
		maxPolls = max(maxPolls, polls[x.ExportID])
	}
	bound := latencyBound(d)
	s.logf("D=%s: completion to apply end %s (bound %s), polls %v", d, worst.Round(time.Millisecond), bound, polls)
	label := fmt.Sprintf("D=%ds", int(d.Seconds()))
	return []Result{
		s.timing(atMost(name, label+": completion to apply end (worst of "+fmt.Sprint(latencyExports)+")", float64(worst.Milliseconds()), "ms", float64(bound.Milliseconds()))).at("worst", d.Seconds()),
		reported(name, label+": polls per export (max)", float64(maxPolls), ""),
	}, nil
}

// roundMS is d in seconds, to the millisecond.
func roundMS(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }
