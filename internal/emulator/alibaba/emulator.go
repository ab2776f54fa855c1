// Package alibaba emulates the Alibaba Cloud CloudMonitor (CMS) 2019-01-01
// RPC API: the gateway's signature checks (V3 ACS3-HMAC-SHA256 and v1
// HMAC-SHA1), timestamps, nonces, STS tokens and error envelopes, then the
// operations of the operations table.
//
// Files: emulator.go (New, Options and flags, the operations table,
// ServeHTTP), auth.go (V3 and v1 signatures, timestamps, nonces, tokens),
// exporter_outputs.go, exporter_rules.go and events.go (one object kind
// each, with its operations), errors.go (error envelope, WriteThrottled/WriteFault),
// admin.go (/_emulator/alibaba/), state.go (State/Restore/Reset).
//
// To add an operation: write an OpHandler in the file of its object kind
// and add it to the operations table; keep new objects in a field of
// Emulator and add them to State, Restore and Reset.
package alibaba

import (
	"context"
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// APIVersion is the only CMS version the emulator serves.
const APIVersion = "2019-01-01"

// Gateway rules.
const (
	timestampWindow = 15 * time.Minute
	nonceWindow     = 31 * time.Minute
	timestampLayout = "2006-01-02T15:04:05Z"
	maxBodyBytes    = 1 << 20
)

// Delete modes for DeleteExporterOutput on a missing name (the vendor's
// behaviour is undocumented, so all three are available).
const (
	DeleteMissing404 = "404" // HTTP 404 ResourceNotFound (default)
	DeleteMissing200 = "200" // HTTP 200 with Code ResourceNotFound, Success false
	DeleteMissingOK  = "ok"  // plain success
)

// Options configures the Alibaba emulator.
type Options struct {
	// AccessKey and SecretKey are the accepted long-term credential.
	AccessKey string
	SecretKey string
	// STSAccessKey, STSSecretKey and SecurityToken are an accepted temporary
	// credential: requests signed with it must carry the token.
	STSAccessKey  string
	STSSecretKey  string
	SecurityToken string
	// DefaultRegion is used when a request names no RegionId.
	DefaultRegion string
	// MaxPageSize is the largest PageSize the list operations
	// (DescribeExporterOutputList, DescribeExporterRuleList,
	// DescribeCustomEventAttribute) accept; a
	// larger one is refused with the vendor's parameter error. The vendor
	// documents no maximum (default 10).
	MaxPageSize int
	// DeleteMissing is DeleteMissing404, DeleteMissing200 or DeleteMissingOK
	// (DeleteExporterOutput and DeleteExporterRule).
	DeleteMissing string
	// OIDCToken is the OIDC token AssumeRoleWithOIDC accepts.
	OIDCToken string
	// ECSRoleName is the instance's RAM role of the ECS metadata paths.
	ECSRoleName string
}

// DefaultOptions returns the fixed defaults shared by docs, demo and tests.
func DefaultOptions() Options {
	return Options{
		AccessKey:     "emulator-access-key",
		SecretKey:     "emulator-secret-key",
		STSAccessKey:  "STS.emulator-access-key",
		STSSecretKey:  "emulator-sts-secret-key",
		SecurityToken: "emulator-security-token",
		DefaultRegion: "cn-hangzhou",
		MaxPageSize:   100,
		DeleteMissing: DeleteMissing404,
		OIDCToken:     "emulator-oidc-token",
		ECSRoleName:   "emulator-ecs-role",
	}
}

// RegisterFlags adds the vendor's flags to fs.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.AccessKey, "alibaba-access-key", o.AccessKey, "Alibaba AccessKey ID the emulator accepts")
	fs.StringVar(&o.SecretKey, "alibaba-secret-key", o.SecretKey, "Alibaba AccessKey secret the emulator accepts")
	fs.StringVar(&o.STSAccessKey, "alibaba-sts-access-key", o.STSAccessKey, "Alibaba temporary (STS) AccessKey ID the emulator accepts together with -alibaba-security-token")
	fs.StringVar(&o.STSSecretKey, "alibaba-sts-secret-key", o.STSSecretKey, "secret of -alibaba-sts-access-key")
	fs.StringVar(&o.SecurityToken, "alibaba-security-token", o.SecurityToken, "security token required with -alibaba-sts-access-key")
	fs.StringVar(&o.DefaultRegion, "alibaba-region", o.DefaultRegion, "Alibaba region used when a request names no RegionId")
	fs.IntVar(&o.MaxPageSize, "alibaba-max-page-size", o.MaxPageSize, "largest PageSize DescribeExporterOutputList, DescribeExporterRuleList and DescribeCustomEventAttribute accept; larger pages are refused with a parameter error (the vendor documents no maximum)")
	fs.StringVar(&o.OIDCToken, "alibaba-oidc-token", o.OIDCToken, "OIDC token STS AssumeRoleWithOIDC accepts")
	fs.StringVar(&o.ECSRoleName, "alibaba-ecs-role", o.ECSRoleName, "RAM role of the ECS metadata service (/latest/meta-data/ram/security-credentials/)")
	fs.StringVar(&o.DeleteMissing, "alibaba-delete-missing", o.DeleteMissing, "answer to DeleteExporterOutput and DeleteExporterRule of a missing name: 404 (HTTP 404 ResourceNotFound), 200 (HTTP 200 with Code ResourceNotFound) or ok (success)")
}

