package tencentcloud

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// OpDownload names the download of an export's file (a GET of the
// presigned CosPath, COS's GetObject) in logs and errors.
const OpDownload = "Download"

// FileDownload is the body of an export's file.
type FileDownload struct {
	Body io.ReadCloser
	// ContentLength is the announced size, -1 when unknown.
	ContentLength int64
}

// DownloadError is COS refusing the download: an expired link
// (AccessDenied) or a file that is gone (NoSuchKey).
type DownloadError struct {
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
}

func (e *DownloadError) Error() string {
	s := fmt.Sprintf("the download of the export file answered HTTP %d", e.HTTPStatus)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " (request id " + e.RequestID + ")"
	}
	return s
}

// Throttled and Transient classify the answer for the transport's retries.
func (e *DownloadError) Throttled() bool {
	return e.HTTPStatus == http.StatusTooManyRequests || e.Code == "SlowDown"
}

func (e *DownloadError) Transient() bool { return e.HTTPStatus >= 500 && !e.Throttled() }

// RedactURL is u without its query: the presigned query is a credential.
func RedactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(an unreadable download URL)"
	}
	p.RawQuery, p.Fragment, p.User = "", "", nil
	return p.String()
}

// DownloadExportFile opens the file behind cosPath, the presigned URL a
// fresh DescribeExports gave (good for one hour). The caller closes Body.
// Errors never carry the URL's query.
func (c *Client) DownloadExportFile(ctx context.Context, cosPath string) (*FileDownload, error) {
	u, err := url.Parse(cosPath)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("the export's download URL is not an http(s) URL (%s)", RedactURL(cosPath))
	}
	resp, err := c.tr.DoStream(ctx, transport.Request{
		Action: OpDownload, Region: c.cfg.Region, Idempotent: true,
		Secrets: []string{u.RawQuery},
		Build: func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, cosPath, nil)
			if err == nil && c.cfg.UserAgent != "" {
				req.Header.Set("User-Agent", c.cfg.UserAgent)
			}
			return req, err
		},
		Decode: decodeCOS,
	})
	if err != nil {
		return nil, redactErr(err, cosPath, u.RawQuery)
	}
	return &FileDownload{Body: resp.Body, ContentLength: resp.ContentLength}, nil
}

// decodeCOS reads COS's XML error document; a 2xx answer is no error.
func decodeCOS(status int, header http.Header, body []byte) (string, error) {
	reqID := header.Get("X-Cos-Request-Id")
	if status >= 200 && status < 300 {
		return reqID, nil
	}
	var doc struct {
		Code      string `xml:"Code"`
		Message   string `xml:"Message"`
		RequestID string `xml:"RequestId"`
	}
	_ = xml.Unmarshal(body, &doc)
	if doc.RequestID != "" {
		reqID = doc.RequestID
	}
	return reqID, &DownloadError{HTTPStatus: status, Code: doc.Code, Message: doc.Message, RequestID: reqID}
}

// redactErr keeps err's chain (errors.As still finds the DownloadError)
// while its text names the URL without the query.
func redactErr(err error, full, query string) error {
	msg := err.Error()
	if query == "" || !strings.Contains(msg, query) {
		return err
	}
	msg = strings.ReplaceAll(msg, full, RedactURL(full))
	msg = strings.ReplaceAll(msg, query, "(redacted)")
	return &redacted{msg: msg, err: err}
}

type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// LinkValidity is how long CLS signs an export's download URL for: one hour
// from the DescribeExports answer that gave it (the API reference).
const LinkValidity = time.Hour

// LinkExpiry is when the presigned download URL link stops working: the end
// of the COS signature's q-sign-time ("start;end" Unix seconds, as a query
// parameter or inside the URL-encoded `sign` parameter CLS puts them in), or
// the emulator's `expires` (Unix seconds); otherwise read plus LinkValidity.
func LinkExpiry(link string, read time.Time) time.Time {
	u, err := url.Parse(link)
	if err != nil {
		return read.Add(LinkValidity)
	}
	q := u.Query()
	if inner, err := url.ParseQuery(q.Get("sign")); err == nil && inner.Get("q-sign-time") != "" {
		q = inner
	}
	if _, end, ok := strings.Cut(q.Get("q-sign-time"), ";"); ok {
		if s, err := strconv.ParseInt(end, 10, 64); err == nil && s > 0 {
			return time.Unix(s, 0).UTC()
		}
	}
	if s, err := strconv.ParseInt(q.Get("expires"), 10, 64); err == nil && s > 0 {
		return time.Unix(s, 0).UTC()
	}
	return read.Add(LinkValidity).UTC()
}
