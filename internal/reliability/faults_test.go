package reliability_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// The resources under test, one per mutating operation's owner.
const (
	outputAddr    = "telemetry_cms_exporter_output.test"
	eventAddr     = "telemetry_cms_custom_event.test"
	clsAddr       = "telemetry_cls_export.test"
	baremetalAddr = "telemetry_baremetal_log_export.test"
)

func outputHCL() string {
	return `
resource "telemetry_cms_exporter_output" "test" {
  dest_name         = "fault-matrix"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project       = "monitoring"
  sls_logstore      = "cms-metrics"
  access_key_id     = "LTAIfaultmatrix"
  access_key_secret = "fault-matrix-secret"
}
`
}

func eventHCL() string {
	return `
resource "telemetry_cms_custom_event" "test" {
  events = [{
    name    = "deploy"
    content = "fault matrix v1"
  }]
}
`
}

// clsHCL and baremetalHCL take the body of a timeouts block ("" for none).
func clsHCL(timeouts string) string {
	return fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %q
  query     = "status:500"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-02T00:00:00Z"
  log_count = 100
%s
}
`, topicID, timeoutsBlock(timeouts))
}

func baremetalHCL(timeouts string) string {
	return fmt.Sprintf(`
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %q
%s
}
`, serverID, timeoutsBlock(timeouts))
}

func timeoutsBlock(body string) string {
	if body == "" {
		return ""
	}
	return "  timeouts {\n    " + body + "\n  }"
}

// Fault shorthands. Counts are per call: the provider's max_retries is 3 in
// acctest's provider block, so 4 errors outlast every retry of an
// idempotent call and make the apply (or destroy) fail for real.
func fault5xx(op, code string, count int) core.Fault {
	return core.Fault{Operation: op, Kind: core.FaultError, Code: code, HTTPStatus: http.StatusInternalServerError, Count: count}
}

func faultThrottle(op string) core.Fault {
	return core.Fault{Operation: op, Kind: core.FaultThrottle, Count: 2}
}

func faultLatency(op string, ms int64) core.Fault {
	return core.Fault{Operation: op, Kind: core.FaultLatency, LatencyMS: ms, Count: 1}
}

func faultDrop(op string) core.Fault {
	return core.Fault{Operation: op, Kind: core.FaultDrop, Count: 1}
}

// Latency used where no timeout applies: exporter outputs, custom events
// and deletes have no timeouts block, and the provider's HTTP client has no
// overall timeout (only a 2-minute wait for response headers), so a slow
// answer is simply waited for. For the two creates with timeouts.create,
// the latency exceeds it.
const (
	slowMS        = 400
	pastTimeoutMS = 3000
	shortTimeout  = `create = "1s"`
)

// faultCase is one cell of the matrix.
type faultCase struct {
	name    string
	meaning string // what the case shows, in one sentence
	addr    string
	config  string // resource HCL (the provider block is added)
	fault   core.Fault
	// firstErr matches the first apply's (or destroy's) error; nil means
	// the operation must absorb the fault and succeed at once.
	firstErr *regexp.Regexp
	// delete arms the fault for the destroy instead of the create.
	delete bool
	// importAfterFailure follows the diagnostic's advice (import the export
	// found in the console) instead of applying blindly again.
	importAfterFailure bool
	// want is the number of objects of the resource's kind that must exist
	// at the end (before the final destroy); calls bounds the operation's
	// request count (0 = not checked).
	want  int
	calls int
}

func faultMatrix() []faultCase {
	out, ev := outputHCL(), eventHCL()
	return []faultCase{
		// ---- PutExporterOutput: an idempotent upsert (after a list that guards against overwriting) ----
		{name: "PutExporterOutput/5xx", addr: outputAddr, config: out, fault: fault5xx("PutExporterOutput", "InternalError", 4),
			meaning:  "Persistent InternalError outlasts the 3 retries: the apply fails and leaves nothing; the second apply creates the output once.",
			firstErr: regexp.MustCompile(`InternalError`), want: 1},
		{name: "PutExporterOutput/throttle", addr: outputAddr, config: out, fault: faultThrottle("PutExporterOutput"),
			meaning: "Throttling is retried with backoff inside one apply.", want: 1, calls: 3},
		{name: "PutExporterOutput/latency", addr: outputAddr, config: out, fault: faultLatency("PutExporterOutput", slowMS),
			meaning: "No timeout applies to this call (no timeouts block, no client-wide timeout): the slow answer is waited for, one call.", want: 1, calls: 1},
		{name: "PutExporterOutput/drop", addr: outputAddr, config: out, fault: faultDrop("PutExporterOutput"),
			meaning: "The upsert is applied and the answer lost: the idempotent call is retried and overwrites itself, no duplicate.", want: 1, calls: 2},

		// ---- DeleteExporterOutput: idempotent; not found counts as deleted ----
		{name: "DeleteExporterOutput/5xx", addr: outputAddr, config: out, delete: true, fault: fault5xx("DeleteExporterOutput", "InternalError", 4),
			meaning:  "Persistent InternalError fails the destroy and keeps the output in state; the second destroy deletes it.",
			firstErr: regexp.MustCompile(`InternalError`)},
		{name: "DeleteExporterOutput/throttle", addr: outputAddr, config: out, delete: true, fault: faultThrottle("DeleteExporterOutput"),
			meaning: "Throttling is retried inside one destroy.", calls: 3},
		{name: "DeleteExporterOutput/latency", addr: outputAddr, config: out, delete: true, fault: faultLatency("DeleteExporterOutput", slowMS),
			meaning: "No timeout applies to deletes: the slow answer is waited for.", calls: 1},
		{name: "DeleteExporterOutput/drop", addr: outputAddr, config: out, delete: true, fault: faultDrop("DeleteExporterOutput"),
			meaning: "The delete is applied and the answer lost: the retry gets ResourceNotFound, which counts as deleted.", calls: 2},

		// ---- CreateExport: not idempotent; an ambiguous failure is reconciled by listing the topic's exports ----
		{name: "CreateExport/5xx", addr: clsAddr, config: clsHCL(""), fault: fault5xx("CreateExport", "InternalError", 1),
			meaning: "A 5xx is ambiguous: the provider lists the topic, finds nothing and creates once more, in the same apply.", want: 1, calls: 2},
		{name: "CreateExport/throttle", addr: clsAddr, config: clsHCL(""), fault: faultThrottle("CreateExport"),
			meaning: "RequestLimitExceeded had no effect, so even the create is retried.", want: 1, calls: 3},
		{name: "CreateExport/latency", addr: clsAddr, config: clsHCL(shortTimeout), fault: faultLatency("CreateExport", pastTimeoutMS),
			meaning:  "The answer comes after timeouts.create (1s): the apply fails with nothing created; the second apply creates one export.",
			firstErr: regexp.MustCompile(`(?s)creating CLS export.*deadline exceeded`), want: 1},
		{name: "CreateExport/drop", addr: clsAddr, config: clsHCL(""), fault: faultDrop("CreateExport"),
			meaning: "The export is created and the answer lost: the provider finds it in the topic's list and adopts it instead of creating another.", want: 1, calls: 1},

		// ---- DeleteExport: idempotent; not found counts as deleted ----
		{name: "DeleteExport/5xx", addr: clsAddr, config: clsHCL(""), delete: true, fault: fault5xx("DeleteExport", "InternalError", 4),
			meaning:  "Persistent InternalError fails the destroy and keeps the export in state; the second destroy deletes it.",
			firstErr: regexp.MustCompile(`InternalError`)},
		{name: "DeleteExport/throttle", addr: clsAddr, config: clsHCL(""), delete: true, fault: faultThrottle("DeleteExport"),
			meaning: "Throttling is retried inside one destroy.", calls: 3},
		{name: "DeleteExport/latency", addr: clsAddr, config: clsHCL(""), delete: true, fault: faultLatency("DeleteExport", slowMS),
			meaning: "No timeout applies to deletes: the slow answer is waited for.", calls: 1},
		{name: "DeleteExport/drop", addr: clsAddr, config: clsHCL(""), delete: true, fault: faultDrop("DeleteExport"),
			meaning: "The delete is applied and the answer lost: the retry gets ResourceNotFound.ExportNotExist, which counts as deleted.", calls: 2},

		// ---- ExportServerLogs: not idempotent and the API cannot list exports ----
		{name: "ExportServerLogs/5xx", addr: baremetalAddr, config: baremetalHCL(""), fault: fault5xx("ExportServerLogs", "APIGW.0601", 1),
			meaning:  "A 5xx is ambiguous and cannot be reconciled (no list API): the apply fails with import instructions; nothing had started, so the second apply starts one export.",
			firstErr: regexp.MustCompile(`(?s)may exist.*terraform import`), want: 1, calls: 2},
		{name: "ExportServerLogs/throttle", addr: baremetalAddr, config: baremetalHCL(""), fault: faultThrottle("ExportServerLogs"),
			meaning: "APIGW.0308 (429) had no effect, so the create is retried.", want: 1, calls: 3},
		{name: "ExportServerLogs/latency", addr: baremetalAddr, config: baremetalHCL(shortTimeout), fault: faultLatency("ExportServerLogs", pastTimeoutMS),
			meaning:  "The answer comes after timeouts.create (1s): the apply fails with nothing started; the second apply starts one export.",
			firstErr: regexp.MustCompile(`(?s)creating bare-metal log export.*deadline exceeded`), want: 1, calls: 2},
		{name: "ExportServerLogs/drop", addr: baremetalAddr, config: baremetalHCL(""), fault: faultDrop("ExportServerLogs"), importAfterFailure: true,
			meaning:  "The export starts and the answer is lost: the apply fails telling how to import it; importing the ID shown in the console and applying adopts it, with no second export.",
			firstErr: regexp.MustCompile(`(?s)may exist.*terraform import`), want: 1, calls: 1},

		// ---- PutCustomEvent: not idempotent; reconciled with DescribeCustomEventAttribute ----
		{name: "PutCustomEvent/5xx", addr: eventAddr, config: ev, fault: fault5xx("PutCustomEvent", "InternalError", 1),
			meaning: "A 5xx is ambiguous: the provider looks the events up, finds none and sends them once more, in the same apply.", want: 1, calls: 2},
		{name: "PutCustomEvent/throttle", addr: eventAddr, config: ev, fault: faultThrottle("PutCustomEvent"),
			meaning: "Throttling had no effect, so the events are retried.", want: 1, calls: 3},
		{name: "PutCustomEvent/latency", addr: eventAddr, config: ev, fault: faultLatency("PutCustomEvent", slowMS),
			meaning: "No timeout applies to this call: the slow answer is waited for, one call.", want: 1, calls: 1},
		{name: "PutCustomEvent/drop", addr: eventAddr, config: ev, fault: faultDrop("PutCustomEvent"),
			meaning: "The events are stored and the answer lost: the provider finds them with DescribeCustomEventAttribute and does not send them again.", want: 1, calls: 1},
	}
}

// count returns the objects of the kind addr manages.
func (inv inventory) count(addr string) []string {
	switch addr {
	case outputAddr:
		return inv.ExporterOutputs
	case eventAddr:
		return inv.CustomEvents
	case clsAddr:
		return inv.CLSExports
	default:
		return inv.BaremetalExport
	}
}

// TestAccReliability_faultMatrix runs every mutating operation under every
// fault kind: apply (or destroy); when it fails, once more; then the
// emulator must hold exactly the declared objects, the plan must be empty,
// and the armed fault must have fired.
func TestAccReliability_faultMatrix(t *testing.T) {
	for _, tc := range faultMatrix() {
		t.Run(tc.name, func(t *testing.T) {
			e := acctest.NewEmulator(t, fast)
			cfg := e.ProviderConfig() + tc.config
			arm := func() { e.AddFault(t, tc.fault) }
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             checkNothingLeft(t, e, tc.addr),
				Steps:                    tc.steps(t, e, cfg, arm),
			})
		})
	}
}

func (tc faultCase) steps(t *testing.T, e *acctest.Emulator, cfg string, arm func()) []resource.TestStep {
	converged := resource.ComposeTestCheckFunc(checkExactly(t, e, tc), checkFaultFired(t, e, tc))
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	if tc.delete {
		steps := []resource.TestStep{
			{Config: cfg, Check: checkExactly(t, e, faultCase{addr: tc.addr, want: 1})},
			{PreConfig: arm, Config: cfg, Destroy: true, ExpectError: tc.firstErr},
		}
		if tc.firstErr != nil {
			steps = append(steps, resource.TestStep{Config: cfg, Destroy: true})
		}
		// The state is empty and nothing is planned for a configuration
		// without the resource.
		return append(steps, resource.TestStep{Config: e.ProviderConfig(), PlanOnly: true, Check: converged})
	}
	if tc.firstErr == nil {
		return []resource.TestStep{{PreConfig: arm, Config: cfg, Check: converged, ConfigPlanChecks: empty}}
	}
	steps := []resource.TestStep{{PreConfig: arm, Config: cfg, ExpectError: tc.firstErr}}
	if tc.importAfterFailure {
		steps = append(steps, resource.TestStep{
			Config: cfg, ResourceName: tc.addr, ImportState: true, ImportStatePersist: true,
			ImportStateIdFunc: func(*terraform.State) (string, error) {
				ids := takeInventory(t, e).count(tc.addr)
				if len(ids) != 1 {
					return "", fmt.Errorf("want exactly one object to import, the emulator holds %v", ids)
				}
				return ids[0], nil
			},
		})
	}
	return append(steps, resource.TestStep{Config: cfg, Check: converged, ConfigPlanChecks: empty})
}

// checkExactly asserts the emulator holds tc.want objects of the resource's
// kind, that the state tracks the one there is, and nothing of any other kind.
func checkExactly(t *testing.T, e *acctest.Emulator, tc faultCase) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		inv := takeInventory(t, e)
		mine := inv.count(tc.addr)
		if len(mine) != tc.want || inv.total() != tc.want {
			return fmt.Errorf("want exactly %d object(s) of %s and nothing else; the emulator holds %s", tc.want, tc.addr, inv)
		}
		if tc.want == 0 {
			return nil
		}
		rs, ok := s.RootModule().Resources[tc.addr]
		if !ok {
			return fmt.Errorf("%s is not in state", tc.addr)
		}
		switch tc.addr {
		case clsAddr, baremetalAddr:
			if rs.Primary.ID != mine[0] {
				return fmt.Errorf("state tracks %s, the emulator holds %s", rs.Primary.ID, mine[0])
			}
		}
		return nil
	}
}

// checkFaultFired asserts the armed fault was used up and, when the case
// says so, how many requests reached the operation.
func checkFaultFired(t *testing.T, e *acctest.Emulator, tc faultCase) resource.TestCheckFunc {
	return func(*terraform.State) error {
		resp, err := http.Get(e.URL + "/_emulator/faults")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var armed struct {
			Faults []core.Fault `json:"faults"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&armed); err != nil {
			return err
		}
		if len(armed.Faults) != 0 {
			return fmt.Errorf("the fault never fired (still armed: %+v)", armed.Faults)
		}
		if got := e.Stats(t)[tc.fault.Operation]; tc.calls != 0 && got != tc.calls {
			return fmt.Errorf("%s reached the emulator %d times, want %d", tc.fault.Operation, got, tc.calls)
		}
		return nil
	}
}

// checkNothingLeft runs after the final destroy: deletable kinds must be
// gone. Custom events cannot be retracted and bare-metal exports have no
// delete, so those stay (exactly as many as were created).
func checkNothingLeft(t *testing.T, e *acctest.Emulator, _ string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		inv := takeInventory(t, e)
		if len(inv.ExporterOutputs) != 0 || len(inv.CLSExports) != 0 {
			return fmt.Errorf("objects left after destroy: %s", inv)
		}
		return nil
	}
}
