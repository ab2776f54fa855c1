package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

func init() { register(Scenario{Name: "quota", Run: runQuota}) }

// CLS's rate limit (20 requests per second per action) is the account's,
// not a client's: the quota scenario runs several Terraform processes at
// once against one emulator that enforces it for the whole account, then
// one process at a high -parallelism, and checks that no throttling error
// reaches the user and that the applies take little more than the quota
// allows.

// quotaProcesses applies at once, each quotaExports(short) exports.
const quotaProcesses = 4

func quotaExports(short bool) int {
	if short {
		return 10
	}
	return 60
}

// quotaParallelism is the -parallelism of the single-process apply, which
// creates as many exports as the processes together.
const quotaParallelism = 30

// quotaWallFactor bounds the wall time: at most this many times the floor.
const quotaWallFactor = 1.25

// rateLimitedActions are the CLS actions under the per-action limit that
// the applies call.
var rateLimitedActions = []string{"CreateExport", "DescribeExports"}

// quotaFloor is the least wall time the quota allows for the accepted calls:
// for each rate-limited CLS action, its calls minus its throttling answers
// (the emulator counts refused calls too), divided by the limit of 20 per
// second; the floor is the largest of these, because the actions have
// separate limits and run concurrently. It ignores the emulator's initial
// burst (one second's worth of calls) and everything unlimited (Alibaba's
// exporter outputs, Terraform's own work). It also returns the action that
// sets it.
func quotaFloor(calls, throttled map[string]int) (time.Duration, string) {
	var floor time.Duration
	var action string
	for _, a := range rateLimitedActions {
		accepted := calls[a] - throttled[a]
		if d := time.Duration(float64(accepted) / tencentcloud.RateLimit * float64(time.Second)); d > floor {
			floor, action = d, a
		}
	}
	return floor, action
}

// quotaConfig is n exports on benchTopic whose queries are unique to tag.
func quotaConfig(tag string, n int) string {
	return fmt.Sprintf(`
resource "telemetry_cls_export" "quota" {
  count     = %d
  topic_id  = %q
  query     = "%s:${count.index}"
  from      = "2024-06-01T00:00:00Z"
  to        = "2024-06-01T01:00:00Z"
  log_count = 1000
}
`, n, benchTopic, tag)
}

