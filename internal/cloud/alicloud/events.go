package alicloud

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxEventsPerPut is the number of events one PutCustomEvent call accepts.
const MaxEventsPerPut = 50

// MaxCustomEventPageSize is the page size DescribeCustomEventAttribute calls
// use when the caller leaves it unset.
const MaxCustomEventPageSize = 100

// EventTimeLayout is the Go layout of the date form PutCustomEvent accepts
// for EventInfo.N.Time (yyyyMMddTHHmmss.SSSZ with a numeric offset, e.g.
// 20171013T170923.456+0800). The API also accepts epoch milliseconds.
const EventTimeLayout = "20060102T150405.000-0700"

// DefaultEventGroupID is the group id meaning "no application group".
const DefaultEventGroupID = "0"

// CustomEvent is one event to report.
type CustomEvent struct {
	// Name is the event name (EventName; read back as Name).
	Name string
	// Content is the event body.
	Content string
	// GroupID is the application group id; empty means "0" (no group).
	GroupID string
	// Time is when the event happened; the zero time lets the service use
	// the moment it receives the call.
	Time time.Time
}

// PutCustomEventInput is the request of PutCustomEvent.
type PutCustomEventInput struct {
	// Events holds 1..MaxEventsPerPut events, reported in one call.
	Events []CustomEvent
}

// PutCustomEventOutput is the answer of PutCustomEvent. The API assigns
// event ids but does not return them.
type PutCustomEventOutput struct {
	RequestID string
}

// FormatEventTime renders t the way PutCustomEvent expects it, keeping t's
// UTC offset and millisecond precision (20171013T170923.456+0800).
func FormatEventTime(t time.Time) string {
	return t.Format(EventTimeLayout)
}

// EpochMillis renders t as decimal epoch milliseconds, the form
// DescribeCustomEventAttribute takes for StartTime and EndTime.
func EpochMillis(t time.Time) string {
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// putCustomEventParams flattens the events into EventInfo.N.* parameters.
func putCustomEventParams(in PutCustomEventInput) (map[string]string, error) {
	if len(in.Events) == 0 {
		return nil, errors.New("at least one event is required")
	}
	if len(in.Events) > MaxEventsPerPut {
		return nil, fmt.Errorf("at most %d events fit in one call, got %d", MaxEventsPerPut, len(in.Events))
	}
	params := make(map[string]string, 4*len(in.Events))
	for i, ev := range in.Events {
		if ev.Name == "" || ev.Content == "" {
			return nil, fmt.Errorf("event %d: name and content are required", i+1)
		}
		prefix := "EventInfo." + strconv.Itoa(i+1) + "."
		params[prefix+"EventName"] = ev.Name
		params[prefix+"Content"] = ev.Content
		group := ev.GroupID
		if group == "" {
			group = DefaultEventGroupID
		}
		params[prefix+"GroupId"] = group
		if !ev.Time.IsZero() {
			params[prefix+"Time"] = FormatEventTime(ev.Time)
		}
	}
	return params, nil
}

// PutCustomEvent reports up to 50 events in one call.
//
// The call is not idempotent: the transport retries it only when it was
// throttled or never sent. After a failure whose effect is unknown it returns
// a *transport.AmbiguousError; the caller must look the events up with
// DescribeCustomEventAttribute before sending them again.
func (c *Client) PutCustomEvent(ctx context.Context, in PutCustomEventInput) (PutCustomEventOutput, error) {
	params, err := putCustomEventParams(in)
	if err != nil {
		return PutCustomEventOutput{}, fmt.Errorf("PutCustomEvent: %w", err)
	}
	requestID, err := c.rpc(ctx, rpcRequest{Action: "PutCustomEvent", Params: params, Idempotent: false}, nil)
	if err != nil {
		return PutCustomEventOutput{RequestID: requestID}, err
	}
	return PutCustomEventOutput{RequestID: requestID}, nil
}

// DescribeCustomEventAttributeInput filters DescribeCustomEventAttribute.
// Every set field narrows the result (filters are ANDed).
type DescribeCustomEventAttributeInput struct {
	// Name matches the event name exactly.
	Name string
	// EventID matches the id the service assigned.
	EventID string
	// GroupID matches the application group id.
	GroupID string
	// SearchKeywords are matched against the content ("a and b", "a or b").
	SearchKeywords string
	// StartTime and EndTime bound the event time (inclusive). Always set
	// both: the service's default window is not documented.
	StartTime, EndTime time.Time
	// PageNumber is 1-based; zero means 1.
	PageNumber int
	// PageSize zero means MaxCustomEventPageSize.
	PageSize int
}

// CustomEventRecord is one event as DescribeCustomEventAttribute returns it.
type CustomEventRecord struct {
	ID      string
	Name    string
	GroupID string
	Content string
	// Time is the event time (millisecond precision, UTC).
	Time time.Time
}

// DescribeCustomEventAttributeOutput is one page of events.
type DescribeCustomEventAttributeOutput struct {
	RequestID string
	Events    []CustomEventRecord
}

type describeCustomEventAttributeResponse struct {
	CustomEvents struct {
		CustomEvent []struct {
			ID      flexString `json:"Id"`
			Name    flexString `json:"Name"`
			GroupID flexString `json:"GroupId"`
			Time    flexString `json:"Time"`
			Content flexString `json:"Content"`
		} `json:"CustomEvent"`
	} `json:"CustomEvents"`
}

func describeCustomEventParams(in DescribeCustomEventAttributeInput) map[string]string {
	params := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			params[k] = v
		}
	}
	set("Name", in.Name)
	set("EventId", in.EventID)
	set("GroupId", in.GroupID)
	set("SearchKeywords", in.SearchKeywords)
	if !in.StartTime.IsZero() {
		params["StartTime"] = EpochMillis(in.StartTime)
	}
	if !in.EndTime.IsZero() {
		params["EndTime"] = EpochMillis(in.EndTime)
	}
	page, size := in.PageNumber, in.PageSize
	if page <= 0 {
		page = 1
	}
	if size <= 0 {
		size = MaxCustomEventPageSize
	}
	params["PageNumber"] = strconv.Itoa(page)
	params["PageSize"] = strconv.Itoa(size)
	return params
}

