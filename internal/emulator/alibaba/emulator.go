// Package alibaba emulates the Alibaba Cloud CloudMonitor (CMS) 2019-01-01
// RPC API: the gateway's signature checks (V3 ACS3-HMAC-SHA256 and v1
// HMAC-SHA1), timestamps, nonces, STS tokens and error envelopes, then the
// operations registered in this package.
//
// Adding operations from another file of this package: call Register from an
// init function, and keep your objects in an Extension registered with
// RegisterExtension, e.g.
//
//	func init() {
//		Register("PutCustomEvent", putCustomEvent)
//		RegisterExtension("custom_events", func(e *Emulator) Extension { return newEvents(e) })
//	}
//
// The extension's State appears under its key in State() (and so in
// /_emulator/state), Restore receives that key's JSON back, and Reset is
// called by Reset. Handlers reach it with e.Extension("custom_events").
package alibaba

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
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
	// MaxPageSize caps PageSize of the list operations.
	MaxPageSize int
	// DeleteMissing is DeleteMissing404, DeleteMissing200 or DeleteMissingOK.
	DeleteMissing string
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
	fs.IntVar(&o.MaxPageSize, "alibaba-max-page-size", o.MaxPageSize, "largest PageSize DescribeExporterOutputList accepts")
	fs.StringVar(&o.DeleteMissing, "alibaba-delete-missing", o.DeleteMissing, "answer to DeleteExporterOutput of a missing name: 404 (HTTP 404 ResourceNotFound), 200 (HTTP 200 with Code ResourceNotFound) or ok (success)")
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

// Extension is state kept by another file of this package.
type Extension interface {
	// State returns the objects as JSON-encodable data.
	State() any
	// Restore replaces the objects with what State produced.
	Restore(raw json.RawMessage) error
	// Reset forgets every object.
	Reset()
}

var (
	operations = map[string]OpHandler{}
	extensions = map[string]func(*Emulator) Extension{}
)

// Register adds an operation; call it from an init function.
func Register(action string, h OpHandler) {
	if _, dup := operations[action]; dup {
		panic("alibaba emulator: operation registered twice: " + action)
	}
	operations[action] = h
}

// RegisterExtension adds per-emulator state under key; call it from an init
// function.
func RegisterExtension(key string, f func(*Emulator) Extension) {
	if _, dup := extensions[key]; dup || key == "exporter_outputs" {
		panic("alibaba emulator: extension registered twice: " + key)
	}
	extensions[key] = f
}

// Emulator is the Alibaba CMS API.
type Emulator struct {
	env  *core.Env
	opts Options
	ext  map[string]Extension

	mu      sync.Mutex
	nonces  map[string]time.Time
	outputs map[string]map[string]*core.Version[exporterOutput] // region → name → latest write
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
	e := &Emulator{env: env, opts: opts, ext: map[string]Extension{}, nonces: map[string]time.Time{}, outputs: map[string]map[string]*core.Version[exporterOutput]{}}
	for key, f := range extensions {
		e.ext[key] = f(e)
	}
	return e
}

// Env is the shared emulator environment (clock, stats, faults).
func (e *Emulator) Env() *core.Env { return e.env }

// Options returns the options the emulator runs with.
func (e *Emulator) Options() Options { return e.opts }

// Extension returns the extension registered under key, or nil.
func (e *Emulator) Extension(key string) Extension { return e.ext[key] }

// State returns the objects: {"exporter_outputs": {...}} plus one key per extension.
func (e *Emulator) State() any {
	out := map[string]any{"exporter_outputs": e.exporterOutputsState()}
	for key, x := range e.ext {
		out[key] = x.State()
	}
	return out
}

