package soak

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// A restart while a write is still running keeps the write: the new
// emulator starts from everything the old one acknowledged. Before the
// restart waited for requests in flight, the slow write below ran on the
// old emulator after the swap and was gone from the new one, and the soak
// reported the same orphan in every later round.
func TestEmulatorRestartKeepsWritesInFlight(t *testing.T) {
	emu, err := startEmulator(filepath.Join(t.TempDir(), "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.close)
	if err := emu.post("/_emulator/faults", core.Fault{Operation: "PutExporterOutput", Kind: core.FaultLatency, LatencyMS: 400, Count: 1}); err != nil {
		t.Fatal(err)
	}
	emu.restartAfter(1)
	client := alicloud.NewClient(alicloud.Config{
		AccessKey: "emulator-access-key", SecretKey: "emulator-secret-key",
		Region: "cn-hangzhou", Endpoint: emu.url, MaxRetries: 0,
	})
	done := make(chan error, 1)
	go func() {
		_, err := client.PutExporterOutput(context.Background(), alicloud.PutExporterOutputInput{
			DestName: "in-flight", DestType: "sls",
			Config: alicloud.ExporterOutputConfig{Endpoint: "https://cn-hangzhou.log.aliyuncs.com", Project: "p", Logstore: "l", AccessKeyID: "ak", AccessKeySecret: "sk"},
		})
		done <- err
	}()
	// Wait until the write has reached the emulator (and sits in its
	// latency), then send the request that triggers the restart.
	deadline := time.Now().Add(10 * time.Second)
	for emu.currentStats()["PutExporterOutput"] == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the write never reached the emulator")
		}
		time.Sleep(time.Millisecond)
	}
	resp, err := http.Get(emu.url + "/?Action=DescribeExporterOutputList")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-done; err != nil {
		t.Fatalf("PutExporterOutput: %v", err)
	}
	truth, err := emu.state()
	if err != nil {
		t.Fatal(err)
	}
	if !truth.outputs["in-flight"] {
		t.Fatalf("after the restart the emulator holds outputs %v, want the acknowledged write \"in-flight\"", truth.outputs)
	}
}

// currentStats are the request counts of the emulator serving now.
func (p *emulatorProc) currentStats() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.srv.Stats()
}
