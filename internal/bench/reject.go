package bench

import (
	"context"
	"fmt"
	"strings"
)

func init() { register(Scenario{Name: "reject", Run: runReject}) }

// rejectConfig has invalid arguments in resources of every service. Each
// entry of rejectArgs is one invalid argument the plan must name.
const rejectConfig = `
resource "telemetry_cls_export" "bad" {
  topic_id  = "not:a-topic"
  query     = "status:>=500"
  from      = "yesterday"
  to        = "2024-06-01T01:00:00Z"
  log_count = -1
  format    = "xml"
}

resource "telemetry_cms_exporter_output" "bad" {
  dest_name         = "-not a name"
  sls_endpoint      = "ftp://cn-hangzhou.log.aliyuncs.com/path"
  sls_project       = "bench"
  sls_logstore      = "bench"
  access_key_id     = "LTAIbenchKeyId"
  access_key_secret = "bench-secret"
  user_id           = ""
}

resource "telemetry_baremetal_log_export" "bad" {
  physical_server_id = "../etc/passwd"
  region             = "CN_EAST_3"
}

resource "telemetry_cms_custom_event" "bad" {
  events = []
}
`

// rejectArgs are the invalid arguments of rejectConfig.
var rejectArgs = []string{"topic_id", "from", "log_count", "format", "dest_name", "sls_endpoint", "user_id", "physical_server_id", "region", "events"}

// runReject plans a configuration with invalid arguments: Terraform must
// reject it, naming every argument, before the provider calls any API.
func runReject(ctx context.Context, s *Session) ([]Result, error) {
	const name = "reject"
	e, err := newEnv(s.Config, defaultOptions())
	if err != nil {
		return nil, err
	}
	defer e.close()
	if err := e.writeConfig(rejectConfig); err != nil {
		return nil, err
	}
	before, err := e.stats()
	if err != nil {
		return nil, err
	}
	r, err := e.run(ctx, "plan", "-no-color", "-input=false")
	if err != nil {
		return nil, err
	}
	after, err := e.stats()
	if err != nil {
		return nil, err
	}
	if r.Code == 0 {
		return nil, fmt.Errorf("terraform plan accepted the invalid configuration:\n%s", tail(r.Out, 40))
	}
	calls := diff(after, before)
	named := namedArguments(r.Out, rejectArgs)
	s.logf("exit %d, %d errors, arguments named: %v, calls: %v", r.Code, strings.Count(r.Out, "Error: "), named, calls)
	return []Result{
		exactly(name, fmt.Sprintf("invalid arguments named by plan (of %d in 4 resources)", len(rejectArgs)), float64(len(named)), "", float64(len(rejectArgs))),
		exactly(name, "API calls during the rejected plan", float64(total(calls)), "", 0),
		reported(name, "wall time of the rejected plan", r.Took.Seconds(), "s"),
	}, nil
}

// namedArguments returns the arguments of args that an error of the plan
// output points at: Terraform quotes the offending line under each error
// ("  12:   log_count = 0").
func namedArguments(out string, args []string) []string {
	var named []string
	for _, a := range args {
		for _, line := range strings.Split(out, "\n") {
			if i := strings.Index(line, ": "); i > 0 && strings.HasPrefix(strings.TrimSpace(line[i+1:]), a+" ") && isLineNumber(strings.TrimSpace(line[:i])) {
				named = append(named, a)
				break
			}
		}
	}
	return named
}

func isLineNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