// Restore replaces the objects with what State produced. Unknown keys are an error.
func (e *Emulator) Restore(raw json.RawMessage) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return fmt.Errorf("alibaba state: %w", err)
	}
	for key, v := range top {
		switch x, ok := e.ext[key]; {
		case key == "exporter_outputs":
			if err := e.restoreExporterOutputs(v); err != nil {
				return fmt.Errorf("alibaba state, exporter_outputs: %w", err)
			}
		case ok:
			if err := x.Restore(v); err != nil {
				return fmt.Errorf("alibaba state, %s: %w", key, err)
			}
		default:
			return fmt.Errorf("alibaba state: unknown key %q", key)
		}
	}
	return nil
}

// Reset forgets every object and every seen nonce.
func (e *Emulator) Reset() {
	e.mu.Lock()
	e.nonces = map[string]time.Time{}
	e.outputs = map[string]map[string]*core.Version[exporterOutput]{}
	e.mu.Unlock()
	for _, x := range e.ext {
		x.Reset()
	}
}

type ctxKey struct{}

// requestID returns the id assigned to r by ServeHTTP (or a fresh one).
func requestID(r *http.Request) string {
	if id, ok := r.Context().Value(ctxKey{}).(string); ok {
		return id
	}
	return NewRequestID()
}

// NewRequestID returns an upper-case UUID, the shape of the vendor's request ids.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := strings.ToUpper(hex.EncodeToString(b[:]))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// WriteJSON writes v with the vendor's content type.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteError writes the gateway error envelope (RequestId, HostId, Code,
// Message, Recommend). CMS business errors also carry Success false.
func WriteError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	id := requestID(r)
	WriteJSON(w, status, map[string]any{
		"RequestId": id,
		"HostId":    r.Host,
		"Code":      code,
		"Message":   message,
		"Recommend": "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(code) + "&product=Cms&requestId=" + id,
		"Success":   false,
	})
}

// WriteSuccess writes fields plus RequestId. Pass Code/Success/Message in
// fields as the operation's documented response has them.
func WriteSuccess(w http.ResponseWriter, c *Call, fields map[string]any) {
	out := map[string]any{"RequestId": c.RequestID}
	for k, v := range fields {
		out[k] = v
	}
	WriteJSON(w, http.StatusOK, out)
}

// knownMessages are the vendor messages of codes a fault may name.
var knownMessages = map[string]string{
	"Throttling":         "Request was denied due to request throttling.",
	"Throttling.User":    "Request was denied due to user flow control.",
	"Throttling.Api":     "Request was denied due to api flow control.",
	"ServiceUnavailable": "The request has failed due to a temporary failure of the server.",
	"InternalError":      "The request processing has failed due to some unknown error.",
	"ParameterInvalid":   "Illegal parameters.",
	"AccessForbidden":    "User not authorized to operate on the specified resource.",
	"ResourceNotFound":   "The specified resource is not found.",
}

// WriteThrottled answers with the gateway's flow-control refusal (core.ErrorWriter).
func (e *Emulator) WriteThrottled(w http.ResponseWriter, r *http.Request, _ string) {
	WriteError(w, r, http.StatusBadRequest, "Throttling.User", knownMessages["Throttling.User"])
}

// WriteFault answers with the error a fault names (core.ErrorWriter). The
// status defaults to 503 for ServiceUnavailable, 500 for InternalError, 404
// for ResourceNotFound and 400 otherwise; a fault with http_status 200
// produces the HTTP-200 error body CMS sometimes returns.
func (e *Emulator) WriteFault(w http.ResponseWriter, r *http.Request, _ string, f *core.Fault) {
	status := f.HTTPStatus
	if status == 0 {
		switch f.Code {
		case "ServiceUnavailable":
			status = http.StatusServiceUnavailable
		case "InternalError":
			status = http.StatusInternalServerError
		case "ResourceNotFound":
			status = http.StatusNotFound
		default:
			status = http.StatusBadRequest
		}
	}
	msg := f.Message
	if msg == "" {
		msg = knownMessages[f.Code]
	}
	WriteError(w, r, status, f.Code, msg)
}

var _ core.ErrorWriter = (*Emulator)(nil)

