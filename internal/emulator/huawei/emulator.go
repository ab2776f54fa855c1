// Package huawei emulates Huawei Cloud CloudDC's physical-server log export
// API (ExportServerLogs, ShowLogsExportStatus, DownloadServerLogs) behind an
// API-gateway look-alike: /v1/{project_id}/... routes, IAM token or
// SDK-HMAC-SHA256 AK/SK authentication checked in the gateway's order, and
// the gateway's error envelope and codes.
//
// Modes (core.Modes): -visibility-lag-ms makes status answers show the
// world as of now minus the lag (a new export is not found, progress and
// admin fail/forget lag behind); downloads answer from the present.
// -normalize answers export ids with their hex in the other case,
// created_at in UTC+08:00, the status word capitalised and the percentage
// in its other documented type. -page-cap has nothing to act on: CloudDC
// has no list operation. Ids are matched case-insensitively.
package huawei

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Operation names, as the vendor's SDK calls them; /_emulator/stats counts by these.
const (
	OpExport   = "ExportServerLogs"
	OpStatus   = "ShowLogsExportStatus"
	OpDownload = "DownloadServerLogs"
)

// Error codes the emulator returns for conditions the vendor does not
// document. They are INVENTED (no CloudDC service code list is published) and
// only need to be recognisable: 404 for a missing server or export, 409 for a
// download before completion.
const (
	CodeServerNotFound = "CLOUDDC.40401"
	CodeExportNotFound = "CLOUDDC.40402"
	CodeExportExpired  = "CLOUDDC.40403"
	CodeNotCompleted   = "CLOUDDC.40901"
	CodeBadBody        = "CLOUDDC.40001"
)

// maxSkew is how far X-Sdk-Date may be from the gateway clock.
const maxSkew = 15 * time.Minute

// maxBody is the gateway's request body limit (12 MB).
const maxBody = 12 << 20

// Server is a physical server that logs can be exported from.
type Server struct {
	ID        string `json:"id"`
	SN        string `json:"sn"`
	Name      string `json:"name"`
	ProjectID string `json:"project_id"`
}

// Options configures the Huawei emulator.
type Options struct {
	AccessKey string
	SecretKey string
	ProjectID string
	AuthToken string
	// TempAccessKey/TempSecretKey are temporary credentials that also need
	// X-Security-Token = SecurityToken.
	TempAccessKey string
	TempSecretKey string
	SecurityToken string
	// ExportMS is how long an export takes (0 = done at once).
	ExportMS int64
	// PercentStep rounds the reported percentage down to multiples of it.
	PercentStep int64
	// ArchiveBytes is the approximate size of a downloaded archive.
	ArchiveBytes int64
	// PercentageNumber reports percentage as a JSON number (30) instead of "30%".
	PercentageNumber bool
	// RunningStatus is the status of an unfinished export (documented
	// "processing"; the docs' example shows "Running").
	RunningStatus string
	// OffsetTimes renders created_at as 2006-01-02T15:04:05+00:00 instead of ...Z.
	OffsetTimes bool
	// ThrottleEvery answers every Nth authenticated call with 429 APIGW.0308 (0 = never).
	ThrottleEvery int
	// Servers are seeded at start and on reset (DefaultServers when nil).
	Servers []Server
}

// DefaultServers are the seeded servers in the default project.
func DefaultServers(project string) []Server {
	return []Server{
		{ID: "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c", SN: "2102313LNM10P3000123", Name: "bms-node-01", ProjectID: project},
		{ID: "8d1b7e40-2c3f-4a5e-9f60-7a8b9c0d1e2f", SN: "2102313LNM10P3000456", Name: "bms-node-02", ProjectID: project},
		{ID: "c4e5f6a7-b8c9-4d0e-a1f2-3b4c5d6e7f80", SN: "2102313LNM10P3000789", Name: "bms-node-03", ProjectID: project},
	}
}

// DefaultOptions returns the fixed default credentials shared by docs, demo and tests.
func DefaultOptions() Options {
	return Options{
		AccessKey: "emulator-ak", SecretKey: "emulator-sk", ProjectID: "emulator-project", AuthToken: "emulator-token",
		TempAccessKey: "emulator-temp-ak", TempSecretKey: "emulator-temp-sk", SecurityToken: "emulator-security-token",
		ExportMS: 3000, PercentStep: 1, ArchiveBytes: 64 << 10, RunningStatus: huaweicloud.StatusProcessing,
	}
}

