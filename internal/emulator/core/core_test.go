package core

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

type errWriter struct{}

func (errWriter) WriteThrottled(w http.ResponseWriter, _ *http.Request, _ string) {
	w.WriteHeader(http.StatusTooManyRequests)
}

func (errWriter) WriteFault(w http.ResponseWriter, _ *http.Request, _ string, f *Fault) {
	w.Header().Set("X-Code", f.Code)
	w.WriteHeader(f.HTTPStatus)
}

func TestDispatch_faultsApplyToNextNCalls(t *testing.T) {
	env := NewEnv(nil)
	writes := 0
	handle := func(w http.ResponseWriter, _ *http.Request) { writes++; w.WriteHeader(http.StatusOK) }
	if err := env.AddFault(Fault{Operation: "Op", Kind: FaultThrottle, Count: 2}); err != nil {
		t.Fatal(err)
	}
	if err := env.AddFault(Fault{Operation: "Op", Kind: FaultError, Code: "InternalError", HTTPStatus: 500}); err != nil {
		t.Fatal(err)
	}
	want := []int{429, 429, 500, 200, 200}
	for i, status := range want {
		rec := httptest.NewRecorder()
		env.Dispatch(rec, httptest.NewRequest(http.MethodPost, "/", nil), "Op", errWriter{}, handle)
		if rec.Code != status {
			t.Fatalf("call %d: status %d, want %d", i, rec.Code, status)
		}
	}
	if writes != 2 {
		t.Fatalf("handler ran %d times, want 2", writes)
	}
	if got := env.Stats()["Op"]; got != len(want) {
		t.Fatalf("stats = %d, want %d", got, len(want))
	}
}

func TestDispatch_dropAppliesWriteThenAborts(t *testing.T) {
	env := NewEnv(nil)
	writes := 0
	if err := env.AddFault(Fault{Operation: "Create", Kind: FaultDrop}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", r)
		}
		if writes != 1 {
			t.Fatalf("the write ran %d times, want 1", writes)
		}
	}()
	env.Dispatch(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil), "Create", errWriter{},
		func(http.ResponseWriter, *http.Request) { writes++ })
	t.Fatal("Dispatch returned instead of aborting")
}

func TestFaultValidate(t *testing.T) {
	bad := []Fault{
		{Kind: FaultThrottle},
		{Operation: "Op", Kind: "explode"},
		{Operation: "Op", Kind: FaultError},
	}
	for _, f := range bad {
		if err := f.Validate(); err == nil {
			t.Errorf("%+v: expected an error", f)
		}
	}
	f := Fault{Operation: "Op", Kind: FaultLatency, LatencyMS: 1500}
	if err := f.Validate(); err != nil || f.Count != 1 || f.Latency != 1500*time.Millisecond {
		t.Fatalf("latency fault normalised to %+v, %v", f, err)
	}
}