// workdir returns another working directory for the same emulator, with the
// same CLI configuration; it is removed when e closes.
func (e *env) workdir(name string) (*env, error) {
	dir := filepath.Join(e.dir, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	w := *e
	w.dir, w.logPath = dir, ""
	return &w, nil
}

func runQuota(ctx context.Context, s *Session) ([]Result, error) {
	n := quotaExports(s.Short)
	res, err := quotaOnce(ctx, s, quotaProcesses, n, 0)
	if err != nil {
		return res, err
	}
	one, err := quotaOnce(ctx, s, 1, quotaProcesses*n, quotaParallelism)
	return append(res, one...), err
}

// quotaOnce runs procs applies of n exports each at once (with
// -parallelism=parallelism, or Terraform's default when zero) against one
// emulator enforcing CLS's limit and reports the figures.
func quotaOnce(ctx context.Context, s *Session, procs, n, parallelism int) ([]Result, error) {
	const name = "quota"
	e, err := newEnv(s.Config, rateLimitedOptions())
	if err != nil {
		return nil, err
	}
	defer e.close()
	args := []string{"apply", "-auto-approve", "-no-color", "-input=false"}
	label := fmt.Sprintf("%d processes x %d exports", procs, n)
	if procs == 1 {
		label = fmt.Sprintf("1 process, %d exports", n)
	}
	if parallelism > 0 {
		args = append(args, fmt.Sprintf("-parallelism=%d", parallelism))
		label += fmt.Sprintf(", -parallelism=%d", parallelism)
	}
	dirs, err := quotaDirs(e, procs, n)
	if err != nil {
		return nil, err
	}
	before, err := e.stats()
	if err != nil {
		return nil, err
	}
	s.logf("applying %s at once against one account-wide limit", label)
	out, err := applyAtOnce(ctx, s, dirs, args)
	if err != nil {
		return nil, err
	}
	wall, surfaced, failed, streak := out.wall, out.surfaced, out.failed, out.streak
	after, err := e.stats()
	if err != nil {
		return nil, err
	}
	calls := diff(after, before)
	throttled := e.tap.throttledCounts()
	floor, by := quotaFloor(calls, throttled)
	created := calls["CreateExport"] - throttled["CreateExport"]
	other := total(calls) - calls["CreateExport"] - calls["DescribeExports"]
	s.logf("wall %s, floor %s (%s), calls %v, throttled %v", wall.Round(10*time.Millisecond), floor.Round(10*time.Millisecond), by, calls, throttled)
	return []Result{
		reported(name, label+": CLS quota floor (max over actions of calls / 20 per s)", roundMS(floor), "s"),
		s.timing(atMost(name, label+": wall time", roundMS(wall), "s", roundMS(time.Duration(quotaWallFactor*float64(floor))))),
		reported(name, label+": wall time / floor", float64(wall)/float64(floor), ""),
		exactly(name, label+": applies that failed", float64(failed), "", 0),
		exactly(name, label+": CreateExport calls accepted", float64(created), "", float64(procs*n)),
		exactly(name, label+": other API calls", float64(other), "", 0),
		reported(name, label+": CLS throttling answers (retried by the provider)", float64(total(throttled)), ""),
		reported(name, label+": most retries of one call (max_retries 5: up to 20 after throttling)", float64(streak), ""),
		exactly(name, label+": throttling errors surfaced to the user", float64(surfaced), "", 0),
	}, nil
}

// quotaDirs prepares procs working directories in e, each applying n
// exports with its own name prefix and keeping the provider's log.
func quotaDirs(e *env, procs, n int) ([]*env, error) {
	dirs := make([]*env, procs)
	for i := range dirs {
		var err error
		if dirs[i], err = e.workdir(fmt.Sprintf("p%d", i)); err != nil {
			return nil, err
		}
		if err := dirs[i].writeConfig(quotaConfig(fmt.Sprintf("quota-p%d", i), n)); err != nil {
			return nil, err
		}
		dirs[i].logPath = filepath.Join(dirs[i].dir, "apply.log")
	}
	return dirs, nil
}

// quotaOutcome is what the applies of one quota case did.
type quotaOutcome struct {
	// wall runs from the start of the applies to the end of the last.
	wall time.Duration
	// surfaced counts throttling errors printed to the user, failed the
	// applies that exited non-zero.
	surfaced, failed int
	// streak is the most retries of one call in any provider log.
	streak int
}

// applyAtOnce runs terraform with args in every dir at once and reads
// what they did from their output and provider logs.
func applyAtOnce(ctx context.Context, s *Session, dirs []*env, args []string) (quotaOutcome, error) {
	var out quotaOutcome
	runs := make([]tfRun, len(dirs))
	errs := make([]error, len(dirs))
	var wg sync.WaitGroup
	start := time.Now()
	for i, d := range dirs {
		wg.Go(func() { runs[i], errs[i] = d.run(ctx, args...) })
	}
	wg.Wait()
	var end time.Time
	for i, r := range runs {
		if errs[i] != nil {
			return out, errs[i]
		}
		if r.End.After(end) {
			end = r.End
		}
		out.surfaced += surfacedThrottling(r.Out)
		if r.Code != 0 {
			out.failed++
			s.logf("process %d exited %d:\n%s", i, r.Code, tail(r.Out, 20))
		}
	}
	out.wall = end.Sub(start)
	for _, d := range dirs {
		log, err := os.ReadFile(d.logPath)
		if err != nil {
			return out, err
		}
		out.streak = max(out.streak, longestRetryStreak(string(log)))
	}
	return out, nil
}

// retryLine matches the transport's WARN line before a retry.
var retryLine = regexp.MustCompile(`retrying cloud API call.*?\battempt=(\d+)`)

// longestRetryStreak is the most retries of one call in a provider log: the
// highest attempt number announced, minus the first attempt.
func longestRetryStreak(log string) int {
	most := 0
	for _, m := range retryLine.FindAllStringSubmatch(log, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil {
			most = max(most, n-1)
		}
	}
	return most
}