// RegisterFlags adds the vendor's flags to fs.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.AccessKey, "huawei-access-key", o.AccessKey, "Huawei AK accepted for SDK-HMAC-SHA256 signing")
	fs.StringVar(&o.SecretKey, "huawei-secret-key", o.SecretKey, "Huawei SK of -huawei-access-key")
	fs.StringVar(&o.ProjectID, "huawei-project-id", o.ProjectID, "Huawei project the credentials and seeded servers belong to")
	fs.StringVar(&o.AuthToken, "huawei-auth-token", o.AuthToken, "Huawei IAM token accepted in X-Auth-Token")
	fs.StringVar(&o.TempAccessKey, "huawei-temp-access-key", o.TempAccessKey, "Huawei temporary AK (needs X-Security-Token)")
	fs.StringVar(&o.TempSecretKey, "huawei-temp-secret-key", o.TempSecretKey, "Huawei temporary SK")
	fs.StringVar(&o.SecurityToken, "huawei-security-token", o.SecurityToken, "Huawei security token of the temporary AK")
	fs.Int64Var(&o.ExportMS, "huawei-export-ms", o.ExportMS, "milliseconds a bare-metal log export takes (0 = immediate)")
	fs.Int64Var(&o.PercentStep, "huawei-percent-step", o.PercentStep, "export percentage granularity (e.g. 10 reports 0%, 10%, ...)")
	fs.Int64Var(&o.ArchiveBytes, "huawei-archive-bytes", o.ArchiveBytes, "approximate size in bytes of a downloaded log archive (streamed; gigabytes are fine)")
	fs.BoolVar(&o.PercentageNumber, "huawei-percentage-number", o.PercentageNumber, "report percentage as a number (30) instead of a string (\"30%\")")
	fs.StringVar(&o.RunningStatus, "huawei-running-status", o.RunningStatus, "status of an unfinished export (processing, or Running as in the docs' example)")
	fs.BoolVar(&o.OffsetTimes, "huawei-offset-times", o.OffsetTimes, "render created_at with +00:00 instead of Z")
	fs.IntVar(&o.ThrottleEvery, "huawei-throttle-every", o.ThrottleEvery, "answer every Nth Huawei call with 429 APIGW.0308 (0 = never)")
}

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

// Emulator is the Huawei CloudDC API.
type Emulator struct {
	env  *core.Env
	opts Options

	mu      sync.Mutex
	servers map[string]Server // by id
	exports map[string]*export
	seq     int64
	calls   int
}

// New returns an emulator.
func New(env *core.Env, opts Options) *Emulator {
	if opts.RunningStatus == "" {
		opts.RunningStatus = huaweicloud.StatusProcessing
	}
	if opts.PercentStep <= 0 {
		opts.PercentStep = 1
	}
	e := &Emulator{env: env, opts: opts}
	e.Reset()
	return e
}

// Reset forgets every export and returns to the seeded servers.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	servers := e.opts.Servers
	if servers == nil {
		servers = DefaultServers(e.opts.ProjectID)
	}
	e.servers = map[string]Server{}
	for _, s := range servers {
		if s.ProjectID == "" {
			s.ProjectID = e.opts.ProjectID
		}
		e.servers[idKey(s.ID)] = s
	}
	e.exports = map[string]*export{}
	e.calls = 0
}

// stateDoc is what State returns and Restore loads.
type stateDoc struct {
	Servers []Server  `json:"servers"`
	Exports []*export `json:"exports"`
}

// State returns {"servers": [...], "exports": [...]} with each export's current status.
func (e *Emulator) State() any {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.env.Now()
	doc := stateDoc{Servers: []Server{}, Exports: []*export{}}
	for _, s := range e.servers {
		doc.Servers = append(doc.Servers, s)
	}
	sort.Slice(doc.Servers, func(i, j int) bool { return doc.Servers[i].ID < doc.Servers[j].ID })
	for _, x := range e.exports {
		if x.DeletedAt != nil {
			continue // forgotten; only lagging status answers still show it
		}
		c := *x
		c.Status, c.Percentage, _ = e.progress(x, now)
		doc.Exports = append(doc.Exports, &c)
	}
	sort.Slice(doc.Exports, func(i, j int) bool { return doc.Exports[i].Seq < doc.Exports[j].Seq })
	return doc
}

// Restore loads what State produced (servers and exports), replacing both.
func (e *Emulator) Restore(raw json.RawMessage) error {
	var doc stateDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("decoding huawei state: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.servers = map[string]Server{}
	for _, s := range doc.Servers {
		e.servers[idKey(s.ID)] = s
	}
	e.exports = map[string]*export{}
	for _, x := range doc.Exports {
		if x == nil || x.ExportID == "" {
			continue
		}
		x.Status, x.Percentage = "", 0
		e.exports[idKey(x.ExportID)] = x
		e.seq = max(e.seq, x.Seq)
	}
	return nil
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
		return e.opts.RunningStatus, pct, false
	}
}

