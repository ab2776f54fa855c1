package tencentcloud

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/listcache"
)

// Export statuses as DescribeExports spells them.
const (
	StatusQueuing    = "Queuing"
	StatusProcessing = "Processing"
	StatusCompleted  = "Completed"
	StatusFailed     = "Failed"
	StatusExpired    = "Expired"

	// statusCompleteLegacy is the spelling documented before mid-2022.
	statusCompleteLegacy = "Complete"
)

// Statuses lists every status an export can report.
var Statuses = []string{StatusQueuing, StatusProcessing, StatusCompleted, StatusFailed, StatusExpired}

// MaxExportCount is the documented maximum of CreateExport's Count (50
// million since 2022; the 2021 page said 10 million).
const MaxExportCount = 50_000_000

// MaxDescribeLimit is the largest page DescribeExports returns.
const MaxDescribeLimit = 100

// Syntax rules of CreateExport.SyntaxRule.
const (
	SyntaxLucene uint64 = 0
	SyntaxCQL    uint64 = 1
)

// CreateExportInput are CreateExport's parameters. From and To are Unix milliseconds.
type CreateExportInput struct {
	TopicID    string  `json:"TopicId"`
	Count      uint64  `json:"Count"`
	Query      string  `json:"Query"`
	From       int64   `json:"From"`
	To         int64   `json:"To"`
	Order      string  `json:"Order,omitempty"`
	Format     string  `json:"Format,omitempty"`
	SyntaxRule *uint64 `json:"SyntaxRule,omitempty"`
	// DerivedFields is omitted when empty: older servers do not know it.
	DerivedFields []string `json:"DerivedFields,omitempty"`
}

// CreateExportOutput is CreateExport's answer.
type CreateExportOutput struct {
	ExportID  string `json:"ExportId"`
	RequestID string `json:"RequestId"`
}

// CreateExport registers an asynchronous export. It is not idempotent: the
// transport retries it only when the request provably had no effect, and an
// ambiguous failure comes back as a *transport.AmbiguousError for the caller
// to reconcile.
func (c *Client) CreateExport(ctx context.Context, in CreateExportInput) (CreateExportOutput, error) {
	var out CreateExportOutput
	// Whatever happens, the cached list of this topic may now be missing an export.
	defer c.exports.Invalidate(in.TopicID)
	rid, err := c.call(ctx, "CreateExport", false, in, &out)
	if err != nil {
		return out, fmt.Errorf("creating export of topic %s: %w", in.TopicID, err)
	}
	out.RequestID = rid
	if out.ExportID == "" {
		return out, fmt.Errorf("creating export of topic %s: the response (request id %s) holds no ExportId", in.TopicID, rid)
	}
	return out, nil
}

// Export is one ExportInfo of DescribeExports. Fields added to the API over
// the years decode to zero values when a server omits them.
type Export struct {
	TopicID         string   `json:"TopicId"`
	ExportID        string   `json:"ExportId"`
	Query           string   `json:"Query"`
	FileName        string   `json:"FileName"`
	FileSize        uint64   `json:"FileSize"`
	Order           string   `json:"Order"`
	Format          string   `json:"Format"`
	Count           uint64   `json:"Count"`
	Status          string   `json:"Status"`
	From            int64    `json:"From"`
	To              int64    `json:"To"`
	CosPath         string   `json:"CosPath"`
	CreateTime      string   `json:"CreateTime"`
	SyntaxRule      uint64   `json:"SyntaxRule"`
	DerivedFields   []string `json:"DerivedFields"`
	CreateTimestamp uint64   `json:"CreateTimestamp"`
}

// normalize reads statuses in any case, and the pre-2022 "Complete", as
// the documented spelling.
func (e *Export) normalize() {
	if strings.EqualFold(e.Status, statusCompleteLegacy) {
		e.Status = StatusCompleted
		return
	}
	for _, s := range Statuses {
		if strings.EqualFold(e.Status, s) {
			e.Status = s
			return
		}
	}
}

// DescribeExportsInput pages the exports of one topic.
type DescribeExportsInput struct {
	TopicID string `json:"TopicId"`
	Offset  int64  `json:"Offset"`
	// Limit is capped at MaxDescribeLimit; zero means MaxDescribeLimit.
	Limit int64 `json:"Limit"`
}

