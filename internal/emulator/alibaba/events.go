package alibaba

// Custom events: PutCustomEvent stores 1..50 events per call, and
// DescribeCustomEventAttribute returns them with the documented filters
// (Name, EventId, GroupId, SearchKeywords, StartTime/EndTime) and paging.
// Events are append-only: the API has no delete.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// maxEventsPerPut is the documented limit of EventInfo.N per call.
	maxEventsPerPut = 50
	// defaultEventPageSize is the documented default page size of
	// DescribeCustomEventAttribute; its maximum is not documented
	// (Options.MaxPageSize, -alibaba-max-page-size).
	defaultEventPageSize = 10
	// eventTimeLayout is the date form of EventInfo.N.Time (yyyyMMddTHHmmss.SSSZ).
	eventTimeLayout = "20060102T150405.000-0700"
)

var (
	eventInfoKey = regexp.MustCompile(`^EventInfo\.([1-9][0-9]*)\.([A-Za-z]+)$`)
	eventDigits  = regexp.MustCompile(`^[0-9]+$`)
	// keywordOr and keywordAnd split SearchKeywords (parseKeywords).
	keywordOr  = regexp.MustCompile(`(?i)\s+or\s+`)
	keywordAnd = regexp.MustCompile(`(?i)\s+and\s+`)
)

// eventsKey is the key of custom events in State().
const eventsKey = "custom_events"

func writeEventError(w http.ResponseWriter, r *http.Request, err *eventError) {
	WriteError(w, r, err.status, err.code, err.message)
}

// putCustomEvent stores the events of one call, all or none. The answer has
// no Success field and no event ids, like the real one.
func putCustomEvent(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	events, err := parseCustomEvents(c.Params, c.Region, e.Env().Now())
	if err != nil {
		writeEventError(w, r, err)
		return
	}
	now := e.Env().Now().UnixMilli()
	for i := range events {
		events[i].StoredMS = now
	}
	e.events.add(events)
	WriteSuccess(w, c, map[string]any{"Code": "200", "Message": "success"})
}

// describeCustomEventAttribute returns one page of the matching events of
// the call's region.
func describeCustomEventAttribute(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	q, err := parseEventQuery(c.Params, e.opts.MaxPageSize)
	if err != nil {
		writeEventError(w, r, err)
		return
	}
	q.size = e.Env().PageSize(q.size) // a smaller server maximum clamps the page size
	WriteSuccess(w, c, describeCustomEventsBody(e.events.find(q, c.Region, e.Env().AsOf().UnixMilli()), e.Env().VendorExampleShapes()))
}

// customEvent is one stored event. The JSON form is what /_emulator/state
// shows under "custom_events" and what Restore reads back.
type customEvent struct {
	ID      string `json:"id"`
	Region  string `json:"region"`
	Name    string `json:"name"`
	Content string `json:"content"`
	GroupID string `json:"group_id"`
	// TimeMS is the event time in epoch milliseconds.
	TimeMS int64 `json:"time_ms"`
	// Seq orders events put in the same millisecond by arrival.
	Seq int64 `json:"seq"`
	// StoredMS is when the event arrived (epoch ms); lookups show it once
	// the visibility lag has passed. Zero (a restored event) is visible.
	StoredMS int64 `json:"stored_ms,omitempty"`
}

// eventError is a business error of the custom event operations.
type eventError struct {
	status  int
	code    string
	message string
}

func (e *eventError) Error() string { return e.code + ": " + e.message }

func invalidParam(format string, args ...any) *eventError {
	return &eventError{status: 400, code: "ParameterInvalid", message: "Illegal parameters: " + fmt.Sprintf(format, args...)}
}

// customEventStore holds every reported event, in arrival order.
type customEventStore struct {
	mu     sync.Mutex
	events []customEvent
	seq    int64
}

