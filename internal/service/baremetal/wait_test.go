package baremetal

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// sharedClock is both the emulator's clock and the poller's: sleeping
// advances time for both, so the wait runs without real sleeps.
type sharedClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *sharedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *sharedClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return nil
}

func newWaitFixture(t *testing.T, exportMS int64) (*emulator.Server, *huaweicloud.Client, *sharedClock, exportID) {
	t.Helper()
	clock := &sharedClock{now: time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)}
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.Huawei.ExportMS = exportMS
	opts.Huawei.PercentageNumber = true
	opts.Huawei.RunningStatus = "Running"
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	client := huaweicloud.NewClient(huaweicloud.Config{AuthToken: opts.Huawei.AuthToken, ProjectID: opts.Huawei.ProjectID, Region: "cn-east-3", Endpoint: ts.URL})
	server := huawei.DefaultServers(opts.Huawei.ProjectID)[0].ID
	exp, err := client.ExportServerLogs(context.Background(), huaweicloud.ExportInput{ServerID: server})
	if err != nil {
		t.Fatal(err)
	}
	return srv, client, clock, exportID{ProjectID: opts.Huawei.ProjectID, ServerID: server, ExportID: exp.ExportID}
}

func TestWaitExportCompleted(t *testing.T) {
	_, client, clock, id := newWaitFixture(t, 60_000)
	got, err := waitExportCompleted(context.Background(), client, id, waitOptions{Timeout: 30 * time.Minute, Propagation: tfresource.PropagationTimeout, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "completed" || got.Percentage != 100 || got.ExportID != id.ExportID {
		t.Errorf("final export %+v", got)
	}
	var total time.Duration
	for _, d := range clock.sleeps {
		total += d
	}
	// Completion is noticed within max(1s, 10% of the 60 s run).
	if total < time.Minute || total > time.Minute+6*time.Second {
		t.Errorf("waited %s in %d polls for a 60 s export", total, len(clock.sleeps))
	}
	if len(clock.sleeps) > 60 {
		t.Errorf("%d polls for a 60 s export is too many", len(clock.sleeps))
	}
}

func TestWaitExportTimeoutAndFailure(t *testing.T) {
	_, client, clock, id := newWaitFixture(t, 3_600_000)
	_, err := waitExportCompleted(context.Background(), client, id, waitOptions{Timeout: 5 * time.Minute, Propagation: tfresource.PropagationTimeout, Clock: clock})
	var to *tfresource.TimeoutError
	if !errors.As(err, &to) || to.LastStatus != pollRunning {
		t.Fatalf("want a timeout in status running, got %v", err)
	}

	srv, client, clock, id := newWaitFixture(t, 3_600_000)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", "/_emulator/huawei/exports/"+id.ExportID+"/fail", nil))
	if rec.Code != 200 {
		t.Fatalf("failing the export: %d %s", rec.Code, rec.Body)
	}
	_, err = waitExportCompleted(context.Background(), client, id, waitOptions{Timeout: 5 * time.Minute, Propagation: tfresource.PropagationTimeout, Clock: clock})
	var unexpected *tfresource.UnexpectedStateError
	if !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "failed") {
		t.Fatalf("want a failed export, got %v", err)
	}
}

func TestClassify(t *testing.T) {
	for status, want := range map[string]string{
		"completed": pollCompleted, "processing": pollRunning, "running": pollRunning, "": pollRunning,
		"failed": pollFailed, "failure": pollFailed, "error": pollFailed,
	} {
		if got := classify(&huaweicloud.LogsExport{Status: status}); got != want {
			t.Errorf("classify(%q) = %q, want %q", status, got, want)
		}
	}
}

// The status function hands a transient error (5xx, throttling) to the
// waiter unchanged, so that the waiter waits the outage out; a 404 is
// "not found yet".
func TestStatusExportPassesTransientErrors(t *testing.T) {
	srv, c, _, id := newWaitFixture(t, 3_600_000)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	client := huaweicloud.NewClient(huaweicloud.Config{AuthToken: "emulator-token", ProjectID: id.ProjectID, Region: c.Region(), Endpoint: ts.URL, MaxRetries: -1})
	for _, fault := range []string{
		`{"operation":"ShowLogsExportStatus","kind":"error","code":"APIGW.0613","http_status":503}`,
		`{"operation":"ShowLogsExportStatus","kind":"throttle"}`,
	} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("POST", "/_emulator/faults", strings.NewReader(fault)))
		if rec.Code != 200 {
			t.Fatalf("arming %s: %d %s", fault, rec.Code, rec.Body)
		}
		obj, status, err := statusExport(client, id)(context.Background())
		if !transport.IsTransient(err) || obj != nil || status != "" {
			t.Errorf("%s: got (%v, %q, %v), want the transient error itself", fault, obj, status, err)
		}
		var he *huaweicloud.Error
		if !errors.As(err, &he) {
			t.Errorf("%s: error %T is not the vendor error", fault, err)
		}
	}
	obj, status, err := statusExport(client, id)(context.Background())
	if err != nil || obj == nil || status != pollRunning {
		t.Errorf("after the faults: (%v, %q, %v)", obj, status, err)
	}
	id.ExportID = "no-such-export"
	if obj, status, err := statusExport(client, id)(context.Background()); err != nil || obj != nil || status != "" {
		t.Errorf("missing export: (%v, %q, %v), want not found yet", obj, status, err)
	}
}
