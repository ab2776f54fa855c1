// Package transport is the HTTP layer every cloud client shares: retries with
// backoff and jitter, client-side rate limits, request logging through tflog
// subsystems with secrets masked, and the rule that a non-idempotent call is
// only retried when it provably had no effect.
package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// presignedURL matches an address with a query string, the shape of every
// presigned download link, also inside a JSON body whose encoder escapes
// slashes ("https:\/\/host\/path?sign=...").
var presignedURL = regexp.MustCompile(`https?:\\?/\\?/[^\s"'?]+\?[^\s"']*`)

// DefaultMaxRetries is used when a Config leaves MaxRetries at zero.
const DefaultMaxRetries = 5

// maskedKeys are log field keys whose values are always replaced by ***.
var maskedKeys = []string{
	"secret_key", "security_token", "auth_token", "authorization", "x-auth-token",
	"signature", "download_url", "access_key_secret", "token",
}

// Config describes one cloud's transport.
type Config struct {
	// Cloud is the provider block name (alicloud, tencentcloud, huaweicloud); it
	// names the tflog subsystem.
	Cloud string
	// HTTPClient defaults to a client with sane timeouts.
	HTTPClient *http.Client
	// MaxRetries is the number of retries after failures (network, 5xx);
	// negative means none. Throttling answers have their own budget,
	// ThrottledRetriesPerRetry times as large.
	MaxRetries int
	// Secrets are values masked wherever they would appear in logs.
	Secrets []string
	// RateLimit is the documented requests per second per action, shared by every
	// Transport with the same RateKey in this process: the most this process
	// sends; it sends less while throttling answers say that others share the
	// quota (see adaptiveLimiter). Zero means no limit.
	RateLimit float64
	// RateKey groups limiters (typically cloud + endpoint + credential id).
	RateKey string
	// Sleep waits between attempts; tests replace it to avoid real time.
	Sleep func(ctx context.Context, d time.Duration) error
	// BaseDelay and MaxDelay shape the backoff; defaults 200ms and 10s.
	BaseDelay, MaxDelay time.Duration
	// Where names where requests go and which setting chose it, for the
	// errors of calls that fail on the network ("http://127.0.0.1:1, from
	// tencentcloud.endpoint / TELEMETRY_TENCENTCLOUD_ENDPOINT").
	Where string
}

// ThrottledRetriesPerRetry sizes the budget of retries after throttling
// answers: this many per retry MaxRetries allows (20 by default, none when
// retries are off). A throttling answer proves the call had no effect, and
// the client-side rate slows down with each (see adaptiveLimiter), so
// retrying is safe and does not add to the load; but when several processes
// share a quota, a call may be refused a few times in a row by chance,
// which a budget of MaxRetries alone would turn into an error.
const ThrottledRetriesPerRetry = 4

func (t *Transport) throttledRetries() int { return ThrottledRetriesPerRetry * t.cfg.MaxRetries }

// Transport sends requests built by the cloud clients.
type Transport struct {
	cfg Config
}

// New returns a Transport for cfg.
func New(cfg Config) *Transport {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 0, Transport: defaultRoundTripper}
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.Sleep == nil {
		cfg.Sleep = SleepContext
	}
	if cfg.BaseDelay == 0 {
		cfg.BaseDelay = 200 * time.Millisecond
	}
	if cfg.MaxDelay == 0 {
		cfg.MaxDelay = 10 * time.Second
	}
	return &Transport{cfg: cfg}
}

var defaultRoundTripper = &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	MaxIdleConns:          100,
	MaxIdleConnsPerHost:   32,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ResponseHeaderTimeout: 2 * time.Minute,
}

// Request is one API call. Build is called once per attempt so that every
// attempt carries a fresh timestamp, nonce and signature.
type Request struct {
	// Action is the vendor's operation name, used for logs, rate limits and errors.
	Action string
	// Region is logged with the call.
	Region string
	// Idempotent marks calls that may be retried after an ambiguous failure
	// (reads, deletes, upserts). Creates that are not idempotent leave it false.
	Idempotent bool
	// Secrets are extra values (for example a secret inside the body) to mask.
	Secrets []string
	// Build returns the signed request for one attempt.
	Build func(ctx context.Context) (*http.Request, error)
	// Decode inspects a complete response and returns the vendor error it
	// carries, or nil on success, plus the request id when the body has one.
	Decode func(status int, header http.Header, body []byte) (requestID string, err error)
}

// Response is a successful, fully read response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	RequestID  string
}

// Classified is implemented by vendor errors so the transport can decide on retries.
type Classified interface {
	error
	// Throttled reports a rate-limit refusal: the request had no effect.
	Throttled() bool
	// Transient reports a server-side failure (5xx) whose effect is unknown.
	Transient() bool
}

