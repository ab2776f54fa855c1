package tencent

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func (h *harness) setModes(m core.Modes) {
	h.t.Helper()
	if err := h.env.SetModes(m); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) stateExports() []*export {
	h.t.Helper()
	return h.em.State().(snapshot).Exports
}

// -page-cap: at most N exports per page whatever Limit asked, TotalCount
// true, the offset asked honoured as is; paging by the served count reads
// every export exactly once.
func TestModePageCap(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RateLimit = false })
	h.setModes(core.Modes{PageCap: 7})
	for range 30 {
		if got := h.call("CreateExport", createBody("a")); code(got) != "" {
			t.Fatalf("create: %s", code(got))
		}
	}
	seen := map[string]bool{}
	for offset := 0; ; {
		page := h.describe(offset, 100)
		if code(page) != "" {
			t.Fatalf("describe: %s", code(page))
		}
		if page.Response.TotalCount != 30 {
			t.Fatalf("TotalCount %d, want 30", page.Response.TotalCount)
		}
		if n := len(page.Response.Exports); n > 7 {
			t.Fatalf("page of %d at offset %d, cap 7", n, offset)
		}
		if len(page.Response.Exports) == 0 {
			break
		}
		for _, x := range page.Response.Exports {
			id := x["ExportId"].(string)
			if seen[id] {
				t.Fatalf("%s served twice", id)
			}
			seen[id] = true
		}
		offset += len(page.Response.Exports)
	}
	if len(seen) != 30 {
		t.Fatalf("paged %d exports, want 30", len(seen))
	}
	// A smaller asked Limit is not raised; an offset past a cap boundary is honoured.
	if got := h.describe(3, 2); len(got.Response.Exports) != 2 {
		t.Errorf("limit 2 under cap 7: %d exports", len(got.Response.Exports))
	}
	if got := h.describe(27, 100); len(got.Response.Exports) != 3 {
		t.Errorf("offset 27: %d exports, want the last 3", len(got.Response.Exports))
	}
}

// -visibility-lag-ms: a created export is absent from DescribeExports until
// the lag has passed, then shows the status it had as of now minus the lag;
// a deleted one stays listed for the lag; writes (DeleteExport) and the
// admin state see the truth at once.
func TestModeVisibilityLag(t *testing.T) {
	h := newHarness(t) // queue 1 s, process 2 s
	h.setModes(core.Modes{VisibilityLagMS: 2000})
	id := h.call("CreateExport", createBody("a")).Response.ExportID
	if got := h.describe(0, 20); got.Response.TotalCount != 0 || len(got.Response.Exports) != 0 {
		t.Fatalf("just created: listed %d (total %d), want nothing yet", len(got.Response.Exports), got.Response.TotalCount)
	}
	if n := len(h.stateExports()); n != 1 {
		t.Fatalf("admin state holds %d exports, want the truth: 1", n)
	}
	h.clock.Advance(2 * time.Second) // as of the create: Queuing
	if got := h.describe(0, 20); len(got.Response.Exports) != 1 || got.Response.Exports[0]["Status"] != "Queuing" {
		t.Fatalf("after the lag: %+v, want one Queuing export", got.Response.Exports)
	}
	if st := h.stateExports()[0].Status; st != "Processing" {
		t.Errorf("admin state status %q, want the true Processing", st)
	}
	h.clock.Advance(1500 * time.Millisecond) // as of create+1.5 s: Processing
	if got := h.describe(0, 20); got.Response.Exports[0]["Status"] != "Processing" {
		t.Errorf("status %v, want Processing as of now minus the lag", got.Response.Exports[0]["Status"])
	}

	// Delete: the truth at once, the answers after the lag.
	if got := h.call("DeleteExport", `{"ExportId":"`+id+`"}`); code(got) != "" {
		t.Fatalf("delete: %s", code(got))
	}
	if n := len(h.stateExports()); n != 0 {
		t.Errorf("admin state after delete: %d exports", n)
	}
	if got := h.call("DeleteExport", `{"ExportId":"`+id+`"}`); code(got) != "ResourceNotFound.ExportNotExist" {
		t.Errorf("second delete: %q, want ResourceNotFound.ExportNotExist (writes see the truth)", code(got))
	}
	if got := h.describe(0, 20); got.Response.TotalCount != 1 {
		t.Errorf("just deleted: total %d, want still listed", got.Response.TotalCount)
	}
	h.clock.Advance(2 * time.Second)
	if got := h.describe(0, 20); got.Response.TotalCount != 0 {
		t.Errorf("deleted a lag ago: total %d, want 0", got.Response.TotalCount)
	}

	// Deleting an export created a moment ago works although it is not listed yet.
	fresh := h.call("CreateExport", createBody("b")).Response.ExportID
	if got := h.call("DeleteExport", `{"ExportId":"`+fresh+`"}`); code(got) != "" {
		t.Fatalf("delete right after create: %s", code(got))
	}
	for range 3 {
		if got := h.describe(0, 20); got.Response.TotalCount != 0 {
			t.Fatalf("an export created and deleted within the lag was listed")
		}
		h.clock.Advance(time.Second)
	}
	if n := len(h.em.exports); n != 0 {
		t.Errorf("%d tombstones kept after the lag", n)
	}
}

