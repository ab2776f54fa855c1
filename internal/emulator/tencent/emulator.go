// Package tencent emulates the Tencent Cloud CLS API 3.0 (version
// 2020-10-16) for the telemetry emulator: TC3-HMAC-SHA256 authentication
// with the vendor's AuthFailure.* codes, the Response envelope (errors with
// HTTP 200, as the real gateway answers), a per-action rate limit, and the
// CreateExport / DescribeExports / DeleteExport operations on export tasks
// that move Queuing → Processing → Completed (→ Expired) on a clock.
//
// The emulator modes (core.Modes) apply to DescribeExports: -page-cap
// clamps Limit; -visibility-lag-ms shows exports created or deleted only a
// lag after the write, with their status as of now minus the lag (writes
// and the admin state see the truth); -normalize answers ids with their hex
// in the other case, CreateTime as RFC 3339 in -05:00 without
// CreateTimestamp, and Order/Format in upper case (see normalizeInfo);
// -vendor-example-shapes makes CreateExport return the export id without
// the "export-" prefix DescribeExports lists it with, as the vendor's own
// examples do (see createdID).
// Topics belong to one region; asked in another they do not exist.
//
// Files: emulator.go (New, Options and flags, the operations table,
// ServeHTTP, rate limit), auth.go (TC3-HMAC-SHA256), exports.go and
// topics.go (one object kind each; exports.go has the operations),
// sts.go (STS AssumeRole and AssumeRoleWithWebIdentity, the CVM metadata
// paths of the instance's CAM role; the credentials they issue are
// accepted by auth.go until they expire),
// errors.go (Response envelope, WriteThrottled/WriteFault), admin.go
// (/_emulator/tencent/), state.go (State/Restore/Reset).
package tencent

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"golang.org/x/time/rate"
)

// Default credentials shared by the docs, the demo and the tests.
const (
	DefaultSecretID  = "emulator-secret-id"
	DefaultSecretKey = "emulator-secret-key"
	DefaultRegion    = "ap-guangzhou"
)

// FailMarker in an export's Query makes the emulator end that export in
// Failed instead of Completed, after the usual queue and processing time.
const FailMarker = "__fail__"

// Options configures the Tencent emulator. Durations are in milliseconds so
// that tests and flags share one unit.
type Options struct {
	// SecretID and SecretKey are the only accepted key pair.
	SecretID, SecretKey string
	// SecurityToken, when set, makes the key pair temporary: every request
	// must carry it in X-TC-Token, as STS credentials require.
	SecurityToken string
	// DefaultRegion is used when a request has no X-TC-Region, unless
	// RequireRegion rejects such requests with MissingParameter.
	DefaultRegion string
	RequireRegion bool
	// QueueMS is how long a new export stays Queuing, ProcessMS how long it
	// then stays Processing, ExpireMS how long a Completed export stays
	// downloadable before it turns Expired (3 days on the real service).
	QueueMS, ProcessMS, ExpireMS int64
	// RateLimit enables the per-action limit of RateLimitPerSecond requests
	// per second (20 on the real service); refusals are RequestLimitExceeded.
	RateLimit          bool
	RateLimitPerSecond float64
	// MaxExportsPerTopic refuses CreateExport with LimitExceeded.Export once a
	// topic holds that many exports; zero means no quota (none is documented).
	MaxExportsPerTopic int
	// Topics are seeded at start and on reset; an empty Region means
	// DefaultRegion.
	Topics []Topic
	// UIN is the account id used in export file names.
	UIN string
	// WebIdentityToken is the OIDC token STS AssumeRoleWithWebIdentity
	// accepts; CAMRoleName is the instance's CAM role of the CVM metadata
	// paths.
	WebIdentityToken, CAMRoleName string
}