// AmbiguousError wraps a failure after which a non-idempotent request may or
// may not have taken effect (connection lost after sending, 5xx).
type AmbiguousError struct {
	Action string
	Err    error
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s may or may not have taken effect: %v", e.Action, e.Err)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether err says the call's effect is unknown.
func IsAmbiguous(err error) bool {
	var a *AmbiguousError
	return errors.As(err, &a)
}

// Do sends req, retrying as the rules allow, and returns the read response.
func (t *Transport) Do(ctx context.Context, req Request) (*Response, error) {
	resp, body, err := t.do(ctx, req, false)
	if err != nil {
		return nil, err
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body.bytes, RequestID: body.requestID}, nil
}

// DoStream is Do for downloads: on success it returns the response with the
// body unread (the caller closes it); error responses are read and decoded.
func (t *Transport) DoStream(ctx context.Context, req Request) (*http.Response, error) {
	resp, _, err := t.do(ctx, req, true)
	return resp, err
}

type readBody struct {
	bytes     []byte
	requestID string
}

// maxErrorBody bounds what is read from a response we decode in memory.
const maxBody = 32 << 20

func (t *Transport) do(ctx context.Context, req Request, stream bool) (*http.Response, readBody, error) {
	ctx = t.logContext(ctx, req)
	limiter := t.limiter(req.Action)
	var lastErr error
	// retries counts retries after failures, throttled those after
	// throttling answers: each has its own budget (see ThrottledRetries).
	retries, throttled := 0, 0
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			d := Backoff(attempt, t.cfg.BaseDelay, t.cfg.MaxDelay)
			tflog.SubsystemWarn(ctx, t.cfg.Cloud, "retrying cloud API call", map[string]any{
				"action": req.Action, "attempt": attempt + 1, "delay_ms": d.Milliseconds(), "error": lastErr.Error(),
			})
			if err := t.cfg.Sleep(ctx, d); err != nil {
				return nil, readBody{}, fmt.Errorf("%s: %w (last error: %v)", req.Action, err, lastErr)
			}
		}
		if limiter != nil {
			if err := limiter.wait(ctx); err != nil {
				if ctx.Err() != nil {
					err = ctx.Err()
				}
				return nil, readBody{}, fmt.Errorf("%s: waiting for the client-side rate limit: %w", req.Action, err)
			}
		}
		httpReq, err := req.Build(ctx)
		if err != nil {
			return nil, readBody{}, fmt.Errorf("building %s request: %w", req.Action, err)
		}
		start := time.Now()
		resp, err := t.cfg.HTTPClient.Do(httpReq)
		if err != nil {
			if ctx.Err() != nil {
				if !req.Idempotent && !NotSent(err) {
					// Cancelled or timed out after the request may have left:
					// the caller must reconcile, exactly as for a dropped answer.
					return nil, readBody{}, &AmbiguousError{Action: req.Action, Err: ctx.Err()}
				}
				return nil, readBody{}, fmt.Errorf("%s: %w", req.Action, ctx.Err())
			}
			tflog.SubsystemDebug(ctx, t.cfg.Cloud, "cloud API call failed", map[string]any{
				"action": req.Action, "region": req.Region, "attempt": attempt + 1,
				"duration_ms": time.Since(start).Milliseconds(), "error": err.Error(),
			})
			notSent := NotSent(err)
			if (notSent || req.Idempotent) && retries < t.cfg.MaxRetries {
				retries++
				lastErr = err
				continue
			}
			if !notSent && !req.Idempotent {
				return nil, readBody{}, &AmbiguousError{Action: req.Action, Err: t.at(err)}
			}
			if notSent {
				return nil, readBody{}, fmt.Errorf("calling %s: %w; the request never reached the server", req.Action, t.at(err))
			}
			return nil, readBody{}, fmt.Errorf("calling %s: %w", req.Action, t.at(err))
		}
		ok := resp.StatusCode >= 200 && resp.StatusCode < 300
		if stream && ok {
			tflog.SubsystemDebug(ctx, t.cfg.Cloud, "cloud API call", map[string]any{
				"action": req.Action, "region": req.Region, "http_status": resp.StatusCode, "attempt": attempt + 1,
				"duration_ms": time.Since(start).Milliseconds(),
			})
			return resp, readBody{}, nil
		}
		body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
		if readErr != nil {
			if ctx.Err() != nil {
				return nil, readBody{}, fmt.Errorf("%s: %w", req.Action, ctx.Err())
			}
			if req.Idempotent && retries < t.cfg.MaxRetries {
				retries++
				lastErr = readErr
				continue
			}
			if !req.Idempotent {
				return nil, readBody{}, &AmbiguousError{Action: req.Action, Err: readErr}
			}
			return nil, readBody{}, fmt.Errorf("reading %s response: %w", req.Action, readErr)
		}
		requestID, apiErr := req.Decode(resp.StatusCode, resp.Header, body)
		fields := map[string]any{
			"action": req.Action, "region": req.Region, "http_status": resp.StatusCode, "request_id": requestID,
			"attempt": attempt + 1, "duration_ms": time.Since(start).Milliseconds(),
		}
		if apiErr != nil {
			fields["error"] = apiErr.Error()
		}
		tflog.SubsystemDebug(ctx, t.cfg.Cloud, "cloud API call", fields)
		tflog.SubsystemTrace(ctx, t.cfg.Cloud, "cloud API response body", map[string]any{"action": req.Action, "body": MaskBody(body)})
		var c Classified
		refused := apiErr != nil && errors.As(apiErr, &c) && c.Throttled()
		if limiter != nil {
			if !refused {
				limiter.accepted()
			} else if rate, cut := limiter.throttled(start, time.Now()); cut {
				tflog.SubsystemDebug(ctx, t.cfg.Cloud, "throttled: lowering the client-side rate", map[string]any{
					"action": req.Action, "rate_per_s": rate,
				})
			}
		}
		if apiErr == nil {
			return resp, readBody{bytes: body, requestID: requestID}, nil
		}
		if c != nil {
			switch {
			case refused:
				if throttled < t.throttledRetries() {
					throttled++
					lastErr = apiErr
					continue
				}
			case c.Transient():
				if req.Idempotent && retries < t.cfg.MaxRetries {
					retries++
					lastErr = apiErr
					continue
				}
				if !req.Idempotent {
					return nil, readBody{}, &AmbiguousError{Action: req.Action, Err: apiErr}
				}
			}
		}
		return nil, readBody{}, apiErr
	}
}

