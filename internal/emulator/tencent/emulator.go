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
// CreateTimestamp, and Order/Format in upper case (see normalizeInfo).
// Topics belong to one region; asked in another they do not exist.
package tencent

import (
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
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

// DefaultTopics are the topics every emulator starts with, in the default
// region (ap-guangzhou unless -tencent-default-region says otherwise). The
// demo and the examples use the first one.
var DefaultTopics = []Topic{
	{TopicID: "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b", TopicName: "demo-app-logs"},
	{TopicID: "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f", TopicName: "demo-audit-logs"},
}

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

// parseTopicFlag reads one -tencent-topics item: ID or REGION:ID. An empty
// item gives a zero Topic.
func parseTopicFlag(item string) (Topic, error) {
	item = strings.TrimSpace(item)
	if item == "" {
		return Topic{}, nil
	}
	region, id := "", item
	if r, rest, ok := strings.Cut(item, ":"); ok {
		region, id = strings.TrimSpace(r), strings.TrimSpace(rest)
		if !regionPattern.MatchString(region) {
			return Topic{}, fmt.Errorf("%q: region %q is not a region id such as ap-guangzhou", item, region)
		}
	}
	if !topicIDPattern.MatchString(id) {
		return Topic{}, fmt.Errorf("topic id %q is not a UUID", id)
	}
	return Topic{TopicID: id, TopicName: "topic-" + id[:8], Region: region}, nil
}

var regionPattern = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)

// withRegion returns topics with an empty Region set to region.
func withRegion(topics []Topic, region string) []Topic {
	out := append([]Topic(nil), topics...)
	for i := range out {
		if out[i].Region == "" {
			out[i].Region = region
		}
	}
	return out
}

func defaultTopicIDs() string {
	ids := make([]string, len(DefaultTopics))
	for i, t := range DefaultTopics {
		ids[i] = t.TopicID
	}
	return strings.Join(ids, ", ")
}

var topicIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Topic is a CLS log topic exports can be made from.
type Topic struct {
	TopicID   string `json:"topic_id"`
	TopicName string `json:"topic_name"`
	// Region is where the topic lives; requests for it in any other region
	// answer ResourceNotFound.TopicNotExist.
	Region string `json:"region,omitempty"`
	// Closed topics refuse exports with FailedOperation.TopicClosed.
	Closed bool `json:"closed,omitempty"`
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
	e := &Emulator{env: env, opts: opts}
	e.Reset()
	return e
}

// Reset forgets every export and returns to the seeded topics.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.topics = withRegion(e.opts.Topics, e.opts.DefaultRegion)
	e.exports = nil
	e.limiters = map[string]*rate.Limiter{}
}

// operations are the actions this emulator implements.
var operations = map[string]bool{"CreateExport": true, "DescribeExports": true, "DeleteExport": true}

// maxBody mirrors the API 3.0 POST limit closely enough for an emulator.
const maxBody = 10 << 20

