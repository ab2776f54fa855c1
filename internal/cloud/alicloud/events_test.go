package alicloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// eventsServer answers every request with the next canned response and
// records the decoded query and x-acs-action of each request.
type eventsServer struct {
	mu        sync.Mutex
	queries   []url.Values
	actions   []string
	responses []cannedResponse
}

type cannedResponse struct {
	status int
	body   string
}

func (s *eventsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.queries = append(s.queries, r.URL.Query())
	s.actions = append(s.actions, r.Header.Get("x-acs-action"))
	n := len(s.queries)
	resp := cannedResponse{http.StatusOK, `{"RequestId":"REQ-OK","Code":"200","Message":"success"}`}
	if n <= len(s.responses) {
		resp = s.responses[n-1]
	} else if len(s.responses) > 0 {
		resp = s.responses[len(s.responses)-1]
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(resp.status)
	_, _ = w.Write([]byte(resp.body))
}

func (s *eventsServer) hits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queries)
}

func newEventsClient(t *testing.T, srv *eventsServer) *Client {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return NewClient(Config{
		AccessKey: "testid", SecretKey: "testsecret", Region: "cn-hangzhou", Endpoint: ts.URL,
		MaxRetries: 3,
		Sleep:      func(context.Context, time.Duration) error { return nil },
	})
}

