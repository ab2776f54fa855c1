package huawei

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func withModes(t *testing.T, e *Emulator, m core.Modes) {
	t.Helper()
	if err := e.env.SetModes(m); err != nil {
		t.Fatal(err)
	}
}

func startExport(t *testing.T, e *Emulator) string {
	t.Helper()
	a := do(e, tokenReq(http.MethodPost, exportsPath("emulator-project", server1.ID), "{}"))
	if a.status != http.StatusAccepted {
		t.Fatalf("POST: HTTP %d %s", a.status, a.body)
	}
	id, _ := a.json["export_id"].(string)
	return id
}

func status(e *Emulator, server, id string) answer {
	return do(e, tokenReq(http.MethodGet, exportsPath("emulator-project", server)+"/"+id, ""))
}

func downloadOf(e *Emulator, id string) answer {
	return do(e, tokenReq(http.MethodGet, exportsPath("emulator-project", server1.ID)+"/"+id+"/content", ""))
}

// -visibility-lag-ms: a new export is not found by the status endpoint
// until the lag has passed, and then shows the progress of lag ago; the
// download answers from the truth at once.
func TestModes_visibilityLag(t *testing.T) {
	e, clock := newTest(t, nil) // exports take 10 s
	withModes(t, e, core.Modes{VisibilityLagMS: 2000})
	id := startExport(t, e)

	wantError(t, status(e, server1.ID, id), http.StatusNotFound, CodeExportNotFound, "not found")
	clock.Advance(1999 * time.Millisecond)
	wantError(t, status(e, server1.ID, id), http.StatusNotFound, CodeExportNotFound, "not found")
	clock.Advance(time.Millisecond)
	if a := status(e, server1.ID, id); a.status != http.StatusOK || a.json["status"] != "processing" || a.json["percentage"] != "0%" {
		t.Fatalf("at the lag: HTTP %d %s, want processing 0%%", a.status, a.body)
	}
	// 10.5 s after the POST the export is done, but answers show 8.5 s.
	clock.Advance(8500 * time.Millisecond)
	if a := status(e, server1.ID, id); a.json["status"] != "processing" || a.json["percentage"] != "80%" {
		t.Fatalf("lagging status: %s, want processing 80%%", a.body)
	}
	// The archive is ready now; the download does not lag.
	if a := downloadOf(e, id); a.status != http.StatusOK {
		t.Fatalf("download of a completed export under lag: HTTP %d %s", a.status, a.body)
	}
	clock.Advance(1500 * time.Millisecond)
	if a := status(e, server1.ID, id); a.json["status"] != "completed" || a.json["percentage"] != "100%" {
		t.Fatalf("after the lag: %s, want completed 100%%", a.body)
	}

	// A failure is seen by status answers only after the lag.
	e.adminDo(t, http.MethodPost, "exports/"+id+"/fail")
	if a := status(e, server1.ID, id); a.json["status"] != "completed" {
		t.Fatalf("failure visible before the lag: %s", a.body)
	}
	clock.Advance(2 * time.Second)
	if a := status(e, server1.ID, id); a.json["status"] != "failed" {
		t.Fatalf("failure after the lag: %s", a.body)
	}

	// A forgotten export: gone from State and downloads at once, from
	// status answers after the lag, then dropped.
	id2 := startExport(t, e)
	clock.Advance(12 * time.Second)
	e.adminDo(t, http.MethodDelete, "exports/"+id2)
	if n := len(e.State().(stateDoc).Exports); n != 1 {
		t.Fatalf("State holds %d exports after the deletion, want 1", n)
	}
	wantError(t, downloadOf(e, id2), http.StatusNotFound, CodeExportNotFound, "not found")
	if a := status(e, server1.ID, id2); a.status != http.StatusOK || a.json["status"] != "completed" {
		t.Fatalf("deletion visible before the lag: HTTP %d %s", a.status, a.body)
	}
	clock.Advance(2 * time.Second)
	wantError(t, status(e, server1.ID, id2), http.StatusNotFound, CodeExportNotFound, "not found")
	e.mu.Lock()
	_, kept := e.exports[idKey(id2)]
	e.mu.Unlock()
	if kept {
		t.Error("tombstone kept after every reader saw the deletion")
	}
}

// Without a lag the deletion is immediate (the behaviour before modes).
func TestModes_noLagDeletesAtOnce(t *testing.T) {
	e, _ := newTest(t, func(o *Options) { o.ExportMS = 0 })
	id := startExport(t, e)
	e.adminDo(t, http.MethodDelete, "exports/"+id)
	wantError(t, status(e, server1.ID, id), http.StatusNotFound, CodeExportNotFound, "not found")
}

