package huawei

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

// export is one export task.
type export struct {
	// Seq orders exports by creation (CreatedAt has one-second resolution).
	Seq        int64     `json:"seq"`
	ExportID   string    `json:"export_id"`
	ProjectID  string    `json:"project_id"`
	ServerID   string    `json:"server_id"`
	SN         string    `json:"sn"`
	CreatedAt  time.Time `json:"created_at"`
	DurationMS int64     `json:"duration_ms"`
	// Failed ends the export in status "failed" (admin knob), from
	// FailedAt on (zero: always); status answers show it once the
	// visibility lag has passed.
	Failed   bool      `json:"failed,omitempty"`
	FailedAt time.Time `json:"failed_at,omitzero"`
	// Expired keeps the status but makes the archive undownloadable (admin knob).
	Expired bool `json:"expired,omitempty"`
	// DeletedAt marks an export forgotten by the admin API (retention ran
	// out) while a visibility lag still shows it to status answers; nil
	// for a live export.
	DeletedAt    *time.Time `json:"deleted_at,omitempty"`
	ArchiveBytes int64      `json:"archive_bytes"`
	Downloads    int        `json:"downloads"`
	// Status and Percentage are computed for State(); ignored by Restore.
	Status     string `json:"status,omitempty"`
	Percentage int64  `json:"percentage"`
}

// progress computes an export's status, percentage and completion at now.
func (e *Emulator) progress(x *export, now time.Time) (status string, pct int64, done bool) {
	elapsed := now.Sub(x.CreatedAt).Milliseconds()
	if x.DurationMS <= 0 || elapsed >= x.DurationMS {
		pct = 100
	} else if elapsed > 0 {
		pct = elapsed * 100 / x.DurationMS
	}
	if pct < 100 {
		pct -= pct % e.opts.PercentStep
	}
	switch {
	case x.Failed && !x.FailedAt.After(now):
		return "failed", pct, false
	case pct >= 100:
		return huaweicloud.StatusCompleted, 100, true
	default:
		return e.runningStatus(), pct, false
	}
}

// exampleRunningStatus is the status of an unfinished export in the
// vendor's own ShowLogsExportStatus example, outside the documented enum.
const exampleRunningStatus = "Running"

// runningStatus is the status of an unfinished export: the example's word
// under -vendor-example-shapes, else -huawei-running-status.
func (e *Emulator) runningStatus() string {
	if e.env.VendorExampleShapes() {
		return exampleRunningStatus
	}
	return e.opts.RunningStatus
}

func (e *Emulator) createExport(w http.ResponseWriter, rt route, body []byte, reqID string) {
	if len(bytes.TrimSpace(body)) > 0 {
		var obj map[string]any
		if err := json.Unmarshal(body, &obj); err != nil {
			writeError(w, http.StatusBadRequest, CodeBadBody, "the request body must be empty or a JSON object", reqID)
			return
		}
	}
	x, ok := e.newExport(rt.project, rt.server)
	if !ok {
		writeError(w, http.StatusNotFound, CodeServerNotFound, fmt.Sprintf("physical server %s not found", rt.server), reqID)
		return
	}
	// The id is new, so a normalizing answer has no input spelling to
	// differ from: it shows the stored lower-case hex upper-cased.
	id := x.ExportID
	if e.env.Normalizing() {
		id = otherCase(id)
	}
	e.writeExport(w, http.StatusAccepted, exportAnswer{id: id, status: e.runningStatus(), percentage: 0, createdAt: x.CreatedAt})
}

// newExport starts an export of server in project, as ExportServerLogs
// does (and the admin API, for objects made outside Terraform); false when
// the project has no such server.
func (e *Emulator) newExport(project, server string) (*export, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	srv, ok := e.servers[idKey(server)]
	if !ok || srv.ProjectID != project {
		return nil, false
	}
	e.seq++
	x := &export{
		Seq: e.seq, ExportID: newID(8), ProjectID: project, ServerID: srv.ID, SN: srv.SN,
		CreatedAt: e.env.Now().UTC(), DurationMS: e.opts.ExportMS, ArchiveBytes: e.opts.ArchiveBytes,
	}
	e.exports[idKey(x.ExportID)] = x
	return x, true
}

// idKey is the map key of a server or export id: ids are hex (UUIDs,
// export ids), and the emulator matches their hex case-insensitively, as
// it must for the other-case echoes of -normalize to be usable.
func idKey(id string) string { return strings.ToLower(id) }

// lookup finds a live export of the route's project and server (the
// truth now, which writes and downloads see); e.mu is held.
func (e *Emulator) lookup(rt route) (*export, bool) {
	x, ok := e.lookupAny(rt)
	if !ok || x.DeletedAt != nil {
		return nil, false
	}
	return x, true
}

// lookupAny is lookup including forgotten exports still kept for lagging
// status answers; e.mu is held.
func (e *Emulator) lookupAny(rt route) (*export, bool) {
	x, ok := e.exports[idKey(rt.exportID)]
	if !ok || x.ProjectID != rt.project || !strings.EqualFold(x.ServerID, rt.server) {
		return nil, false
	}
	return x, true
}

