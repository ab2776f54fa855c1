package cls

import (
	"context"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// Poll shape: the first poll pollFirst after the create (CLS queues every
// new export, so a poll at once only spends the account's DescribeExports
// quota), fast polls after it, then at least every max(750ms, elapsed/15)
// (the poller's proportional bound), never more than pollMax apart.
const (
	pollFirst = 250 * time.Millisecond
	pollMax   = 10 * time.Second
)

// exportWaiter waits for an export to leave Queuing and Processing. Anything
// but Completed (Failed, Expired, an unknown status) ends the wait with an
// error naming the status. An export not listed yet is taken for one still
// propagating for at most propagation (read_after_write_timeout after a
// create; zero for an export already seen).
func exportWaiter(id exportID, refresh tfresource.StatusFunc[*tencentcloud.Export], timeout, propagation time.Duration, clock tfresource.Clock) tfresource.Waiter[*tencentcloud.Export] {
	return tfresource.Waiter[*tencentcloud.Export]{
		What:        describe(id),
		Pending:     []string{tencentcloud.StatusQueuing, tencentcloud.StatusProcessing},
		Target:      []string{tencentcloud.StatusCompleted},
		Refresh:     refresh,
		Timeout:     timeout,
		Propagation: propagation,
		Delay:       pollFirst,
		First:       pollFirst,
		Max:         pollMax,
		Clock:       clock,
		Progress: func(e *tencentcloud.Export) map[string]any {
			return map[string]any{"topic_id": id.TopicID, "export_id": id.ExportID, "cloud": "tencentcloud"}
		},
		Reason: func(e *tencentcloud.Export) string {
			switch e.Status {
			case tencentcloud.StatusFailed:
				// DescribeExports carries no failure reason; say what can be done.
				return "the service reports the export as Failed; check the query and time range, then apply again to replace it"
			case tencentcloud.StatusExpired:
				return "the export finished and its file already expired"
			}
			return ""
		},
	}
}

// waitExportCompleted polls DescribeExports until the export is Completed;
// see exportWaiter for propagation.
func waitExportCompleted(ctx context.Context, client *tencentcloud.Client, id exportID, timeout, propagation time.Duration) (*tencentcloud.Export, error) {
	return sharedExportWaiter(client, id, timeout, propagation).Wait(ctx)
}

// sharedExportWaiter is exportWaiter over the client's shared polls
// (pollExport): each poll comes on this waiter's schedule or sooner, from
// a list that answers every wait on the topic under way.
func sharedExportWaiter(client *tencentcloud.Client, id exportID, timeout, propagation time.Duration) tfresource.Waiter[*tencentcloud.Export] {
	w := exportWaiter(id, statusExport(client, id), timeout, propagation, nil)
	w.Poll = pollExport(client, id)
	return w
}
