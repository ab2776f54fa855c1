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

// waitOptions bounds a wait: the timeout and its name in the configuration
// (timeouts.create or timeouts.update, for the error), how long "not found"
// before the export was first seen is taken for a create still propagating
// (what is left of read_after_write_timeout since the create), and the
// poller's clock (nil: the wall clock).
type waitOptions struct {
	Timeout, Propagation time.Duration
	TimeoutName          string
	Clock                tfresource.Clock
}

// waitExportCompleted polls until the export is completed, failed, gone, or
// the timeout passes (see waitOptions for propagation).
func waitExportCompleted(ctx context.Context, client *huaweicloud.Client, id exportID, opts waitOptions) (*huaweicloud.LogsExport, error) {
	w := tfresource.Waiter[*huaweicloud.LogsExport]{
		What:        describe(id),
		Pending:     []string{pollRunning},
		Target:      []string{pollCompleted},
		Refresh:     statusExport(client, id),
		Timeout:     opts.Timeout,
		Propagation: opts.Propagation,
		First:       pollFirst,
		Max:         10 * time.Second,
		Clock:       opts.Clock,
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

// awaitExport waits for m's export to complete and records the export's
// last answer in m (setExport). The error of a failed wait is a
// lastReportError: it carries the status and percentage m then holds, as
// the API reported them, for waitErrorDetail.
func awaitExport(ctx context.Context, client *huaweicloud.Client, m *logExportModel, opts waitOptions) (*huaweicloud.LogsExport, error) {
	done, err := waitExportCompleted(ctx, client, m.id(), opts)
	if done != nil {
		m.setExport(done)
	}
	if err != nil {
		return done, &lastReportError{Status: m.Status.ValueString(), Percentage: m.Percentage.ValueInt64(), TimeoutName: opts.TimeoutName, Err: err}
	}
	return done, nil
}

// lastReportError is a failed wait with the export's last status and
// percentage as the API reported them, never the poller's classification,
// and the name of the timeout that bounded it (waitOptions.TimeoutName).
type lastReportError struct {
	Status      string
	Percentage  int64
	TimeoutName string
	Err         error
}

func (e *lastReportError) Error() string { return e.Err.Error() }
func (e *lastReportError) Unwrap() error { return e.Err }
