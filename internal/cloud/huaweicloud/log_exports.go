package huaweicloud

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Export statuses. The documented enum is processing/completed; the docs'
// own example shows "Running", and no failure value is documented, so
// callers should use LogsExport.Completed and LogsExport.Failed rather than
// comparing strings.
const (
	StatusProcessing = "processing"
	StatusCompleted  = "completed"
)

// failureStatuses are treated as terminal failures although none is
// documented (lenient reading: better to stop than to poll until timeout).
var failureStatuses = []string{"failed", "failure", "error", "fail"}

// LogsExport is an export task as ExportServerLogs and ShowLogsExportStatus report it.
type LogsExport struct {
	ExportID string
	// Status is the vendor's status, lower-cased.
	Status string
	// Percentage is 0..100, parsed from "30%", "30" or 30.
	Percentage int64
	// CreatedAt is RFC 3339 (UTC) when the vendor's value parses, else the
	// value as received.
	CreatedAt string
}

// Completed reports that the archive can be downloaded.
// The status is compared case-insensitively (the vendor's case varies).
func (e *LogsExport) Completed() bool { return strings.EqualFold(e.Status, StatusCompleted) }

// Failed reports a terminal failure status.
func (e *LogsExport) Failed() bool {
	for _, s := range failureStatuses {
		if strings.EqualFold(e.Status, s) {
			return true
		}
	}
	return false
}

type exportBody struct {
	ExportID   json.RawMessage `json:"export_id"`
	Status     string          `json:"status"`
	Percentage json.RawMessage `json:"percentage"`
	CreatedAt  string          `json:"created_at"`
}

func (b exportBody) toExport() (*LogsExport, error) {
	id, err := parseID(b.ExportID)
	if err != nil {
		return nil, err
	}
	pct, err := ParsePercentage(b.Percentage)
	if err != nil {
		return nil, err
	}
	return &LogsExport{
		ExportID:   id,
		Status:     strings.ToLower(strings.TrimSpace(b.Status)),
		Percentage: pct,
		CreatedAt:  NormalizeTime(b.CreatedAt),
	}, nil
}

// parseID accepts the documented string and, leniently, a JSON number.
func parseID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("export_id %.64s is neither a string nor a number", raw)
}

// ParsePercentage reads the percentage field, which the docs type as a
// string with a % suffix ("30%") and an older page as an integer (30). It
// accepts both, plus "30" and fractions (rounded down), and clamps to 0..100.
// A missing or null value is 0.
func ParsePercentage(raw json.RawMessage) (int64, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, fmt.Errorf("percentage %.64s: %w", raw, err)
		}
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
		if s == "" {
			return 0, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("percentage %.64s is not a number or NN%%", raw)
	}
	return int64(math.Max(0, math.Min(100, math.Floor(f)))), nil
}

// timeLayouts are tried in order: RFC 3339 (with Z or an offset such as
// +00:00), then the forms the SDK's time type accepts, which carry no zone
// and are read as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// ParseTime parses a created_at value in any of the layouts seen in the docs.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is in no known layout", s)
}

