package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

func init() { register(Scenario{Name: "refresh-scaling", Run: runRefreshScaling}) }

func scalingSizes(short bool) []int {
	if short {
		return []int{10, 120}
	}
	return []int{10, 50, 100, 200, 300, 500}
}

// runRefreshScaling measures how the calls of one refresh grow with N: for
// each N the emulator holds N finished exports of one topic, Terraform
// imports them (import blocks, no CreateExport) and an unchanged plan's
// refresh is counted. The bound is the shared list's: ceil(N/100) pages,
// with one call of slack; a provider that looked each export up on its own
// would spend at least N.
func runRefreshScaling(ctx context.Context, s *Session) ([]Result, error) {
	const name = "refresh-scaling"
	var res []Result
	for _, n := range scalingSizes(s.Short) {
		calls, err := refreshCallsAt(ctx, s, n)
		if err != nil {
			return res, err
		}
		bound := ceilDiv(n, tencentcloud.MaxDescribeLimit) + 1
		res = append(res, atMost(name, fmt.Sprintf("DescribeExports calls of a refresh, N=%d", n), float64(calls), "", float64(bound)).at("ours", float64(n)))
	}
	return res, nil
}

func refreshCallsAt(ctx context.Context, s *Session, n int) (int, error) {
	e, err := newEnv(s.Config, defaultOptions())
	if err != nil {
		return 0, err
	}
	defer e.close()
	const from, to = "2024-06-01T00:00:00Z", "2024-06-01T01:00:00Z"
	fromT, _ := time.Parse(time.RFC3339, from)
	toT, _ := time.Parse(time.RFC3339, to)
	seeded, err := e.seedExports(map[string]any{"topic_id": benchTopic, "count": n, "query": "scaling", "log_count": 1000,
		"from": fromT.UnixMilli(), "to": toT.UnixMilli()}, n)
	if err != nil {
		return 0, err
	}
	var ids []string
	for _, id := range seeded {
		ids = append(ids, fmt.Sprintf("%q", benchTopic+":"+id))
	}
	hcl := fmt.Sprintf(`
locals {
  ids = [%s]
}

import {
  for_each = { for i, id in local.ids : tostring(i) => id }
  to       = telemetry_cls_export.scaling[each.key]
  id       = each.value
}

resource "telemetry_cls_export" "scaling" {
  for_each  = { for i, id in local.ids : tostring(i) => id }
  topic_id  = %q
  query     = "scaling"
  from      = %q
  to        = %q
  log_count = 1000
}
`, strings.Join(ids, ", "), benchTopic, from, to)
	if err := e.writeConfig(hcl); err != nil {
		return 0, err
	}
	s.logf("importing %d exports, then planning", n)
	if _, err := e.terraform(ctx, "apply", "-auto-approve", "-no-color", "-input=false"); err != nil {
		return 0, fmt.Errorf("importing: %w", err)
	}
	before, err := e.stats()
	if err != nil {
		return 0, err
	}
	r, err := e.run(ctx, "plan", "-detailed-exitcode", "-no-color", "-input=false")
	if err != nil {
		return 0, err
	}
	if r.Code != 0 {
		return 0, fmt.Errorf("the plan after the imports is not empty (exit %d):\n%s", r.Code, tail(r.Out, 30))
	}
	after, err := e.stats()
	if err != nil {
		return 0, err
	}
	calls := diff(after, before)
	if other := total(calls) - calls["DescribeExports"]; other != 0 {
		return 0, fmt.Errorf("the refresh made other calls: %v", calls)
	}
	return calls["DescribeExports"], nil
}
