package reliability_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Distinctive secret values: none of them may appear in any log line,
// diagnostic or state byte.
const (
	aliSTSKey       = "STS.reliability-access-key"
	aliSTSSecret    = "ali-sts-SECRET-7d1f02"
	aliToken        = "ali-sts-TOKEN-3c9a55"
	tcSecretKey     = "tc-SECRET-91ab3e"
	tcToken         = "tc-TOKEN-44de0c"
	hwTempAK        = "reliability-temp-ak"
	hwTempSK        = "hw-temp-SECRET-a1b2c3"
	hwSecurityToken = "hw-sts-TOKEN-5e6f7a"
	hwAuthToken     = "hw-AUTH-TOKEN-77c0d1"
	woSecret        = "wo-SECRET-0f0f0f"
	// Wrong values configured on purpose must not leak either.
	wrongAliSecret = "WRONG-ali-SECRET-123"
	wrongTcSecret  = "WRONG-tc-SECRET-456"
	wrongHwSK      = "WRONG-hw-SECRET-789"
	wrongHwToken   = "WRONG-hw-AUTH-TOKEN-0ab"
)

var allSecrets = []string{aliSTSSecret, aliToken, tcSecretKey, tcToken, hwTempSK, hwSecurityToken, hwAuthToken, woSecret,
	wrongAliSecret, wrongTcSecret, wrongHwSK, wrongHwToken}

func secretEmulatorOptions(o *emulator.Options) {
	fast(o)
	o.Alibaba.STSAccessKey, o.Alibaba.STSSecretKey, o.Alibaba.SecurityToken = aliSTSKey, aliSTSSecret, aliToken
	o.Tencent.SecretKey, o.Tencent.SecurityToken = tcSecretKey, tcToken
	o.Huawei.TempAccessKey, o.Huawei.TempSecretKey, o.Huawei.SecurityToken = hwTempAK, hwTempSK, hwSecurityToken
	o.Huawei.AuthToken = hwAuthToken
}

// secretProvider is a provider block with every secret set; huaweiToken
// selects auth_token instead of temporary AK/SK. wrong puts wrong secrets
// in place of the right ones.
func secretProvider(e *acctest.Emulator, huaweiToken, wrong bool) string {
	ali, tc, hwSK, hwTok := aliSTSSecret, tcSecretKey, hwTempSK, hwAuthToken
	if wrong {
		ali, tc, hwSK, hwTok = wrongAliSecret, wrongTcSecret, wrongHwSK, wrongHwToken
	}
	hw := fmt.Sprintf(`access_key = %q
    secret_key = %q
    security_token = %q`, hwTempAK, hwSK, hwSecurityToken)
	if huaweiToken {
		hw = fmt.Sprintf(`auth_token = %q`, hwTok)
	}
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries              = 1
  read_after_write_timeout = "5s"
  alicloud {
    access_key     = %[2]q
    secret_key     = %[3]q
    security_token = %[4]q
    region         = %[5]q
    endpoint       = %[1]q
  }
  tencentcloud {
    secret_id      = %[6]q
    secret_key     = %[7]q
    security_token = %[8]q
    region         = %[9]q
    endpoint       = %[1]q
  }
  huaweicloud {
    %[10]s
    project_id = %[11]q
    region     = %[12]q
    endpoint   = %[1]q
  }
}
`, e.URL, aliSTSKey, ali, aliToken, acctest.AlicloudRegion, acctest.TencentcloudSecretID, tc, tcToken, acctest.TencentcloudRegion,
		hw, acctest.HuaweicloudProjectID, acctest.HuaweicloudRegion)
}

// everyResource declares one of each resource; the exporter output's
// secret is write-only, so it must never reach the state.
func everyResource(archive string) string {
	return fmt.Sprintf(`
