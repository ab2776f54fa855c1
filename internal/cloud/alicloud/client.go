// Package alicloud is a small signed client for the Alibaba Cloud
// CloudMonitor (CMS) RPC API, version 2019-01-01.
//
// Every call is an RPC-style POST to "/" signed with ACS3-HMAC-SHA256 (V3):
// operation parameters travel in the URL query, the body is empty, and the
// action, version, date and nonce travel in signed x-acs-* headers.
package alicloud

import (
	"sync"
	"sync/atomic"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/listcache"

	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// APIVersion is the CMS API version every call names.
const APIVersion = "2019-01-01"

// Config holds what a Client needs. Endpoint is a base URL
// (scheme://host[:port]); empty means the regional vendor host
// https://metrics.<region>.aliyuncs.com.
type Config struct {
	// AccessKey, SecretKey and SecurityToken are fixed keys; Credentials,
	// when set, replaces them and is asked for keys on every attempt (a
	// credential cache that refreshes temporary credentials).
	AccessKey     string
	SecretKey     string
	SecurityToken string
	Credentials   func(ctx context.Context) (Credentials, error)
	// CredentialsExpired, when set, is told the security token the API
	// refused as expired (its clock is ahead of ours): the call is then
	// sent once more with credentials asked for again, which the cache
	// behind Credentials must refresh.
	CredentialsExpired func(securityToken string)
	// Version is the API version the client's calls name (default
	// APIVersion, the CMS one; STSVersion for the STS client).
	Version    string
	Region     string
	Endpoint   string
	MaxRetries int
	HTTPClient *http.Client
	UserAgent  string

	// Now and Nonce replace the clock and the nonce source in tests; nil
	// means time.Now and 16 random bytes in hex.
	Now   func() time.Time
	Nonce func() string
	// Sleep replaces the transport's wait between retries in tests.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client calls CMS operations.
type Client struct {
	cfg Config
	tr  *transport.Transport
	// outputs shares DescribeExporterOutputList pages between lookups.
	outputs *listcache.Cache[ExporterOutput]
	// writes counts the exporter output writes in flight (BeginWrite).
	writes atomic.Int64
	// rules and ruleWrites are the same for export rules
	// (DescribeExporterRuleList, BeginRuleWrite).
	rules      *listcache.Cache[ExporterRule]
	ruleWrites atomic.Int64
	// refusedPageSizes holds the list actions whose larger page size a
	// server refused (withPageSize): they use DefaultPageSize from then on.
	refusedPageSizes sync.Map
}

// NewClient returns a Client for cfg.
func NewClient(cfg Config) *Client {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Nonce == nil {
		cfg.Nonce = randomNonce
	}
	if cfg.Version == "" {
		cfg.Version = APIVersion
	}
	if cfg.Credentials == nil {
		fixed := Credentials{AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, SecurityToken: cfg.SecurityToken}
		cfg.Credentials = func(context.Context) (Credentials, error) { return fixed, nil }
	}
	c := &Client{cfg: cfg, outputs: listcache.New[ExporterOutput](0), rules: listcache.New[ExporterRule](0), tr: transport.New(transport.Config{
		Cloud:      "alicloud",
		Where:      whereTo(cfg),
		HTTPClient: cfg.HTTPClient,
		MaxRetries: cfg.MaxRetries,
		Secrets:    []string{cfg.SecretKey, cfg.SecurityToken},
		Sleep:      cfg.Sleep,
	})}
	c.outputs.Expect(func() int { return int(c.writes.Load()) })
	c.rules.Expect(func() int { return int(c.ruleWrites.Load()) })
	return c
}

// BeginRuleWrite is BeginWrite for a create or update of an export rule.
func (c *Client) BeginRuleWrite() (end func()) {
	c.ruleWrites.Add(1)
	return func() { c.ruleWrites.Add(-1) }
}

// BeginWrite marks a create or update of an exporter output in flight until
// the returned function is called. Each does fresh lookups (the name check,
// the read-back), so a fresh list waits for the lookups of all writes in
// flight and starts as soon as they all wait for it (listcache.Expect).
func (c *Client) BeginWrite() (end func()) {
	c.writes.Add(1)
	return func() { c.writes.Add(-1) }
}

// Region is the region the client signs and sends requests for.
func (c *Client) Region() string { return c.cfg.Region }

// Endpoint is the base URL requests go to.
func (c *Client) Endpoint() string {
	if c.cfg.Endpoint != "" {
		return strings.TrimRight(c.cfg.Endpoint, "/")
	}
	return "https://metrics." + c.cfg.Region + ".aliyuncs.com"
}

func randomNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// rpcRequest is one CMS action to call.
type rpcRequest struct {
	// Action is the CMS operation name.
	Action string
	// Params are the operation's flat parameters (lists already flattened as
	// Name.N.Field); RegionId is added from the client's region.
	Params map[string]string
	// Idempotent says whether the call may be retried after an ambiguous
	// failure (reads, deletes and upserts: true; PutCustomEvent: false — it
	// then fails with a *transport.AmbiguousError that the caller reconciles).
	Idempotent bool
	// Secrets are extra values to mask in logs, such as a secret inside a
	// parameter.
	Secrets []string
	// Anonymous calls are sent unsigned (STS AssumeRoleWithOIDC, whose
	// proof is the OIDC token parameter).
	Anonymous bool
}

// rpc calls one CMS action and decodes its JSON answer into out (when out is
// non-nil), returning the request id. A response is a success only when the
// HTTP status is 2xx, its Code is absent or "200" and its Success is not
// false; anything else is a *Error. Every attempt is signed afresh (new
// date, nonce and signature).
func (c *Client) rpc(ctx context.Context, in rpcRequest, out any) (string, error) {
	id, token, err := c.rpcOnce(ctx, in, out)
	if token != "" && c.cfg.CredentialsExpired != nil && IsExpiredToken(err) {
		// Refused before it took effect, so safe to send again even when
		// the call is not idempotent.
		c.cfg.CredentialsExpired(token)
		id, _, err = c.rpcOnce(ctx, in, out)
	}
	return id, err
}

// rpcOnce is rpc without the retry after an expired security token; it
// also returns the security token of the last attempt.
func (c *Client) rpcOnce(ctx context.Context, in rpcRequest, out any) (id, token string, err error) {
	action := in.Action
	query := url.Values{}
	for k, v := range in.Params {
		query.Set(k, v)
	}
	if c.cfg.Region != "" && query.Get("RegionId") == "" {
		query.Set("RegionId", c.cfg.Region)
	}
	var creds Credentials
	if !in.Anonymous {
		var err error
		if creds, err = c.cfg.Credentials(ctx); err != nil {
			return "", "", err
		}
	}
	secrets := append([]string{creds.SecretKey, creds.SecurityToken}, in.Secrets...)
	endpoint := c.Endpoint()
	resp, err := c.tr.Do(ctx, transport.Request{
		Action:     action,
		Region:     c.cfg.Region,
		Idempotent: in.Idempotent,
		Secrets:    secrets,
		Build: func(ctx context.Context) (*http.Request, error) {
			attempt := creds
			if !in.Anonymous {
				var err error
				if attempt, err = c.cfg.Credentials(ctx); err != nil {
					return nil, err
				}
			}
			token = attempt.SecurityToken
			return c.signedRequest(ctx, signInput{endpoint: endpoint, action: action, query: query, creds: attempt, anonymous: in.Anonymous})
		},
		Decode: decodeResponse(action),
	})
	if err != nil {
		return "", token, scrub(err, secrets)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Body, out); err != nil {
			return resp.RequestID, token, fmt.Errorf("decoding %s response (request id %s): %w", action, resp.RequestID, err)
		}
	}
	return resp.RequestID, token, nil
}

// signInput is what one attempt is built from.
type signInput struct {
	endpoint, action string
	query            url.Values
	creds            Credentials
	anonymous        bool
}

// signedRequest builds one V3-signed attempt (unsigned when anonymous).
func (c *Client) signedRequest(ctx context.Context, in signInput) (*http.Request, error) {
	u, err := url.Parse(in.endpoint + "/")
	if err != nil {
		return nil, fmt.Errorf("parsing endpoint: %w", err)
	}
	u.RawQuery = in.query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), nil)
	if err != nil {
		return nil, err
	}
	headers := map[string][]string{
		"host":                  {u.Host},
		"x-acs-action":          {in.action},
		"x-acs-version":         {c.cfg.Version},
		"x-acs-date":            {c.cfg.Now().UTC().Format("2006-01-02T15:04:05Z")},
		"x-acs-signature-nonce": {c.cfg.Nonce()},
		"x-acs-content-sha256":  {EmptyPayloadHash},
	}
	if in.creds.SecurityToken != "" {
		headers["x-acs-security-token"] = []string{in.creds.SecurityToken}
		headers["x-acs-accesskey-id"] = []string{in.creds.AccessKey}
	}
	canonical, signed := CanonicalRequestV3(RequestV3{
		Method: http.MethodPost, Path: "/", Query: in.query, Headers: headers, PayloadHash: EmptyPayloadHash,
	})
	for name, vs := range headers {
		if name == "host" {
			continue
		}
		req.Header.Set(name, vs[0])
	}
	req.Host = u.Host
	req.Header.Set("Accept", "application/json")
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if !in.anonymous {
		req.Header.Set("Authorization", AuthorizationV3(in.creds.AccessKey, signed, SignV3(in.creds.SecretKey, canonical)))
	}
	return req, nil
}