// -normalize: ids with their hex in the other case, CreateTime with an
// explicit other offset (and no CreateTimestamp), Order/Format upper case;
// Status as documented. The ids sent back in either case still work.
func TestModeNormalize(t *testing.T) {
	h := newHarness(t)
	h.setModes(core.Modes{Normalize: true})
	id := h.call("CreateExport", createBody("a")).Response.ExportID
	if id != strings.ToLower(id) {
		t.Fatalf("CreateExport's answer %q: the id itself is lower case", id)
	}
	h.clock.Advance(1500 * time.Millisecond)
	got := h.describe(0, 20).Response.Exports[0]
	wantID := "export-" + strings.ToUpper(strings.TrimPrefix(id, "export-"))
	if got["ExportId"] != wantID {
		t.Errorf("ExportId %v, want %s", got["ExportId"], wantID)
	}
	if got["TopicId"] != strings.ToUpper(topicA) {
		t.Errorf("TopicId %v, want %s", got["TopicId"], strings.ToUpper(topicA))
	}
	if got["Order"] != "DESC" || got["Format"] != "JSON" || got["Status"] != "Processing" {
		t.Errorf("Order/Format/Status %v/%v/%v, want DESC/JSON/Processing", got["Order"], got["Format"], got["Status"])
	}
	if _, ok := got["CreateTimestamp"]; ok {
		t.Errorf("CreateTimestamp sent while normalizing")
	}
	ct, err := time.Parse(time.RFC3339, got["CreateTime"].(string))
	if err != nil || !ct.Equal(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)) || !strings.HasSuffix(got["CreateTime"].(string), "-05:00") {
		t.Errorf("CreateTime %v (%v), want 2025-03-01T05:00:00-05:00", got["CreateTime"], err)
	}
	// Upper-case topic id in, lower-case answers out (the reverse flip).
	upper := strings.Replace(createBody("b"), topicA, strings.ToUpper(topicA), 1)
	if r := h.call("CreateExport", upper); code(r) != "" {
		t.Fatalf("create with an upper-case topic id: %s", code(r))
	}
	if r := h.call("DescribeExports", `{"TopicId":"`+strings.ToUpper(topicA)+`"}`); r.Response.TotalCount != 2 {
		t.Errorf("describe with an upper-case topic id: total %d, want 2", r.Response.TotalCount)
	}
	if r := h.call("DeleteExport", `{"ExportId":"`+wantID+`"}`); code(r) != "" {
		t.Errorf("delete with the normalized spelling: %s", code(r))
	}
	// The query comes back trimmed and re-spaced, and Count is the number
	// of logs exported: one per 10 s of the hour asked, 360 of the 1000.
	spaced := fmt.Sprintf(`{"TopicId":%q,"Query":"  status:500   OR  status:502 ","Count":1000,"From":1700000000000,"To":1700003600000}`, topicA)
	cid := h.call("CreateExport", spaced).Response.ExportID
	seen := false
	for _, x := range h.describe(0, 20).Response.Exports {
		if !strings.EqualFold(x["ExportId"].(string), cid) {
			continue
		}
		seen = true
		if x["Query"] != "status:500 OR status:502" || x["Count"] != float64(360) {
			t.Errorf("Query %q, Count %v; want %q, 360", x["Query"], x["Count"], "status:500 OR status:502")
		}
	}
	if !seen {
		t.Errorf("export %s not described", cid)
	}
	if x := h.em.exports[len(h.em.exports)-1]; newExportFile(x).bodyLen != int64(360)*int64(len(newExportFile(x).tmpl)) {
		t.Errorf("the file does not hold the 360 logs Count reports")
	}
	// Off again: the stored spelling.
	h.setModes(core.Modes{})
	if got := h.describe(0, 20).Response.Exports[0]; got["TopicId"] != topicA || got["Order"] != "desc" {
		t.Errorf("normalize off: %v %v", got["TopicId"], got["Order"])
	}
}

