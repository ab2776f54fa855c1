package cls

import (
	"context"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// deadlineSlack is how close to the deadline a failed poll counts as the
// deadline itself: the client-side rate limiter refuses to start a wait
// that would end past the deadline, and says so before ctx expires.
const deadlineSlack = time.Second

// statusExport reads the current status of an export for the poller. It
// always lists fresh pages: a shared list would hide progress. Not found
// yields an empty status, which the poller tolerates for a few polls
// (a new export may take a moment to be listed).
func statusExport(client *tencentcloud.Client, id exportID) tfresource.StatusFunc[*tencentcloud.Export] {
	return func(ctx context.Context) (*tencentcloud.Export, string, error) {
		e, err := findExport(ctx, client, id, true)
		return exportStatus(ctx, e, err)
	}
}

// pollExport is statusExport for the waiter's Poll: the status comes from
// the list the client shares between the waits on the topic (PollExport),
// begun within the time the waiter would have slept, so that N exports
// waiting cost about one page per poll round rather than N lists.
func pollExport(client *tencentcloud.Client, id exportID) func(context.Context, time.Duration) (*tencentcloud.Export, string, error) {
	return func(ctx context.Context, within time.Duration) (*tencentcloud.Export, string, error) {
		e, err := foundExport(id)(client.PollExport(ctx, id.TopicID, id.ExportID, within))
		return exportStatus(ctx, e, err)
	}
}

// exportStatus is a fresh lookup's answer as the poller takes it.
func exportStatus(ctx context.Context, e *tencentcloud.Export, err error) (*tencentcloud.Export, string, error) {
	if tfresource.NotFound(err) {
		return nil, "", nil
	}
	if err != nil {
		if dl, ok := ctx.Deadline(); ok && ctx.Err() == nil && time.Until(dl) < deadlineSlack {
			// Let the deadline pass so the poller reports a timeout.
			<-ctx.Done()
			return nil, "", ctx.Err()
		}
		return nil, "", err
	}
	return e, e.Status, nil
}
