package alibaba

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func putEvents(t *testing.T, e *Emulator, q url.Values) answer {
	t.Helper()
	return serve(e, signV3(t, v3Req{action: "PutCustomEvent", query: q}))
}

func describeEvents(t *testing.T, e *Emulator, q url.Values) answer {
	t.Helper()
	return serve(e, signV3(t, v3Req{action: "DescribeCustomEventAttribute", query: q}))
}

// items returns the CustomEvents.CustomEvent list of a describe answer.
func items(t *testing.T, a answer) []map[string]any {
	t.Helper()
	if a.status != 200 {
		t.Fatalf("describe: HTTP %d %v", a.status, a.body)
	}
	ce, _ := a.body["CustomEvents"].(map[string]any)
	list, _ := ce["CustomEvent"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, it := range list {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return out
}

func field(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func eventParams(n int, mutate func(q url.Values)) url.Values {
	q := url.Values{}
	for i := 1; i <= n; i++ {
		p := fmt.Sprintf("EventInfo.%d.", i)
		q.Set(p+"EventName", fmt.Sprintf("ev%d", i))
		q.Set(p+"Content", fmt.Sprintf("content %d", i))
	}
	if mutate != nil {
		mutate(q)
	}
	return q
}

var upperUUID = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)

func TestPutCustomEvent_storesAndDescribes(t *testing.T) {
	e, _ := newTest(t)
	a := putEvents(t, e, url.Values{
		"EventInfo.1.EventName": {"myEvent"}, "EventInfo.1.Content": {"IOException occurred"},
		"EventInfo.1.Time": {"20171013T170923.456+0800"}, "RegionId": {"cn-hangzhou"},
	})
	if a.status != 200 || a.code() != "200" {
		t.Fatalf("put: HTTP %d %v", a.status, a.body)
	}
	if _, has := a.body["Success"]; has {
		t.Errorf("put answer has Success (%v); the real one has none", a.body["Success"])
	}
	if id, _ := a.body["RequestId"].(string); !upperUUID.MatchString(id) {
		t.Errorf("RequestId = %q, want an upper-case UUID", id)
	}

	d := describeEvents(t, e, url.Values{"Name": {"myEvent"}, "RegionId": {"cn-hangzhou"}})
	if d.body["Success"] != "true" {
		t.Errorf("Success = %#v, want the string \"true\"", d.body["Success"])
	}
	if _, has := d.body["Total"]; has {
		t.Error("describe answer has Total; the real one has none")
	}
	got := items(t, d)
	if len(got) != 1 {
		t.Fatalf("events = %v, want 1", got)
	}
	ev := got[0]
	if field(ev, "Name") != "myEvent" || field(ev, "Content") != "IOException occurred" || field(ev, "GroupId") != "0" ||
		field(ev, "Time") != "1507885763456" || !upperUUID.MatchString(field(ev, "Id")) {
		t.Errorf("event = %v", ev)
	}
}

func TestPutCustomEvent_defaultsAndFormats(t *testing.T) {
	e, _ := newTest(t)
	a := putEvents(t, e, url.Values{
		"EventInfo.1.EventName": {"a"}, "EventInfo.1.Content": {"x"},
		"EventInfo.2.EventName": {"b"}, "EventInfo.2.Content": {"y"}, "EventInfo.2.Time": {"1552199984000"}, "EventInfo.2.GroupId": {"123"},
	})
	if a.status != 200 {
		t.Fatalf("put: HTTP %d %v", a.status, a.body)
	}
	got := items(t, describeEvents(t, e, url.Values{}))
	if len(got) != 2 {
		t.Fatalf("events = %v, want 2", got)
	}
	// Sorted by time: b (2019) before a (the emulator's now, 2024).
	if field(got[0], "Name") != "b" || field(got[0], "Time") != "1552199984000" || field(got[0], "GroupId") != "123" {
		t.Errorf("event b = %v", got[0])
	}
	if field(got[1], "Name") != "a" || field(got[1], "Time") != fmt.Sprint(testNow.UnixMilli()) || field(got[1], "GroupId") != "0" {
		t.Errorf("event a (defaults) = %v, want time %d and group 0", got[1], testNow.UnixMilli())
	}
}

func TestPutCustomEvent_validation(t *testing.T) {
	cases := []struct {
		name   string
		params url.Values
		want   string // part of the message
	}{
		{"no events", url.Values{"RegionId": {"cn-hangzhou"}}, "EventInfo is required"},
		{"51 events", eventParams(51, nil), "at most 50"},
		{"gap in numbering", eventParams(3, func(q url.Values) {
			q.Del("EventInfo.2.EventName")
			q.Del("EventInfo.2.Content")
		}), "EventInfo.2 is missing"},
		{"index zero", eventParams(1, func(q url.Values) { q.Set("EventInfo.0.EventName", "x") }), "EventInfo.0.EventName"},
		{"missing name", eventParams(2, func(q url.Values) { q.Del("EventInfo.2.EventName") }), "EventInfo.2.EventName is required"},
		{"missing content", eventParams(1, func(q url.Values) { q.Set("EventInfo.1.Content", "") }), "EventInfo.1.Content is required"},
		{"RFC 3339 time", eventParams(1, func(q url.Values) { q.Set("EventInfo.1.Time", "2024-01-01T00:00:00Z") }), "EventInfo.1.Time"},
		{"time without milliseconds", eventParams(1, func(q url.Values) { q.Set("EventInfo.1.Time", "20171013T170923+0800") }), "EventInfo.1.Time"},
		{"group not numeric", eventParams(1, func(q url.Values) { q.Set("EventInfo.1.GroupId", "web") }), "GroupId"},
		{"unknown field", eventParams(1, func(q url.Values) { q.Set("EventInfo.1.Level", "WARN") }), "unknown field Level"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := newTest(t)
			a := putEvents(t, e, tc.params)
			if a.status != 400 || a.code() != "ParameterInvalid" {
				t.Fatalf("HTTP %d %v, want 400 ParameterInvalid", a.status, a.body)
			}
			if msg, _ := a.body["Message"].(string); !strings.Contains(msg, tc.want) {
				t.Errorf("Message = %q, want it to mention %q", msg, tc.want)
			}
			if n := len(e.events.snapshot()); n != 0 {
				t.Errorf("%d events stored after a rejected call, want none", n)
			}
		})
	}
}

func TestPutCustomEvent_fiftyAccepted(t *testing.T) {
	e, _ := newTest(t)
	if a := putEvents(t, e, eventParams(50, nil)); a.status != 200 {
		t.Fatalf("50 events: HTTP %d %v", a.status, a.body)
	}
	if n := len(e.events.snapshot()); n != 50 {
		t.Errorf("stored %d events, want 50", n)
	}
}

func TestPutCustomEvent_v1FormBody(t *testing.T) {
	e, _ := newTest(t)
	a := serve(e, signV1(t, "PutCustomEvent", url.Values{
		"EventInfo.1.EventName": {"v1"}, "EventInfo.1.Content": {"sent with HMAC-SHA1"}, "RegionId": {"cn-hangzhou"},
	}, nil))
	if a.status != 200 {
		t.Fatalf("v1 put: HTTP %d %v", a.status, a.body)
	}
	if got := items(t, describeEvents(t, e, url.Values{"Name": {"v1"}, "RegionId": {"cn-hangzhou"}})); len(got) != 1 {
		t.Errorf("events = %v, want the v1 event", got)
	}
}

func TestDescribeCustomEventAttribute_filters(t *testing.T) {
	e, _ := newTest(t)
	put := func(region string, events ...[4]string) { // name, content, group, time
		t.Helper()
		q := url.Values{"RegionId": {region}}
		for i, ev := range events {
			p := fmt.Sprintf("EventInfo.%d.", i+1)
			q.Set(p+"EventName", ev[0])
			q.Set(p+"Content", ev[1])
			q.Set(p+"GroupId", ev[2])
			q.Set(p+"Time", ev[3])
		}
		if a := putEvents(t, e, q); a.status != 200 {
			t.Fatalf("put: HTTP %d %v", a.status, a.body)
		}
	}
	put("cn-hangzhou",
		[4]string{"deploy", "web v1 done", "0", "1700000003000"},
		[4]string{"deploy", "api v2 done", "7", "1700000001000"},
		[4]string{"alarm", "disk full on web", "0", "1700000002000"},
	)
	put("cn-beijing", [4]string{"deploy", "other region", "0", "1700000002000"})

	names := func(q url.Values) string {
		t.Helper()
		q.Set("RegionId", "cn-hangzhou")
		var out []string
		for _, it := range items(t, describeEvents(t, e, q)) {
			out = append(out, field(it, "Content"))
		}
		return strings.Join(out, "|")
	}
	cases := []struct {
		name string
		q    url.Values
		want string
	}{
		{"all, sorted by time", url.Values{}, "api v2 done|disk full on web|web v1 done"},
		{"name", url.Values{"Name": {"deploy"}}, "api v2 done|web v1 done"},
		{"group", url.Values{"GroupId": {"7"}}, "api v2 done"},
		{"keywords and", url.Values{"SearchKeywords": {"web AND done"}}, "web v1 done"},
		{"keywords or", url.Values{"SearchKeywords": {"disk or api"}}, "api v2 done|disk full on web"},
		{"window inclusive", url.Values{"StartTime": {"1700000002000"}, "EndTime": {"1700000003000"}}, "disk full on web|web v1 done"},
		{"window and name", url.Values{"Name": {"deploy"}, "StartTime": {"1700000002000"}, "EndTime": {"1700000002999"}}, ""},
		{"page 2 of size 2", url.Values{"PageSize": {"2"}, "PageNumber": {"2"}}, "web v1 done"},
		{"page past the end", url.Values{"PageSize": {"2"}, "PageNumber": {"3"}}, ""},
	}
	for _, tc := range cases {
		if got := names(tc.q); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// EventId finds exactly one event.
	all := items(t, describeEvents(t, e, url.Values{"RegionId": {"cn-hangzhou"}}))
	id := field(all[1], "Id")
	if got := items(t, describeEvents(t, e, url.Values{"RegionId": {"cn-hangzhou"}, "EventId": {id}})); len(got) != 1 || field(got[0], "Id") != id {
		t.Errorf("EventId %s: got %v", id, got)
	}
	// Regions are separate.
	if got := items(t, describeEvents(t, e, url.Values{"RegionId": {"cn-beijing"}})); len(got) != 1 || field(got[0], "Content") != "other region" {
		t.Errorf("cn-beijing: got %v", got)
	}
}

func TestDescribeCustomEventAttribute_badParams(t *testing.T) {
	e, _ := newTest(t)
	for _, q := range []url.Values{
		{"PageSize": {"101"}},
		{"PageSize": {"0"}},
		{"PageNumber": {"x"}},
		{"StartTime": {"2024-01-01"}},
		{"StartTime": {"2000"}, "EndTime": {"1000"}},
	} {
		if a := describeEvents(t, e, q); a.status != 400 || a.code() != "ParameterInvalid" {
			t.Errorf("%v: HTTP %d %v, want 400 ParameterInvalid", q, a.status, a.body)
		}
	}
}

func TestCustomEvents_stateRestoreReset(t *testing.T) {
	e, _ := newTest(t)
	if a := putEvents(t, e, eventParams(2, nil)); a.status != 200 {
		t.Fatalf("put: HTTP %d %v", a.status, a.body)
	}
	state, ok := e.State().(map[string]any)
	if !ok {
		t.Fatalf("State() = %T", e.State())
	}
	if _, ok := state["custom_events"]; !ok {
		t.Fatalf("State() has no custom_events key: %v", state)
	}
	raw, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}

	e2, _ := newTest(t)
	if err := e2.Restore(raw); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	got := e2.events.snapshot()
	want := e.events.snapshot()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("restored %v, want %v", got, want)
	}
	// New events after a restore continue the arrival order.
	if a := putEvents(t, e2, eventParams(1, nil)); a.status != 200 {
		t.Fatalf("put after restore: HTTP %d %v", a.status, a.body)
	}
	if s := e2.events.snapshot(); s[2].Seq <= s[1].Seq {
		t.Errorf("seq after restore = %d, want > %d", s[2].Seq, s[1].Seq)
	}
	if err := e2.Restore([]byte(`{"custom_events":[{"name":"x"}]}`)); err == nil {
		t.Error("Restore of an event without id: want an error")
	}

	e.Reset()
	if n := len(e.events.snapshot()); n != 0 {
		t.Errorf("%d events after Reset, want none", n)
	}
}