func TestFormatEventTime(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cases := []struct {
		in   time.Time
		want string
	}{
		// The example the API documentation gives.
		{time.Date(2017, 10, 13, 17, 9, 23, 456_000_000, cst), "20171013T170923.456+0800"},
		// UTC keeps a numeric offset, never "Z".
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "20240102T030405.000+0000"},
		// Sub-millisecond digits are cut, not rounded.
		{time.Date(2024, 1, 2, 3, 4, 5, 999_999_999, time.UTC), "20240102T030405.999+0000"},
		{time.Date(2024, 6, 30, 23, 59, 59, 1_000_000, time.FixedZone("", -(5*3600+30*60))), "20240630T235959.001-0530"},
	}
	for _, c := range cases {
		if got := FormatEventTime(c.in); got != c.want {
			t.Errorf("FormatEventTime(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPutCustomEvent_params(t *testing.T) {
	srv := &eventsServer{}
	c := newEventsClient(t, srv)
	cst := time.FixedZone("CST", 8*3600)
	out, err := c.PutCustomEvent(context.Background(), PutCustomEventInput{Events: []CustomEvent{
		{Name: "myEvent", Content: "IOException occurred", Time: time.Date(2017, 10, 13, 17, 9, 23, 456_000_000, cst)},
		{Name: "deploy", Content: "v2 * ~ + done", GroupID: "12345"},
	}})
	if err != nil {
		t.Fatalf("PutCustomEvent: %v", err)
	}
	if out.RequestID != "REQ-OK" {
		t.Errorf("RequestID = %q, want REQ-OK", out.RequestID)
	}
	if srv.hits() != 1 || srv.actions[0] != "PutCustomEvent" {
		t.Fatalf("requests = %d %v, want one PutCustomEvent", srv.hits(), srv.actions)
	}
	q := srv.queries[0]
	want := map[string]string{
		"EventInfo.1.EventName": "myEvent",
		"EventInfo.1.Content":   "IOException occurred",
		"EventInfo.1.Time":      "20171013T170923.456+0800",
		"EventInfo.1.GroupId":   "0",
		"EventInfo.2.EventName": "deploy",
		"EventInfo.2.Content":   "v2 * ~ + done",
		"EventInfo.2.GroupId":   "12345",
		"RegionId":              "cn-hangzhou",
	}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if q.Has("EventInfo.2.Time") {
		t.Errorf("EventInfo.2.Time = %q, want it absent for a zero time", q.Get("EventInfo.2.Time"))
	}
}

func TestPutCustomEvent_countLimits(t *testing.T) {
	srv := &eventsServer{}
	c := newEventsClient(t, srv)
	for _, n := range []int{0, MaxEventsPerPut + 1} {
		events := make([]CustomEvent, n)
		for i := range events {
			events[i] = CustomEvent{Name: "e", Content: "c"}
		}
		if _, err := c.PutCustomEvent(context.Background(), PutCustomEventInput{Events: events}); err == nil {
			t.Errorf("%d events: want an error", n)
		}
	}
	if _, err := c.PutCustomEvent(context.Background(), PutCustomEventInput{Events: []CustomEvent{{Name: "e"}}}); err == nil {
		t.Error("event without content: want an error")
	}
	if srv.hits() != 0 {
		t.Errorf("requests = %d, want none for invalid input", srv.hits())
	}
}

func TestPutCustomEvent_retries(t *testing.T) {
	throttled := cannedResponse{http.StatusBadRequest, `{"RequestId":"REQ-T","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`}
	internal := cannedResponse{http.StatusInternalServerError, `{"RequestId":"REQ-500","Code":"InternalError","Message":"The request processing has failed due to some unknown error."}`}
	badParam := cannedResponse{http.StatusBadRequest, `{"RequestId":"REQ-400","Code":"ParameterInvalid","Message":"Illegal parameters."}`}
	ok := cannedResponse{http.StatusOK, `{"RequestId":"REQ-OK","Code":"200","Message":"success"}`}
	bodyFailure := cannedResponse{http.StatusOK, `{"RequestId":"REQ-B","Code":"400","Message":"bad group","Success":false}`}

	cases := []struct {
		name          string
		responses     []cannedResponse
		wantHits      int
		wantErr       bool
		wantAmbiguous bool
		wantCode      string
	}{
		{"throttled then ok is retried", []cannedResponse{throttled, ok}, 2, false, false, ""},
		{"5xx is not retried and is ambiguous", []cannedResponse{internal, ok}, 1, true, true, "InternalError"},
		{"business error is final", []cannedResponse{badParam, ok}, 1, true, false, "ParameterInvalid"},
		{"2xx with a failure body is an error", []cannedResponse{bodyFailure, ok}, 1, true, false, "400"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := &eventsServer{responses: tc.responses}
			c := newEventsClient(t, srv)
			_, err := c.PutCustomEvent(context.Background(), PutCustomEventInput{Events: []CustomEvent{{Name: "e", Content: "c"}}})
			if srv.hits() != tc.wantHits {
				t.Errorf("requests = %d, want %d", srv.hits(), tc.wantHits)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if transport.IsAmbiguous(err) != tc.wantAmbiguous {
				t.Errorf("IsAmbiguous(%v) = %v, want %v", err, !tc.wantAmbiguous, tc.wantAmbiguous)
			}
			if tc.wantCode != "" {
				var apiErr *Error
				if !errors.As(err, &apiErr) || apiErr.Code != tc.wantCode {
					t.Errorf("err = %v, want vendor code %s", err, tc.wantCode)
				}
			}
		})
	}
}

func TestPutCustomEvent_droppedConnectionIsAmbiguous(t *testing.T) {
	var hits int
	var mu sync.Mutex
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		panic(http.ErrAbortHandler)
	}))
	t.Cleanup(ts.Close)
	c := NewClient(Config{AccessKey: "testid", SecretKey: "testsecret", Region: "cn-hangzhou", Endpoint: ts.URL, MaxRetries: 3,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	_, err := c.PutCustomEvent(context.Background(), PutCustomEventInput{Events: []CustomEvent{{Name: "e", Content: "c"}}})
	if !transport.IsAmbiguous(err) {
		t.Fatalf("err = %v, want an ambiguous failure", err)
	}
	if hits != 1 {
		t.Errorf("requests = %d, want 1 (a non-idempotent call must not be resent)", hits)
	}
}

func TestDescribeCustomEventAttribute(t *testing.T) {
	body := `{"RequestId":"REQ-D","Code":"200","Success":"true","Message":"success","CustomEvents":{"CustomEvent":[
	  {"Id":"4C7E2B1A-0D9F-4E8C-B7A6-5D4C3B2A1F0E","Name":"myEvent","GroupId":"0","Time":"1507885763456","Content":"IOException occurred"},
	  {"Id":"5D8F","Name":"myEvent","GroupId":0,"Time":1507885763457,"Content":"again"}]}}`
	srv := &eventsServer{responses: []cannedResponse{{http.StatusOK, body}}}
	c := newEventsClient(t, srv)
	start := time.UnixMilli(1507885763000)
	out, err := c.DescribeCustomEventAttribute(context.Background(), DescribeCustomEventAttributeInput{
		Name: "myEvent", GroupID: "0", StartTime: start, EndTime: start.Add(time.Second), PageSize: 20,
	})
	if err != nil {
		t.Fatalf("DescribeCustomEventAttribute: %v", err)
	}
	q := srv.queries[0]
	want := map[string]string{"Name": "myEvent", "GroupId": "0", "StartTime": "1507885763000", "EndTime": "1507885764000", "PageNumber": "1", "PageSize": "20"}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if q.Has("EventId") || q.Has("SearchKeywords") {
		t.Errorf("unset filters were sent: %v", q)
	}
	if out.RequestID != "REQ-D" || len(out.Events) != 2 {
		t.Fatalf("out = %+v, want 2 events and request id REQ-D", out)
	}
	e := out.Events[0]
	if e.ID != "4C7E2B1A-0D9F-4E8C-B7A6-5D4C3B2A1F0E" || e.Name != "myEvent" || e.GroupID != "0" || e.Content != "IOException occurred" || e.Time.UnixMilli() != 1507885763456 {
		t.Errorf("event 0 = %+v", e)
	}
	if e := out.Events[1]; e.GroupID != "0" || e.Time.UnixMilli() != 1507885763457 {
		t.Errorf("event 1 (numeric fields) = %+v", e)
	}
}

func TestDescribeCustomEventAttribute_failureBody(t *testing.T) {
	srv := &eventsServer{responses: []cannedResponse{{http.StatusOK, `{"RequestId":"REQ-F","Code":"500","Success":"false","Message":"boom"}`}}}
	c := newEventsClient(t, srv)
	_, err := c.DescribeCustomEventAttribute(context.Background(), DescribeCustomEventAttributeInput{Name: "x"})
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.RequestID != "REQ-F" {
		t.Fatalf("err = %v, want a vendor error with request id REQ-F", err)
	}
}

func TestListCustomEvents_pages(t *testing.T) {
	page := func(ids ...string) cannedResponse {
		var items []string
		for _, id := range ids {
			items = append(items, fmt.Sprintf(`{"Id":%q,"Name":"n","GroupId":"0","Time":"1700000000000","Content":"c"}`, id))
		}
		return cannedResponse{http.StatusOK, `{"RequestId":"R","Code":"200","Success":true,"CustomEvents":{"CustomEvent":[` + strings.Join(items, ",") + `]}}`}
	}
	// A short page is not the end (a server may serve fewer than asked);
	// the empty page is.
	srv := &eventsServer{responses: []cannedResponse{page("a", "b"), page("c"), page("d", "e"), page()}}
	c := newEventsClient(t, srv)
	got, err := c.ListCustomEvents(context.Background(), DescribeCustomEventAttributeInput{Name: "n", PageSize: 2}, 0)
	if err != nil {
		t.Fatalf("ListCustomEvents: %v", err)
	}
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	if strings.Join(ids, ",") != "a,b,c,d,e" {
		t.Errorf("ids = %v, want a..e", ids)
	}
	if srv.hits() != 4 {
		t.Errorf("requests = %d, want 4 pages (the last one empty)", srv.hits())
	}
	for i, q := range srv.queries {
		if q.Get("PageNumber") != fmt.Sprint(i+1) || q.Get("PageSize") != "2" {
			t.Errorf("page %d query = %v", i+1, q)
		}
	}

	// A server that ignores PageNumber (the same page again) ends the walk.
	srv3 := &eventsServer{responses: []cannedResponse{page("a", "b")}}
	got, err = newEventsClient(t, srv3).ListCustomEvents(context.Background(), DescribeCustomEventAttributeInput{Name: "n", PageSize: 2}, 0)
	if err != nil || len(got) != 2 || srv3.hits() != 2 {
		t.Errorf("repeated page: got %d events, err %v, requests %d", len(got), err, srv3.hits())
	}

	// An empty first page ends the walk at once.
	srv2 := &eventsServer{responses: []cannedResponse{{http.StatusOK, `{"RequestId":"R","Code":"200","Success":"true"}`}}}
	c2 := newEventsClient(t, srv2)
	got, err = c2.ListCustomEvents(context.Background(), DescribeCustomEventAttributeInput{Name: "n"}, 0)
	if err != nil || len(got) != 0 || srv2.hits() != 1 {
		t.Errorf("empty answer: got %v, err %v, requests %d", got, err, srv2.hits())
	}
}

// Every page of a walk carries every filter of the input, with the time
// window in epoch milliseconds.
func TestListCustomEvents_filtersOnEveryPage(t *testing.T) {
	page := func(ids ...string) cannedResponse {
		var items []string
		for _, id := range ids {
			items = append(items, fmt.Sprintf(`{"Id":%q,"Name":"deploy","GroupId":"7","Time":"1700000000000","Content":"web v1"}`, id))
		}
		return cannedResponse{http.StatusOK, `{"RequestId":"R","Code":"200","Success":"true","CustomEvents":{"CustomEvent":[` + strings.Join(items, ",") + `]}}`}
	}
	srv := &eventsServer{responses: []cannedResponse{page("a"), page("b"), page()}}
	start := time.Date(2023, 11, 14, 22, 13, 20, 0, time.FixedZone("", 8*3600))
	in := DescribeCustomEventAttributeInput{
		Name: "deploy", GroupID: "7", EventID: "E-1", SearchKeywords: "web and v1",
		StartTime: start, EndTime: start.Add(time.Hour + time.Millisecond),
	}
	got, err := newEventsClient(t, srv).ListCustomEvents(context.Background(), in, 0)
	if err != nil || len(got) != 2 {
		t.Fatalf("ListCustomEvents: %d events, err %v; want 2", len(got), err)
	}
	want := map[string]string{
		"Name": "deploy", "GroupId": "7", "EventId": "E-1", "SearchKeywords": "web and v1",
		"StartTime": "1699971200000", "EndTime": "1699974800001", "PageSize": fmt.Sprint(MaxCustomEventPageSize),
	}
	if len(srv.queries) != 3 {
		t.Fatalf("requests = %d, want 3 (two pages and the empty one)", len(srv.queries))
	}
	for i, q := range srv.queries {
		for k, v := range want {
			if q.Get(k) != v {
				t.Errorf("page %d: %s = %q, want %q", i+1, k, q.Get(k), v)
			}
		}
		if q.Get("PageNumber") != fmt.Sprint(i+1) {
			t.Errorf("page %d: PageNumber = %q", i+1, q.Get("PageNumber"))
		}
	}
}
