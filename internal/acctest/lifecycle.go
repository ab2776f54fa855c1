package acctest

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Lifecycle is one resource's row of the lifecycle matrix: what its
// arguments do and how to reach its remote objects. LifecycleTest turns it
// into every transition, crossed with every emulator mode that acts on the
// resource, with the same invariants checked after every step.
type Lifecycle struct {
	// Type is the resource type; the matrix declares one instance "test".
	Type string
	// Args are the arguments of the first configuration, as HCL expressions.
	// "{{dir}}" in an argument (or a Change) stands for a directory of the
	// test case's own: cases run in parallel and must not share files.
	Args map[string]string
	// Blocks is HCL placed inside the resource block after the arguments
	// (timeouts, for example).
	Blocks string
	// Updates are in-place changes, one per updatable argument.
	Updates []Change
	// Replaces are changes of arguments that force a replacement.
	Replaces []Change
	// ImportID builds the import ID from the instance's state attributes;
	// nil when the resource has no readable remote object to import.
	ImportID func(attrs map[string]string) string
	// ImportIgnore are the attributes an import cannot read back.
	ImportIgnore []string
	// ImportIgnoreNormalized are the attributes an import takes in the API's
	// spelling while the emulator normalizes (no configured spelling yet).
	ImportIgnoreNormalized []string
	// ImportIdentifier is the attribute that tells instances apart when
	// the resource has no "id".
	ImportIdentifier string
	// Identity is true when the resource imports by identity (Terraform 1.12+).
	Identity bool
	// Modes are the emulator modes that act on the resource (besides none).
	Modes []core.Modes
	// Options adjust the emulator (short durations).
	Options []func(*emulator.Options)
	// Seed stores other objects before the first step, so that paging
	// and lists matter.
	Seed func(t testing.TB, e *Emulator)

	// Live lists the keys of the remote objects that exist now; a key
	// listed twice is a duplicate.
	Live func(t testing.TB, e *Emulator) []string
	// Key is the key of an instance's remote object, from its state
	// attributes; Count how many remote objects it stands for (default 1).
	Key   func(attrs map[string]string) string
	Count func(attrs map[string]string) int
	// Kept is true when destroying only forgets the object and the cloud
	// keeps it (there is no delete API): then every live object must have
	// been in a state, once.
	Kept bool

	// Delete removes the instance's remote object out of band; nil when
	// the cloud offers no way to.
	Delete func(t testing.TB, e *Emulator, attrs map[string]string)
	// Drift changes the remote object out of band; DriftAction is the
	// action the next plan must then propose. Nil when nothing the API
	// returns can drift.
	Drift       func(t testing.TB, e *Emulator, attrs map[string]string)
	DriftAction plancheck.ResourceActionType

	// Faults are the fault points of the resource's create: armed before
	// an apply that creates it, disarmed before the next plain apply.
	Faults []FaultPoint
	// Diagnostic matches what a failed apply must say: the object, and
	// what to do next.
	Diagnostic *regexp.Regexp
}

// Change sets one argument to an HCL expression.
type Change struct {
	Arg, Value string
}

// FaultPoint is where a fault hits a write: "before" (refused, nothing
// written), "during" (written, the answer lost), "after" (written and
// answered, then the read after it fails).
type FaultPoint struct {
	Name   string
	Faults []core.Fault
}

// address is the instance every matrix configuration declares.
func (l Lifecycle) address() string { return l.Type + ".test" }

func (l Lifecycle) config(e *Emulator, dir string, args map[string]string) string {
	return l.configWith(e.ProviderConfig(), dir, args)
}

// configWith is config under another provider block.
func (l Lifecycle) configWith(providerBlock, dir string, args map[string]string) string {
	var b strings.Builder
	b.WriteString(providerBlock)
	if args == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "resource %q \"test\" {\n", l.Type)
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s = %s\n", k, strings.ReplaceAll(args[k], "{{dir}}", dir))
	}
	b.WriteString(l.Blocks)
	b.WriteString("}\n")
	return b.String()
}

// LifecycleFull reports whether the long variant runs (every transition
// under every mode): TELEMETRY_LIFECYCLE=full, as make lifecycle sets it.
func LifecycleFull() bool { return os.Getenv("TELEMETRY_LIFECYCLE") == "full" }