// DefaultOptions returns the defaults: the fixed credentials, exports that
// complete in about 2.5 s and expire after 3 days, rate limiting on, and
// DefaultTopics seeded.
func DefaultOptions() Options {
	return Options{
		SecretID:           DefaultSecretID,
		SecretKey:          DefaultSecretKey,
		DefaultRegion:      DefaultRegion,
		QueueMS:            500,
		ProcessMS:          2000,
		ExpireMS:           (72 * time.Hour).Milliseconds(),
		RateLimit:          true,
		RateLimitPerSecond: tencentcloud.RateLimit,
		Topics:             append([]Topic(nil), DefaultTopics...),
		UIN:                "1250000000",
		WebIdentityToken:   "emulator-web-identity-token",
		CAMRoleName:        "emulator-cam-role",
	}
}

// RegisterFlags adds the vendor's flags to fs.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.SecretID, "tencent-secret-id", o.SecretID, "Tencent CLS: the accepted SecretId")
	fs.StringVar(&o.SecretKey, "tencent-secret-key", o.SecretKey, "Tencent CLS: the accepted SecretKey")
	fs.StringVar(&o.SecurityToken, "tencent-security-token", o.SecurityToken, "Tencent CLS: when set, the key pair is temporary and requests must send this X-TC-Token")
	fs.StringVar(&o.DefaultRegion, "tencent-default-region", o.DefaultRegion, "Tencent CLS: region assumed when a request has no X-TC-Region")
	fs.BoolVar(&o.RequireRegion, "tencent-require-region", o.RequireRegion, "Tencent CLS: reject requests without X-TC-Region (MissingParameter)")
	fs.Int64Var(&o.QueueMS, "tencent-queue-ms", o.QueueMS, "Tencent CLS: milliseconds a new export stays Queuing")
	fs.Int64Var(&o.ProcessMS, "tencent-process-ms", o.ProcessMS, "Tencent CLS: milliseconds an export then stays Processing before Completed (or Failed, when its query contains "+FailMarker+")")
	fs.Int64Var(&o.ExpireMS, "tencent-expire-ms", o.ExpireMS, "Tencent CLS: milliseconds a Completed export stays downloadable before Expired")
	fs.BoolVar(&o.RateLimit, "tencent-rate-limit", o.RateLimit, "Tencent CLS: enforce the per-action rate limit (RequestLimitExceeded)")
	fs.Float64Var(&o.RateLimitPerSecond, "tencent-rate-limit-rps", o.RateLimitPerSecond, "Tencent CLS: requests per second per action when the rate limit is on")
	fs.IntVar(&o.MaxExportsPerTopic, "tencent-max-exports-per-topic", o.MaxExportsPerTopic, "Tencent CLS: refuse CreateExport with LimitExceeded.Export beyond this many exports per topic (0 = no quota)")
	fs.StringVar(&o.WebIdentityToken, "tencent-web-identity-token", o.WebIdentityToken, "Tencent STS: the OIDC token AssumeRoleWithWebIdentity accepts")
	fs.StringVar(&o.CAMRoleName, "tencent-cam-role", o.CAMRoleName, "Tencent CVM metadata: the instance's CAM role (/latest/meta-data/cam/security-credentials/)")
	fs.Func("tencent-topics", "Tencent CLS: extra topics to seed, comma separated, each ID or REGION:ID (UUIDs; without a region, in the default region; the defaults "+defaultTopicIDs()+" are always seeded there)", func(s string) error {
		for _, item := range strings.Split(s, ",") {
			t, err := parseTopicFlag(item)
			if err != nil {
				return err
			}
			if t.TopicID != "" {
				o.Topics = append(o.Topics, t)
			}
		}
		return nil
	})
}

// Emulator is the Tencent CLS API.
type Emulator struct {
	env  *core.Env
	opts Options

	mu       sync.Mutex
	topics   []Topic
	exports  []*export
	seq      int64
	limiters map[string]*rate.Limiter
}

