package acctest

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
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
	var b strings.Builder
	b.WriteString(e.ProviderConfig())
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
}

// LifecycleTest runs l's matrix as subtests of t. In the short variant
// (make test) every transition runs once, the modes taking turns; in the
// full variant every transition runs under every mode.
func LifecycleTest(t *testing.T, l Lifecycle) {
	modes := append([]core.Modes{{}}, l.Modes...)
	if LifecycleFull() {
		for _, m := range modes {
			t.Run(m.String(), func(t *testing.T) {
				l.run(t, func(int) core.Modes { return m })
			})
		}
	} else {
		t.Run("modes-rotating", func(t *testing.T) {
			l.run(t, func(i int) core.Modes { return modes[i%len(modes)] })
		})
	}
	if l.Identity {
		t.Run("import-identity", func(t *testing.T) { l.runIdentity(t) })
	}
}

// LifecycleReport prints the matrix's size; TestMain calls it after the run.
func LifecycleReport(resources int) {
	variant := "short"
	if LifecycleFull() {
		variant = "full"
	}
	fmt.Printf("lifecycle matrix (%s): %d resources, %d cells (transition x mode), %d steps run\n",
		variant, resources, matrixSize.cells.Load(), matrixSize.steps.Load())
}

// transition is one column of the matrix: the steps that make it.
type transition struct {
	name string
	// steps builds the transition's steps for m under mode.
	steps func(m *matrixRun, mode core.Modes) []resource.TestStep
	// settled steps run once an out-of-band change is visible: someone
	// else's write becomes visible only after the read-after-write lag, and
	// no provider can see it sooner, so the emulator's lag is lifted for
	// them (the change itself is made while the lag is in force).
	settled bool
}

// matrixRun is the state of one matrix test case: the emulator, the
// configuration in force, and what every state ever held.
type matrixRun struct {
	t    *testing.T
	l    Lifecycle
	e    *Emulator
	dir  string
	args map[string]string

	mu sync.Mutex
	// ledger: instance id -> key and count, for Kept resources.
	ledger map[string]ledgerEntry
	// inFault is true while a step runs with faults armed.
	inFault bool
	mode    core.Modes
}

type ledgerEntry struct {
	key   string
	count int
}

func (l Lifecycle) run(t *testing.T, modeOf func(int) core.Modes) {
	// Each case builds its own transitions: they hold its last state.
	ts := l.transitions()
	e := NewEmulator(t, l.Options...)
	if l.Seed != nil {
		l.Seed(t, e)
	}
	m := &matrixRun{t: t, l: l, e: e, dir: t.TempDir(), args: copyArgs(l.Args), ledger: map[string]ledgerEntry{}}
	var steps []resource.TestStep
	start := time.Now()
	for i, tr := range ts {
		mode := modeOf(i)
		matrixSize.cells.Add(1)
		for j, s := range tr.steps(m, mode) {
			stepMode := mode
			if tr.settled {
				stepMode.VisibilityLagMS = 0
			}
			s := s
			name := fmt.Sprintf("%s (step %d, modes %s)", tr.name, j+1, mode)
			pre := s.PreConfig
			s.PreConfig = func() {
				m.setMode(mode)
				m.mu.Lock()
				m.inFault = false
				m.mu.Unlock()
				t.Logf("lifecycle %s: %s (at %s)", l.Type, name, time.Since(start).Round(time.Millisecond))
				if pre != nil {
					pre()
				}
				m.setMode(stepMode)
			}
			if !s.ImportState {
				s.Check = m.invariants(name, s.Check)
			}
			steps = append(steps, s)
		}
	}
	matrixSize.steps.Add(int64(len(steps)))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { PreCheck(t) },
		ProtoV6ProviderFactories: ProtoV6ProviderFactories,
		ErrorCheck:               m.errorCheck,
		CheckDestroy:             func(*terraform.State) error { return m.checkRemote(nil, "after destroy") },
		Steps:                    steps,
	})
}

