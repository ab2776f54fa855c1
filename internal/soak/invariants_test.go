package soak

import (
	"strings"
	"testing"
)

func set(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// The invariants see every kind of divergence between the cloud and the
// state, and accept what the cloud legitimately keeps.
func TestCheckInvariants(t *testing.T) {
	led := newLedger()
	st := tfState{outputs: set("a"), exports: set("x1"), baremetal: set("b2"), reports: map[string]int{"r2": 3}}
	led.record(tfState{baremetal: set("b1"), reports: map[string]int{"r1": 3}}) // an earlier round
	led.record(st)
	ok := emulatorState{outputs: set("a"), exports: set("x1"), baremetal: set("b1", "b2"), events: 6}
	if v := checkInvariants(st, ok, led); len(v) != 0 {
		t.Fatalf("a consistent cloud: %v", v)
	}
	cases := map[string]emulatorState{
		"exporter outputs": {outputs: set("a", "orphan"), exports: set("x1"), baremetal: set("b1", "b2"), events: 6},
		"CLS exports":      {outputs: set("a"), exports: set("x1", "x2"), baremetal: set("b1", "b2"), events: 6},
		"never in a state": {outputs: set("a"), exports: set("x1"), baremetal: set("b1", "b2", "b3"), events: 6},
		"not in the cloud": {outputs: set("a"), exports: set("x1"), baremetal: set("b1"), events: 6},
		"sent twice":       {outputs: set("a"), exports: set("x1"), baremetal: set("b1", "b2"), events: 7},
		"account for 6":    {outputs: set("a"), exports: set("x1"), baremetal: set("b1", "b2"), events: 5},
	}
	for want, truth := range cases {
		v := checkInvariants(st, truth, led)
		if len(v) != 1 || !strings.Contains(v[0], want) {
			t.Errorf("%s: violations %v", want, v)
		}
	}
}
