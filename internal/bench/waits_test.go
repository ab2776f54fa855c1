package bench

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The schedule's poll counts are those the latency scenario logged for one
// export (5, 17 and 48 polls at D = 2 s, 10 s and 60 s).
func TestPollsOfWait(t *testing.T) {
	for d, want := range map[time.Duration]int{2 * time.Second: 5, 10 * time.Second: 17, 60 * time.Second: 48} {
		if got := pollsOfWait(d); got != want {
			t.Errorf("pollsOfWait(%s) = %d, want %d", d, got, want)
		}
	}
	if got := waitsReference(250, 60*time.Second); got != 250*48 {
		t.Errorf("waitsReference(250, 60s) = %d", got)
	}
}

func TestFirstPageRequest(t *testing.T) {
	for body, want := range map[string]bool{
		`{"TopicId":"t","Offset":0,"Limit":100}`:   true,
		`{"TopicId":"t","Limit":100}`:              true,
		`{"TopicId":"t","Offset":100,"Limit":100}`: false,
		`not json`: false,
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		if got := firstPageRequest(r); got != want {
			t.Errorf("firstPageRequest(%s) = %v, want %v", body, got, want)
		}
		if rest, err := io.ReadAll(r.Body); err != nil || string(rest) != body {
			t.Errorf("body after firstPageRequest: %q, %v", rest, err)
		}
	}
}

func TestLastDone(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	xs := []emulatorExport{{ExportID: "a", DoneAt: t0, Status: "Completed"}, {ExportID: "b", DoneAt: t0.Add(time.Second), Status: "Completed"}}
	if got, err := lastDone(xs, 2); err != nil || !got.Equal(t0.Add(time.Second)) {
		t.Errorf("lastDone = %v, %v", got, err)
	}
	if _, err := lastDone(xs, 3); err == nil {
		t.Error("lastDone accepted a missing export")
	}
	xs[0].Status = "Processing"
	if _, err := lastDone(xs, 2); err == nil {
		t.Error("lastDone accepted an export that did not complete")
	}
}