// ---- routing and authentication ----

type route struct {
	op                        string
	project, server, exportID string
}

// match maps a path and method to an operation; ok=false is APIGW.0101.
func match(method, path string) (route, bool) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) < 6 || parts[0] != "v1" || parts[2] != "physicalservers" || parts[4] != "logs" || parts[5] != "exports" {
		return route{}, false
	}
	for _, p := range parts {
		if p == "" {
			return route{}, false
		}
	}
	r := route{project: parts[1], server: parts[3]}
	switch {
	case len(parts) == 6 && method == http.MethodPost:
		r.op = OpExport
	case len(parts) == 7 && method == http.MethodGet:
		r.op, r.exportID = OpStatus, parts[6]
	case len(parts) == 8 && parts[7] == "content" && method == http.MethodGet:
		r.op, r.exportID = OpDownload, parts[6]
	default:
		return route{}, false
	}
	return r, true
}

// ServeHTTP answers API requests under /v1/.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := newID(16)
	w.Header().Set("X-Request-Id", reqID)
	rt, ok := match(r.Method, r.URL.Path)
	if !ok {
		writeError(w, http.StatusNotFound, huaweicloud.CodeRouteNotFound, "API not found", reqID)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, huaweicloud.CodeBadRequest, "reading request body failed", reqID)
		return
	}
	if len(body) > maxBody {
		writeError(w, http.StatusRequestEntityTooLarge, huaweicloud.CodeBadRequest, "request body too large", reqID)
		return
	}
	project, status, code, msg := e.authenticate(r, body)
	if code != "" {
		writeError(w, status, code, msg, reqID)
		return
	}
	// Emulator choice (undocumented): a path project other than the
	// credential's is refused like an access-denied API.
	if rt.project != project {
		writeError(w, http.StatusForbidden, huaweicloud.CodeAccessDenied,
			fmt.Sprintf("API access denied: the credential does not belong to project %s", rt.project), reqID)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	e.env.Dispatch(w, r, rt.op, errorWriter{}, func(w http.ResponseWriter, r *http.Request) {
		if e.throttleNow() {
			errorWriter{}.WriteThrottled(w, r, rt.op)
			return
		}
		switch rt.op {
		case OpExport:
			e.createExport(w, rt, body, reqID)
		case OpStatus:
			e.showExport(w, rt, reqID)
		case OpDownload:
			e.download(w, rt, reqID)
		}
	})
}

func (e *Emulator) throttleNow() bool {
	if e.opts.ThrottleEvery <= 0 {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls++
	return e.calls%e.opts.ThrottleEvery == 0
}

const authPrefix = "Incorrect IAM authentication information: "

// authenticate checks the token, then the AK/SK signature, in the gateway's
// order, returning the credential's project or the error to send. Messages
// never echo a credential.
func (e *Emulator) authenticate(r *http.Request, body []byte) (project string, status int, code, msg string) {
	unauthorized := func(m string) (string, int, string, string) {
		return "", http.StatusUnauthorized, huaweicloud.CodeIAMAuth, authPrefix + m
	}
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		if tok != e.opts.AuthToken {
			return unauthorized("decrypt token fail")
		}
		return e.opts.ProjectID, 0, "", ""
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return unauthorized("x-auth-token not found")
	}
	auth, err := huaweicloud.ParseAuthorization(h)
	if err != nil {
		return unauthorized("authorization header is not a valid SDK-HMAC-SHA256 signature")
	}
	var sk string
	temporary := false
	switch auth.AccessKey {
	case e.opts.AccessKey:
		sk = e.opts.SecretKey
	case e.opts.TempAccessKey:
		sk, temporary = e.opts.TempSecretKey, e.opts.TempAccessKey != ""
	}
	if sk == "" {
		return unauthorized("Get secretKey failed, ak not exist")
	}
	signed := make(map[string]bool, len(auth.SignedHeaders))
	for _, n := range auth.SignedHeaders {
		signed[strings.ToLower(n)] = true
	}
	date := r.Header.Get(huaweicloud.HeaderSdkDate)
	if !signed["x-sdk-date"] {
		return unauthorized("x-sdk-date is not signed")
	}
	t, err := time.Parse(huaweicloud.SdkDateFormat, date)
	if err != nil {
		return unauthorized("x-sdk-date is missing or not in the format yyyyMMddTHHmmssZ")
	}
	if skew := e.env.Now().Sub(t); skew > maxSkew || skew < -maxSkew {
		return unauthorized("verify aksk signature fail, signature expired")
	}
	headers := map[string][]string{}
	for name := range signed {
		if name == "host" {
			headers[name] = []string{r.Host}
			continue
		}
		headers[name] = r.Header.Values(name)
	}
	payload := r.Header.Get(huaweicloud.HeaderContentSha256)
	if payload == "" {
		payload = huaweicloud.PayloadHash(body)
	}
	want := huaweicloud.Sign(huaweicloud.SignInput{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Headers: headers,
		SignedHeaders: auth.SignedHeaders, PayloadHash: payload,
	}, date, sk)
	if want != auth.Signature {
		return unauthorized("verify aksk signature fail")
	}
	if temporary && r.Header.Get("X-Security-Token") != e.opts.SecurityToken {
		return unauthorized("verify security token fail")
	}
	return e.opts.ProjectID, 0, "", ""
}

