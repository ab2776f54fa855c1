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
	if err != nil || res.Confirmed != 2 || env.Stats()["PutCustomEvent"] != 1 {
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
