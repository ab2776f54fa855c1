package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

func init() { register(Scenario{Name: "apply", Run: runApply}) }

// benchTopic is the CLS topic every export of the bench goes to (the first
// topic the emulator seeds).
const benchTopic = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"

// scaleSize is N: exporter outputs and CLS exports under management.
func scaleSize(short bool) int {
	if short {
		return 30
	}
	return 250
}

// scaleApplyParallelism is the -parallelism of the apply.
const scaleApplyParallelism = 10

// Emulator timings of the scale apply: exports complete quickly (the figure
// is calls, not waiting), but not at once, so that polling happens.
const (
	scaleQueueMS   = 50
	scaleProcessMS = 100
)

// scale is the state the apply scenario creates and the refresh scenario
// plans against: N exporter outputs and N CLS exports on one topic.
type scale struct {
	env *env
	n   int
	// apply is the creating apply; before/after are the emulator's counts
	// around it, throttled the CLS throttling answers during it.
	apply         tfRun
	before, after map[string]int
	throttled     map[string]int
	// polls is the number of status polls per export id (from the
	// provider's INFO log).
	polls map[string]int
	// firstCall, firstCLS and lastCLS are the tap's callSpan after the
	// apply: the environment is new, so its first calls are the apply's.
	firstCall, firstCLS, lastCLS time.Time
	// baseline is the same apply shape with terraform_data instances
	// (apply_baseline.go), applied right after.
	baseline *baselineApply
}

// scaleConfig is N exporter outputs and N exports on benchTopic.
func scaleConfig(n int) string {
	return fmt.Sprintf(`
resource "telemetry_cms_exporter_output" "bench" {
  count        = %[1]d
  dest_name    = "bench-${count.index}"
  sls_endpoint = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project  = "bench"
  sls_logstore = "bench-${count.index}"

  access_key_id                = "LTAIbenchKeyId"
  access_key_secret_wo         = "bench-secret-not-stored"
  access_key_secret_wo_version = 1
}

resource "telemetry_cls_export" "bench" {
  count     = %[1]d
  topic_id  = %[2]q
  query     = "bench:${count.index}"
  from      = "2024-06-01T00:00:00Z"
  to        = "2024-06-01T01:00:00Z"
  log_count = 1000
}
`, n, benchTopic)
}

// scaleFixture applies the scale configuration once per session.
func scaleFixture(ctx context.Context, s *Session) (*scale, error) {
	return fixture(s, "scale", func() (*scale, error) {
		n := scaleSize(s.Short)
		e, err := newEnv(s.Config, rateLimitedOptions())
		if err != nil {
			return nil, err
		}
		s.onClose(e.close)
		if err := e.writeConfig(scaleConfig(n)); err != nil {
			return nil, err
		}
		e.logPath = filepath.Join(e.dir, "apply.log")
		before, err := e.stats()
		if err != nil {
			return nil, err
		}
		s.logf("applying %d exporter outputs and %d CLS exports (-parallelism=%d)", n, n, scaleApplyParallelism)
		r, err := e.terraform(ctx, "apply", "-auto-approve", "-no-color", "-input=false", fmt.Sprintf("-parallelism=%d", scaleApplyParallelism))
		e.logPath = ""
		if err != nil {
			return nil, err
		}
		after, err := e.stats()
		if err != nil {
			return nil, err
		}
		log, err := os.ReadFile(filepath.Join(e.dir, "apply.log"))
		if err != nil {
			return nil, err
		}
		first, firstCLS, lastCLS := e.tap.callSpan()
		sc := &scale{
			env: e, n: n, apply: r, before: before, after: after, firstCall: first, firstCLS: firstCLS, lastCLS: lastCLS,
			throttled: e.tap.throttledCounts(),
			polls:     pollsPerExport(string(log), "telemetry_cls_export"),
		}
		s.logf("baseline: applying %d terraform_data instances of the same state size (-parallelism=%d)", 2*n, scaleApplyParallelism)
		if sc.baseline, err = applyBaseline(ctx, e, n); err != nil {
			return nil, err
		}
		s.logf("apply %s, baseline %s", r.Took.Round(10*time.Millisecond), sc.baseline.run.Took.Round(10*time.Millisecond))
		return sc, nil
	})
}

// pollLine matches the poller's INFO line of one poll of an export.
var pollLine = regexp.MustCompile(`export (?:still running|finished).*?\bexport_id="?([^"\s]+)`)