// ---- operations ----

func (e *Emulator) createExport(w http.ResponseWriter, rt route, body []byte, reqID string) {
	if len(bytes.TrimSpace(body)) > 0 {
		var obj map[string]any
		if err := json.Unmarshal(body, &obj); err != nil {
			writeError(w, http.StatusBadRequest, CodeBadBody, "the request body must be empty or a JSON object", reqID)
			return
		}
	}
	e.mu.Lock()
	srv, ok := e.servers[idKey(rt.server)]
	if !ok || srv.ProjectID != rt.project {
		e.mu.Unlock()
		writeError(w, http.StatusNotFound, CodeServerNotFound, fmt.Sprintf("physical server %s not found", rt.server), reqID)
		return
	}
	e.seq++
	x := &export{
		Seq: e.seq, ExportID: newID(8), ProjectID: rt.project, ServerID: srv.ID, SN: srv.SN,
		CreatedAt: e.env.Now().UTC(), DurationMS: e.opts.ExportMS, ArchiveBytes: e.opts.ArchiveBytes,
	}
	e.exports[idKey(x.ExportID)] = x
	e.mu.Unlock()
	// The id is new, so a normalizing answer has no input spelling to
	// differ from: it shows the stored lower-case hex upper-cased.
	id := x.ExportID
	if e.env.Normalizing() {
		id = otherCase(id)
	}
	e.writeExport(w, http.StatusAccepted, id, e.opts.RunningStatus, 0, x.CreatedAt)
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
func (e *Emulator) showExport(w http.ResponseWriter, rt route, reqID string) {
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
		writeError(w, http.StatusNotFound, CodeExportNotFound, fmt.Sprintf("log export %s of physical server %s not found", rt.exportID, rt.server), reqID)
		return
	}
	id := rt.exportID
	if e.env.Normalizing() {
		id = otherCase(id) // the echo of the path's id, in the other case
	}
	e.writeExport(w, http.StatusOK, id, status, pct, created)
}

// normalizedZone is the offset -normalize renders created_at in: China
// Standard Time, the zone of the vendor's home regions.
var normalizedZone = time.FixedZone("CST", 8*3600)

