package tencent

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// export is one export task. Its status is derived from the stored instants
// and the emulator's clock, so a restored state keeps its timeline.
type export struct {
	Region        string     `json:"region"`
	TopicID       string     `json:"topic_id"`
	ExportID      string     `json:"export_id"`
	Query         string     `json:"query"`
	Count         uint64     `json:"count"`
	From          int64      `json:"from"`
	To            int64      `json:"to"`
	Order         string     `json:"order"`
	Format        string     `json:"format"`
	SyntaxRule    uint64     `json:"syntax_rule"`
	DerivedFields []string   `json:"derived_fields"`
	Seq           int64      `json:"seq"`
	CreatedAt     time.Time  `json:"created_at"`
	ProcessingAt  time.Time  `json:"processing_at"`
	DoneAt        time.Time  `json:"done_at"`
	ExpiresAt     time.Time  `json:"expires_at"`
	FailedAt      *time.Time `json:"failed_at,omitempty"`
	FailReason    string     `json:"fail_reason,omitempty"`
	// DeletedAt marks an export DeleteExport removed while answers still
	// lag behind (the visibility lag mode): writes and the admin state no
	// longer see it, DescribeExports does until the lag has passed.
	DeletedAt *time.Time `json:"deleted_at,omitempty"`
	// Exported is how many logs the file holds when fewer than Count: set
	// for exports created under -normalize (see logsInRange).
	Exported uint64 `json:"exported,omitempty"`
	// Status is filled in when the state is shown; Restore ignores it.
	Status string `json:"status"`
}

// status is the export's status at now. Which of Failed and Expired wins is
// undocumented; here a Failed export stays Failed.
func (x *export) status(now time.Time) string {
	switch {
	case x.FailedAt != nil && !now.Before(*x.FailedAt):
		return tencentcloud.StatusFailed
	case now.Before(x.ProcessingAt):
		return tencentcloud.StatusQueuing
	case now.Before(x.DoneAt):
		return tencentcloud.StatusProcessing
	case now.Before(x.ExpiresAt):
		return tencentcloud.StatusCompleted
	default:
		return tencentcloud.StatusExpired
	}
}

// lines is how many logs the export's file holds.
func (x *export) lines() uint64 {
	if x.Exported > 0 {
		return x.Exported
	}
	return x.Count
}

// logEvery is how dense the topic's logs are under -normalize (an invented
// density): an export of a range holds at most one log per logEvery of it,
// so a Count above that exports fewer logs, as a real topic with fewer
// matching logs than asked would.
const logEvery = 10 * time.Second

// logsInRange is how many logs an export of x's range finds under
// -normalize: Count, or fewer when the range holds fewer (at least one).
func logsInRange(x *export) uint64 {
	return min(x.Count, max(1, uint64((x.To-x.From)/logEvery.Milliseconds())))
}

const exportPrefix = "export-"

// namesExport reports whether the id a request names is the stored one. The
// vendor's DeleteExport example names an export by the id CreateExport's
// example returns, without the "export-" prefix DescribeExports' example
// shows: both spellings name it, in either hex case.
func namesExport(asked, stored string) bool {
	return strings.EqualFold(asked, stored) || strings.EqualFold(exportPrefix+asked, stored)
}