// -normalize: the same values in another form: export ids in the other hex
// case (POST: upper; status: the path's id case-swapped), created_at in
// UTC+08:00, capitalised status, the other percentage type. Ids are matched
// case-insensitively.
func TestModes_normalize(t *testing.T) {
	e, clock := newTest(t, nil)
	withModes(t, e, core.Modes{Normalize: true})
	a := do(e, tokenReq(http.MethodPost, exportsPath("emulator-project", server1.ID), "{}"))
	id, _ := a.json["export_id"].(string)
	stored := e.State().(stateDoc).Exports[0].ExportID
	if id != strings.ToUpper(stored) || id == stored {
		t.Fatalf("POST export_id %q, stored %q: want the stored id upper-cased", id, stored)
	}
	if a.json["status"] != "Processing" || a.json["percentage"] != float64(0) || a.json["created_at"] != "2025-03-20T10:48:06+08:00" {
		t.Fatalf("POST answer %s", a.body)
	}
	clock.Advance(3 * time.Second)
	// Lower-case path (the stored spelling), upper-case server id: found,
	// and the echo is in the other case of the path's.
	b := status(e, strings.ToUpper(server1.ID), stored)
	if b.status != http.StatusOK || b.json["export_id"] != strings.ToUpper(stored) || b.json["percentage"] != float64(30) ||
		b.json["status"] != "Processing" || b.json["created_at"] != "2025-03-20T10:48:06+08:00" {
		t.Fatalf("status: HTTP %d %s", b.status, b.body)
	}
	clock.Advance(10 * time.Second)
	if c := status(e, server1.ID, id); c.json["export_id"] != stored || c.json["status"] != "Completed" {
		t.Fatalf("status by the upper-case id: %s", c.body)
	}
	if d := downloadOf(e, id); d.status != http.StatusOK {
		t.Fatalf("download by the upper-case id: HTTP %d", d.status)
	}
	// -huawei-percentage-number flips the other way.
	e2, _ := newTest(t, func(o *Options) { o.PercentageNumber = true })
	withModes(t, e2, core.Modes{Normalize: true})
	if a := do(e2, tokenReq(http.MethodPost, exportsPath("emulator-project", server1.ID), "{}")); a.json["percentage"] != "0%" {
		t.Fatalf("normalized number percentage: %s", a.body)
	}
}

func TestOtherCase(t *testing.T) {
	for in, want := range map[string]string{"3f2a-9C1e": "3F2A-9c1E", "": "", "12-34": "12-34"} {
		if got := otherCase(in); got != want {
			t.Errorf("otherCase(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"processing": "Processing", "completed": "Completed", "Running": "running", "failed": "Failed"} {
		if got := otherStatusCase(in); got != want {
			t.Errorf("otherStatusCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// -page-cap: the CloudDC API has no list operation, so there is nothing to
// cap; the mode must not change any answer.
func TestModes_pageCapChangesNothing(t *testing.T) {
	e, clock := newTest(t, nil)
	withModes(t, e, core.Modes{PageCap: 1})
	ids := []string{startExport(t, e), startExport(t, e), startExport(t, e)}
	clock.Advance(11 * time.Second)
	for _, id := range ids {
		if a := status(e, server1.ID, id); a.json["status"] != "completed" || a.json["export_id"] != id {
			t.Fatalf("status under page cap: %s", a.body)
		}
	}
	if n := len(e.State().(stateDoc).Exports); n != 3 {
		t.Fatalf("State holds %d exports, want 3", n)
	}
}

// adminDo calls the admin API and fails the test on a non-200 answer.
func (e *Emulator) adminDo(t *testing.T, method, sub string) {
	t.Helper()
	w := httptest.NewRecorder()
	e.Admin(w, httptest.NewRequest(method, "/_emulator/huawei/"+sub, nil), sub)
	if w.Code != http.StatusOK {
		t.Fatalf("admin %s %s: HTTP %d %s", method, sub, w.Code, w.Body)
	}
}

// -vendor-example-shapes: an unfinished export reports "Running", the word
// of the vendor's own ShowLogsExportStatus example, outside the documented
// enum (processing, completed); a finished one stays "completed".
func TestModes_vendorExampleShapes(t *testing.T) {
	e, clock := newTest(t, nil)
	withModes(t, e, core.Modes{VendorExamples: true})
	a := do(e, tokenReq(http.MethodPost, exportsPath("emulator-project", server1.ID), "{}"))
	if a.json["status"] != "Running" || a.json["percentage"] != "0%" {
		t.Fatalf("POST: %s", a.body)
	}
	id := a.json["export_id"].(string)
	clock.Advance(3 * time.Second)
	if a := status(e, server1.ID, id); a.json["status"] != "Running" || a.json["percentage"] != "30%" {
		t.Errorf("while running: %s", a.body)
	}
	clock.Advance(10 * time.Second)
	if a := status(e, server1.ID, id); a.json["status"] != "completed" || a.json["percentage"] != "100%" {
		t.Errorf("when done: %s", a.body)
	}
}
