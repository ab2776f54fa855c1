package cls

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// readAfterWrite finds the export; when it is not listed and the export
// was created by this provider less than the read-after-write bound ago,
// it keeps looking (fresh lists, backing off) for the rest of that window
// before reporting not found.
func readAfterWrite(ctx context.Context, client *tencentcloud.Client, id exportID, left time.Duration) (*tencentcloud.Export, error) {
	e, err := findExport(ctx, client, id, false)
	if !tfresource.NotFound(err) || left <= 0 {
		return e, err
	}
	tflog.Info(ctx, "CLS export created moments ago is not listed yet; waiting for it to become visible", map[string]any{
		"topic_id": id.TopicID, "export_id": id.ExportID, "time_left_s": int(left.Seconds()),
	})
	return tfresource.RetryWhileNotFound(ctx, left, nil, func(ctx context.Context) (*tencentcloud.Export, error) {
		return findExport(ctx, client, id, true)
	})
}