// Every filter given must match (they are ANDed), keyword operators are
// case-insensitive, and a phrase with spaces is one keyword.
func TestDescribeCustomEventAttribute_filtersCombined(t *testing.T) {
	e, _ := newTest(t)
	q := url.Values{"RegionId": {"cn-hangzhou"}}
	for i, ev := range [][4]string{ // name, content, group, time
		{"deploy", "web v1 rolled out", "7", "1700000001000"},
		{"deploy", "web v1 rolled back", "7", "1700000002000"},
		{"deploy", "web v1 rolled out", "0", "1700000003000"},
		{"release", "web v1 rolled out", "7", "1700000004000"},
	} {
		p := fmt.Sprintf("EventInfo.%d.", i+1)
		q.Set(p+"EventName", ev[0])
		q.Set(p+"Content", ev[1])
		q.Set(p+"GroupId", ev[2])
		q.Set(p+"Time", ev[3])
	}
	if a := putEvents(t, e, q); a.status != 200 {
		t.Fatalf("put: HTTP %d %v", a.status, a.body)
	}
	times := func(q url.Values) string {
		t.Helper()
		q.Set("RegionId", "cn-hangzhou")
		var out []string
		for _, it := range items(t, describeEvents(t, e, q)) {
			out = append(out, field(it, "Time"))
		}
		return strings.Join(out, "|")
	}
	cases := []struct {
		name string
		q    url.Values
		want string
	}{
		{"all filters", url.Values{"Name": {"deploy"}, "GroupId": {"7"}, "SearchKeywords": {"rolled out"}, "StartTime": {"1700000000000"}, "EndTime": {"1700000009000"}}, "1700000001000"},
		{"name and group", url.Values{"Name": {"deploy"}, "GroupId": {"7"}}, "1700000001000|1700000002000"},
		{"group and window", url.Values{"GroupId": {"7"}, "StartTime": {"1700000002000"}}, "1700000002000|1700000004000"},
		{"end only", url.Values{"EndTime": {"1700000002000"}}, "1700000001000|1700000002000"},
		{"mixed-case operators", url.Values{"SearchKeywords": {"back Or out AnD nowhere"}}, "1700000002000"},
		{"no match", url.Values{"Name": {"deploy"}, "SearchKeywords": {"nowhere"}}, ""},
		{"name is exact", url.Values{"Name": {"deplo"}}, ""},
	}
	for _, tc := range cases {
		if got := times(tc.q); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Under -page-cap the clamped size is the paging unit: pages of the cap
// until the matching events run out, then an empty page.
func TestDescribeCustomEventAttribute_pageCap(t *testing.T) {
	e, _ := newTest(t)
	if a := putEvents(t, e, eventParams(20, func(q url.Values) { q.Set("RegionId", "cn-hangzhou") })); a.status != 200 {
		t.Fatalf("put: HTTP %d %v", a.status, a.body)
	}
	if err := e.env.SetModes(core.Modes{PageCap: 7}); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for page, want := range []int{7, 7, 6, 0} {
		got := items(t, describeEvents(t, e, url.Values{"RegionId": {"cn-hangzhou"}, "PageSize": {"100"}, "PageNumber": {fmt.Sprint(page + 1)}}))
		if len(got) != want {
			t.Fatalf("page %d: %d events, want %d", page+1, len(got), want)
		}
		for _, it := range got {
			seen = append(seen, field(it, "Name"))
		}
	}
	if len(seen) != 20 || seen[0] != "ev1" || seen[7] != "ev8" || seen[19] != "ev20" {
		t.Errorf("events over the pages: %v, want ev1..ev20 in arrival order", seen)
	}
	// A page size under the cap is kept.
	if got := items(t, describeEvents(t, e, url.Values{"RegionId": {"cn-hangzhou"}, "PageSize": {"5"}, "PageNumber": {"4"}})); len(got) != 5 || field(got[0], "Name") != "ev16" {
		t.Errorf("page 4 of size 5: %v", got)
	}
}

// Under -visibility-lag-ms a new event is listed only once the lag has
// passed, whatever its own time; the admin state (the truth) has it at once.
func TestDescribeCustomEventAttribute_visibilityLag(t *testing.T) {
	e, clock := newTest(t)
	if err := e.env.SetModes(core.Modes{VisibilityLagMS: 2000}); err != nil {
		t.Fatal(err)
	}
	if a := putEvents(t, e, eventParams(1, func(q url.Values) {
		q.Set("RegionId", "cn-hangzhou")
		q.Set("EventInfo.1.Time", "1552199984000") // long before the lag
	})); a.status != 200 {
		t.Fatalf("put: HTTP %d %v", a.status, a.body)
	}
	q := url.Values{"RegionId": {"cn-hangzhou"}, "Name": {"ev1"}}
	if got := items(t, describeEvents(t, e, q)); len(got) != 0 {
		t.Fatalf("a new event is listed at once: %v", got)
	}
	if n := len(e.events.snapshot()); n != 1 {
		t.Fatalf("the state holds %d events, want 1", n)
	}
	clock.t = clock.t.Add(1999 * time.Millisecond)
	if got := items(t, describeEvents(t, e, q)); len(got) != 0 {
		t.Fatalf("listed before the lag has passed: %v", got)
	}
	clock.t = clock.t.Add(time.Millisecond)
	if got := items(t, describeEvents(t, e, q)); len(got) != 1 || field(got[0], "Time") != "1552199984000" {
		t.Fatalf("after the lag: %v", got)
	}
}
