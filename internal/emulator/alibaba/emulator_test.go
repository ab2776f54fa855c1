package alibaba

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

var testNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func newTest(t *testing.T) (*Emulator, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: testNow}
	return New(core.NewEnv(clock), DefaultOptions()), clock
}

var nonceSeq atomic.Int64

func nextNonce() string { return fmt.Sprintf("nonce-%d", nonceSeq.Add(1)) }

// v3Req describes a request to sign; zero fields take defaults.
type v3Req struct {
	method, action, version, ak, secret, date, nonce, token string
	query                                                   url.Values
	omitSigned                                              string // header to leave out of SignedHeaders
}

// signV3 builds a V3-signed request the way a client does.
func signV3(t *testing.T, q v3Req) *http.Request {
	t.Helper()
	if q.method == "" {
		q.method = http.MethodPost
	}
	if q.version == "" {
		q.version = APIVersion
	}
	if q.ak == "" {
		q.ak, q.secret = "emulator-access-key", "emulator-secret-key"
	}
	if q.date == "" {
		q.date = testNow.Format(timestampLayout)
	}
	if q.nonce == "" {
		q.nonce = nextNonce()
	}
	r := httptest.NewRequest(q.method, "http://metrics.cn-hangzhou.aliyuncs.com/?"+q.query.Encode(), nil)
	h := map[string][]string{
		"host":                  {r.Host},
		"x-acs-action":          {q.action},
		"x-acs-version":         {q.version},
		"x-acs-date":            {q.date},
		"x-acs-signature-nonce": {q.nonce},
		"x-acs-content-sha256":  {alicloud.EmptyPayloadHash},
	}
	if q.token != "" {
		h["x-acs-security-token"] = []string{q.token}
	}
	for k, v := range h {
		if k != "host" {
			r.Header.Set(k, v[0])
		}
	}
	signedSet := map[string][]string{}
	for k, v := range h {
		if k != q.omitSigned {
			signedSet[k] = v
		}
	}
	canonical, signed := alicloud.CanonicalRequestV3(alicloud.RequestV3{Method: q.method, Path: "/", Query: q.query, Headers: signedSet, PayloadHash: alicloud.EmptyPayloadHash})
	r.Header.Set("Authorization", alicloud.AuthorizationV3(q.ak, signed, alicloud.SignV3(q.secret, canonical)))
	return r
}

// signV1 builds a v1-signed POST with the business params in a form body.
func signV1(t *testing.T, action string, business url.Values, mutate func(url.Values)) *http.Request {
	t.Helper()
	common := url.Values{
		"AccessKeyId": {"emulator-access-key"}, "Action": {action}, "Format": {"JSON"}, "Version": {APIVersion},
		"SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "SignatureNonce": {nextNonce()},
		"Timestamp": {testNow.Format(timestampLayout)}, "SignatureType": {""},
	}
	if mutate != nil {
		mutate(common)
	}
	all := url.Values{}
	for k, v := range common {
		all[k] = v
	}
	for k, v := range business {
		all[k] = v
	}
	secret := "emulator-secret-key"
	if common.Get("AccessKeyId") == "STS.emulator-access-key" {
		secret = "emulator-sts-secret-key"
	}
	common.Set("Signature", alicloud.SignV1(secret, alicloud.StringToSignV1(http.MethodPost, all)))
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/?"+common.Encode(), strings.NewReader(business.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

type answer struct {
	status int
	body   map[string]any
}

func serve(e *Emulator, r *http.Request) answer {
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, r)
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return answer{rec.Code, body}
}

func (a answer) code() string { s, _ := a.body["Code"].(string); return s }

func listQuery() url.Values { return url.Values{"PageNumber": {"1"}, "PageSize": {"10"}} }

func TestV3_accepted(t *testing.T) {
	e, _ := newTest(t)
	a := serve(e, signV3(t, v3Req{action: "DescribeExporterOutputList", query: listQuery()}))
	if a.status != 200 || a.code() != "200" || a.body["RequestId"] == "" {
		t.Fatalf("got %d %v", a.status, a.body)
	}
	if got := e.env.Stats()["DescribeExporterOutputList"]; got != 1 {
		t.Fatalf("stats = %d", got)
	}
}

