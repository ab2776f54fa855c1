package alicloud

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

func noSleep(context.Context, time.Duration) error { return nil }

func testClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return NewClient(Config{
		AccessKey: "testid", SecretKey: "testsecret", Region: "cn-hangzhou", Endpoint: srv.URL,
		MaxRetries: 2, Sleep: noSleep,
	})
}

// verifyV3 recomputes the signature of r the way a server does.
func verifyV3(r *http.Request, secret string) bool {
	parts, ok := ParseAuthorizationV3(r.Header.Get("Authorization"))
	if !ok {
		return false
	}
	headers := map[string][]string{}
	for _, name := range parts.SignedHeaders {
		if name == "host" {
			headers[name] = []string{r.Host}
			continue
		}
		headers[name] = r.Header.Values(name)
	}
	canonical, _ := CanonicalRequestV3(RequestV3{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Headers: headers, PayloadHash: EmptyPayloadHash})
	return SignV3(secret, canonical) == parts.Signature
}

func TestRPC_signsAndDecodes(t *testing.T) {
	var seen *http.Request
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		seen = r
		if !verifyV3(r, "testsecret") {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"Code":"SignatureDoesNotMatch","Message":"Specified signature does not match our calculation.","RequestId":"R1"}`))
			return
		}
		_, _ = w.Write([]byte(`{"Code":"200","Success":true,"RequestId":"R-OK","Value":"v"}`))
	})
	var out struct{ Value string }
	id, err := c.rpc(context.Background(), rpcRequest{Action: "DescribeExporterOutputList", Params: map[string]string{"PageSize": "10", "Desc": "a b*~"}, Idempotent: true}, &out)
	if err != nil {
		t.Fatalf("rpc: %v", err)
	}
	if id != "R-OK" || out.Value != "v" {
		t.Fatalf("got id %q out %+v", id, out)
	}
	if seen.Method != http.MethodPost || seen.Header.Get("x-acs-action") != "DescribeExporterOutputList" || seen.Header.Get("x-acs-version") != APIVersion {
		t.Fatalf("unexpected request %s %v", seen.Method, seen.Header)
	}
	if got := seen.URL.Query().Get("RegionId"); got != "cn-hangzhou" {
		t.Fatalf("RegionId = %q", got)
	}
	if !strings.HasPrefix(seen.Header.Get("Authorization"), "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=") {
		t.Fatalf("Authorization = %s", seen.Header.Get("Authorization"))
	}
}

func TestRPC_wrongSecretIsAuthError(t *testing.T) {
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		if !verifyV3(r, "other") {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"Code":"SignatureDoesNotMatch","Message":"Specified signature does not match our calculation. server string to sign is:ACS3-HMAC-SHA256\nabc","RequestId":"R1"}`))
		}
	})
	_, err := c.rpc(context.Background(), rpcRequest{Action: "DeleteExporterOutput", Idempotent: true}, nil)
	var e *Error
	if !errors.As(err, &e) || e.Code != "SignatureDoesNotMatch" || e.HTTPStatus != 400 || e.RequestID != "R1" || !IsAuthFailure(err) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "string to sign") || strings.Contains(err.Error(), "testsecret") {
		t.Fatalf("error leaks diagnostics: %v", err)
	}
}

func TestRPC_http200WithErrorCode(t *testing.T) {
	for _, body := range []string{
		`{"Code":"400","Message":"bad","Success":false,"RequestId":"R"}`,
		`{"Code":400,"Message":"bad","RequestId":"R"}`,
		`{"Code":"ResourceNotFound","Message":"The specified resource is not found.","Success":false,"RequestId":"R"}`,
		`{"Code":"200","Success":"false","RequestId":"R"}`,
	} {
		c := testClient(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) })
		_, err := c.rpc(context.Background(), rpcRequest{Action: "DeleteExporterOutput", Idempotent: true}, nil)
		var e *Error
		if !errors.As(err, &e) || e.HTTPStatus != 200 || e.RequestID != "R" {
			t.Fatalf("body %s: err = %v", body, err)
		}
		if strings.Contains(body, "ResourceNotFound") != IsNotFound(err) {
			t.Fatalf("body %s: IsNotFound = %v", body, IsNotFound(err))
		}
	}
}