// matrixSize counts, over the whole test binary, what the matrix ran.
var matrixSize struct {
	cells, steps atomic.Int64
	// assumedSteps counts the steps signed with assumed roles.
	assumedSteps atomic.Int64
	// failedUnderFault counts the applies that failed as a fault armed
	// them to (each followed by an apply that must converge).
	failedUnderFault atomic.Int64
}

// LifecycleTest runs l's matrix as subtests of t. In the short variant
// (make test) every transition runs once, the modes taking turns; in the
// full variant every transition runs under every mode.
func LifecycleTest(t *testing.T, l Lifecycle) {
	modes := append([]core.Modes{{}}, l.Modes...)
	if LifecycleFull() {
		for _, m := range modes {
			t.Run(m.String(), func(t *testing.T) {
				l.runInParts(t, func(int) core.Modes { return m })
			})
		}
	} else {
		t.Run("modes-rotating", func(t *testing.T) {
			l.runInParts(t, func(i int) core.Modes { return modes[i%len(modes)] })
		})
	}
	if l.Identity {
		t.Run("import-identity", func(t *testing.T) { l.runIdentity(t) })
	}
}

// partSize is how many transitions one test case runs in order. A table's
// transitions are cut into parts that run side by side, each on its own
// emulator, each part after the first beginning with a create: the
// transitions mostly wait (export durations, lag), so a table takes about
// as long as its longest part instead of the sum of all.
const partSize = 4

// runInParts runs the table's transitions in parts of partSize; modeOf
// gets each transition's index in the whole table, so the modes rotate
// as they would in one case.
func (l Lifecycle) runInParts(t *testing.T, modeOf func(int) core.Modes) {
	n := len(l.transitions())
	for from := 0; from < n; from += partSize {
		to := min(from+partSize, n)
		t.Run(fmt.Sprintf("transitions-%d-%d", from+1, to), func(t *testing.T) {
			l.run(t, modeOf, span{from, to})
		})
	}
}

// LifecycleReport prints the matrix's size; TestMain calls it after the run.
func LifecycleReport(resources int) {
	variant := "short"
	if LifecycleFull() {
		variant = "full"
	}
	fmt.Printf("lifecycle matrix (%s): %d resources, %d cells (transition x mode), %d steps run (%d with assumed roles), %d steps failed under an armed fault and converged on the next\n",
		variant, resources, matrixSize.cells.Load(), matrixSize.steps.Load(), matrixSize.assumedSteps.Load(), matrixSize.failedUnderFault.Load())
}

func copyArgs(a map[string]string) map[string]string {
	out := make(map[string]string, len(a))
	for k, v := range a {
		out[k] = v
	}
	return out
}

// neverReplaces fails a plan that deletes or replaces addr.
func neverReplaces(addr string) plancheck.PlanCheck { return replaceCheck{addr} }

type replaceCheck struct{ addr string }

func (c replaceCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.addr && (rc.Change.Actions.Delete() || rc.Change.Actions.Replace() || rc.Change.Actions.DestroyBeforeCreate() || rc.Change.Actions.CreateBeforeDestroy()) {
			resp.Error = fmt.Errorf("%s: the plan after the import %v it, destroying what was adopted", c.addr, rc.Change.Actions)
		}
	}
}

// runIdentity creates the resource and imports it by identity (an import
// block), which needs Terraform 1.12 or later: skipped, by name, on older CLIs.
func (l Lifecycle) runIdentity(t *testing.T) {
	e := NewEmulator(t, l.Options...)
	cfg := l.config(e, t.TempDir(), l.Args)
	matrixSize.cells.Add(1)
	matrixSize.steps.Add(2)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { PreCheck(t) },
		ProtoV6ProviderFactories: ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{Feature("import by resource identity", tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{Config: cfg},
			// Arguments no API returns (a write-only secret, output_path,
			// timeouts) are updated in place after the import; an import
			// never replaces what it adopted.
			{
				Config: cfg, ResourceName: l.address(), ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks:   resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{neverReplaces(l.address())}},
			},
		},
	})
}