// IsTransient reports whether err is a failure worth retrying later rather
// than an answer: throttling, a 5xx, or a network failure (connection
// refused or reset, a timeout, an answer cut short). A cancelled or expired
// context of the caller is not transient: the caller has given up.
func IsTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var c Classified
	if errors.As(err, &c) {
		return c.Throttled() || c.Transient()
	}
	if IsAmbiguous(err) {
		return true
	}
	var netErr net.Error
	var urlErr *url.Error
	return errors.As(err, &netErr) || errors.As(err, &urlErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}

// RetryAdvice is the next step a diagnostic gives for err when err is
// transient (throttling, a 5xx, a network failure that outlasted the
// retries), naming service; "" otherwise.
func RetryAdvice(err error, service string) string {
	if !IsTransient(err) {
		return ""
	}
	return service + " did not answer successfully, also on the provider's retries. This is usually temporary: " +
		"run the same command again later (or raise the provider's max_retries)."
}

// NotSent reports whether a client error happened before the request could
// reach the server (dial failures, refused connections, DNS failures, a TLS
// handshake that failed, e.g. https:// to a plain HTTP endpoint), which
// makes retrying safe even for non-idempotent calls and rules out an
// ambiguous write.
func NotSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	var recordErr tls.RecordHeaderError
	var verifyErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	return errors.As(err, &dnsErr) || errors.As(err, &recordErr) || errors.As(err, &verifyErr) ||
		errors.As(err, &unknownCA) || errors.As(err, &hostErr) || errors.As(err, &invalidCert) ||
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// at adds where the call went to a network failure.
func (t *Transport) at(err error) error {
	if t.cfg.Where == "" {
		return err
	}
	return fmt.Errorf("%w (endpoint %s)", err, t.cfg.Where)
}

// Backoff returns the delay before retry number attempt (1-based): exponential
// from base, capped at max, with full jitter over the upper half so that the
// delay is never below half of the exponential step.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// SleepContext waits for d or until ctx is done.
func SleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// logContext builds the vendor's tflog subsystem and all its masks once per call.
func (t *Transport) logContext(ctx context.Context, req Request) context.Context {
	ctx = tflog.NewSubsystem(ctx, t.cfg.Cloud, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_TELEMETRY", strings.ToUpper(t.cfg.Cloud)))
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, t.cfg.Cloud, maskedKeys...)
	// Presigned download addresses grant access; they arrive inside response
	// bodies, so they are masked by shape: any URL that carries a query string.
	ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, t.cfg.Cloud, presignedURL)
	secrets := nonEmpty(append(append([]string{}, t.cfg.Secrets...), req.Secrets...))
	if len(secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, t.cfg.Cloud, secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, t.cfg.Cloud, secrets...)
	}
	return ctx
}

func nonEmpty(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

var (
	limitersMu sync.Mutex
	limiters   = map[string]*adaptiveLimiter{}
)

// limiter returns the process-wide limiter for this transport's key and
// action (see adaptiveLimiter).
func (t *Transport) limiter(action string) *adaptiveLimiter {
	if t.cfg.RateLimit <= 0 {
		return nil
	}
	key := t.cfg.RateKey + "|" + action
	limitersMu.Lock()
	defer limitersMu.Unlock()
	l, ok := limiters[key]
	if !ok {
		l = newAdaptiveLimiter(t.cfg.RateLimit, aimdBurst)
		limiters[key] = l
	}
	return l
}
