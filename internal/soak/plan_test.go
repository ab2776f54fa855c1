package soak

import (
	"reflect"
	"testing"
)

// A seed replays: the same seed and round give the same plan, and other
// seeds give other schedules.
func TestScheduleReproducible(t *testing.T) {
	for round := 1; round <= 20; round++ {
		if a, b := Schedule(7, round), Schedule(7, round); !reflect.DeepEqual(a, b) {
			t.Fatalf("round %d: %v and %v", round, a, b)
		}
	}
	same := 0
	for round := 1; round <= 20; round++ {
		if reflect.DeepEqual(Schedule(7, round), Schedule(8, round)) {
			same++
		}
	}
	if same == 20 {
		t.Fatal("seeds 7 and 8 give the same schedule")
	}
}

// Every drawn fault is one the emulator accepts, and the excluded
// unreconcilable fault never appears.
func TestScheduleFaultsValid(t *testing.T) {
	for seed := int64(1); seed <= 50; seed++ {
		for round := 1; round <= 20; round++ {
			p := Schedule(seed, round)
			if len(p.Faults) == 0 {
				t.Fatalf("%v: no fault", p)
			}
			for _, f := range p.Faults {
				if err := f.Validate(); err != nil {
					t.Fatalf("%v: %v", p, err)
				}
				if f.Operation == "ExportServerLogs" && f.Kind == "drop" {
					t.Fatalf("%v: an unreconcilable fault was drawn", p)
				}
			}
			if err := p.Modes.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	}
}