// parseCustomEvents validates the EventInfo.N.* parameters of PutCustomEvent:
// N from 1, contiguous, at most 50; EventName and Content required; Time in
// epoch milliseconds or yyyyMMddTHHmmss.SSSZ (default now); GroupId a
// non-negative integer (default "0").
func parseCustomEvents(params url.Values, region string, now time.Time) ([]customEvent, *eventError) {
	byIndex := map[int]map[string]string{}
	for key, values := range params {
		if !strings.HasPrefix(key, "EventInfo.") {
			continue
		}
		m := eventInfoKey.FindStringSubmatch(key)
		if m == nil {
			return nil, invalidParam("%s is not of the form EventInfo.N.Field with N from 1", key)
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || n > maxEventsPerPut {
			return nil, invalidParam("%s: at most %d events may be reported in one call", key, maxEventsPerPut)
		}
		switch m[2] {
		case "EventName", "Content", "Time", "GroupId":
		default:
			return nil, invalidParam("%s: unknown field %s (want EventName, Content, Time or GroupId)", key, m[2])
		}
		if byIndex[n] == nil {
			byIndex[n] = map[string]string{}
		}
		byIndex[n][m[2]] = values[0]
	}
	if len(byIndex) == 0 {
		return nil, invalidParam("EventInfo is required: give at least one event (EventInfo.1.EventName, EventInfo.1.Content)")
	}
	events := make([]customEvent, 0, len(byIndex))
	for n := 1; n <= len(byIndex); n++ {
		f, ok := byIndex[n]
		if !ok {
			return nil, invalidParam("EventInfo.%d is missing: events must be numbered 1..N without gaps", n)
		}
		ev := customEvent{Region: region, Name: f["EventName"], Content: f["Content"], GroupID: f["GroupId"]}
		if ev.Name == "" {
			return nil, invalidParam("EventInfo.%d.EventName is required", n)
		}
		if ev.Content == "" {
			return nil, invalidParam("EventInfo.%d.Content is required", n)
		}
		if ev.GroupID == "" {
			ev.GroupID = "0"
		} else if !eventDigits.MatchString(ev.GroupID) {
			return nil, invalidParam("EventInfo.%d.GroupId %q is not an application group id (a non-negative integer; 0 means no group)", n, ev.GroupID)
		}
		ev.TimeMS = now.UnixMilli()
		if s, ok := f["Time"]; ok && s != "" {
			ms, err := parseEventTime(s)
			if err != nil {
				return nil, invalidParam("EventInfo.%d.Time %q: %v", n, s, err)
			}
			ev.TimeMS = ms
		}
		events = append(events, ev)
	}
	return events, nil
}

// parseEventTime reads both forms PutCustomEvent accepts.
func parseEventTime(s string) (int64, error) {
	if eventDigits.MatchString(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("epoch milliseconds out of range")
		}
		return ms, nil
	}
	t, err := time.Parse(eventTimeLayout, s)
	if err != nil {
		return 0, fmt.Errorf("want epoch milliseconds (1552199984000) or yyyyMMddTHHmmss.SSSZ (20171013T170923.456+0800)")
	}
	return t.UnixMilli(), nil
}

// add stores events, assigning ids (upper-case UUIDs) and arrival order.
func (s *customEventStore) add(events []customEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range events {
		s.seq++
		ev.Seq = s.seq
		ev.ID = NewRequestID() // the same upper-case UUID shape
		s.events = append(s.events, ev)
	}
}

// eventQuery is a parsed DescribeCustomEventAttribute request.
type eventQuery struct {
	name, eventID, groupID string
	keywords               [][]string // OR of ANDs
	start, end             *int64
	page, size             int
}