func (e *Emulator) createExport(_ *http.Request, region string, body []byte) (any, string, string) {
	x, code, msg := decodeCreateExport(body, region)
	if code == "" {
		code, msg = x.check()
	}
	if code != "" {
		return nil, code, msg
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	t, c, m := e.topic(region, x.TopicID)
	if c != "" {
		return nil, c, m
	}
	x.TopicID = t.TopicID // the topic's own spelling
	e.prune()
	if e.opts.MaxExportsPerTopic > 0 && len(e.exportsOf(region, x.TopicID)) >= e.opts.MaxExportsPerTopic {
		return nil, "LimitExceeded.Export", fmt.Sprintf("the topic already holds %d exports", e.opts.MaxExportsPerTopic)
	}
	e.schedule(x, e.env.Now())
	if e.env.Normalizing() {
		x.Exported = logsInRange(x)
	}
	if strings.Contains(x.Query, FailMarker) {
		at := x.DoneAt
		x.FailedAt, x.FailReason = &at, "the query contains the emulator's failure marker "+FailMarker
	}
	e.exports = append(e.exports, x)
	return map[string]any{"ExportId": createdID(x.ExportID, e.env.Modes().VendorExamples)}, "", ""
}

// decodeCreateExport reads CreateExport's parameters into a new export of
// region (Order desc and Format json unless given), or returns the vendor's
// error code and message for an unknown, missing or mistyped parameter.
func decodeCreateExport(body []byte, region string) (*export, string, string) {
	p, code, msg := parseParams(body, "TopicId", "Count", "Query", "From", "To", "Order", "Format", "SyntaxRule", "DerivedFields")
	if code != "" {
		return nil, code, msg
	}
	for _, k := range []string{"TopicId", "Count", "Query", "From", "To"} {
		if !p.has(k) {
			return nil, "MissingParameter", "the required parameter " + k + " is missing"
		}
	}
	x := &export{Region: region, Order: "desc", Format: "json"}
	var steps = []func() (string, string){
		func() (c, m string) { x.TopicID, c, m = p.str("TopicId"); return },
		func() (c, m string) { x.Query, c, m = p.str("Query"); return },
		func() (c, m string) { x.Count, c, m = p.uint("Count"); return },
		func() (c, m string) { x.From, c, m = p.int("From"); return },
		func() (c, m string) { x.To, c, m = p.int("To"); return },
	}
	if p.has("Order") {
		steps = append(steps, func() (c, m string) { x.Order, c, m = p.str("Order"); return })
	}
	if p.has("Format") {
		steps = append(steps, func() (c, m string) { x.Format, c, m = p.str("Format"); return })
	}
	if p.has("SyntaxRule") {
		steps = append(steps, func() (c, m string) { x.SyntaxRule, c, m = p.uint("SyntaxRule"); return })
	}
	if p.has("DerivedFields") {
		steps = append(steps, func() (string, string) {
			if err := json.Unmarshal(p.raw["DerivedFields"], &x.DerivedFields); err != nil {
				return "InvalidParameter", "DerivedFields must be an array of strings"
			}
			return "", ""
		})
	}
	for _, step := range steps {
		if c, m := step(); c != "" {
			return nil, c, m
		}
	}
	return x, "", ""
}

// check applies CreateExport's rules on the values of a decoded export: the
// vendor's error code and message for the first one broken, "" when none is.
func (x *export) check() (string, string) {
	switch {
	case x.TopicID == "":
		return "MissingParameter", "the required parameter TopicId is empty"
	// The real code above the Count cap is undocumented (it could be
	// LimitExceeded.Export); InvalidParameterValue is the plain reading.
	case x.Count == 0 || x.Count > tencentcloud.MaxExportCount:
		return "InvalidParameterValue", fmt.Sprintf("Count must be between 1 and %d, got %d", tencentcloud.MaxExportCount, x.Count)
	case x.From < 0 || x.To < 0:
		return "InvalidParameterValue", "From and To must be Unix milliseconds"
	case x.From >= x.To:
		return "InvalidParameterValue", fmt.Sprintf("From (%d) must be earlier than To (%d)", x.From, x.To)
	case x.Order != "asc" && x.Order != "desc":
		return "InvalidParameterValue", fmt.Sprintf("Order must be asc or desc, got %q", x.Order)
	case x.Format != "json" && x.Format != "csv":
		return "InvalidParameterValue", fmt.Sprintf("Format must be json or csv, got %q", x.Format)
	case x.SyntaxRule > 1:
		return "InvalidParameterValue", fmt.Sprintf("SyntaxRule must be 0 (Lucene) or 1 (CQL), got %d", x.SyntaxRule)
	// Exports take search statements only; "|" starts an SQL analysis part.
	case strings.Contains(x.Query, "|"):
		return "InvalidParameterValue", "Query must be a search statement; SQL analysis statements are not supported by exports"
	}
	return "", ""
}

// createdID is the id CreateExport answers: the stored "export-" + UUID,
// or, in the shape of the vendor's own CreateExport example
// (-vendor-example-shapes), the UUID alone. DescribeExports lists the
// prefixed id either way, as the vendor's DescribeExports example does, and
// DeleteExport takes both (see namesExport).
func createdID(stored string, vendorExamples bool) string {
	if vendorExamples {
		return strings.TrimPrefix(stored, exportPrefix)
	}
	return stored
}

// schedule assigns an id, a sequence number and the status timeline; the
// caller holds e.mu.
func (e *Emulator) schedule(x *export, now time.Time) {
	e.seq++
	x.Seq = e.seq
	x.ExportID = exportPrefix + newUUID()
	x.CreatedAt = now
	x.ProcessingAt = now.Add(time.Duration(e.opts.QueueMS) * time.Millisecond)
	x.DoneAt = x.ProcessingAt.Add(time.Duration(e.opts.ProcessMS) * time.Millisecond)
	x.ExpiresAt = x.DoneAt.Add(time.Duration(e.opts.ExpireMS) * time.Millisecond)
}

// exportsOf lists a topic's exports in region as they are now (the truth
// writes see), newest first (the real order is undocumented); the caller
// holds e.mu.
func (e *Emulator) exportsOf(region, topicID string) []*export {
	var out []*export
	for _, x := range e.exports {
		if x.Region == region && x.TopicID == topicID && x.DeletedAt == nil {
			out = append(out, x)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq > out[j].Seq })
	return out
}

// visibleExportsOf lists a topic's exports as answers show them at asOf
// (now minus the visibility lag): created by then and not deleted by then;
// the caller holds e.mu.
func (e *Emulator) visibleExportsOf(region, topicID string, asOf time.Time) []*export {
	var out []*export
	for _, x := range e.exports {
		if x.Region == region && x.TopicID == topicID && visibleAt(x, asOf) {
			out = append(out, x)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq > out[j].Seq })
	return out
}

func visibleAt(x *export, asOf time.Time) bool {
	return !x.CreatedAt.After(asOf) && (x.DeletedAt == nil || x.DeletedAt.After(asOf))
}

// prune forgets deleted exports no answer can show any more; the caller
// holds e.mu.
func (e *Emulator) prune() {
	asOf := e.env.AsOf()
	kept := e.exports[:0]
	for _, x := range e.exports {
		if x.DeletedAt != nil && !x.DeletedAt.After(asOf) {
			continue
		}
		kept = append(kept, x)
	}
	clear(e.exports[len(kept):])
	e.exports = kept
}

// remove deletes x: at once without a visibility lag, else it stays
// visible to answers until the lag has passed; the caller holds e.mu.
func (e *Emulator) remove(x *export) {
	now := e.env.Now()
	x.DeletedAt = &now
	e.prune()
}

func (e *Emulator) describeExports(r *http.Request, region string, body []byte) (any, string, string) {
	p, code, msg := parseParams(body, "TopicId", "Offset", "Limit")
	if code != "" {
		return nil, code, msg
	}
	if !p.has("TopicId") {
		return nil, "MissingParameter", "the required parameter TopicId is missing"
	}
	topicID, code, msg := p.str("TopicId")
	if code != "" {
		return nil, code, msg
	}
	offset, limit := int64(0), int64(20)
	if p.has("Offset") {
		if offset, code, msg = p.int("Offset"); code != "" {
			return nil, code, msg
		}
	}
	if p.has("Limit") {
		if limit, code, msg = p.int("Limit"); code != "" {
			return nil, code, msg
		}
		if limit == 0 {
			limit = 20
		}
	}
	if offset < 0 || limit < 0 || limit > tencentcloud.MaxDescribeLimit {
		return nil, "InvalidParameterValue", fmt.Sprintf("Offset must be >= 0 and Limit between 0 and %d", tencentcloud.MaxDescribeLimit)
	}
	// A server with a smaller maximum serves smaller pages (-page-cap); the
	// offset asked is honoured as is.
	limit = int64(e.env.PageSize(int(limit)))
	e.mu.Lock()
	defer e.mu.Unlock()
	t, c, m := e.topic(region, topicID)
	if c != "" {
		return nil, c, m
	}
	e.prune()
	now, asOf := e.env.Now(), e.env.AsOf()
	all := e.visibleExportsOf(region, t.TopicID, asOf)
	base := baseURL(r)
	page := []map[string]any{}
	for i := offset; i < int64(len(all)) && i < offset+limit; i++ {
		page = append(page, e.info(all[i], asOf, now, base))
	}
	return map[string]any{"Exports": page, "TotalCount": len(all)}, "", ""
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (e *Emulator) deleteExport(_ *http.Request, region string, body []byte) (any, string, string) {
	p, code, msg := parseParams(body, "ExportId")
	if code != "" {
		return nil, code, msg
	}
	if !p.has("ExportId") {
		return nil, "MissingParameter", "the required parameter ExportId is missing"
	}
	id, code, msg := p.str("ExportId")
	if code != "" {
		return nil, code, msg
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	// Writes see the truth: an export created a moment ago can be deleted
	// even while answers do not show it yet. Export ids match in either hex
	// case, with or without the "export-" prefix (see namesExport).
	for _, x := range e.exports {
		if x.DeletedAt == nil && namesExport(id, x.ExportID) && x.Region == region {
			e.remove(x)
			return nil, "", ""
		}
	}
	return nil, "ResourceNotFound.ExportNotExist", fmt.Sprintf("the export %s does not exist in %s", id, region)
}
