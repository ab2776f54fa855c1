package cms

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The time window always has both ends: end_time defaults to now (or to
// start_time when that is later), start_time to 24 hours before end_time.
func TestCustomEventsQuery_window(t *testing.T) {
	now := time.Date(2025, 2, 1, 12, 0, 0, 123456789, time.UTC)
	nowMS := now.Truncate(time.Millisecond)
	str := func(s string) types.String {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	cases := []struct {
		name, start, end string
		wantStart        time.Time
		wantEnd          time.Time
	}{
		{"neither", "", "", nowMS.Add(-24 * time.Hour), nowMS},
		{"start only", "2025-02-01T08:00:00+08:00", "", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), nowMS},
		{"start after now", "2025-02-02T00:00:00Z", "", time.Date(2025, 2, 2, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 2, 0, 0, 0, 0, time.UTC)},
		{"end only, epoch ms", "", "1738368003000", time.UnixMilli(1738368003000).Add(-24 * time.Hour), time.UnixMilli(1738368003000)},
		{"both", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		m := customEventsDataModel{Name: str("deploy"), GroupID: str("7"), StartTime: str(tc.start), EndTime: str(tc.end)}
		in, diags := m.query(now)
		if diags.HasError() {
			t.Errorf("%s: %v", tc.name, diags)
			continue
		}
		if !in.StartTime.Equal(tc.wantStart) || !in.EndTime.Equal(tc.wantEnd) {
			t.Errorf("%s: window %v .. %v, want %v .. %v", tc.name, in.StartTime, in.EndTime, tc.wantStart, tc.wantEnd)
		}
		if in.Name != "deploy" || in.GroupID != "7" || in.EventID != "" || in.SearchKeywords != "" {
			t.Errorf("%s: filters %+v", tc.name, in)
		}
	}
	// A window ending before it starts is refused on end_time (also at read,
	// for values that were unknown at plan time).
	m := customEventsDataModel{StartTime: str("2025-02-01T00:00:00Z"), EndTime: str("2025-01-31T00:00:00Z")}
	if _, diags := m.query(now); !diags.HasError() {
		t.Error("end before start: no error")
	}
}
