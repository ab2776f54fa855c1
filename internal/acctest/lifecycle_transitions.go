package acctest

import (
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

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

// stateHolder keeps the instance's attributes from the last state a check
// saw, for the out-of-band steps that act on its remote object.
type stateHolder struct {
	mu    sync.Mutex
	attrs map[string]string
}

// transitionKit builds a row's transitions: the row, the instance's
// address, and the attributes of the last state a check saw.
type transitionKit struct {
	l    Lifecycle
	addr string
	last *stateHolder
}

// transitions are the row's columns, in the order they run: the writes,
// the import, the out-of-band changes, the faults.
func (l Lifecycle) transitions() []transition {
	k := &transitionKit{l: l, addr: l.address(), last: &stateHolder{}}
	ts := k.writes()
	ts = append(ts, k.importByID()...)
	ts = append(ts, k.outOfBand()...)
	return append(ts, k.faults()...)
}

// expect is a plan check that the instance's action is a.
func (k *transitionKit) expect(a plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(k.addr, a)}}
}

// remember is a check that keeps the instance's attributes.
func (k *transitionKit) remember(s *terraform.State) error {
	k.last.mu.Lock()
	defer k.last.mu.Unlock()
	if rs, ok := s.RootModule().Resources[k.addr]; ok && rs.Primary != nil {
		k.last.attrs = rs.Primary.Attributes
	}
	return nil
}

// lastAttrs are the attributes remember kept last.
func (k *transitionKit) lastAttrs() map[string]string {
	k.last.mu.Lock()
	defer k.last.mu.Unlock()
	return k.last.attrs
}

// apply is a step applying the configuration in force, expecting action.
func (k *transitionKit) apply(m *matrixRun, action plancheck.ResourceActionType) resource.TestStep {
	return resource.TestStep{Config: k.l.config(m.e, m.dir, m.args), ConfigPlanChecks: k.expect(action), Check: k.remember}
}

// writes are the transitions the configuration makes: create, each
// in-place update, each replacement, -replace, and destroy then create.
func (k *transitionKit) writes() []transition {
	l := k.l
	ts := []transition{{name: "create", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
		return []resource.TestStep{k.apply(m, plancheck.ResourceActionCreate)}
	}}}
	for _, c := range l.Updates {
		ts = append(ts, transition{name: "update " + c.Arg, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			m.args[c.Arg] = c.Value
			return []resource.TestStep{k.apply(m, plancheck.ResourceActionUpdate)}
		}})
	}
	for _, c := range l.Replaces {
		ts = append(ts, transition{name: "replace through " + c.Arg, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			m.args[c.Arg] = c.Value
			return []resource.TestStep{k.apply(m, plancheck.ResourceActionReplace)}
		}})
	}
	ts = append(ts, transition{name: "-replace (taint)", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
		s := k.apply(m, plancheck.ResourceActionReplace)
		s.Taint = []string{k.addr}
		return []resource.TestStep{s}
	}})
	return append(ts, transition{name: "destroy, then apply at once", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
		return []resource.TestStep{
			{Config: l.config(m.e, m.dir, nil), ConfigPlanChecks: k.expect(plancheck.ResourceActionDestroy)},
			k.apply(m, plancheck.ResourceActionCreate),
		}
	}})
}

// importByID is the import by ID, when the row has one.
func (k *transitionKit) importByID() []transition {
	l, addr := k.l, k.addr
	if l.ImportID == nil {
		return nil
	}
	return []transition{{name: "import by ID", steps: func(m *matrixRun, mode core.Modes) []resource.TestStep {
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
	}}}
}

// outOfBand are the refreshes after someone else changed or deleted the
// remote object, for the rows that say how.
func (k *transitionKit) outOfBand() []transition {
	l := k.l
	var ts []transition
	if l.Drift != nil {
		ts = append(ts, transition{name: "refresh after an out-of-band change", settled: true, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			s := k.apply(m, l.DriftAction)
			s.PreConfig = func() { l.Drift(m.t, m.e, k.lastAttrs()) }
			return []resource.TestStep{s}
		}})
	}
	if l.Delete != nil {
		ts = append(ts, transition{name: "refresh after an out-of-band delete", settled: true, steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			s := k.apply(m, plancheck.ResourceActionCreate)
			s.PreConfig = func() {
				attrs := k.lastAttrs()
				l.Delete(m.t, m.e, attrs)
				m.forget(attrs)
			}
			return []resource.TestStep{s}
		}})
	}
	return ts
}

// faults are, for each fault point, a create that meets the fault and the
// apply after it, which must converge.
func (k *transitionKit) faults() []transition {
	l := k.l
	var ts []transition
	for _, fp := range l.Faults {
		ts = append(ts, transition{name: "apply again after a fault " + fp.Name + " the write", steps: func(m *matrixRun, _ core.Modes) []resource.TestStep {
			// One retry: a fault armed for more calls than the retries
			// fails the apply at once (throttling answers get four retries
			// per retry) instead of being outlasted by the backoff.
			faulty := resource.TestStep{Config: l.configWith(m.e.ProviderConfigRetries(1), m.dir, m.args), PreConfig: func() { m.arm(fp.Faults) }, Check: k.remember}
			again := k.apply(m, "")
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
