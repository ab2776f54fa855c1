package bench

import (
	"context"
	"fmt"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

func init() { register(Scenario{Name: "refresh", Run: runRefresh}) }

// runRefresh runs an unchanged `terraform plan` over the scale fixture's N
// exporter outputs and N exports (one region, one topic) and counts the API
// calls its refresh makes: the shared paged lists must make them
// ceil(N/page size) per kind, with one call of slack.
func runRefresh(ctx context.Context, s *Session) ([]Result, error) {
	sc, err := scaleFixture(ctx, s)
	if err != nil {
		return nil, err
	}
	const name = "refresh"
	e, n := sc.env, sc.n
	before, err := e.stats()
	if err != nil {
		return nil, err
	}
	s.logf("planning with %d exporter outputs and %d CLS exports in state", n, n)
	r, err := e.run(ctx, "plan", "-detailed-exitcode", "-no-color", "-input=false")
	if err != nil {
		return nil, err
	}
	after, err := e.stats()
	if err != nil {
		return nil, err
	}
	if r.Code == 1 {
		return nil, fmt.Errorf("terraform plan failed:\n%s", tail(r.Out, 40))
	}
	calls := diff(after, before)
	listBound := ceilDiv(n, alicloud.MaxExporterOutputPageSize) + 1
	exportsBound := ceilDiv(n, tencentcloud.MaxDescribeLimit) + 1
	other := total(calls) - calls["DescribeExporterOutputList"] - calls["DescribeExports"]
	s.logf("calls: %v", calls)
	return []Result{
		exactly(name, "plan -detailed-exitcode (0 = no changes)", float64(r.Code), "", 0),
		atMost(name, fmt.Sprintf("DescribeExporterOutputList calls (N=%d, one region)", n), float64(calls["DescribeExporterOutputList"]), "", float64(listBound)),
		atMost(name, fmt.Sprintf("DescribeExports calls (N=%d, one topic)", n), float64(calls["DescribeExports"]), "", float64(exportsBound)),
		exactly(name, "other API calls", float64(other), "", 0),
		reported(name, "wall time of the plan", r.Took.Seconds(), "s"),
	}, nil
}
