package moduletest

import (
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// remoteLookingEmulator starts an emulator reached through this machine's
// host name (such as a CI service container's "emulator"), which the
// provider cannot tell from a remote host: plain http to it needs
// insecure_http. Where the host name does not resolve, or is "localhost",
// it falls back to 127.0.0.1 (and says so); remote is then false.
func remoteLookingEmulator(t *testing.T) (e *acctest.Emulator, remote bool) {
	t.Helper()
	host, listenHost := "127.0.0.1", "127.0.0.1"
	if h, err := os.Hostname(); err == nil && h != "" && !strings.EqualFold(h, "localhost") {
		if addrs, err := net.LookupHost(h); err == nil && len(addrs) > 0 {
			host, listenHost, remote = h, addrs[0], true
		}
	}
	if !remote {
		t.Logf("the host name does not resolve: the emulator listens on 127.0.0.1")
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(listenHost, "0"))
	if err != nil {
		t.Fatal(err)
	}
	srv := emulator.New(emulator.DefaultOptions())
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return &acctest.Emulator{URL: "http://" + net.JoinHostPort(host, port), Server: srv}, remote
}

// envOnlyConfig names the provider's source address and nothing else of
// it: no provider block at all.
const envOnlyConfig = `
terraform {
  required_providers {
    telemetry = { source = "cloud-telemetry/telemetry" }
  }
}

resource "telemetry_cms_custom_event" "hello" {
  events = [{ name = "env-only", content = "no provider block" }]
}

resource "telemetry_cls_export" "errors" {
  topic_id    = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  query       = "level:ERROR"
  from        = "2024-06-01T09:00:00Z"
  to          = "2024-06-01T10:00:00Z"
  log_count   = 100
  format      = "json"
  output_path = "${path.root}/errors.tar.gz"
}

resource "telemetry_baremetal_log_export" "node1" {
  physical_server_id = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
  output_path        = "${path.root}/node1.tar.gz"
}
`

// A CI job whose emulator runs on another host (a service container at
// http://emulator:8787) configures the provider through the environment
// alone: endpoints, credentials, regions and the TELEMETRY_*_INSECURE_HTTP
// variables. Without the latter the plan refuses plain http; with them the
// configuration, which has no provider block, applies, plans clean and
// destroys.
func TestEnvOnly_emulatorOnAnotherHost(t *testing.T) {
	acctest.RequireCLI(t)
	e, remote := remoteLookingEmulator(t)
	w := &workspace{t: t, dir: t.TempDir(), emu: e}
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(envOnlyConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	base := append(append(acctest.CleanEnv(), acctest.DevOverridesConfig(t, providerDir)...), e.Env()...)
	insecure := []string{"TELEMETRY_ALICLOUD_INSECURE_HTTP=true", "TELEMETRY_TENCENTCLOUD_INSECURE_HTTP=1", "TELEMETRY_HUAWEICLOUD_INSECURE_HTTP=true"}

	if remote {
		w.env = base
		out, code := w.run(acctest.TerraformPath(), "plan", "-no-color", "-input=false")
		if code == 0 || !strings.Contains(out, "endpoint without encryption") {
			t.Fatalf("plain http to %s without insecure_http: exit %d, want the plan refused:\n%s", e.URL, code, out)
		}
		for _, v := range []string{"alicloud.endpoint", "tencentcloud.endpoint", "huaweicloud.endpoint"} {
			if !strings.Contains(out, v+" (or its environment variable)") {
				t.Errorf("the refusal does not name %s:\n%s", v, out)
			}
		}
	}

	w.env = append(base, insecure...)
	if out, code := w.run(acctest.TerraformPath(), "apply", "-auto-approve", "-no-color", "-input=false"); code != 0 {
		t.Fatalf("apply with the environment alone (emulator at %s) exited %d:\n%s", e.URL, code, out)
	}
	if out, code := w.run(acctest.TerraformPath(), "plan", "-detailed-exitcode", "-no-color", "-input=false"); code != 0 {
		t.Fatalf("plan after apply exited %d:\n%s", code, out)
	}
	stats := w.emu.Stats(t)
	for _, op := range []string{"PutCustomEvent", "CreateExport", "ExportServerLogs"} {
		if stats[op] != 1 {
			t.Errorf("%s calls = %d, want 1", op, stats[op])
		}
	}
	if out, code := w.run(acctest.TerraformPath(), "destroy", "-auto-approve", "-no-color", "-input=false"); code != 0 {
		t.Fatalf("destroy exited %d:\n%s", code, out)
	}
}
