package reliability_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// echoedSecret is the SLS AccessKey secret of the exporter output below;
// under -vendor-example-shapes every DescribeExporterOutputList answer
// echoes it inside ConfigJson, as the vendor's published example does.
const echoedSecret = "sls-ECHOED-secret-4b7c"

// TestAccReliability_echoedSecretStaysOutOfTraceLogs runs plan, apply,
// refresh, import and destroy of an exporter output at TF_LOG=TRACE against
// an emulator whose list answers echo the output's secret (as), and scans
// every log and every output for it.
func TestAccReliability_echoedSecretStaysOutOfTraceLogs(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, func(o *emulator.Options) { o.Modes.VendorExamples = true })
	config := e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_exporter_output" "test" {
  dest_name         = "echo-check"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project       = "monitoring"
  sls_logstore      = "cms-metrics"
  access_key_id     = "LTAIechocheck"
  access_key_secret = %q
}
`, echoedSecret)
	r := &tracedRun{w: newWorkspace(t, config)}
	r.must(0, "plan", "-input=false")
	r.must(0, "apply", "-auto-approve", "-input=false")
	r.must(0, "apply", "-refresh-only", "-auto-approve", "-input=false")
	r.must(0, "state", "rm", outputAddr)
	r.must(0, "import", "-input=false", outputAddr, acctest.AlicloudRegion+":echo-check")
	r.must(0, "plan", "-input=false")
	r.must(0, "destroy", "-auto-approve", "-input=false")
	if n := len(takeInventory(t, e).ExporterOutputs); n != 0 {
		t.Errorf("the emulator still holds %d exporter outputs after destroy", n)
	}

	var lists int
	for _, p := range r.logs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("reading %s: %v", p, err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if bytes.Contains(line, []byte("cloud API response body")) && bytes.Contains(line, []byte("DescribeExporterOutputList")) {
				lists++
			}
		}
		if bytes.Contains(data, []byte(echoedSecret)) {
			t.Errorf("the echoed secret appears in the TRACE log of %s", p)
		}
	}
	// The scan means something only if the logs hold the list answers.
	if lists < 5 {
		t.Errorf("the TRACE logs hold %d DescribeExporterOutputList response bodies, want one per command at least", lists)
	}
	for i, out := range r.outs {
		if strings.Contains(out, echoedSecret) {
			t.Errorf("the echoed secret appears in the output of command %d:\n%s", i+1, out)
		}
	}
}
