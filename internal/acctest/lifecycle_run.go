package acctest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

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

// span is a part of a table's transitions: indices from (inclusive) to.
type span struct{ from, to int }

// run runs the transitions of part in one test case; a part that does not
// start at the table's first transition (the create) begins with one.
func (l Lifecycle) run(t *testing.T, modeOf func(int) core.Modes, part span) {
	// Each case builds its own transitions: they hold its last state.
	all := l.transitions()
	ts, index := all[part.from:part.to], part.from
	if part.from > 0 {
		ts, index = append([]transition{all[0]}, ts...), part.from-1
	}
	// The credentials axis: every other part signs with assumed roles whose
	// credentials live lifecycleSTSTTL, so refreshes fall inside its
	// transitions (waits, faults, imports) as they would in a long apply.
	assumed := (part.from/partSize)%2 == 1
	opts := l.Options
	if assumed {
		opts = append(append([]func(*emulator.Options){}, l.Options...), func(o *emulator.Options) { o.STSTTL = lifecycleSTSTTL })
	}
	e := NewEmulator(t, opts...)
	e.AssumeRoles = assumed
	if l.Seed != nil {
		l.Seed(t, e)
	}
	m := &matrixRun{t: t, l: l, e: e, dir: t.TempDir(), args: copyArgs(l.Args), ledger: map[string]ledgerEntry{}}
	var steps []resource.TestStep
	start := time.Now()
	for i, tr := range ts {
		mode := modeOf(index + i)
		if index+i < part.from {
			mode = core.Modes{} // the create a later part begins with
		}
		matrixSize.cells.Add(1)
		for j, s := range tr.steps(m, mode) {
			stepMode := mode
			if tr.settled {
				stepMode.VisibilityLagMS = 0
			}
			s := s
			name := fmt.Sprintf("%s (step %d, modes %s, %s)", tr.name, j+1, mode, credentialsName(assumed))
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
	if assumed {
		matrixSize.assumedSteps.Add(int64(len(steps)))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { PreCheck(t) },
		ProtoV6ProviderFactories: ProtoV6ProviderFactories,
		ErrorCheck:               m.errorCheck,
		CheckDestroy:             func(*terraform.State) error { return m.checkRemote(nil, "after destroy") },
		Steps:                    steps,
	})
}

// lifecycleSTSTTL is the lifetime of the assumed roles' credentials in the
// matrix's assumed-role parts: short enough that the provider refreshes
// them during a part's steps.
const lifecycleSTSTTL = 3 * time.Second

func credentialsName(assumed bool) string {
	if assumed {
		return fmt.Sprintf("assumed roles, %s credentials", lifecycleSTSTTL)
	}
	return "static keys"
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
	matrixSize.failedUnderFault.Add(1)
	m.t.Logf("lifecycle %s: the apply failed under the armed fault, as it may: %s", m.l.Type, firstLine(msg))
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

// firstLine is the first line of s that says something.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return s
}
