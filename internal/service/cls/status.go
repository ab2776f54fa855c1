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
}