func (m *matrixRun) setMode(mode core.Modes) {
	if m.mode == mode {
		return
	}
	m.e.Post(m.t, "/_emulator/modes", mode, nil)
	m.mode = mode
}

// errorCheck is every invariant about a failed step: never an
// inconsistent result; a failure only where a fault was armed, and then a
// diagnostic that names the object and the next step.
func (m *matrixRun) errorCheck(err error) error {
	msg := err.Error()
	for _, bad := range []string{"inconsistent result", "produced an unexpected new value", "Provider produced invalid", "panic:"} {
		if strings.Contains(msg, bad) {
			return fmt.Errorf("lifecycle invariant: %q in the CLI's output: %w", bad, err)
		}
	}
	m.mu.Lock()
	inFault := m.inFault
	m.mu.Unlock()
	if !inFault {
		return err
	}
	if m.l.Diagnostic != nil && !m.l.Diagnostic.MatchString(msg) {
		return fmt.Errorf("lifecycle invariant: the failed apply's diagnostic does not match %s (the object and the next step): %w", m.l.Diagnostic, err)
	}
	return nil // an accepted failure; the next step must converge
}

// invariants wraps a step's checks with the matrix's: the remote objects
// are exactly the state's instances (plugin-testing itself requires the
// plan to be empty after the apply).
func (m *matrixRun) invariants(step string, check resource.TestCheckFunc) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if check != nil {
			if err := check(s); err != nil {
				return err
			}
		}
		var attrs map[string]string
		if rs, ok := s.RootModule().Resources[m.l.address()]; ok && rs.Primary != nil {
			attrs = rs.Primary.Attributes
		}
		return m.checkRemote(attrs, step)
	}
}

// checkRemote compares the live remote objects with what the state (and,
// for Kept resources, every earlier state) accounts for.
func (m *matrixRun) checkRemote(attrs map[string]string, step string) error {
	want := map[string]int{}
	m.mu.Lock()
	if attrs != nil {
		m.ledger[m.instanceID(attrs)] = ledgerEntry{key: m.l.Key(attrs), count: m.count(attrs)}
		if !m.l.Kept {
			want[m.l.Key(attrs)] = m.count(attrs)
		}
	}
	if m.l.Kept {
		for _, le := range m.ledger {
			want[le.key] += le.count
		}
	}
	m.mu.Unlock()
	got := map[string]int{}
	for _, k := range m.l.Live(m.t, m.e) {
		got[k]++
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("lifecycle invariant after %s: the emulator holds %v, the state accounts for %v (one remote object per instance, none left behind)", step, got, want)
	}
	return nil
}

func (m *matrixRun) count(attrs map[string]string) int {
	if m.l.Count == nil {
		return 1
	}
	return m.l.Count(attrs)
}

// instanceID tells the instance's incarnations apart in the ledger.
func (m *matrixRun) instanceID(attrs map[string]string) string {
	if m.l.ImportIdentifier != "" {
		return attrs[m.l.ImportIdentifier]
	}
	return attrs["id"]
}

// forget drops the ledger entry of an object deleted out of band.
func (m *matrixRun) forget(attrs map[string]string) {
	m.mu.Lock()
	delete(m.ledger, m.instanceID(attrs))
	m.mu.Unlock()
}

func (m *matrixRun) arm(faults []core.Fault) {
	m.mu.Lock()
	m.inFault = true
	m.mu.Unlock()
	for _, f := range faults {
		m.e.AddFault(m.t, f)
	}
}

// stateHolder keeps the instance's attributes from the last state a check
// saw, for the out-of-band steps that act on its remote object.
type stateHolder struct {
	mu    sync.Mutex
	attrs map[string]string
}

func copyArgs(a map[string]string) map[string]string {
	out := make(map[string]string, len(a))
	for k, v := range a {
		out[k] = v
	}
	return out
}