// Call is one authenticated request as an operation sees it.
type Call struct {
	Action    string
	Region    string
	AccessKey string
	RequestID string
	// Params are the decoded business parameters: URL query and form body
	// together (for v1 requests the common parameters are in it too).
	Params url.Values
}

// OpHandler runs one operation after authentication; it writes the whole
// response (use WriteSuccess / WriteError).
type OpHandler func(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call)

// operations are the actions this emulator implements, with their handlers
// (exporter_outputs.go, exporter_rules.go, events.go).
var operations = map[string]OpHandler{
	"PutExporterOutput":            putExporterOutput,
	"DescribeExporterOutputList":   describeExporterOutputList,
	"DeleteExporterOutput":         deleteExporterOutput,
	"PutExporterRule":              putExporterRule,
	"DescribeExporterRuleList":     describeExporterRuleList,
	"DeleteExporterRule":           deleteExporterRule,
	"PutCustomEvent":               putCustomEvent,
	"DescribeCustomEventAttribute": describeCustomEventAttribute,
	"AssumeRole":                   assumeRole,
	"AssumeRoleWithOIDC":           assumeRoleWithOIDC,
}

// Emulator is the Alibaba CMS API.
type Emulator struct {
	env  *core.Env
	opts Options

	mu      sync.Mutex
	nonces  map[string]time.Time
	outputs versions[exporterOutput] // region → name → latest write
	rules   versions[exporterRule]   // region → rule name → latest write
	events  *customEventStore        // custom events (own lock)
}

// New returns an emulator.
func New(env *core.Env, opts Options) *Emulator {
	def := DefaultOptions()
	if opts.DefaultRegion == "" {
		opts.DefaultRegion = def.DefaultRegion
	}
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = def.MaxPageSize
	}
	if opts.DeleteMissing == "" {
		opts.DeleteMissing = def.DeleteMissing
	}
	if opts.OIDCToken == "" {
		opts.OIDCToken = def.OIDCToken
	}
	if opts.ECSRoleName == "" {
		opts.ECSRoleName = def.ECSRoleName
	}
	e := &Emulator{env: env, opts: opts, nonces: map[string]time.Time{},
		outputs: versions[exporterOutput]{}, rules: versions[exporterRule]{}, events: &customEventStore{}}
	return e
}

// Env is the shared emulator environment (clock, stats, faults).
func (e *Emulator) Env() *core.Env { return e.env }

// Options returns the options the emulator runs with.
func (e *Emulator) Options() Options { return e.opts }

// ServeHTTP authenticates a request and dispatches it to its operation.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, NewRequestID()))
	if strings.HasPrefix(r.URL.Path, "/latest/meta-data/") {
		e.serveMetadata(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		WriteError(w, r, http.StatusMethodNotAllowed, "UnsupportedHTTPMethod", "This http method is not supported.")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil || len(body) > maxBodyBytes {
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter", "The request body could not be read or is too large.")
		return
	}
	params, ok := e.mergeParams(w, r, body)
	if !ok {
		return
	}
	var call *Call
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(strings.TrimSpace(auth), "ACS3-") {
		call, ok = e.authV3(w, r, auth, body)
	} else if auth == "" && params.Get("Signature") == "" {
		call, ok = e.anonymous(w, r, params)
	} else {
		call, ok = e.authV1(w, r, params)
	}
	if !ok {
		return
	}
	call.RequestID = requestID(r)
	call.Params = params
	call.Region = e.region(r, params)
	h, found := operations[call.Action]
	if !found {
		WriteError(w, r, http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
		return
	}
	e.env.Dispatch(w, r, call.Action, e, func(w http.ResponseWriter, r *http.Request) { h(e, w, r, call) })
}

// mergeParams decodes the URL query and a form body into one map; a name in
// both places is rejected to surface client bugs.
func (e *Emulator) mergeParams(w http.ResponseWriter, r *http.Request, body []byte) (url.Values, bool) {
	params, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter", "The query string is not valid.")
		return nil, false
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if len(body) > 0 && ct == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			WriteError(w, r, http.StatusBadRequest, "InvalidParameter", "The form body is not valid.")
			return nil, false
		}
		for k, vs := range form {
			if _, dup := params[k]; dup {
				WriteError(w, r, http.StatusBadRequest, "InvalidParameter", fmt.Sprintf("The specified parameter %q is not valid: given in both the query and the body.", k))
				return nil, false
			}
			params[k] = vs
		}
	}
	return params, true
}

var regionHost = regexp.MustCompile(`^metrics\.([a-z0-9-]+)\.aliyuncs\.com(:\d+)?$`)

// region is RegionId, else the region in a vendor-shaped Host, else the default.
func (e *Emulator) region(r *http.Request, params url.Values) string {
	if v := params.Get("RegionId"); v != "" {
		return v
	}
	if m := regionHost.FindStringSubmatch(r.Host); m != nil {
		return m[1]
	}
	return e.opts.DefaultRegion
}
