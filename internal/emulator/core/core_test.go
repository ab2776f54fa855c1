package core

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

type statusWriter struct{}

func (statusWriter) WriteThrottled(w http.ResponseWriter, _ *http.Request, _ string) {
	w.WriteHeader(http.StatusTooManyRequests)
}

func (statusWriter) WriteFault(w http.ResponseWriter, _ *http.Request, _ string, f *Fault) {
	w.WriteHeader(f.HTTPStatus)
}

// dispatchStatuses sends n calls of op through Dispatch and returns the
// status each got (200 when the operation ran).
func dispatchStatuses(e *Env, op string, n int) []int {
	var out []int
	for range n {
		rec := httptest.NewRecorder()
		e.Dispatch(rec, httptest.NewRequest(http.MethodGet, "/", nil), op, statusWriter{}, func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusOK)
		})
		out = append(out, rec.Code)
	}
	return out
}

func TestFault_afterSkipsThenApplies(t *testing.T) {
	e := NewEnv(nil)
	if err := e.AddFault(Fault{Operation: "Op", Kind: FaultError, Code: "InternalError", HTTPStatus: 500, After: 2, Count: 2}); err != nil {
		t.Fatal(err)
	}
	// A second fault queues behind the first and starts only once it is used up.
	if err := e.AddFault(Fault{Operation: "Op", Kind: FaultThrottle}); err != nil {
		t.Fatal(err)
	}
	got := dispatchStatuses(e, "Op", 6)
	want := []int{200, 200, 500, 500, 429, 200}
	if !slices.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if other := dispatchStatuses(e, "Other", 1); other[0] != 200 {
		t.Fatalf("fault leaked to another operation: %v", other)
	}
}

func TestFault_validateAfter(t *testing.T) {
	f := Fault{Operation: "Op", Kind: FaultDrop, After: -1}
	if err := f.Validate(); err == nil {
		t.Fatal("negative after accepted")
	}
}

func TestClearFaults(t *testing.T) {
	e := NewEnv(nil)
	for _, op := range []string{"A", "A", "B"} {
		if err := e.AddFault(Fault{Operation: op, Kind: FaultThrottle, Count: 3}); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.ClearFaults(); n != 3 {
		t.Fatalf("ClearFaults = %d, want 3", n)
	}
	if got := dispatchStatuses(e, "A", 1); got[0] != 200 {
		t.Fatalf("fault still armed after ClearFaults: %v", got)
	}
}