// writeExport writes an export answer. Under -normalize every value comes
// in an equivalent other form: created_at in UTC+08:00, the status word
// capitalised ("Processing", "Completed": the docs' own example shows the
// capitalised "Running"), and the percentage in the other of its two
// documented types ("30%" <-> 30).
func (e *Emulator) writeExport(w http.ResponseWriter, code int, id, status string, pct int64, created time.Time) {
	norm := e.env.Normalizing()
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

func (e *Emulator) download(w http.ResponseWriter, rt route, reqID string) {
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
		writeError(w, http.StatusNotFound, CodeExportNotFound, fmt.Sprintf("log export %s of physical server %s not found", rt.exportID, rt.server), reqID)
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

// ---- errors ----

func writeError(w http.ResponseWriter, status int, code, msg, reqID string) {
	if reqID == "" {
		reqID = w.Header().Get("X-Request-Id")
	}
	if reqID == "" {
		reqID = newID(16)
		w.Header().Set("X-Request-Id", reqID)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error_code": code, "error_msg": msg, "request_id": reqID})
}

// errorWriter answers faults injected through core.Dispatch in the gateway's envelope.
type errorWriter struct{}

// WriteThrottled answers 429 APIGW.0308.
func (errorWriter) WriteThrottled(w http.ResponseWriter, _ *http.Request, _ string) {
	writeError(w, http.StatusTooManyRequests, huaweicloud.CodeThrottled,
		"The throttling threshold has been reached: policy user over ratelimit, limit:200, time:1 second", "")
}

// WriteFault answers with the fault's code, with the status the code implies
// unless the fault names one.
func (errorWriter) WriteFault(w http.ResponseWriter, _ *http.Request, _ string, f *core.Fault) {
	status := f.HTTPStatus
	if status == 0 {
		status = statusForCode(f.Code)
	}
	msg := f.Message
	if msg == "" {
		msg = "emulated fault"
	}
	writeError(w, status, f.Code, msg, "")
}

var codeStatus = map[string]int{
	"APIGW.0101": 404, "APIGW.0201": 400, "APIGW.0301": 401, "APIGW.0302": 403, "APIGW.0303": 401,
	"APIGW.0304": 403, "APIGW.0305": 401, "APIGW.0306": 403, "APIGW.0307": 401, "APIGW.0308": 429,
	"APIGW.0310": 403, "APIGW.0601": 500, "APIGW.0613": 503,
	CodeServerNotFound: 404, CodeExportNotFound: 404, CodeExportExpired: 404, CodeNotCompleted: 409, CodeBadBody: 400,
}

func statusForCode(code string) int {
	if s, ok := codeStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

func newID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ---- admin ----

// Admin answers /_emulator/huawei/<sub>:
//
//	GET    state                      this vendor's State()
//	POST   servers                    add a server {"id","sn","name","project_id"}
//	POST   options                    change {"export_ms","archive_bytes"} for later exports
//	POST   exports/{id}/expire        keep the status, make the archive undownloadable
//	POST   exports/{id}/fail          end the export in status "failed"
//	DELETE exports/{id}               forget the export (status answers 404,
//	                                  after the visibility lag if any);
//	                                  also POST exports/{id}/delete
func (e *Emulator) Admin(w http.ResponseWriter, r *http.Request, sub string) {
	parts := strings.Split(strings.Trim(sub, "/"), "/")
	switch {
	case sub == "state" && r.Method == http.MethodGet:
		core.WriteJSON(w, http.StatusOK, e.State())
	case sub == "servers" && r.Method == http.MethodPost:
		var s Server
		if err := json.NewDecoder(r.Body).Decode(&s); err != nil || s.ID == "" || s.SN == "" {
			core.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "a server needs id and sn"})
			return
		}
		if s.ProjectID == "" {
			s.ProjectID = e.opts.ProjectID
		}
		e.mu.Lock()
		e.servers[idKey(s.ID)] = s
		e.mu.Unlock()
		core.WriteJSON(w, http.StatusOK, s)
	case sub == "options" && r.Method == http.MethodPost:
		// Changes how later exports behave (earlier ones keep theirs).
		var o struct {
			ExportMS     *int64 `json:"export_ms"`
			ArchiveBytes *int64 `json:"archive_bytes"`
		}
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "decoding options: " + err.Error()})
			return
		}
		e.mu.Lock()
		if o.ExportMS != nil {
			e.opts.ExportMS = *o.ExportMS
		}
		if o.ArchiveBytes != nil {
			e.opts.ArchiveBytes = *o.ArchiveBytes
		}
		cur := map[string]int64{"export_ms": e.opts.ExportMS, "archive_bytes": e.opts.ArchiveBytes}
		e.mu.Unlock()
		core.WriteJSON(w, http.StatusOK, cur)
	case len(parts) >= 2 && parts[0] == "exports":
		e.adminExport(w, r, parts[1], strings.Join(parts[2:], "/"))
	default:
		core.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "unknown admin path /_emulator/huawei/" + sub})
	}
}

func (e *Emulator) adminExport(w http.ResponseWriter, r *http.Request, id, action string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	x, ok := e.exports[idKey(id)]
	if !ok || x.DeletedAt != nil {
		core.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no export " + id})
		return
	}
	now := e.env.Now()
	switch {
	case (action == "" && r.Method == http.MethodDelete) || (action == "delete" && r.Method == http.MethodPost):
		// Downloads see the deletion at once; status answers only once
		// the visibility lag has passed.
		if e.env.Lag() > 0 {
			x.DeletedAt = &now
		} else {
			delete(e.exports, idKey(id))
		}
		core.WriteJSON(w, http.StatusOK, map[string]bool{"deleted": true})
	case action == "expire" && r.Method == http.MethodPost:
		x.Expired = true
		core.WriteJSON(w, http.StatusOK, x)
	case action == "fail" && r.Method == http.MethodPost:
		x.Failed, x.FailedAt = true, now
		core.WriteJSON(w, http.StatusOK, x)
	default:
		core.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "unknown export action " + action})
	}
}