// tamper changes one signed part of an otherwise valid request after signing.
func TestV3_tamperedPartsRejected(t *testing.T) {
	flip := func(s string) string { b := []byte(s); b[len(b)-1] ^= 1; return string(b) }
	tests := []struct {
		name   string
		mutate func(r *http.Request)
	}{
		{"query value", func(r *http.Request) { q := r.URL.Query(); q.Set("PageSize", "11"); r.URL.RawQuery = q.Encode() }},
		{"query added", func(r *http.Request) { r.URL.RawQuery += "&Extra=1" }},
		{"method", func(r *http.Request) { r.Method = http.MethodGet }},
		{"host", func(r *http.Request) { r.Host = "metrics.cn-hangzhou.aliyuncs.con" }},
		{"x-acs-action", func(r *http.Request) { r.Header.Set("x-acs-action", "DeleteExporterOutput") }},
		{"x-acs-signature-nonce", func(r *http.Request) {
			r.Header.Set("x-acs-signature-nonce", flip(r.Header.Get("x-acs-signature-nonce")))
		}},
		{"x-acs-date", func(r *http.Request) { r.Header.Set("x-acs-date", "2024-01-02T03:04:06Z") }},
		{"signature", func(r *http.Request) {
			r.Header.Set("Authorization", flip(r.Header.Get("Authorization")))
		}},
		{"body added", func(r *http.Request) {
			r.Body = http.NoBody
			r.Header.Set("x-acs-content-sha256", alicloud.HashHex([]byte("x")))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTest(t)
			r := signV3(t, v3Req{action: "DescribeExporterOutputList", query: listQuery()})
			tt.mutate(r)
			a := serve(e, r)
			if a.status != 400 || a.code() != "SignatureDoesNotMatch" {
				t.Fatalf("got %d %v, want 400 SignatureDoesNotMatch", a.status, a.body)
			}
			if len(e.env.Stats()) != 0 {
				t.Fatalf("a rejected request reached an operation: %v", e.env.Stats())
			}
		})
	}
}

func TestV3_gatewayErrors(t *testing.T) {
	tests := []struct {
		name       string
		req        v3Req
		mutate     func(r *http.Request)
		wantStatus int
		wantCode   string
	}{
		{"unknown key", v3Req{ak: "nobody", secret: "x"}, nil, 404, "InvalidAccessKeyId.NotFound"},
		{"wrong secret", v3Req{ak: "emulator-access-key", secret: "wrong"}, nil, 400, "SignatureDoesNotMatch"},
		{"empty credential", v3Req{}, func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "Credential=emulator-access-key", "Credential=", 1))
		}, 400, "MissingAccessKeyId"},
		{"date too old", v3Req{date: testNow.Add(-16 * time.Minute).Format(timestampLayout)}, nil, 400, "InvalidTimeStamp.Expired"},
		{"date too new", v3Req{date: testNow.Add(16 * time.Minute).Format(timestampLayout)}, nil, 400, "InvalidTimeStamp.Expired"},
		{"date unparsable", v3Req{date: "2024-01-02 03:04:05"}, nil, 400, "InvalidTimeStamp.Expired"},
		{"nonce not signed", v3Req{omitSigned: "x-acs-signature-nonce"}, nil, 400, "IncompleteSignature"},
		{"host not signed", v3Req{omitSigned: "host"}, nil, 400, "IncompleteSignature"},
		{"token not signed", v3Req{ak: "STS.emulator-access-key", secret: "emulator-sts-secret-key", token: "emulator-security-token", omitSigned: "x-acs-security-token"}, nil, 400, "IncompleteSignature"},
		{"other algorithm", v3Req{}, func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", 1))
		}, 400, "IncompleteSignature"},
		{"sts without token", v3Req{ak: "STS.emulator-access-key", secret: "emulator-sts-secret-key"}, nil, 400, "MissingSecurityToken"},
		{"sts wrong token", v3Req{ak: "STS.emulator-access-key", secret: "emulator-sts-secret-key", token: "other"}, nil, 400, "InvalidSecurityToken.MismatchWithAccessKey"},
		{"bad version", v3Req{version: "2018-03-08"}, nil, 400, "InvalidVersion"},
		{"unknown action", v3Req{action: "NoSuchAction"}, nil, 404, "InvalidAction.NotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTest(t)
			q := tt.req
			if q.action == "" {
				q.action = "DescribeExporterOutputList"
			}
			q.query = listQuery()
			r := signV3(t, q)
			if tt.mutate != nil {
				tt.mutate(r)
			}
			a := serve(e, r)
			if a.status != tt.wantStatus || a.code() != tt.wantCode {
				t.Fatalf("got %d %v, want %d %s", a.status, a.body, tt.wantStatus, tt.wantCode)
			}
			for _, k := range []string{"RequestId", "HostId", "Message", "Recommend"} {
				if a.body[k] == "" || a.body[k] == nil {
					t.Errorf("error envelope lacks %s: %v", k, a.body)
				}
			}
		})
	}
}