// NormalizeTime renders s as RFC 3339 in UTC when it parses; otherwise it
// returns s unchanged so that no information is lost.
func NormalizeTime(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	t, err := ParseTime(s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}

// ExportInput names the server whose logs to export.
type ExportInput struct {
	// ProjectID defaults to the client's project.
	ProjectID string
	ServerID  string
}

// ExportRef names one export.
type ExportRef struct {
	// ProjectID defaults to the client's project.
	ProjectID string
	ServerID  string
	ExportID  string
}

func (c *Client) project(p string) string {
	if p != "" {
		return p
	}
	return c.cfg.ProjectID
}

// ExportServerLogs starts an export (POST .../logs/exports, 202). It is not
// idempotent and the API has no list: the transport retries it only when the
// request provably had no effect (throttled, refused before sending) and
// otherwise returns a *transport.AmbiguousError.
func (c *Client) ExportServerLogs(ctx context.Context, in ExportInput) (*LogsExport, error) {
	project := c.project(in.ProjectID)
	p := apiPath(project, "physicalservers", in.ServerID, "logs", "exports")
	// The docs' example sends {}; the SDK sends nothing. Both are accepted.
	body := []byte("{}")
	resp, err := c.send(ctx, apiCall{action: "ExportServerLogs", method: http.MethodPost, project: project, path: p, body: body})
	if err != nil {
		return nil, fmt.Errorf("exporting logs of physical server %s: %w", in.ServerID, err)
	}
	return decodeExport(resp.Body, "ExportServerLogs")
}

// ShowLogsExportStatus reads an export's status (GET .../logs/exports/{export_id}).
func (c *Client) ShowLogsExportStatus(ctx context.Context, ref ExportRef) (*LogsExport, error) {
	project := c.project(ref.ProjectID)
	p := apiPath(project, "physicalservers", ref.ServerID, "logs", "exports", ref.ExportID)
	resp, err := c.send(ctx, apiCall{action: "ShowLogsExportStatus", method: http.MethodGet, project: project, path: p, idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("reading log export %s of physical server %s: %w", ref.ExportID, ref.ServerID, err)
	}
	out, err := decodeExport(resp.Body, "ShowLogsExportStatus")
	if err != nil {
		return nil, err
	}
	if out.ExportID == "" {
		out.ExportID = ref.ExportID
	}
	return out, nil
}

func decodeExport(body []byte, action string) (*LogsExport, error) {
	var b exportBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, fmt.Errorf("decoding %s response: %w", action, err)
	}
	out, err := b.toExport()
	if err != nil {
		return nil, fmt.Errorf("decoding %s response: %w", action, err)
	}
	return out, nil
}

// LogsDownload is an open archive stream. The caller reads and closes Body.
type LogsDownload struct {
	Body io.ReadCloser
	// FileName comes from Content-Disposition (<SN>-dump.tar.gz), falling back
	// to <server_id>-dump.tar.gz; it is always a bare file name.
	FileName string
	// ContentLength is -1 when unknown.
	ContentLength int64
	RequestID     string
}

// DownloadServerLogs opens the archive of a completed export (GET
// .../content). The body is not read: stream it to disk.
func (c *Client) DownloadServerLogs(ctx context.Context, ref ExportRef) (*LogsDownload, error) {
	project := c.project(ref.ProjectID)
	p := apiPath(project, "physicalservers", ref.ServerID, "logs", "exports", ref.ExportID, "content")
	resp, err := c.sendStream(ctx, apiCall{action: "DownloadServerLogs", method: http.MethodGet, project: project, path: p, idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("downloading log export %s of physical server %s: %w", ref.ExportID, ref.ServerID, err)
	}
	return &LogsDownload{
		Body:          resp.Body,
		FileName:      FileNameFromDisposition(resp.Header.Get("Content-Disposition"), ref.ServerID+"-dump.tar.gz"),
		ContentLength: resp.ContentLength,
		RequestID:     resp.Header.Get("X-Request-Id"),
	}, nil
}

// FileNameFromDisposition extracts the filename parameter (quoted or not) of
// a Content-Disposition value, reduced to a bare name; fallback is used when
// there is none or it is unusable.
func FileNameFromDisposition(cd, fallback string) string {
	name := ""
	if _, params, err := mime.ParseMediaType(cd); err == nil {
		name = params["filename"]
	} else if _, after, ok := strings.Cut(cd, "filename="); ok {
		// Lenient: take the raw value up to the next parameter.
		name, _, _ = strings.Cut(after, ";")
		name = strings.Trim(strings.TrimSpace(name), `"`)
	}
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "" || name == "." || name == ".." || name == "/" {
		return fallback
	}
	return name
}
