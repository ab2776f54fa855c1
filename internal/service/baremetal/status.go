package baremetal

import (
	"context"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// Poller statuses. The vendor documents processing/completed, its example
// shows "Running" and no failure value is documented, so every vendor status
// is folded into one of these three for the waiter.
const (
	pollRunning   = "running"
	pollCompleted = "completed"
	pollFailed    = "failed"
)

// classify folds a vendor status into a poller status.
func classify(e *huaweicloud.LogsExport) string {
	switch {
	case e.Completed():
		return pollCompleted
	case e.Failed():
		return pollFailed
	default:
		return pollRunning
	}
}

// statusExport is the waiter's refresh function. A not-found answer right
// after the POST is reported as "not found yet" (empty status) so that the
// waiter tolerates a short propagation delay. Every other error is returned
// unchanged: a transient one (5xx, throttling, a lost connection) is an
// outage the waiter waits out until the timeout, so it must keep its type.
func statusExport(client *huaweicloud.Client, id exportID) tfresource.StatusFunc[*huaweicloud.LogsExport] {
	return func(ctx context.Context) (*huaweicloud.LogsExport, string, error) {
		out, err := findExport(ctx, client, id)
		if tfresource.NotFound(err) {
			return nil, "", nil
		}
		if err != nil {
			return nil, "", err
		}
		return out, classify(out), nil
	}
}
