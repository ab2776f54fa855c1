package baremetal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download/downloadtest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// timeoutsOf is a timeouts block with the given values, the rest unset.
func timeoutsOf(t *testing.T, set map[string]string) timeouts.Value {
	t.Helper()
	attrTypes := timeoutsAttrTypes(context.Background())
	vals := map[string]attr.Value{}
	for name := range attrTypes {
		vals[name] = types.StringNull()
		if v, ok := set[name]; ok {
			vals[name] = types.StringValue(v)
		}
	}
	obj, diags := types.ObjectValue(attrTypes, vals)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return timeouts.Value{Object: obj}
}

// timeouts.update defaults to timeouts.create (which bounded updates before
// update existed), and that to 30m; a configured update wins.
func TestUpdateTimeoutDefaults(t *testing.T) {
	for _, c := range []struct {
		set  map[string]string
		want time.Duration
	}{
		{nil, defaultCreateTimeout},
		{map[string]string{"create": "45m"}, 45 * time.Minute},
		{map[string]string{"create": "45m", "update": "2s"}, 2 * time.Second},
		{map[string]string{"update": "10m"}, 10 * time.Minute},
	} {
		got, diags := updateTimeout(context.Background(), logExportModel{Timeouts: timeoutsOf(t, c.set)})
		if diags.HasError() || got != c.want {
			t.Errorf("timeouts %v: update timeout %s (%v), want %s", c.set, got, diags, c.want)
		}
	}
}

// A wait that outlasts timeouts.update says to raise timeouts.update; one
// without a name (and Create's) timeouts.create.
func TestWaitErrorDetailNamesTheTimeout(t *testing.T) {
	to := &tfresource.TimeoutError{What: "x", LastStatus: pollRunning, Timeout: 2 * time.Second}
	for name, want := range map[string]string{"timeouts.update": "raise timeouts.update.", "timeouts.create": "raise timeouts.create.", "": "raise timeouts.create."} {
		got := waitErrorDetail(&lastReportError{Status: "processing", TimeoutName: name, Err: to}, 2*time.Second, nextAfterUpdate)
		if !strings.HasSuffix(got, want) {
			t.Errorf("name %q: %q, want it to end with %q", name, got, want)
		}
	}
}

// removeFileWithin: a deadline already passed leaves the file and says so;
// in time it removes the unchanged file as removeFile does.
func TestRemoveFileWithin(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.tar.gz")
	body := []byte("\x1f\x8b archive")
	if err := os.WriteFile(p, body, 0o644); err != nil {
		t.Fatal(err)
	}
	m := logExportModel{OutputPath: types.StringValue(p), FileSize: types.Int64Value(int64(len(body))), FileSHA256: types.StringValue(downloadtest.SHA256Hex(body))}
	expired, cancel := context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	if err := m.removeFileWithin(expired); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past deadline: %v, want context.DeadlineExceeded", err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Errorf("past deadline: the file went: %v", err)
	}
	if err := m.removeFileWithin(context.Background()); err != nil {
		t.Errorf("in time: %v", err)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("in time: the unchanged file stayed (stat: %v)", err)
	}
	if err := (&logExportModel{OutputPath: types.StringNull()}).removeFileWithin(expired); err != nil {
		t.Errorf("no file of ours: %v", err)
	}
}
