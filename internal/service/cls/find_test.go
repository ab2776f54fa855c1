package cls

import (
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

func TestCallWindow(t *testing.T) {
	sent := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	w := windowOf(sent, sent.Add(3*time.Second))
	for d, want := range map[time.Duration]bool{
		-allowedClockSkew - time.Millisecond: false,
		-allowedClockSkew:                    true,
		0:                                    true,
		3*time.Second + allowedClockSkew:     true,
		3*time.Second + allowedClockSkew + time.Millisecond: false,
		-90 * time.Second: false, // the old 2-minute look-back took this one
	} {
		if got := w.contains(sent.Add(d)); got != want {
			t.Errorf("contains(sent%+v) = %v, want %v", d, got, want)
		}
	}
}

func TestMatchesInput(t *testing.T) {
	cql := tencentcloud.SyntaxCQL
	in := tencentcloud.CreateExportInput{TopicID: "t", Query: "q", From: 1, To: 2, Count: 3, Order: "desc", Format: "json"}
	e := tencentcloud.Export{TopicID: "t", Query: "q", From: 1, To: 2, Count: 3, Order: "Desc", Format: "json"}
	if !matchesInput(e, in) {
		t.Errorf("identical arguments (order spelled Desc) do not match")
	}
	// What the API echoes differently is still the same export: a query
	// re-spaced, a Count of the logs exported (fewer than asked). Before,
	// a lost CreateExport answer under the emulator's -normalize was never
	// matched, and the retry left the first export behind.
	echoed := e
	echoed.Query, echoed.Count = "  q ", 2
	if !matchesInput(echoed, in) {
		t.Errorf("the API's echo (query re-spaced, fewer logs counted) does not match")
	}
	for name, change := range map[string]func(*tencentcloud.Export){
		"topic": func(x *tencentcloud.Export) { x.TopicID = "u" }, "query": func(x *tencentcloud.Export) { x.Query = "r" },
		"from": func(x *tencentcloud.Export) { x.From = 0 }, "to": func(x *tencentcloud.Export) { x.To = 3 },
		"count": func(x *tencentcloud.Export) { x.Count = 4 }, "order": func(x *tencentcloud.Export) { x.Order = "asc" },
		"format": func(x *tencentcloud.Export) { x.Format = "csv" }, "syntax": func(x *tencentcloud.Export) { x.SyntaxRule = cql },
	} {
		x := e
		change(&x)
		if matchesInput(x, in) {
			t.Errorf("another %s matches", name)
		}
	}
}

func TestCandidatesHint(t *testing.T) {
	const topic = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
	err := &candidatesError{TopicID: topic, Candidates: []tencentcloud.Export{
		{ExportID: "export-a", CreateTimestamp: 1_767_225_600_000, Status: "Queuing"},
		{ExportID: "export-b", CreateTime: "2026-01-01 08:00:01", Status: "Completed"},
	}}
	h := createHint(err)
	for _, want := range []string{
		"export-a  created 2026-01-01T00:00:00Z  status Queuing",
		"export-b  created 2026-01-01T00:00:01Z  status Completed",
		"terraform import <address> " + topic + ":export-a\n",
		"terraform import <address> " + topic + ":export-b",
		"None was adopted",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("hint lacks %q:\n%s", want, h)
		}
	}
}
