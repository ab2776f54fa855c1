package soak

import (
	"fmt"
	"sort"
)

// ledger remembers every object any state ever held, so that objects the
// cloud keeps after a replacement (events, bare-metal exports) can be told
// from orphans.
type ledger struct {
	reports   map[string]int // custom event report id → events in it
	baremetal map[string]bool
}

func newLedger() *ledger { return &ledger{reports: map[string]int{}, baremetal: map[string]bool{}} }

func (l *ledger) record(st tfState) {
	for id, n := range st.reports {
		l.reports[id] = n
	}
	for id := range st.baremetal {
		l.baremetal[id] = true
	}
}

// checkInvariants compares the state with the emulator's truth.
func checkInvariants(st tfState, truth emulatorState, led *ledger) []string {
	var out []string
	if d := diffSets(st.outputs, truth.outputs); d != "" {
		out = append(out, "exporter outputs: "+d)
	}
	if d := diffSets(st.exports, truth.exports); d != "" {
		out = append(out, "CLS exports: "+d)
	}
	for id := range st.baremetal {
		if !truth.baremetal[id] {
			out = append(out, fmt.Sprintf("bare-metal export %s is in the state but not in the cloud", id))
		}
	}
	for id := range truth.baremetal {
		if !led.baremetal[id] {
			out = append(out, fmt.Sprintf("bare-metal export %s is in the cloud but was never in a state (orphan or duplicate)", id))
		}
	}
	want := 0
	for _, n := range led.reports {
		want += n
	}
	if truth.events != want {
		out = append(out, fmt.Sprintf("the cloud holds %d custom events, the reports ever in the state account for %d (sent twice or lost)", truth.events, want))
	}
	return out
}

func diffSets(state, cloud map[string]bool) string {
	var onlyState, onlyCloud []string
	for k := range state {
		if !cloud[k] {
			onlyState = append(onlyState, k)
		}
	}
	for k := range cloud {
		if !state[k] {
			onlyCloud = append(onlyCloud, k)
		}
	}
	if len(onlyState)+len(onlyCloud) == 0 {
		return ""
	}
	sort.Strings(onlyState)
	sort.Strings(onlyCloud)
	return fmt.Sprintf("only in the state %v, only in the cloud %v", onlyState, onlyCloud)
}