// visible reports whether status answers, which show the world as of asOf
// (now minus the visibility lag), see x: created by then and not yet
// forgotten then. Tombstones no reader can see any more are dropped; e.mu
// is held.
func (e *Emulator) visible(x *export, asOf time.Time) bool {
	if x.DeletedAt != nil && !x.DeletedAt.After(asOf) {
		delete(e.exports, idKey(x.ExportID))
		return false
	}
	return !x.CreatedAt.After(asOf)
}

// showExport answers ShowLogsExportStatus as of env.AsOf(): with a
// visibility lag, an export just created is not found yet, and its status
// and percentage are those of lag ago.
func (e *Emulator) showExport(w http.ResponseWriter, rt route, _ []byte, reqID string) {
	e.mu.Lock()
	asOf := e.env.AsOf()
	x, ok := e.lookupAny(rt)
	ok = ok && e.visible(x, asOf)
	var status string
	var pct int64
	var created time.Time
	if ok {
		status, pct, _ = e.progress(x, asOf)
		created = x.CreatedAt
	}
	e.mu.Unlock()
	if !ok {
		e.writeMissingExport(w, rt, reqID)
		return
	}
	id := rt.exportID
	if e.env.Normalizing() {
		id = otherCase(id) // the echo of the path's id, in the other case
	}
	e.writeExport(w, http.StatusOK, exportAnswer{id: id, status: status, percentage: pct, createdAt: created})
}

// normalizedZone is the offset -normalize renders created_at in: China
// Standard Time, the zone of the vendor's home regions.
var normalizedZone = time.FixedZone("CST", 8*3600)

// exportAnswer is what an export answer tells of the export.
type exportAnswer struct {
	id, status string
	percentage int64
	createdAt  time.Time
}

// writeExport writes an export answer. Under -normalize every value comes
// in an equivalent other form: created_at in UTC+08:00, the status word
// capitalised ("Processing", "Completed": the docs' own example shows the
// capitalised "Running"), and the percentage in the other of its two
// documented types ("30%" <-> 30).
func (e *Emulator) writeExport(w http.ResponseWriter, code int, x exportAnswer) {
	norm := e.env.Normalizing()
	id, status, pct, created := x.id, x.status, x.percentage, x.createdAt
	var percentage any = strconv.FormatInt(pct, 10) + "%"
	if e.opts.PercentageNumber != norm {
		percentage = pct
	}
	layout := "2006-01-02T15:04:05Z"
	if e.opts.OffsetTimes {
		layout = "2006-01-02T15:04:05+00:00"
	}
	at := created.UTC().Format(layout)
	if norm {
		at = created.In(normalizedZone).Format("2006-01-02T15:04:05-07:00")
		status = otherStatusCase(status)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"export_id": id, "status": status, "percentage": percentage, "created_at": at,
	})
}

// otherCase swaps the case of every letter: the hex of an id in the other
// case ("3f2a" <-> "3F2A").
func otherCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return r
	}, s)
}

// otherStatusCase capitalises a lower-case status word ("processing" ->
// "Processing") and lower-cases any other ("Running" -> "running").
func otherStatusCase(s string) string {
	if s == "" || s != strings.ToLower(s) {
		return strings.ToLower(s)
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (e *Emulator) download(w http.ResponseWriter, rt route, _ []byte, reqID string) {
	e.mu.Lock()
	x, ok := e.lookup(rt)
	var spec archiveSpec
	var done, expired bool
	if ok {
		_, _, done = e.progress(x, e.env.Now())
		expired = x.Expired
		spec = archiveSpec{SerialNumber: x.SN, ServerID: x.ServerID, ExportID: x.ExportID, CreatedAt: x.CreatedAt, TargetBytes: x.ArchiveBytes}
		if done && !expired {
			x.Downloads++
		}
	}
	e.mu.Unlock()
	switch {
	case !ok:
		e.writeMissingExport(w, rt, reqID)
		return
	case expired:
		writeError(w, http.StatusNotFound, CodeExportExpired, fmt.Sprintf("the log file of export %s has expired", rt.exportID), reqID)
		return
	case !done:
		writeError(w, http.StatusConflict, CodeNotCompleted, fmt.Sprintf("log export %s is not completed", rt.exportID), reqID)
		return
	}
	a, err := newArchive(spec)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "APIGW.0601", "building the archive failed", reqID)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream;charset=UTF-8")
	h.Set("Content-Transfer-Encoding", "binary")
	h.Set("Content-Disposition", "attachment; filename="+spec.SerialNumber+"-dump.tar.gz")
	h.Set("Content-Length", strconv.FormatInt(a.Size(), 10))
	w.WriteHeader(http.StatusOK)
	_, _ = a.WriteTo(w)
}

// writeMissingExport answers for an export that does not exist: 404 by
// default, or -huawei-missing-export-status, with the same error body.
func (e *Emulator) writeMissingExport(w http.ResponseWriter, rt route, reqID string) {
	status := e.opts.MissingExportStatus
	if status == 0 {
		status = http.StatusNotFound
	}
	writeError(w, status, CodeExportNotFound, fmt.Sprintf("log export %s of physical server %s not found", rt.exportID, rt.server), reqID)
}