func (l Lifecycle) transitions() []transition {
	addr := l.address()
	expect := func(a plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, a)}}
	}
	last := &stateHolder{}
	remember := func(s *terraform.State) error {
		last.mu.Lock()
		defer last.mu.Unlock()
		if rs, ok := s.RootModule().Resources[addr]; ok && rs.Primary != nil {
			last.attrs = rs.Primary.Attributes
		}
		return nil
	}
	lastAttrs := func() map[string]string {
		last.mu.Lock()
		defer last.mu.Unlock()
		return last.attrs
	}
	apply := func(m *matrixRun, action plancheck.ResourceActionType) resource.TestStep {
		return resource.TestStep{Config: l.config(m.e, m.dir, m.args), ConfigPlanChecks: expect(action), Check: remember}
	}
	var ts []transition
	ts = append(ts, transition{name: "create", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
		return []resource.TestStep{apply(m, plancheck.ResourceActionCreate)}
	}})
	for _, c := range l.Updates {
		ts = append(ts, transition{name: "update " + c.Arg, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			m.args[c.Arg] = c.Value
			return []resource.TestStep{apply(m, plancheck.ResourceActionUpdate)}
		}})
	}
	for _, c := range l.Replaces {
		ts = append(ts, transition{name: "replace through " + c.Arg, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			m.args[c.Arg] = c.Value
			return []resource.TestStep{apply(m, plancheck.ResourceActionReplace)}
		}})
	}
	ts = append(ts, transition{name: "-replace (taint)", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
		s := apply(m, plancheck.ResourceActionReplace)
		s.Taint = []string{addr}
		return []resource.TestStep{s}
	}})
	ts = append(ts, transition{name: "destroy, then apply at once", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
		return []resource.TestStep{
			{Config: l.config(m.e, m.dir, nil), ConfigPlanChecks: expect(plancheck.ResourceActionDestroy)},
			apply(m, plancheck.ResourceActionCreate),
		}
	}})
	if l.ImportID != nil {
		ts = append(ts, transition{name: "import by ID", steps: func(m *matrixRun, mode core.Modes) []resource.TestStep {
			ignore := append([]string{}, l.ImportIgnore...)
			if mode.Normalize {
				ignore = append(ignore, l.ImportIgnoreNormalized...)
			}
			return []resource.TestStep{{
				Config: l.config(m.e, m.dir, m.args), ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: ignore, ImportStateVerifyIdentifierAttribute: l.ImportIdentifier,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs, ok := s.RootModule().Resources[addr]
					if !ok || rs.Primary == nil {
						return "", fmt.Errorf("%s is not in the state", addr)
					}
					return l.ImportID(rs.Primary.Attributes), nil
				},
			}}
		}})
	}
	if l.Drift != nil {
		ts = append(ts, transition{name: "refresh after an out-of-band change", settled: true, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			s := apply(m, l.DriftAction)
			s.PreConfig = func() { l.Drift(m.t, m.e, lastAttrs()) }
			return []resource.TestStep{s}
		}})
	}
	if l.Delete != nil {
		ts = append(ts, transition{name: "refresh after an out-of-band delete", settled: true, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			s := apply(m, plancheck.ResourceActionCreate)
			s.PreConfig = func() {
				attrs := lastAttrs()
				l.Delete(m.t, m.e, attrs)
				m.forget(attrs)
			}
			return []resource.TestStep{s}
		}})
	}
	for _, fp := range l.Faults {
		ts = append(ts, transition{name: "apply again after a fault " + fp.Name + " the write", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			faulty := resource.TestStep{Config: l.config(m.e, m.dir, m.args), PreConfig: func() { m.arm(fp.Faults) }, Check: remember}
			again := apply(m, "")
			again.ConfigPlanChecks = resource.ConfigPlanChecks{}
			again.PreConfig = func() { m.e.Delete(m.t, "/_emulator/faults") }
			return []resource.TestStep{
				{Config: l.config(m.e, m.dir, nil)},
				faulty,
				again,
			}
		}})
	}
	return ts
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
			{Config: cfg, ResourceName: l.address(), ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}