// DescribeExportsOutput is one page.
type DescribeExportsOutput struct {
	Exports    []Export `json:"Exports"`
	TotalCount int64    `json:"TotalCount"`
	RequestID  string   `json:"RequestId"`
}

// DescribeExports returns one page of a topic's exports.
func (c *Client) DescribeExports(ctx context.Context, in DescribeExportsInput) (DescribeExportsOutput, error) {
	if in.Limit <= 0 || in.Limit > MaxDescribeLimit {
		in.Limit = MaxDescribeLimit
	}
	var out DescribeExportsOutput
	rid, err := c.call(ctx, "DescribeExports", true, in, &out)
	if err != nil {
		return out, fmt.Errorf("describing exports of topic %s at offset %d: %w", in.TopicID, in.Offset, err)
	}
	out.RequestID = rid
	for i := range out.Exports {
		out.Exports[i].normalize()
	}
	return out, nil
}

// maxDescribePages bounds a list of exports, so that an API answer whose
// TotalCount is never reached cannot keep it paging forever.
const maxDescribePages = 1000

// tooManyPages is the error of a list of exports that has not ended after
// maxDescribePages.
func tooManyPages(topicID string) error {
	return fmt.Errorf("describing exports of topic %s: more than %d pages; the TotalCount the API reports (or its paging) is not plausible", topicID, maxDescribePages)
}

// ExportPager is the one pager of DescribeExports (a listcache.Pager over
// the exports of one topic): it reads the page after the pages read so far,
// at the offset of the items read so far (the exports actually served), with
// the largest Limit. The list is complete when the offset reaches the
// TotalCount this page reports, or the page comes back empty (so that a
// TotalCount that is never reached cannot loop). A page shorter than the
// Limit asked is not the end: a server with a smaller maximum serves smaller
// pages. A list not complete after maxDescribePages is an error, never a
// complete list: "not found" from a list cut off there would make Read drop
// an export beyond the cut from state, and the next apply create a second
// one.
//
// FindExport shares its pages through the client's cache; EachExport walks
// them unshared.
func (c *Client) ExportPager(topicID string) listcache.Pager[Export] {
	return func(ctx context.Context, pages, items int) ([]Export, bool, error) {
		if pages >= maxDescribePages {
			return nil, false, tooManyPages(topicID)
		}
		page, err := c.DescribeExports(ctx, DescribeExportsInput{TopicID: topicID, Offset: int64(items), Limit: MaxDescribeLimit})
		if err != nil {
			return nil, false, err
		}
		return page.Exports, len(page.Exports) == 0 || int64(items+len(page.Exports)) >= page.TotalCount, nil
	}
}

// EachExport calls visit for every export of the topic, in the pages of
// ExportPager read afresh (not shared with other lookups), until visit
// returns false or the list is complete.
func (c *Client) EachExport(ctx context.Context, topicID string, visit func(Export) bool) error {
	next := c.ExportPager(topicID)
	items := 0
	for pages := 0; ; pages++ {
		page, complete, err := next(ctx, pages, items)
		if err != nil {
			return err
		}
		for _, e := range page {
			if !visit(e) {
				return nil
			}
		}
		items += len(page)
		if complete {
			return nil
		}
	}
}

// DeleteExportInput names the export to delete; the API takes no topic.
type DeleteExportInput struct {
	ExportID string `json:"ExportId"`
}

// DeleteExportOutput is DeleteExport's answer.
type DeleteExportOutput struct {
	RequestID string `json:"RequestId"`
}

// DeleteExport removes an export in any state. An unknown id fails with
// ResourceNotFound.ExportNotExist (see IsNotFound).
func (c *Client) DeleteExport(ctx context.Context, in DeleteExportInput) (DeleteExportOutput, error) {
	var out DeleteExportOutput
	defer c.exports.InvalidateAll()
	rid, err := c.call(ctx, "DeleteExport", true, in, &out)
	if err != nil {
		return out, fmt.Errorf("deleting export %s: %w", in.ExportID, err)
	}
	out.RequestID = rid
	return out, nil
}
