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
// in its other documented type. -vendor-example-shapes reports an
// unfinished export as "Running", as the vendor's own status example does.
// -page-cap has nothing to act on: CloudDC
// has no list operation. Ids are matched case-insensitively.
//
// Files: emulator.go (New, Options and flags, path routing and the
// operations table, ServeHTTP), auth.go (IAM token, SDK-HMAC-SHA256, the
// issued temporary AK/SK and tokens), iam.go (IAM securitytokens and
// id-token tokens, the ECS metadata service),
// exports.go (the export operations and their state machine), archive.go
// (the tar.gz a download streams), errors.go (gateway error envelope,
// WriteThrottled/WriteFault), admin.go (/_emulator/huawei/), state.go
// (State/Restore/Reset).
package huawei

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Operation names, as the vendor's SDK calls them; /_emulator/stats counts by these.
const (
	OpExport   = "ExportServerLogs"
	OpStatus   = "ShowLogsExportStatus"
	OpDownload = "DownloadServerLogs"
)

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
	// IdpID and IDToken are the identity provider and the OIDC ID token
	// POST /v3.0/OS-AUTH/id-token/tokens accepts.
	IdpID   string
	IDToken string
	// ECSAgency is the agency of the emulated ECS instance whose temporary
	// AK/SK the metadata service hands out ("" answers that the instance
	// has none).
	ECSAgency string
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
	// MissingExportStatus is the HTTP status of the answer to a status read
	// or a download of an export that does not exist (0 means 404). CloudDC
	// documents no such answer; another 4xx or a 5xx, with the same error
	// body, rehearses a service that does not say 404.
	MissingExportStatus int
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
		IdpID: "emulator-idp", IDToken: "emulator-id-token", ECSAgency: "emulator-ecs-agency",
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
	fs.StringVar(&o.IdpID, "huawei-idp-id", o.IdpID, "Huawei IAM identity provider (X-Idp-Id) whose OIDC ID tokens IAM accepts")
	fs.StringVar(&o.IDToken, "huawei-id-token", o.IDToken, "Huawei OIDC ID token IAM exchanges for an IAM token (the CI token of the web identity source)")
	fs.StringVar(&o.ECSAgency, "huawei-ecs-agency", o.ECSAgency, "agency of the emulated ECS instance whose temporary AK/SK the metadata service serves (empty: none attached)")
	fs.Int64Var(&o.ExportMS, "huawei-export-ms", o.ExportMS, "milliseconds a bare-metal log export takes (0 = immediate)")
	fs.Int64Var(&o.PercentStep, "huawei-percent-step", o.PercentStep, "export percentage granularity (e.g. 10 reports 0%, 10%, ...)")
	fs.Int64Var(&o.ArchiveBytes, "huawei-archive-bytes", o.ArchiveBytes, "approximate size in bytes of a downloaded log archive (streamed; gigabytes are fine)")
	fs.BoolVar(&o.PercentageNumber, "huawei-percentage-number", o.PercentageNumber, "report percentage as a number (30) instead of a string (\"30%\")")
	fs.StringVar(&o.RunningStatus, "huawei-running-status", o.RunningStatus, "status of an unfinished export (processing, or Running as in the docs' example)")
	fs.BoolVar(&o.OffsetTimes, "huawei-offset-times", o.OffsetTimes, "render created_at with +00:00 instead of Z")
	fs.IntVar(&o.ThrottleEvery, "huawei-throttle-every", o.ThrottleEvery, "answer every Nth Huawei call with 429 APIGW.0308 (0 = never)")
	fs.IntVar(&o.MissingExportStatus, "huawei-missing-export-status", o.MissingExportStatus, "HTTP status for a status read or download of an export that does not exist (0 = 404; CloudDC documents none)")
}

// Validate checks options read from flags.
func (o Options) Validate() error {
	if s := o.MissingExportStatus; s != 0 && (s < 400 || s > 599) {
		return fmt.Errorf("-huawei-missing-export-status %d: want an error status (400 to 599), or 0 for 404", s)
	}
	return nil
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

// opHandler runs one operation after authentication and writes the whole
// answer (writeError for errors).
type opHandler func(e *Emulator, w http.ResponseWriter, rt route, body []byte, reqID string)

// operations are the operations match routes to, with their handlers.
var operations = map[string]opHandler{
	OpExport:   (*Emulator).createExport,
	OpStatus:   (*Emulator).showExport,
	OpDownload: (*Emulator).download,
}

// route is a matched request path: the operation and the path's ids.
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

// ServeHTTP answers API requests under /v1/, IAM's under /v3 and the ECS
// metadata service's.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := newID(16)
	w.Header().Set("X-Request-Id", reqID)
	switch {
	case strings.HasPrefix(r.URL.Path, "/v3"):
		e.serveIAM(w, r, reqID)
		return
	case strings.HasPrefix(r.URL.Path, "/openstack/"), strings.HasPrefix(r.URL.Path, "/meta-data/"):
		e.serveMetadata(w, r)
		return
	}
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
		operations[rt.op](e, w, rt, body, reqID)
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