// New returns an emulator seeded with opts.Topics.
func New(env *core.Env, opts Options) *Emulator {
	if opts.RateLimitPerSecond <= 0 {
		opts.RateLimitPerSecond = tencentcloud.RateLimit
	}
	if opts.DefaultRegion == "" {
		opts.DefaultRegion = DefaultRegion
	}
	def := DefaultOptions()
	if opts.WebIdentityToken == "" {
		opts.WebIdentityToken = def.WebIdentityToken
	}
	if opts.CAMRoleName == "" {
		opts.CAMRoleName = def.CAMRoleName
	}
	e := &Emulator{env: env, opts: opts}
	e.Reset()
	return e
}

// opHandler runs one operation after authentication and returns the
// Response fields, or the vendor's error code and message.
type opHandler func(e *Emulator, r *http.Request, region string, body []byte) (out any, code, msg string)

// operations are the actions this emulator implements, with their handlers.
var operations = map[string]opHandler{
	"CreateExport":    (*Emulator).createExport,
	"DescribeExports": (*Emulator).describeExports,
	"DeleteExport":    (*Emulator).deleteExport,
	// sts.go
	"AssumeRole":                (*Emulator).assumeRole,
	"AssumeRoleWithWebIdentity": (*Emulator).assumeRoleWithWebIdentity,
}

// maxBody mirrors the API 3.0 POST limit closely enough for an emulator.
const maxBody = 10 << 20

// ServeHTTP answers API requests: transport checks, action and version,
// authentication, then the operation through core.Dispatch (which counts it
// and applies armed faults).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/latest/meta-data/") {
		e.serveMetadata(w, r)
		return
	}
	if r.Method != http.MethodPost {
		// API 3.0 also accepts GET with form parameters; this emulator, like
		// the provider, speaks only POST + JSON.
		writeError(w, http.StatusOK, "UnsupportedProtocol", "only POST with a JSON body is supported by this emulator")
		return
	}
	action := r.Header.Get("X-TC-Action")
	op, known := operations[action]
	if !known {
		writeError(w, http.StatusOK, "InvalidAction", fmt.Sprintf("the action %q does not exist", action))
		return
	}
	service, version := serviceOf(action)
	if v := r.Header.Get("X-TC-Version"); v != version {
		writeError(w, http.StatusOK, "NoSuchVersion", fmt.Sprintf("the API version %q does not exist; use %s", v, version))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		writeError(w, http.StatusOK, "InvalidRequest", "reading the request body failed")
		return
	}
	if len(body) > maxBody {
		writeError(w, http.StatusOK, "RequestSizeLimitExceeded", "the request body is too large")
		return
	}
	if !anonymousActions[action] {
		if code, msg := e.authenticate(r, body, service); code != "" {
			writeError(w, http.StatusOK, code, msg)
			return
		}
	}
	region := r.Header.Get("X-TC-Region")
	if region == "" {
		if e.opts.RequireRegion {
			writeError(w, http.StatusOK, "MissingParameter", "the X-TC-Region header is required")
			return
		}
		region = e.opts.DefaultRegion
	}
	e.env.Dispatch(w, r, action, errorWriter{}, func(w http.ResponseWriter, r *http.Request) {
		if !e.allow(action) {
			writeError(w, http.StatusOK, "RequestLimitExceeded", fmt.Sprintf("%s is limited to %g requests per second", action, e.opts.RateLimitPerSecond))
			return
		}
		out, code, msg := op(e, r, region, body)
		if code != "" {
			writeError(w, http.StatusOK, code, msg)
			return
		}
		writeResponse(w, out)
	})
}

// allow applies the per-action token bucket on the emulator's clock.
func (e *Emulator) allow(action string) bool {
	if !e.opts.RateLimit {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	l, ok := e.limiters[action]
	if !ok {
		burst := max(int(e.opts.RateLimitPerSecond), 1)
		l = rate.NewLimiter(rate.Limit(e.opts.RateLimitPerSecond), burst)
		e.limiters[action] = l
	}
	return l.AllowN(e.env.Now(), 1)
}
