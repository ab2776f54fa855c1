package alicloud

import (
	"context"
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultPageSize is the page size the API documents as the default of
// DescribeExporterOutputList and DescribeCustomEventAttribute. Neither
// documents a maximum: the client asks for MaxExporterOutputPageSize /
// MaxCustomEventPageSize and falls back to this size when a server refuses
// those with a parameter error (withPageSize).
const DefaultPageSize = 10

// pageSizeFor is the page size this client uses for action: the largest
// it asks for, or DefaultPageSize once a server refused a larger one.
func (c *Client) pageSizeFor(action string, largest int) int {
	if _, refused := c.refusedPageSizes.Load(action); refused {
		return DefaultPageSize
	}
	return largest
}

// withPageSize calls page with the client's page size for action. When the
// first page at a size above DefaultPageSize is refused with a parameter
// error, it remembers the refusal for the client's lifetime and calls page
// again with DefaultPageSize. Only a first page falls back: later pages of
// a walk keep the size their offsets were computed with.
func (c *Client) withPageSize(ctx context.Context, action string, largest, pageNumber int, page func(size int) error) error {
	size := c.pageSizeFor(action, largest)
	err := page(size)
	if err == nil || size <= DefaultPageSize || pageNumber > 1 || !isParameterError(err) {
		return err
	}
	c.refusedPageSizes.Store(action, true)
	tflog.Warn(ctx, "page size refused: falling back to the documented default", map[string]any{
		"cloud": "alicloud", "action": action, "region": c.cfg.Region, "refused_page_size": size, "page_size": DefaultPageSize,
		"error": err.Error(),
	})
	return page(DefaultPageSize)
}

// isParameterError reports a refusal of a request parameter (HTTP 400 with
// InvalidParameter, ParameterInvalid or a code under them).
func isParameterError(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus != 400 {
		return false
	}
	for _, p := range []string{"InvalidParameter", "ParameterInvalid", "IllegalParameter", "InvalidPageSize"} {
		if e.Code == p || strings.HasPrefix(e.Code, p+".") {
			return true
		}
	}
	return false
}
