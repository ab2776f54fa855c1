package cls

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// writtenKey is the private-state key holding when this provider created
// the export. DescribeExports may not list an export for a while after
// CreateExport (eventual consistency); within tfresource.PropagationTimeout
// of the write, Read takes "not found" for "not visible yet".
const writtenKey = "created_at"

type writtenAt struct {
	At time.Time `json:"at"`
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// recordWrite stores the time of our CreateExport in private state.
func recordWrite(ctx context.Context, p privateSetter, at time.Time) diag.Diagnostics {
	b, _ := json.Marshal(writtenAt{At: at.UTC()})
	return p.SetKey(ctx, writtenKey, b)
}

// propagationLeft is how much of the propagation window after our own
// create is left (zero when there was none, or it passed).
func propagationLeft(ctx context.Context, p privateGetter, now time.Time) time.Duration {
	if p == nil {
		return 0
	}
	raw, diags := p.GetKey(ctx, writtenKey)
	if diags.HasError() || len(raw) == 0 {
		return 0
	}
	var w writtenAt
	if err := json.Unmarshal(raw, &w); err != nil || w.At.IsZero() {
		return 0
	}
	return max(w.At.Add(tfresource.PropagationTimeout).Sub(now), 0)
}

// readAfterWrite finds the export; when it is not listed and the export
// was created by this provider less than tfresource.PropagationTimeout ago,
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
