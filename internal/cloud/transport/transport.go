// Package transport is the HTTP layer every cloud client shares: retries with
// backoff and jitter, client-side rate limits, request logging through tflog
// subsystems with secrets masked, and the rule that a non-idempotent call is
// only retried when it provably had no effect.
package transport

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// DefaultMaxRetries is used when a Config leaves MaxRetries at zero.
const DefaultMaxRetries = 5

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
	// Transport with the same Limiters and RateKey: the most they send
	// together; they send less while throttling answers say that others share
	// the quota (see adaptiveLimiter). Zero means no limit.
	RateLimit float64
	// RateKey groups limiters (typically cloud + endpoint + credential id).
	RateKey string
	// Limiters is the registry the rate limiters come from: the provider
	// configuration's (conns.Clients), so that its clients of one RateKey
	// share a pace. Nil means a registry of this Transport's own.
	Limiters *Limiters
	// Sleep waits between attempts; tests replace it to avoid real time.
	Sleep func(ctx context.Context, d time.Duration) error
	// BaseDelay and MaxDelay shape the backoff; defaults 200ms and 10s.
	BaseDelay, MaxDelay time.Duration
	// Where names where requests go and which setting chose it, for the
	// errors of calls that fail on the network ("http://127.0.0.1:1, from
	// tencentcloud.endpoint / TELEMETRY_TENCENTCLOUD_ENDPOINT").
	Where string
}

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
	if cfg.Limiters == nil {
		cfg.Limiters = NewLimiters()
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

// maxBody bounds what is read from a response we decode in memory.
const maxBody = 32 << 20

// at adds where the call went to a network failure.
func (t *Transport) at(err error) error {
	if t.cfg.Where == "" {
		return err
	}
	return fmt.Errorf("%w (endpoint %s)", err, t.cfg.Where)
}