// pollsPerExport counts the polls per export id of one resource type in a
// provider log.
func pollsPerExport(log, resourceType string) map[string]int {
	out := map[string]int{}
	for _, line := range strings.Split(log, "\n") {
		if !strings.Contains(line, "tf_resource_type="+resourceType) {
			continue
		}
		if m := pollLine.FindStringSubmatch(line); m != nil {
			out[m[1]]++
		}
	}
	return out
}

// throttleMarkers are what a throttling error surfaced to the user looks like.
var throttleMarkers = []string{"RequestLimitExceeded", "Throttling", "rate limit", "too many requests"}

func surfacedThrottling(out string) int {
	n := 0
	lower := strings.ToLower(out)
	for _, m := range throttleMarkers {
		n += strings.Count(lower, strings.ToLower(m))
	}
	return n
}

// runApply reports scenario 2 from the scale fixture.
func runApply(ctx context.Context, s *Session) ([]Result, error) {
	sc, err := scaleFixture(ctx, s)
	if err != nil {
		return nil, err
	}
	const name = "apply"
	n := sc.n
	calls := diff(sc.after, sc.before)
	pages := ceilDiv(n, tencentcloud.MaxDescribeLimit)

	polls, maxPolls := 0, 0
	for _, p := range sc.polls {
		polls += p
		maxPolls = max(maxPolls, p)
	}
	throttled := total(sc.throttled)
	floor, _ := quotaFloor(calls, sc.throttled)
	known := calls["PutExporterOutput"] + calls["DescribeExporterOutputList"] + calls["CreateExport"] + calls["DescribeExports"]

	// The floor is what CLS's limit allows for the CLS calls made (see
	// quotaFloor): exporter outputs go to Alibaba, which the emulator does
	// not limit, so they only share Terraform's -parallelism. What
	// Terraform itself costs for an apply of this shape is the baseline's.
	res := append([]Result{reported(name, "CLS quota floor (max over actions of calls / 20 per s)", roundMS(floor), "s")},
		s.baselineResults(sc, floor, fmt.Sprintf("wall time, %d outputs + %d exports, -parallelism=%d", n, n, scaleApplyParallelism))...)
	res = append(res,
		// Where the wall time goes, in order: Terraform starting and
		// planning; exporter outputs Terraform started before the first CLS
		// export; the CLS calls (the floor when they run at CLS's limit
		// throughout); exporter outputs Terraform's first-come slots handed
		// out after the last CLS call, then state and exit. With
		// -parallelism=10 and CLS at its limit, the CLS exports may hold
		// every slot for most of the apply, so the outputs go before or
		// after them.
		reported(name, "wall time: before the first API call (Terraform start and plan)", roundMS(sc.firstCall.Sub(sc.apply.Start())), "s"),
		reported(name, "wall time: first API call to first CLS call", roundMS(sc.firstCLS.Sub(sc.firstCall)), "s"),
		reported(name, "wall time: first to last CLS call", roundMS(sc.lastCLS.Sub(sc.firstCLS)), "s"),
		reported(name, "wall time: after the last CLS call (outputs left, state, exit)", roundMS(sc.apply.End.Sub(sc.lastCLS)), "s"),
		exactly(name, "PutExporterOutput calls", float64(calls["PutExporterOutput"]), "", float64(n)),
		exactly(name, "CreateExport calls", float64(calls["CreateExport"]), "", float64(n)),
		// Per exporter output: a name check before PutExporterOutput (which
		// would overwrite) and one read-back, each a paged list that began
		// after the lookup did; the lookups of concurrent creates share
		// such lists (listcache.Gather), so page calls, counted all, stay
		// at most 1.5 per output.
		atMost(name, "DescribeExporterOutputList calls per output", float64(calls["DescribeExporterOutputList"])/float64(n), "", 1.5),
		exactly(name, "exports whose polls were logged", float64(len(sc.polls)), "", float64(n)),
		reported(name, "polls per export (max)", float64(maxPolls), ""),
		// Every poll is one fresh lookup of at most ceil(N/100) pages; the
		// last poll is the read-back.
		atMost(name, "DescribeExports calls", float64(calls["DescribeExports"]), "", float64(polls*pages)),
		exactly(name, "other API calls", float64(total(calls)-known), "", 0),
		reported(name, "CLS throttling answers (retried by the provider)", float64(throttled), ""),
		exactly(name, "throttling errors surfaced to the user", float64(surfacedThrottling(sc.apply.Out)), "", 0),
	)
	s.logf("calls: %v; throttled: %v; polls: %d over %d exports", calls, sc.throttled, polls, len(sc.polls))
	return res, nil
}
