package baremetal

import (
	"context"
	"strconv"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// pollFirst is the first poll delay; exports of a real BMC take minutes, the
// emulator's tens of milliseconds, and the poller backs off from here.
const pollFirst = 200 * time.Millisecond

// waitExportCompleted polls until the export is completed, failed, gone, or
// the timeout passes. "Not found" before the export was first seen is taken
// for a create still propagating for at most propagation (what is left of
// read_after_write_timeout since the create).
func waitExportCompleted(ctx context.Context, client *huaweicloud.Client, id exportID, timeout, propagation time.Duration, clock tfresource.Clock) (*huaweicloud.LogsExport, error) {
	w := tfresource.Waiter[*huaweicloud.LogsExport]{
		What:        describe(id),
		Pending:     []string{pollRunning},
		Target:      []string{pollCompleted},
		Refresh:     statusExport(client, id),
		Timeout:     timeout,
		Propagation: propagation,
		First:       pollFirst,
		Max:         10 * time.Second,
		Clock:       clock,
		// A status read that fails transiently does not end the wait: the
		// export runs on, so the poller keeps asking until the timeout.
		Transient: transport.IsTransient,
		Progress: func(e *huaweicloud.LogsExport) map[string]any {
			if e == nil {
				return nil
			}
			return map[string]any{"percentage": e.Percentage, "vendor_status": e.Status, "export_id": e.ExportID}
		},
		Reason: func(e *huaweicloud.LogsExport) string {
			if e == nil {
				return ""
			}
			return "the vendor reports status " + e.Status + " at " + strconv.FormatInt(e.Percentage, 10) + "%"
		},
	}
	return w.Wait(ctx)
}