func parseEventQuery(params url.Values, maxPageSize int) (eventQuery, *eventError) {
	q := eventQuery{name: params.Get("Name"), eventID: params.Get("EventId"), groupID: params.Get("GroupId"), page: 1, size: defaultEventPageSize}
	q.keywords = parseKeywords(params.Get("SearchKeywords"))
	for _, p := range []struct {
		key string
		dst **int64
	}{{"StartTime", &q.start}, {"EndTime", &q.end}} {
		s := params.Get(p.key)
		if s == "" {
			continue
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms < 0 {
			return q, invalidParam("%s %q is not epoch milliseconds", p.key, s)
		}
		*p.dst = &ms
	}
	if q.start != nil && q.end != nil && *q.start > *q.end {
		return q, invalidParam("StartTime %d is later than EndTime %d", *q.start, *q.end)
	}
	for _, p := range []struct {
		key string
		dst *int
		max int
	}{{"PageNumber", &q.page, 0}, {"PageSize", &q.size, maxPageSize}} {
		s := params.Get(p.key)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || (p.max > 0 && n > p.max) {
			if p.max > 0 {
				return q, invalidParam("%s %q must be an integer from 1 to %d", p.key, s, p.max)
			}
			return q, invalidParam("%s %q must be a positive integer", p.key, s)
		}
		*p.dst = n
	}
	return q, nil
}

// parseKeywords splits "a and b or c" into [[a b] [c]]: "or" separates
// alternatives, "and" binds tighter; the operators are case-insensitive.
func parseKeywords(s string) [][]string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var out [][]string
	for _, alt := range keywordOr.Split(s, -1) {
		var terms []string
		for _, t := range keywordAnd.Split(alt, -1) {
			if t = strings.TrimSpace(t); t != "" {
				terms = append(terms, t)
			}
		}
		if len(terms) > 0 {
			out = append(out, terms)
		}
	}
	return out
}

func (q eventQuery) matches(ev customEvent, region string) bool {
	if ev.Region != region ||
		(q.name != "" && ev.Name != q.name) ||
		(q.eventID != "" && ev.ID != q.eventID) ||
		(q.groupID != "" && ev.GroupID != q.groupID) ||
		(q.start != nil && ev.TimeMS < *q.start) ||
		(q.end != nil && ev.TimeMS > *q.end) {
		return false
	}
	if len(q.keywords) == 0 {
		return true
	}
	for _, alt := range q.keywords {
		all := true
		for _, t := range alt {
			if !strings.Contains(ev.Content, t) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// find returns one page of the events of region that match q and arrived
// by asOfMS, ordered by time and then by arrival.
func (s *customEventStore) find(q eventQuery, region string, asOfMS int64) []customEvent {
	s.mu.Lock()
	var hits []customEvent
	for _, ev := range s.events {
		if ev.StoredMS <= asOfMS && q.matches(ev, region) {
			hits = append(hits, ev)
		}
	}
	s.mu.Unlock()
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].TimeMS != hits[j].TimeMS {
			return hits[i].TimeMS < hits[j].TimeMS
		}
		return hits[i].Seq < hits[j].Seq
	})
	from := (q.page - 1) * q.size
	if from >= len(hits) {
		return nil
	}
	to := min(from+q.size, len(hits))
	return hits[from:to]
}

// describeCustomEventsBody renders a DescribeCustomEventAttribute answer
// with no Total: as the SDK models type it (Success the string "true",
// every item field a string), or, in the shapes of the vendor's published
// example (exampleShapes), Success a boolean and Time a number.
func describeCustomEventsBody(events []customEvent, exampleShapes bool) map[string]any {
	items := make([]map[string]any, 0, len(events))
	for _, ev := range events {
		var t any = strconv.FormatInt(ev.TimeMS, 10)
		if exampleShapes {
			t = ev.TimeMS
		}
		items = append(items, map[string]any{
			"Id": ev.ID, "Name": ev.Name, "GroupId": ev.GroupID, "Content": ev.Content, "Time": t,
		})
	}
	var success any = "true"
	if exampleShapes {
		success = true
	}
	return map[string]any{
		"Code": "200", "Success": success, "Message": "success",
		"CustomEvents": map[string]any{"CustomEvent": items},
	}
}

// snapshot returns a copy of every event, in arrival order.
func (s *customEventStore) snapshot() []customEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]customEvent{}, s.events...)
}

func (s *customEventStore) reset() {
	s.mu.Lock()
	s.events, s.seq = nil, 0
	s.mu.Unlock()
}

// restore replaces the events with the "custom_events" list of a saved state.
func (s *customEventStore) restore(raw json.RawMessage) error {
	var events []customEvent
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &events); err != nil {
			return fmt.Errorf("custom_events: %w", err)
		}
	}
	var seq int64
	for i, ev := range events {
		if ev.ID == "" || ev.Name == "" {
			return fmt.Errorf("custom_events[%d]: id and name are required", i)
		}
		seq = max(seq, ev.Seq)
	}
	s.mu.Lock()
	s.events, s.seq = events, seq
	s.mu.Unlock()
	return nil
}
