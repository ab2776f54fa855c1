package cls

import (
	"context"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

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
			return nil, "", err
		}
		return e, e.Status, nil
	}
}