func TestRPC_retries(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		idempotent bool
		wantHits   int32
		ambiguous  bool
		throttled  bool
	}{
		{"throttled non-idempotent retried", 400, `{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}`, false, 1 + transport.ThrottledRetriesPerRetry*2, false, true},
		{"5xx idempotent retried", 503, `{"Code":"ServiceUnavailable"}`, true, 3, false, false},
		{"5xx non-idempotent ambiguous", 500, `{"Code":"InternalError"}`, false, 1, true, false},
		{"4xx not retried", 400, `{"Code":"ParameterInvalid","Message":"Illegal parameters."}`, true, 1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			nonces := map[string]bool{}
			c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				nonces[r.Header.Get("x-acs-signature-nonce")] = true
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := c.rpc(context.Background(), rpcRequest{Action: "PutCustomEvent", Idempotent: tt.idempotent}, nil)
			if err == nil {
				t.Fatal("want an error")
			}
			if hits.Load() != tt.wantHits || len(nonces) != int(tt.wantHits) {
				t.Fatalf("hits = %d (distinct nonces %d), want %d", hits.Load(), len(nonces), tt.wantHits)
			}
			if transport.IsAmbiguous(err) != tt.ambiguous || IsThrottled(err) != tt.throttled {
				t.Fatalf("err = %v: ambiguous %v throttled %v", err, transport.IsAmbiguous(err), IsThrottled(err))
			}
		})
	}
}

func TestRPC_securityTokenSigned(t *testing.T) {
	var seen *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		_, _ = w.Write([]byte(`{"Code":"200","RequestId":"R"}`))
	}))
	defer srv.Close()
	c := NewClient(Config{AccessKey: "testid", SecretKey: "testsecret", SecurityToken: "CAIS+token/with=chars", Region: "cn-hangzhou", Endpoint: srv.URL})
	if _, err := c.rpc(context.Background(), rpcRequest{Action: "DescribeExporterOutputList", Idempotent: true}, nil); err != nil {
		t.Fatal(err)
	}
	if seen.Header.Get("x-acs-security-token") != "CAIS+token/with=chars" || !strings.Contains(seen.Header.Get("Authorization"), "x-acs-security-token") || !verifyV3(seen, "testsecret") {
		t.Fatalf("security token not sent or not signed: %v", seen.Header)
	}
}

func TestEndpointDefault(t *testing.T) {
	if got := NewClient(Config{Region: "cn-shanghai"}).Endpoint(); got != "https://metrics.cn-shanghai.aliyuncs.com" {
		t.Fatalf("Endpoint() = %s", got)
	}
	if got := NewClient(Config{Region: "cn-shanghai", Endpoint: "http://127.0.0.1:8787/"}).Endpoint(); got != "http://127.0.0.1:8787" {
		t.Fatalf("Endpoint() = %s", got)
	}
}

// A lost answer is a network error, whose text names the request's URL; the
// query there holds the parameters, PutExporterOutput's secret among them.
func TestRPC_networkErrorHoldsNoParameters(t *testing.T) {
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // the answer is lost
		}
	})
	_, err := c.PutExporterOutput(context.Background(), PutExporterOutputInput{
		DestName: "out", Config: ExporterOutputConfig{Endpoint: "https://e", Project: "p", Logstore: "l", AccessKeyID: "LTAIid", AccessKeySecret: "sls/secret+value"},
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, leak := range []string{"sls/secret+value", "sls%2Fsecret%2Bvalue", "secret", "ConfigJson", "?"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error %q holds %q", err, leak)
		}
	}
	if !strings.Contains(err.Error(), "calling PutExporterOutput") || !strings.Contains(err.Error(), "EOF") {
		t.Errorf("error %q does not say what failed", err)
	}
}