// ServeHTTP answers API requests: transport checks, action and version,
// authentication, then the operation through core.Dispatch (which counts it
// and applies armed faults).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		// API 3.0 also accepts GET with form parameters; this emulator, like
		// the provider, speaks only POST + JSON.
		writeError(w, http.StatusOK, "UnsupportedProtocol", "only POST with a JSON body is supported by this emulator")
		return
	}
	action := r.Header.Get("X-TC-Action")
	if !operations[action] {
		writeError(w, http.StatusOK, "InvalidAction", fmt.Sprintf("the action %q does not exist", action))
		return
	}
	if v := r.Header.Get("X-TC-Version"); v != tencentcloud.APIVersion {
		writeError(w, http.StatusOK, "NoSuchVersion", fmt.Sprintf("the API version %q does not exist; use %s", v, tencentcloud.APIVersion))
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
	if code, msg := e.authenticate(r, body); code != "" {
		writeError(w, http.StatusOK, code, msg)
		return
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
		var (
			out  any
			code string
			msg  string
		)
		switch action {
		case "CreateExport":
			out, code, msg = e.createExport(region, body)
		case "DescribeExports":
			out, code, msg = e.describeExports(r, region, body)
		case "DeleteExport":
			out, code, msg = e.deleteExport(region, body)
		}
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

var authPattern = regexp.MustCompile(`^TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/([a-z0-9-]+)/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$`)

// maxClockSkew is the vendor's window for X-TC-Timestamp.
const maxClockSkew = 5 * time.Minute

// authenticate verifies TC3-HMAC-SHA256 the way the gateway does and returns
// the vendor's error code and message, or "" when the request is genuine.
func (e *Emulator) authenticate(r *http.Request, body []byte) (code, msg string) {
	m := authPattern.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		return "AuthFailure.InvalidAuthorization", "the Authorization header is not a TC3-HMAC-SHA256 authorization"
	}
	secretID, date, service, signedHeaders, signature := m[1], m[2], m[3], strings.Split(m[4], ";"), m[5]
	if !contains(signedHeaders, "content-type") || !contains(signedHeaders, "host") {
		return "AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host"
	}
	if secretID != e.opts.SecretID {
		return "AuthFailure.SecretIdNotFound", "the SecretId is not found; check that it exists and is enabled"
	}
	if e.opts.SecurityToken != "" && r.Header.Get("X-TC-Token") != e.opts.SecurityToken {
		return "AuthFailure.TokenFailure", "the temporary credential needs a valid X-TC-Token"
	}
	tsText := r.Header.Get("X-TC-Timestamp")
	if tsText == "" {
		return "MissingParameter", "the X-TC-Timestamp header is required"
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return "InvalidParameter", "X-TC-Timestamp must be Unix seconds"
	}
	if skew := e.env.Now().Sub(time.Unix(ts, 0)); skew > maxClockSkew || skew < -maxClockSkew {
		return "AuthFailure.SignatureExpire", "the signature has expired: X-TC-Timestamp differs from the server time by more than 5 minutes"
	}
	if date != tencentcloud.ScopeDate(ts) || service != tencentcloud.Service {
		return "AuthFailure.SignatureFailure", "the credential scope does not match the timestamp's UTC date or the service"
	}
	headers := map[string]string{}
	for _, h := range signedHeaders {
		if h == "host" {
			headers[h] = r.Host
			continue
		}
		headers[h] = r.Header.Get(h)
	}
	want := tencentcloud.Signature(tencentcloud.SignInput{
		Method: r.Method, CanonicalURI: "/", CanonicalQuery: r.URL.RawQuery,
		Headers: headers, SignedHeaders: signedHeaders, Payload: body,
		Timestamp: ts, Service: service, SecretKey: e.opts.SecretKey,
	})
	if !tencentcloud.SignaturesEqual(want, signature) {
		return "AuthFailure.SignatureFailure", "the request signature does not match; check the SecretKey and the signing steps"
	}
	return "", ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// errorWriter answers faults in the vendor's envelope.
type errorWriter struct{}

var _ core.ErrorWriter = errorWriter{}

func (errorWriter) WriteThrottled(w http.ResponseWriter, _ *http.Request, op string) {
	writeError(w, http.StatusOK, "RequestLimitExceeded", op+" request rate exceeded the limit")
}

func (errorWriter) WriteFault(w http.ResponseWriter, _ *http.Request, op string, f *core.Fault) {
	status := f.HTTPStatus
	if status == 0 {
		status = http.StatusOK
	}
	msg := f.Message
	if msg == "" {
		msg = "injected fault for " + op
	}
	writeError(w, status, f.Code, msg)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeEnvelope(w, status, map[string]any{"Error": map[string]string{"Code": code, "Message": msg}})
}

func writeResponse(w http.ResponseWriter, out any) {
	fields := map[string]any{}
	if out != nil {
		b, _ := json.Marshal(out)
		_ = json.Unmarshal(b, &fields)
	}
	writeEnvelope(w, http.StatusOK, fields)
}

func writeEnvelope(w http.ResponseWriter, status int, fields map[string]any) {
	fields["RequestId"] = newUUID()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"Response": fields})
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