// scrub replaces every secret in a vendor message by ***, so that a gateway
// echoing a parameter back can never put a secret into an error string, and
// drops the query from the URL a network failure names (see withoutQuery).
func scrub(err error, secrets []string) error {
	err = withoutQuery(err)
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	for _, s := range secrets {
		if s != "" {
			e.Message = strings.ReplaceAll(e.Message, s, "***")
			e.Code = strings.ReplaceAll(e.Code, s, "***")
		}
	}
	return err
}

// withoutQuery returns err with the query cut from the URL of the
// *url.Error it wraps (a network failure): the parameters travel there, and
// PutExporterOutput's ConfigJson holds the SLS AccessKey secret. The errors
// wrapping it fixed their text when they were made, so the text is rebuilt.
func withoutQuery(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return &scrubbedError{msg: strings.ReplaceAll(err.Error(), ue.URL, "(unparsable URL)"), err: err}
	}
	if u.RawQuery == "" && !u.ForceQuery {
		return err
	}
	raw := ue.URL
	u.RawQuery, u.ForceQuery = "", false
	ue.URL = u.String()
	return &scrubbedError{msg: strings.ReplaceAll(err.Error(), raw, ue.URL), err: err}
}

// scrubbedError is err with the text msg.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// whereTo names where requests go and what chose it, for network errors.
func whereTo(cfg Config) string {
	if cfg.Endpoint != "" {
		return cfg.Endpoint + ", from alicloud.endpoint or TELEMETRY_ALICLOUD_ENDPOINT"
	}
	return "the vendor's default host for region " + cfg.Region
}