func TestV3_stsAccepted(t *testing.T) {
	e, _ := newTest(t)
	a := serve(e, signV3(t, v3Req{action: "DescribeExporterOutputList", query: listQuery(), ak: "STS.emulator-access-key", secret: "emulator-sts-secret-key", token: "emulator-security-token"}))
	if a.status != 200 {
		t.Fatalf("got %d %v", a.status, a.body)
	}
}

func TestV3_nonceReuse(t *testing.T) {
	e, clock := newTest(t)
	q := v3Req{action: "DescribeExporterOutputList", query: listQuery(), nonce: "same"}
	if a := serve(e, signV3(t, q)); a.status != 200 {
		t.Fatalf("first: %d %v", a.status, a.body)
	}
	if a := serve(e, signV3(t, q)); a.status != 400 || a.code() != "SignatureNonceUsed" {
		t.Fatalf("reuse: %d %v", a.status, a.body)
	}
	// After the 31-minute window the nonce is free again (with a fresh date).
	clock.t = clock.t.Add(32 * time.Minute)
	q.date = clock.t.Format(timestampLayout)
	if a := serve(e, signV3(t, q)); a.status != 200 {
		t.Fatalf("after window: %d %v", a.status, a.body)
	}
}

func TestV1_acceptedAndRejected(t *testing.T) {
	e, _ := newTest(t)
	business := url.Values{"PageNumber": {"1"}, "PageSize": {"10"}}
	if a := serve(e, signV1(t, "DescribeExporterOutputList", business, nil)); a.status != 200 || a.code() != "200" {
		t.Fatalf("v1 accepted: %d %v", a.status, a.body)
	}
	tests := []struct {
		name       string
		mutate     func(url.Values)
		tamper     func(*http.Request)
		wantStatus int
		wantCode   string
	}{
		{"form value tampered", nil, func(r *http.Request) {
			r.Body = httpBody("PageNumber=1&PageSize=11")
		}, 400, "SignatureDoesNotMatch"},
		{"timestamp tampered", nil, func(r *http.Request) {
			q := r.URL.Query()
			q.Set("Timestamp", "2024-01-02T03:04:06Z")
			r.URL.RawQuery = q.Encode()
		}, 400, "SignatureDoesNotMatch"},
		{"method changed", nil, func(r *http.Request) { r.Method = http.MethodGet }, 400, "SignatureDoesNotMatch"},
		{"unknown key", func(v url.Values) { v.Set("AccessKeyId", "nobody") }, nil, 404, "InvalidAccessKeyId.NotFound"},
		{"expired", func(v url.Values) { v.Set("Timestamp", testNow.Add(-20*time.Minute).Format(timestampLayout)) }, nil, 400, "InvalidTimeStamp.Expired"},
		{"missing nonce", func(v url.Values) { v.Del("SignatureNonce") }, nil, 400, "MissingParameter"},
		{"bad method", func(v url.Values) { v.Set("SignatureMethod", "HMAC-SHA256") }, nil, 400, "InvalidParameter"},
		{"sts without token", func(v url.Values) { v.Set("AccessKeyId", "STS.emulator-access-key") }, nil, 400, "MissingSecurityToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := signV1(t, "DescribeExporterOutputList", business, tt.mutate)
			if tt.tamper != nil {
				tt.tamper(r)
			}
			a := serve(e, r)
			if a.status != tt.wantStatus || a.code() != tt.wantCode {
				t.Fatalf("got %d %v, want %d %s", a.status, a.body, tt.wantStatus, tt.wantCode)
			}
		})
	}
	t.Run("nonce reuse", func(t *testing.T) {
		fixed := func(v url.Values) { v.Set("SignatureNonce", "v1-fixed") }
		if a := serve(e, signV1(t, "DescribeExporterOutputList", business, fixed)); a.status != 200 {
			t.Fatalf("first: %d %v", a.status, a.body)
		}
		if a := serve(e, signV1(t, "DescribeExporterOutputList", business, fixed)); a.code() != "SignatureNonceUsed" {
			t.Fatalf("reuse: %d %v", a.status, a.body)
		}
	})
	t.Run("sts with token", func(t *testing.T) {
		sts := func(v url.Values) {
			v.Set("AccessKeyId", "STS.emulator-access-key")
			v.Set("SecurityToken", "emulator-security-token")
		}
		if a := serve(e, signV1(t, "DescribeExporterOutputList", business, sts)); a.status != 200 {
			t.Fatalf("got %d %v", a.status, a.body)
		}
	})
	t.Run("param in query and body", func(t *testing.T) {
		r := signV1(t, "DescribeExporterOutputList", business, nil)
		r.URL.RawQuery += "&PageSize=10"
		if a := serve(e, r); a.status != 400 || a.code() != "InvalidParameter" {
			t.Fatalf("got %d %v", a.status, a.body)
		}
	})
}