// Topics belong to a region: the defaults and added topics live in the
// default region (ap-guangzhou); asked in another region they do not exist.
func TestTopicRegions(t *testing.T) {
	h := newHarness(t)
	other := func(action, body string) result {
		return h.do(h.request(action, body, reqOpts{after: func(r *http.Request) { r.Header.Set("X-TC-Region", "ap-shanghai") }}))
	}
	if got := other("CreateExport", createBody("a")); code(got) != "ResourceNotFound.TopicNotExist" {
		t.Errorf("CreateExport of a guangzhou topic in shanghai: %q", code(got))
	}
	if got := other("DescribeExports", `{"TopicId":"`+topicA+`"}`); code(got) != "ResourceNotFound.TopicNotExist" {
		t.Errorf("DescribeExports of a guangzhou topic in shanghai: %q", code(got))
	}
	// A topic added in shanghai exists there only; one without region lands in guangzhou.
	sh := "22222222-3333-4444-8555-666666666666"
	gz := "33333333-4444-4555-8666-777777777777"
	for _, body := range []string{`{"topic_id":"` + sh + `","region":"ap-shanghai"}`, `{"topic_id":"` + gz + `"}`} {
		rec := httptest.NewRecorder()
		h.em.Admin(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body)), "topics")
		if rec.Code != 200 {
			t.Fatalf("adding %s: %d %s", body, rec.Code, rec.Body)
		}
	}
	if got := other("CreateExport", strings.Replace(createBody("a"), topicA, sh, 1)); code(got) != "" {
		t.Errorf("shanghai topic in shanghai: %q", code(got))
	}
	if got := h.call("CreateExport", strings.Replace(createBody("a"), topicA, sh, 1)); code(got) != "ResourceNotFound.TopicNotExist" {
		t.Errorf("shanghai topic in guangzhou: %q", code(got))
	}
	if got := h.call("CreateExport", strings.Replace(createBody("a"), topicA, gz, 1)); code(got) != "" {
		t.Errorf("topic added without region, in guangzhou: %q", code(got))
	}
}

func TestTopicsFlag(t *testing.T) {
	o := DefaultOptions()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	o.RegisterFlags(fs)
	if err := fs.Parse([]string{"-tencent-topics", "ap-shanghai:22222222-3333-4444-8555-666666666666, 33333333-4444-4555-8666-777777777777"}); err != nil {
		t.Fatal(err)
	}
	extra := o.Topics[len(DefaultTopics):]
	if len(extra) != 2 || extra[0].Region != "ap-shanghai" || extra[1].Region != "" {
		t.Fatalf("topics %+v", extra)
	}
	em := New(core.NewEnv(&fakeClock{t: time.Now()}), o)
	if r := em.topics[len(em.topics)-1].Region; r != DefaultRegion {
		t.Errorf("a topic without region seeded in %q, want %s", r, DefaultRegion)
	}
	for _, bad := range []string{"ap-shanghai:not-a-uuid", "Bad Region:22222222-3333-4444-8555-666666666666"} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(new(strings.Builder))
		o := DefaultOptions()
		o.RegisterFlags(fs)
		if err := fs.Parse([]string{"-tencent-topics", bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// -vendor-example-shapes: CreateExport answers the id without the
// "export-" prefix, as the vendor's CreateExport example does;
// DescribeExports lists it with the prefix, as the vendor's DescribeExports
// example does; DeleteExport takes the unprefixed id, as in the vendor's
// DeleteExport example. The flag and the admin JSON key turn it on.
func TestModeVendorExampleShapes(t *testing.T) {
	var m core.Modes
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	m.RegisterFlags(fs)
	if err := fs.Parse([]string{"-vendor-example-shapes"}); err != nil || !m.VendorExamples || m.String() != "vendor-example-shapes" {
		t.Fatalf("the flag gives %+v (%v), %q", m, err, m.String())
	}
	var fromJSON core.Modes
	if err := json.Unmarshal([]byte(`{"vendor_example_shapes":true}`), &fromJSON); err != nil || fromJSON != m {
		t.Fatalf("the JSON key gives %+v (%v)", fromJSON, err)
	}
	h := newHarness(t)
	h.setModes(m)
	id := h.call("CreateExport", createBody("a")).Response.ExportID
	if strings.HasPrefix(id, exportPrefix) || len(id) != 36 {
		t.Fatalf("CreateExport answered %q, want a bare UUID", id)
	}
	stored := h.stateExports()[0].ExportID
	if stored != exportPrefix+id {
		t.Fatalf("the emulator holds %q for the answered %q", stored, id)
	}
	if listed := h.describe(0, 10).Response.Exports[0]["ExportId"]; listed != stored {
		t.Errorf("DescribeExports lists %v, want %s", listed, stored)
	}
	if got := h.call("DeleteExport", `{"ExportId":"`+id+`"}`); code(got) != "" {
		t.Fatalf("deleting %s: %q", id, code(got))
	}
	h.setModes(core.Modes{})
	if id := h.call("CreateExport", createBody("b")).Response.ExportID; !strings.HasPrefix(id, exportPrefix) {
		t.Errorf("without the mode CreateExport answered %q", id)
	}
}
