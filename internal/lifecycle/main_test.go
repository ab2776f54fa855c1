package lifecycle

import (
	"os"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// tables is how many resources have a row in the matrix.
const tables = 5

// TestMain prints the matrix's size after the run, so that a log says
// how much was tried (make test runs the short variant, make lifecycle
// the full one).
func TestMain(m *testing.M) {
	code := m.Run()
	acctest.LifecycleReport(tables)
	os.Exit(code)
}

// fault is a fault armed for ten matching calls, more than the provider's
// retries in a fault step (max_retries = 1 there: one retry after a
// failure, four after throttling answers), so the faulty apply fails.
func fault(op, kind string) []core.Fault {
	f := core.Fault{Operation: op, Kind: kind, Count: 10}
	if kind == core.FaultError {
		f.HTTPStatus = 500
		f.Code = "InternalError"
	}
	return []core.Fault{f}
}