// ServeHTTP authenticates a request and dispatches it to its operation.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, NewRequestID()))
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

// secretFor returns the secret of ak and whether ak is the STS key.
func (e *Emulator) secretFor(ak string) (secret string, sts, ok bool) {
	switch {
	case ak != "" && ak == e.opts.AccessKey:
		return e.opts.SecretKey, false, true
	case ak != "" && ak == e.opts.STSAccessKey:
		return e.opts.STSSecretKey, true, true
	}
	return "", false, false
}

func (e *Emulator) checkTime(w http.ResponseWriter, r *http.Request, value string) bool {
	ts, err := time.Parse(timestampLayout, value)
	if err != nil || absDuration(e.env.Now().Sub(ts)) > timestampWindow {
		WriteError(w, r, http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
		return false
	}
	return true
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// useNonce records (ak, nonce); false when it was seen within the window.
func (e *Emulator) useNonce(w http.ResponseWriter, r *http.Request, ak, nonce string) bool {
	now := e.env.Now()
	key := ak + "\x00" + nonce
	e.mu.Lock()
	defer e.mu.Unlock()
	if seen, ok := e.nonces[key]; ok && now.Sub(seen) < nonceWindow {
		WriteError(w, r, http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
		return false
	}
	if len(e.nonces) > 10000 {
		for k, t := range e.nonces {
			if now.Sub(t) >= nonceWindow {
				delete(e.nonces, k)
			}
		}
	}
	e.nonces[key] = now
	return true
}

func (e *Emulator) checkToken(w http.ResponseWriter, r *http.Request, sts bool, token string) bool {
	if !sts {
		return true
	}
	if token == "" {
		WriteError(w, r, http.StatusBadRequest, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
		return false
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(e.opts.SecurityToken)) != 1 {
		WriteError(w, r, http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", "The security token you are using does not match your access key.")
		return false
	}
	return true
}

// authV3 verifies an ACS3-HMAC-SHA256 request.
func (e *Emulator) authV3(w http.ResponseWriter, r *http.Request, auth string, body []byte) (*Call, bool) {
	incomplete := func() (*Call, bool) {
		WriteError(w, r, http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
		return nil, false
	}
	parts, ok := alicloud.ParseAuthorizationV3(auth)
	if !ok {
		return incomplete()
	}
	signed := map[string]bool{}
	for _, h := range parts.SignedHeaders {
		signed[strings.ToLower(h)] = true
	}
	for _, h := range []string{"x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		if r.Header.Get(h) == "" || !signed[h] {
			return incomplete()
		}
	}
	if !signed["host"] {
		return incomplete()
	}
	for _, h := range []string{"x-acs-security-token", "content-type"} {
		if r.Header.Get(h) != "" && !signed[h] {
			return incomplete()
		}
	}
	if parts.Credential == "" {
		WriteError(w, r, http.StatusBadRequest, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.")
		return nil, false
	}
	secret, sts, known := e.secretFor(parts.Credential)
	if !known {
		WriteError(w, r, http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		return nil, false
	}
	if !e.checkTime(w, r, r.Header.Get("x-acs-date")) {
		return nil, false
	}
	payloadHash := alicloud.HashHex(body)
	if r.Header.Get("x-acs-content-sha256") != payloadHash {
		WriteError(w, r, http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature does not match our calculation. The x-acs-content-sha256 header does not match the body.")
		return nil, false
	}
	headers := map[string][]string{}
	for name := range signed {
		if name == "host" {
			headers[name] = []string{r.Host}
			continue
		}
		headers[name] = r.Header.Values(name)
	}
	// The V3 canonical query holds the URL query only; a form body is
	// covered by the payload hash.
	urlQuery, _ := url.ParseQuery(r.URL.RawQuery)
	canonical, _ := alicloud.CanonicalRequestV3(alicloud.RequestV3{
		Method: r.Method, Path: r.URL.Path, Query: urlQuery, Headers: headers, PayloadHash: payloadHash,
	})
	want := alicloud.SignV3(secret, canonical)
	if subtle.ConstantTimeCompare([]byte(want), []byte(parts.Signature)) != 1 {
		WriteError(w, r, http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature does not match our calculation.")
		return nil, false
	}
	if !e.useNonce(w, r, parts.Credential, r.Header.Get("x-acs-signature-nonce")) {
		return nil, false
	}
	if !e.checkToken(w, r, sts, r.Header.Get("x-acs-security-token")) {
		return nil, false
	}
	if v := r.Header.Get("x-acs-version"); v != APIVersion {
		WriteError(w, r, http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
		return nil, false
	}
	return &Call{Action: r.Header.Get("x-acs-action"), AccessKey: parts.Credential}, true
}

// authV1 verifies a v1 (HMAC-SHA1 Signature parameter) request.
func (e *Emulator) authV1(w http.ResponseWriter, r *http.Request, params url.Values) (*Call, bool) {
	for _, p := range []string{"AccessKeyId", "Signature", "Timestamp", "SignatureNonce", "Version", "Action"} {
		if params.Get(p) == "" {
			WriteError(w, r, http.StatusBadRequest, "MissingParameter", fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", p))
			return nil, false
		}
	}
	if m := params.Get("SignatureMethod"); m != "HMAC-SHA1" {
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter", "The specified parameter \"SignatureMethod\" is not valid.")
		return nil, false
	}
	if v := params.Get("SignatureVersion"); v != "1.0" {
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter", "The specified parameter \"SignatureVersion\" is not valid.")
		return nil, false
	}
	ak := params.Get("AccessKeyId")
	secret, sts, known := e.secretFor(ak)
	if !known {
		WriteError(w, r, http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		return nil, false
	}
	if !e.checkTime(w, r, params.Get("Timestamp")) {
		return nil, false
	}
	sts1 := alicloud.StringToSignV1(r.Method, params)
	want := alicloud.SignV1(secret, sts1)
	if subtle.ConstantTimeCompare([]byte(want), []byte(params.Get("Signature"))) != 1 {
		WriteError(w, r, http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. server string to sign is:"+sts1)
		return nil, false
	}
	if !e.useNonce(w, r, ak, params.Get("SignatureNonce")) {
		return nil, false
	}
	if !e.checkToken(w, r, sts, params.Get("SecurityToken")) {
		return nil, false
	}
	if params.Get("Version") != APIVersion {
		WriteError(w, r, http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
		return nil, false
	}
	return &Call{Action: params.Get("Action"), AccessKey: ak}, true
}

// Admin answers /_emulator/alibaba/<sub>:
//
//	GET    exporter_outputs                     every exporter output (with secrets)
//	POST   exporter_outputs                     seed one object or a JSON array of them
//	PATCH  exporter_outputs/<region>/<name>     change fields out of band (drift)
//	DELETE exporter_outputs/<region>/<name>     delete out of band (disappears)
//
// Extensions may serve sub-paths under their own key by implementing
// AdminHandler.
func (e *Emulator) Admin(w http.ResponseWriter, r *http.Request, sub string) {
	head, rest, _ := strings.Cut(sub, "/")
	if head == "exporter_outputs" {
		e.adminExporterOutputs(w, r, rest)
		return
	}
	if x, ok := e.ext[head].(AdminHandler); ok {
		x.Admin(w, r, rest)
		return
	}
	core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "unknown admin path /_emulator/alibaba/" + sub})
}

// AdminHandler is implemented by extensions that serve admin sub-paths
// (/_emulator/alibaba/<key>/<rest>).
type AdminHandler interface {
	Admin(w http.ResponseWriter, r *http.Request, rest string)
}

// decodeAdmin reads a JSON admin body into v, accepting one object or an
// array when v is a slice pointer handled by the caller.
func decodeAdmin(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
