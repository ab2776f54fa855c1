package reliability_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// stateInstance is one resource instance in a state file.
type stateInstance struct {
	Status     string         `json:"status"`
	Attributes map[string]any `json:"attributes"`
}

// stateInstances returns the instances of resources of typ in a state file.
func stateInstances(t *testing.T, data []byte, typ string) []stateInstance {
	t.Helper()
	var st struct {
		Resources []struct {
			Type      string          `json:"type"`
			Instances []stateInstance `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("decoding the state file: %v", err)
	}
	var out []stateInstance
	for _, r := range st.Resources {
		if r.Type == typ {
			out = append(out, r.Instances...)
		}
	}
	return out
}

// TestAccReliability_interruptWhilePolling interrupts `terraform apply`
// (SIGINT, as Ctrl-C or a cancelled CI job sends) while the provider polls a
// CLS export that takes ten minutes. The state must keep the export id, and
// the next apply must converge on exactly one export with no orphan.
func TestAccReliability_interruptWhilePolling(t *testing.T) {
	acctest.RequireCLI(t)
	slow := emulator.DefaultOptions()
	fast(&slow)
	slow.Tencent.ProcessMS = (10 * time.Minute).Milliseconds()
	e, sw := newSwappableEmulator(t, slow)

	// The first DescribeExports after CreateExport means the export exists
	// and the provider is polling it.
	polling := make(chan struct{}, 1)
	sw.after = func(r *http.Request) {
		if r.Header.Get("X-TC-Action") == "DescribeExports" {
			select {
			case polling <- struct{}{}:
			default:
			}
		}
	}

	w := newWorkspace(t, `provider "telemetry" {}`+clsHCL(""), e.Env()...)
	var out bytes.Buffer
	apply := w.command(&out, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()

	select {
	case <-polling:
	case err := <-exited:
		t.Fatalf("apply ended before polling the export (%v):\n%s", err, out.String())
	case <-time.After(2 * time.Minute): // a guard against a hung CLI, not a wait
		_ = apply.Process.Kill()
		t.Fatalf("the provider never polled the export:\n%s", out.String())
	}
	inv := takeInventory(t, e)
	if len(inv.CLSExports) != 1 {
		t.Fatalf("want one export in the emulator while polling, got %s", inv)
	}
	created := inv.CLSExports[0]

	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-exited:
	case <-time.After(2 * time.Minute):
		_ = apply.Process.Kill()
		t.Fatalf("apply did not exit after SIGINT:\n%s", out.String())
	}
	if err == nil {
		t.Fatalf("the interrupted apply exited 0:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Errorf("the CLI did not report the interrupt:\n%s", out.String())
	}

	insts := stateInstances(t, w.stateBytes(), "telemetry_cls_export")
	if len(insts) != 1 || insts[0].Attributes["id"] != created {
		t.Fatalf("after the interrupt the state should track %s, it holds %+v\n%s", created, insts, out.String())
	}
	t.Logf("after the interrupt: instance status %q, export status %v", insts[0].Status, insts[0].Attributes["status"])

	// The emulator "restarts" with quick exports and the same objects; the
	// next apply replaces the unfinished (tainted) export.
	quick := emulator.DefaultOptions()
	fast(&quick)
	sw.restart(t, quick)
	w.mustRun(0, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	inv = takeInventory(t, e)
	if len(inv.CLSExports) != 1 || inv.total() != 1 {
		t.Fatalf("after the second apply want exactly one export and nothing else, the emulator holds %s", inv)
	}
	insts = stateInstances(t, w.stateBytes(), "telemetry_cls_export")
	if len(insts) != 1 || insts[0].Attributes["id"] != inv.CLSExports[0] || insts[0].Status == "tainted" {
		t.Fatalf("the state should track %s, untainted; it holds %+v", inv.CLSExports[0], insts)
	}
	w.mustRun(0, nil, "plan", "-detailed-exitcode", "-input=false", "-no-color")
}