resource "telemetry_cms_exporter_output" "test" {
  dest_name                    = "secrets-check"
  sls_endpoint                 = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project                  = "monitoring"
  sls_logstore                 = "cms-metrics"
  access_key_id                = "LTAIsecretscheck"
  access_key_secret_wo         = %q
  access_key_secret_wo_version = 1
}
%s%s
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %q
  output_path        = %q
}
`, woSecret, eventHCL(), clsHCL(""), serverID, archive)
}

// tracedRun runs terraform with TF_LOG=TRACE into its own log file and
// returns the exit code; every output and log is kept for the final scan.
type tracedRun struct {
	w    *workspace
	logs []string // paths of log files
	outs []string // combined stdout+stderr of each command
	n    int
}

func (r *tracedRun) run(args ...string) (string, int) {
	r.w.t.Helper()
	r.n++
	logPath := filepath.Join(r.w.t.TempDir(), fmt.Sprintf("trace-%02d-%s.log", r.n, args[0]))
	r.logs = append(r.logs, logPath)
	out, code := r.w.run([]string{"TF_LOG=TRACE", "TF_LOG_PATH=" + logPath}, append(args, "-no-color")...)
	r.outs = append(r.outs, out)
	return out, code
}

func (r *tracedRun) must(want int, args ...string) string {
	r.w.t.Helper()
	out, code := r.run(args...)
	if code != want {
		r.w.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// TestAccReliability_secretsStayOut runs plan, apply, import and destroy of
// every resource at TF_LOG=TRACE, with successful and failing calls (vendor
// errors that echo a secret, wrong credentials), and scans every log, every
// diagnostic and the raw state files for the configured secret values.
func TestAccReliability_secretsStayOut(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, secretEmulatorOptions)
	archive := filepath.Join(t.TempDir(), "logs.tar.gz")
	resources := everyResource(archive)
	w := newWorkspace(t, secretProvider(e, false, false)+resources)
	r := &tracedRun{w: w}
	var states [][]byte

	// Successful plan, apply, plan, then import of the importable resources.
	r.must(0, "plan", "-input=false")
	r.must(0, "apply", "-auto-approve", "-input=false")
	states = append(states, w.stateBytes())
	r.must(0, "plan", "-input=false", "-detailed-exitcode")
	for _, addr := range []string{outputAddr, clsAddr, baremetalAddr} {
		id := stateID(t, w.stateBytes(), addr)
		r.must(0, "state", "rm", addr)
		r.must(0, "import", "-input=false", addr, id)
	}
	states = append(states, w.stateBytes())

	// Vendor errors whose messages echo every secret (a gateway quoting the
	// request back), on reads: refresh fails for each cloud.
	for _, op := range []string{"DescribeExporterOutputList", "DescribeExports", "ShowLogsExportStatus"} {
		e.AddFault(t, core.Fault{Operation: op, Kind: core.FaultError, Code: "InvalidParameter", HTTPStatus: http.StatusBadRequest, Message: "rejected: " + echo(op), Count: 2})
	}
	r.must(1, "plan", "-input=false")
	e.Post(t, "/_emulator/reset", nil, nil) // clears the faults; objects are recreated below

	// Failing creates (5xx, echoing the secrets) then a converging apply.
	for _, op := range []string{"PutExporterOutput", "CreateExport", "PutCustomEvent", "ExportServerLogs"} {
		e.AddFault(t, core.Fault{Operation: op, Kind: core.FaultError, Code: "InternalError", HTTPStatus: http.StatusInternalServerError, Message: "failed: " + echo(op), Count: 8})
	}
	w.write(secretProvider(e, false, false) + strings.ReplaceAll(resources, `"deploy"`, `"deploy-2"`))
	r.must(1, "apply", "-auto-approve", "-input=false")
	states = append(states, w.stateBytes())
	e.Post(t, "/_emulator/reset", nil, nil)
	r.must(0, "apply", "-auto-approve", "-input=false")
	states = append(states, w.stateBytes())

	// Huawei by IAM token, then wrong credentials for every cloud.
	w.write(secretProvider(e, true, false) + resources)
	e.AddFault(t, core.Fault{Operation: "ShowLogsExportStatus", Kind: core.FaultError, Code: "APIGW.0201", HTTPStatus: http.StatusBadRequest, Message: "rejected token " + hwAuthToken, Count: 1})
	r.must(1, "plan", "-input=false")
	r.must(0, "plan", "-input=false")
	w.write(secretProvider(e, true, true) + resources)
	r.must(1, "plan", "-input=false")
	w.write(secretProvider(e, false, true) + resources)
	r.must(1, "destroy", "-auto-approve", "-input=false")

	// A failing destroy, then a successful one.
	w.write(secretProvider(e, false, false) + resources)
	e.AddFault(t, core.Fault{Operation: "DeleteExport", Kind: core.FaultError, Code: "InternalError", HTTPStatus: http.StatusInternalServerError, Message: "failed: " + echo("DeleteExport"), Count: 2})
	r.must(1, "destroy", "-auto-approve", "-input=false")
	r.must(0, "destroy", "-auto-approve", "-input=false")
	states = append(states, w.stateBytes())
	if backup, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate.backup")); err == nil {
		states = append(states, backup)
	}

	// The scan. The logs must really be TRACE logs of the provider.
	var all bytes.Buffer
	for _, p := range r.logs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("reading %s: %v", p, err)
		}
		all.Write(data)
		for _, s := range allSecrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("secret %q appears in the TRACE log %s", s, filepath.Base(p))
			}
		}
	}
	for _, want := range []string{"[TRACE]", "cloud API response body", "@module=telemetry"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the logs hold no %q: are they really TRACE logs of the provider?", want)
		}
	}
	for i, out := range r.outs {
		for _, s := range allSecrets {
			if strings.Contains(out, s) {
				t.Errorf("secret %q appears in the output (diagnostics) of command %d:\n%s", s, i+1, out)
			}
		}
	}
	for i, st := range states {
		for _, s := range allSecrets {
			if bytes.Contains(st, []byte(s)) {
				t.Errorf("secret %q appears in state file snapshot %d", s, i+1)
			}
		}
	}
	t.Logf("%d commands, %d bytes of TRACE logs scanned", r.n, all.Len())
}

// echo is what a vendor's gateway could quote back from a request of op:
// the credential values it was sent, and the secret inside the body of
// PutExporterOutput.
func echo(op string) string {
	switch op {
	case "PutExporterOutput":
		return strings.Join([]string{aliSTSSecret, aliToken, woSecret}, " ")
	case "DescribeExporterOutputList", "PutCustomEvent":
		return strings.Join([]string{aliSTSSecret, aliToken}, " ")
	case "DescribeExports", "CreateExport", "DeleteExport":
		return strings.Join([]string{tcSecretKey, tcToken}, " ")
	default:
		return strings.Join([]string{hwTempSK, hwSecurityToken}, " ")
	}
}

// stateID returns the id attribute of the resource at addr in a state file.
func stateID(t *testing.T, data []byte, addr string) string {
	t.Helper()
	typ := strings.SplitN(addr, ".", 2)[0]
	insts := stateInstances(t, data, typ)
	if len(insts) != 1 {
		t.Fatalf("%s: %d instances in state", addr, len(insts))
	}
	if addr == outputAddr {
		return fmt.Sprint(insts[0].Attributes["region"]) + ":" + fmt.Sprint(insts[0].Attributes["dest_name"])
	}
	return fmt.Sprint(insts[0].Attributes["id"])
}