func httpBody(s string) *readCloser { return &readCloser{strings.NewReader(s)} }

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

func TestDispatch_faults(t *testing.T) {
	e, _ := newTest(t)
	_ = e.env.AddFault(core.Fault{Operation: "DescribeExporterOutputList", Kind: core.FaultThrottle})
	a := serve(e, signV3(t, v3Req{action: "DescribeExporterOutputList", query: listQuery()}))
	if a.status != 400 || a.code() != "Throttling.User" {
		t.Fatalf("throttle: %d %v", a.status, a.body)
	}
	_ = e.env.AddFault(core.Fault{Operation: "DescribeExporterOutputList", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 200})
	a = serve(e, signV3(t, v3Req{action: "DescribeExporterOutputList", query: listQuery()}))
	if a.status != 200 || a.code() != "InternalError" || a.body["Success"] != false {
		t.Fatalf("200 error: %d %v", a.status, a.body)
	}
}

// TestDispatch_errorInHTTP200HasModelFields: an error with HTTP status 200
// holds only the fields of the operation's response model (the SDKs decode
// every 2xx body into it): no HostId or Recommend, Success in the model's
// type. internal/vendorcontract/alibaba/sdkmodels checks the same against
// the SDK itself.
func TestDispatch_errorInHTTP200HasModelFields(t *testing.T) {
	for _, tt := range []struct {
		action  string
		shapes  bool
		success any // nil: no Success field
	}{
		{action: "DescribeExporterOutputList", success: false},
		{action: "PutCustomEvent"},
		{action: "DescribeCustomEventAttribute", success: "false"},
		{action: "DescribeCustomEventAttribute", shapes: true, success: false},
	} {
		e, _ := newTest(t)
		_ = e.env.SetModes(core.Modes{VendorExamples: tt.shapes})
		_ = e.env.AddFault(core.Fault{Operation: tt.action, Kind: core.FaultError, Code: "InternalError", HTTPStatus: 200})
		a := serve(e, signV3(t, v3Req{action: tt.action, query: url.Values{}}))
		want := map[string]bool{"RequestId": true, "Code": true, "Message": true, "Success": tt.success != nil}
		for k := range a.body {
			if !want[k] {
				t.Errorf("%s (shapes %v): field %s in %v", tt.action, tt.shapes, k, a.body)
			}
		}
		if a.status != 200 || a.code() != "InternalError" || a.body["Success"] != tt.success {
			t.Errorf("%s (shapes %v): %d %v, want Success %#v", tt.action, tt.shapes, a.status, a.body, tt.success)
		}
	}
}