// DescribeCustomEventAttribute returns one page of the events matching in.
// The answer carries no total, and a page may be shorter than the page size
// without being the last: only an empty page is.
func (c *Client) DescribeCustomEventAttribute(ctx context.Context, in DescribeCustomEventAttributeInput) (DescribeCustomEventAttributeOutput, error) {
	var raw describeCustomEventAttributeResponse
	requestID, err := c.rpc(ctx, rpcRequest{Action: "DescribeCustomEventAttribute", Params: describeCustomEventParams(in), Idempotent: true}, &raw)
	out := DescribeCustomEventAttributeOutput{RequestID: requestID}
	if err != nil {
		return out, err
	}
	for _, e := range raw.CustomEvents.CustomEvent {
		t, err := parseEventTimeMillis(string(e.Time))
		if err != nil {
			return out, fmt.Errorf("DescribeCustomEventAttribute: event %s: %w (request id %s)", e.ID, err, requestID)
		}
		out.Events = append(out.Events, CustomEventRecord{
			ID: string(e.ID), Name: string(e.Name), GroupID: string(e.GroupID), Content: string(e.Content), Time: t,
		})
	}
	return out, nil
}

// ListCustomEvents pages through DescribeCustomEventAttribute and returns
// every event matching in (in.PageNumber is ignored). maxPages bounds the
// walk; zero means no bound.
func (c *Client) ListCustomEvents(ctx context.Context, in DescribeCustomEventAttributeInput, maxPages int) ([]CustomEventRecord, error) {
	asked := in.PageSize
	if maxPages <= 0 {
		maxPages = maxEventPages
	}
	var all []CustomEventRecord
	seen := map[string]bool{}
	for page := 1; page <= maxPages; page++ {
		in.PageNumber = page
		out, err := c.eventPage(ctx, in, asked)
		if err != nil {
			return all, fmt.Errorf("listing custom events, page %d: %w", page, err)
		}
		// The answer has no total and a server may serve fewer items per
		// page than asked, so only an empty page ends the walk (or one that
		// brings nothing new: a server that ignores PageNumber).
		fresh := 0
		for _, ev := range out.Events {
			if ev.ID != "" && seen[ev.ID] {
				continue
			}
			seen[ev.ID] = ev.ID != ""
			all = append(all, ev)
			fresh++
		}
		if fresh == 0 {
			return all, nil
		}
	}
	return all, nil
}

// eventPage is one page of DescribeCustomEventAttribute: at the asked size,
// or when none was asked at the client's page size (withPageSize).
func (c *Client) eventPage(ctx context.Context, in DescribeCustomEventAttributeInput, asked int) (DescribeCustomEventAttributeOutput, error) {
	if asked > 0 {
		in.PageSize = asked
		return c.DescribeCustomEventAttribute(ctx, in)
	}
	var out DescribeCustomEventAttributeOutput
	err := c.withPageSize(ctx, "DescribeCustomEventAttribute", MaxCustomEventPageSize, in.PageNumber, func(size int) error {
		in.PageSize = size
		var err error
		out, err = c.DescribeCustomEventAttribute(ctx, in)
		return err
	})
	return out, err
}

// maxEventPages bounds a walk whose caller set no bound.
const maxEventPages = 10000

// parseEventTimeMillis reads the Time of a returned event: epoch
// milliseconds, as a string or a number.
func parseEventTimeMillis(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Some answers render the number in exponent form (1.507885763456E12).
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			return time.Time{}, fmt.Errorf("time %q is not epoch milliseconds", s)
		}
		ms = int64(f)
	}
	return time.UnixMilli(ms).UTC(), nil
}
