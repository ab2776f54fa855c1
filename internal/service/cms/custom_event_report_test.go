package cms

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func ev(name, content string, ms int64) alicloud.CustomEvent {
	return alicloud.CustomEvent{Name: name, Content: content, Time: time.UnixMilli(ms).UTC()}
}

// Copies count against the baseline: only what is stored beyond it arrived,
// and each stored copy accounts for one event of the report.
func TestNotArrived(t *testing.T) {
	a, b := ev("deploy", "a", 1700000000000), ev("deploy", "b", 1700000000000)
	events := []alicloud.CustomEvent{a, a, b}
	cases := []struct {
		name             string
		baseline, stored map[eventKey]int
		missing          int
	}{
		{"nothing stored", nil, nil, 3},
		{"all stored", nil, map[eventKey]int{keyOf(a): 2, keyOf(b): 1}, 0},
		{"one copy of a", nil, map[eventKey]int{keyOf(a): 1, keyOf(b): 1}, 1},
		{"an earlier a is not ours", map[eventKey]int{keyOf(a): 1}, map[eventKey]int{keyOf(a): 1}, 3},
		{"an earlier a plus both of ours", map[eventKey]int{keyOf(a): 1}, map[eventKey]int{keyOf(a): 3, keyOf(b): 1}, 0},
	}
	for _, c := range cases {
		if got := notArrived(events, c.baseline, c.stored); len(got) != c.missing {
			t.Errorf("%s: %d missing, want %d", c.name, len(got), c.missing)
		}
	}
}

// The failure says exactly where the events stand.
func TestReportErrorCounts(t *testing.T) {
	err := &reportError{Total: 3, Confirmed: 1, NotReported: 2, Attempts: 3, Cause: context.DeadlineExceeded}
	msg := err.Error()
	for _, want := range []string{"of 3 custom events", "1 confirmed as reported", "2 not reported", "0 unknown", "PutCustomEvent calls: 3"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	d := reportDiagnostic("cn-hangzhou", 3, err)
	if strings.Contains(d.Detail(), "No event was reported") {
		t.Errorf("a report with a confirmed event says none was: %s", d.Detail())
	}
}

// Against the emulator: a dropped answer (the events were stored) is
// reconciled without sending again; a 500 (nothing stored) sends once more.
func TestReportCustomEvents(t *testing.T) {
	env, client := cacheFixture(t, 1)
	events := []alicloud.CustomEvent{ev("deploy", "x", 1700000000000), ev("deploy", "x", 1700000000000)}
	if err := env.AddFault(core.Fault{Operation: "PutCustomEvent", Kind: core.FaultDrop}); err != nil {
		t.Fatal(err)
	}
	res, err := reportCustomEvents(context.Background(), client, events, time.Second, nil)
	if err != nil || res.RequestID != "" || env.Stats()["PutCustomEvent"] != 1 {
		t.Fatalf("dropped answer: %+v, %v, %d puts", res, err, env.Stats()["PutCustomEvent"])
	}
	if err := env.AddFault(core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500}); err != nil {
		t.Fatal(err)
	}
	res, err = reportCustomEvents(context.Background(), client, events, 200*time.Millisecond, nil)
	if err != nil || res.RequestID == "" || env.Stats()["PutCustomEvent"] != 3 {
		t.Fatalf("500: %+v, %v, %d puts", res, err, env.Stats()["PutCustomEvent"])
	}
}

// Issue 24, item 2h: resuming a report sends only what is not confirmed.
// Of three events sent with an unknown outcome, "a" arrived (beside an
// identical "a" reported earlier, which the baseline holds): the resumed
// run confirms it and sends "b" and "c" once, in one call. A run whose
// pending events are known not to be stored sends them without waiting
// for a lookup.
func TestReportProgressResume(t *testing.T) {
	env, client := cacheFixture(t, 1)
	ctx := context.Background()
	put := func(evs ...alicloud.CustomEvent) {
		t.Helper()
		if _, err := client.PutCustomEvent(ctx, alicloud.PutCustomEventInput{Events: evs}); err != nil {
			t.Fatal(err)
		}
	}
	stored := func() map[string]int {
		t.Helper()
		recs, err := client.ListCustomEvents(ctx, alicloud.DescribeCustomEventAttributeInput{Name: "deploy"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, r := range recs {
			n[r.Content]++
		}
		return n
	}
	a, b, c := ev("deploy", "a", 1700000000000), ev("deploy", "b", 1700000000000), ev("deploy", "c", 1700000000001)
	put(a) // reported earlier by something else
	p := newReportProgress([]alicloud.CustomEvent{a, b, c})
	if err := p.takeBaseline(ctx, client); err != nil {
		t.Fatal(err)
	}
	put(a) // this report's "a", whose answer was lost
	p.unknown = map[int]bool{0: true, 1: true, 2: true}
	if err := p.run(ctx, client, 200*time.Millisecond, nil); err != nil || len(p.pending) != 0 || p.requestID == "" {
		t.Fatalf("resume: %v, pending %v, request id %q", err, p.pending, p.requestID)
	}
	if got := stored(); got["a"] != 2 || got["b"] != 1 || got["c"] != 1 {
		t.Fatalf("stored %v, want a twice (one earlier), b and c once", got)
	}
	if n := env.Stats()["PutCustomEvent"]; n != 3 {
		t.Fatalf("PutCustomEvent calls = %d, want 3 (two here, one resuming)", n)
	}

	// Known not stored: no lookup, no wait, however long the bound.
	d := ev("deploy", "d", 1700000000002)
	p = newReportProgress([]alicloud.CustomEvent{a, d})
	p.baseline, p.pending = map[eventKey]int{keyOf(a): 1}, []int{1}
	before := env.Stats()["DescribeCustomEventAttribute"]
	if err := p.run(ctx, client, time.Hour, nil); err != nil || len(p.pending) != 0 {
		t.Fatalf("sending the rest: %v, pending %v", err, p.pending)
	}
	if n := env.Stats()["DescribeCustomEventAttribute"] - before; n != 0 {
		t.Errorf("DescribeCustomEventAttribute calls = %d, want 0: nothing pending had an unknown outcome", n)
	}
	if got := stored(); got["a"] != 2 || got["d"] != 1 {
		t.Fatalf("stored %v, want a twice and d once", got)
	}
}

// A report refused part-way counts its events exactly, and the error of a
// resumed run that sent nothing has no "last call".
func TestReportProgressFailure(t *testing.T) {
	p := newReportProgress([]alicloud.CustomEvent{ev("x", "1", 1700000000000), ev("x", "2", 1700000000000), ev("x", "3", 1700000000000)})
	p.pending, p.unknown = []int{1, 2}, map[int]bool{2: true}
	err := p.failure(nil, context.DeadlineExceeded)
	if err.Confirmed != 1 || err.NotReported != 1 || err.Unknown != 1 || err.Total != 3 {
		t.Errorf("counts = %+v", err)
	}
	if msg := err.Error(); strings.Contains(msg, "last failed") || !strings.Contains(msg, "looking the events up failed") {
		t.Errorf("message = %q", msg)
	}
}
