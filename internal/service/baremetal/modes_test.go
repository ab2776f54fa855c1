package baremetal

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// newModesFixture is newWaitFixture with emulator modes: one clock drives
// the emulator and the poller, so lags pass without real sleeps.
func newModesFixture(t *testing.T, exportMS int64, modes core.Modes) (*huaweicloud.Client, *sharedClock, exportID, *huaweicloud.LogsExport) {
	t.Helper()
	clock := &sharedClock{now: time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)}
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.Modes = modes
	opts.Huawei.ExportMS = exportMS
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	client := huaweicloud.NewClient(huaweicloud.Config{AuthToken: opts.Huawei.AuthToken, ProjectID: opts.Huawei.ProjectID, Region: "cn-east-3", Endpoint: ts.URL})
	server := huawei.DefaultServers(opts.Huawei.ProjectID)[0].ID
	exp, err := client.ExportServerLogs(context.Background(), huaweicloud.ExportInput{ServerID: server})
	if err != nil {
		t.Fatal(err)
	}
	return client, clock, exportID{ProjectID: opts.Huawei.ProjectID, ServerID: server, ExportID: exp.ExportID}, exp
}

func slept(c *sharedClock) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var total time.Duration
	for _, d := range c.sleeps {
		total += d
	}
	return total
}

// Under a visibility lag the first polls answer "not found" and later ones
// a status lagging behind: the wait tolerates the first as propagation and
// ends only when the API itself says completed (after the lag plus the
// export's run), so nothing is downloaded before that.
func TestWaitUnderVisibilityLag(t *testing.T) {
	client, clock, id, _ := newModesFixture(t, 5_000, core.Modes{VisibilityLagMS: 2000})
	got, err := waitExportCompleted(context.Background(), client, id, waitOptions{Timeout: 30 * time.Minute, Propagation: tfresource.PropagationTimeout, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != huaweicloud.StatusCompleted || got.Percentage != 100 {
		t.Errorf("final export %+v", got)
	}
	if total := slept(clock); total < 7*time.Second {
		t.Errorf("the wait ended after %s, before the lagging API could say completed (2 s lag + 5 s run)", total)
	}
}

// Read right after our create retries "not found" within the propagation
// window, and gives up at once without one.
func TestFindExportAfterWrite(t *testing.T) {
	client, clock, id, _ := newModesFixture(t, 0, core.Modes{VisibilityLagMS: 2000})
	if _, err := findExportAfterWrite(context.Background(), client, id, 0, clock); !tfresource.NotFound(err) {
		t.Fatalf("without a window: %v, want not found", err)
	}
	got, err := findExportAfterWrite(context.Background(), client, id, tfresource.PropagationTimeout, clock)
	if err != nil || !got.Completed() {
		t.Fatalf("within the window: (%+v, %v), want the completed export", got, err)
	}
	if total := slept(clock); total < 2*time.Second || total > 10*time.Second {
		t.Errorf("retried for %s for a 2 s lag", total)
	}
	// A window that ends before the export shows stays not found.
	client, clock, id, _ = newModesFixture(t, 0, core.Modes{VisibilityLagMS: 60_000})
	if _, err := findExportAfterWrite(context.Background(), client, id, 5*time.Second, clock); !tfresource.NotFound(err) {
		t.Fatalf("window shorter than the lag: %v, want not found", err)
	}
}

type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }

func (p fakePrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	p[k] = v
	return nil
}

func TestPropagationLeft(t *testing.T) {
	clock := &sharedClock{now: time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)}
	r := &logExportResource{clock: clock}
	var diags diag.Diagnostics
	written := fakePrivate{}
	diags.Append(tfresource.MarkWritten(context.Background(), written, clock.Now())...)
	if got := r.propagationLeft(context.Background(), written); got != tfresource.PropagationTimeout {
		t.Errorf("right after the write: %s", got)
	}
	_ = clock.Sleep(context.Background(), 90*time.Second)
	if got := r.propagationLeft(context.Background(), written); got != 30*time.Second {
		t.Errorf("90 s after the write: %s, want 30s", got)
	}
	_ = clock.Sleep(context.Background(), time.Minute)
	if got := r.propagationLeft(context.Background(), written); got > 0 {
		t.Errorf("after the window: %s", got)
	}
	for _, p := range []fakePrivate{nil, {}, {"written_at": []byte(`"yesterday"`)}, {"written_at": []byte(`{`)}} {
		if got := r.propagationLeft(context.Background(), p); got != 0 {
			t.Errorf("%v: %s, want 0", p, got)
		}
	}
	if diags.HasError() {
		t.Error(diags)
	}
}

// Equivalent answers keep the stored spelling; a lagging answer never
// takes a completed export back to running.
func TestSetExportKeepsSpellingAndNeverRegresses(t *testing.T) {
	m := logExportModel{
		Status: types.StringValue("completed"), Percentage: types.Int64Value(100),
		CreatedAt: types.StringValue("2025-03-20T02:48:06Z"),
	}
	m.setExport(&huaweicloud.LogsExport{Status: "Completed", Percentage: 100, CreatedAt: "2025-03-20T10:48:06+08:00"})
	if m.Status.ValueString() != "completed" || m.CreatedAt.ValueString() != "2025-03-20T02:48:06Z" {
		t.Errorf("equivalent answer changed the model: %s %s", m.Status, m.CreatedAt)
	}
	m.refreshExport(context.Background(), &huaweicloud.LogsExport{Status: "processing", Percentage: 80, CreatedAt: "2025-03-20T02:48:06Z"})
	if m.Status.ValueString() != "completed" || m.Percentage.ValueInt64() != 100 {
		t.Errorf("lagging answer regressed the model: %s %s", m.Status, m.Percentage)
	}
	m.refreshExport(context.Background(), &huaweicloud.LogsExport{Status: "failed", Percentage: 100})
	if m.Status.ValueString() != "failed" {
		t.Errorf("a failure must show: %s", m.Status)
	}
	m.setExport(&huaweicloud.LogsExport{Status: "Running", Percentage: 10, CreatedAt: "2025-03-20T02:48:07Z"})
	if m.Status.ValueString() != "running" || m.CreatedAt.ValueString() != "2025-03-20T02:48:07Z" {
		t.Errorf("a real change must show: %s %s", m.Status, m.CreatedAt)
	}
}
