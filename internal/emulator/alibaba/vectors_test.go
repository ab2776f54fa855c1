package alibaba

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// These tests replay requests exactly as the vendor's SDKs sign them (the
// published/computed vectors, byte for byte), so the emulator is shown to
// accept what real tools send, not only what our client sends.

func vectorEmulator() *Emulator {
	opts := DefaultOptions()
	opts.AccessKey, opts.SecretKey = "testid", "testsecret"
	return New(core.NewEnv(&fakeClock{t: testNow}), opts)
}

func TestReplay_V3SDKRequest(t *testing.T) {
	e := vectorEmulator()
	// Vector C1: DescribeExporterOutputList as the Go SDK sends it.
	r := httptest.NewRequest(http.MethodPost, "http://metrics.cn-hangzhou.aliyuncs.com/?PageNumber=1&PageSize=10", nil)
	r.Header.Set("x-acs-action", "DescribeExporterOutputList")
	r.Header.Set("x-acs-version", "2019-01-01")
	r.Header.Set("x-acs-date", "2024-01-02T03:04:05Z")
	r.Header.Set("x-acs-signature-nonce", "c0ffee001234abcd5678ef9000000001")
	r.Header.Set("x-acs-content-sha256", alicloud.EmptyPayloadHash)
	r.Header.Set("x-acs-credentials-provider", "static_ak")
	r.Header.Set("user-agent", "AlibabaCloud (linux; amd64) Go/go1.26 Core/1.0 TeaDSL/2")
	r.Header.Set("accept", "application/json")
	r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=3f2818eff1778d78edae8b5208d5f6a693f64ac21ac75c4d84fcb8b0b326a987")
	if a := serve(e, r); a.status != 200 || a.code() != "200" {
		t.Fatalf("C1 replay: %d %v", a.status, a.body)
	}
}

func TestReplay_V3FormBody(t *testing.T) {
	e := vectorEmulator()
	// Vector C5 shape with a DescribeExporterOutputList form body, signed
	// with the shared functions: body hash and content-type are covered.
	body := "PageNumber=1&PageSize=10"
	build := func(sentBody string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "http://metrics.cn-hangzhou.aliyuncs.com/", strings.NewReader(sentBody))
		h := map[string][]string{
			"host": {r.Host}, "content-type": {"application/x-www-form-urlencoded"},
			"x-acs-action": {"DescribeExporterOutputList"}, "x-acs-version": {APIVersion}, "x-acs-date": {"2024-01-02T03:04:05Z"},
			"x-acs-signature-nonce": {nextNonce()}, "x-acs-content-sha256": {alicloud.HashHex([]byte(body))},
		}
		for k, v := range h {
			if k != "host" {
				r.Header.Set(k, v[0])
			}
		}
		canonical, signed := alicloud.CanonicalRequestV3(alicloud.RequestV3{Method: "POST", Path: "/", Query: url.Values{}, Headers: h, PayloadHash: alicloud.HashHex([]byte(body))})
		r.Header.Set("Authorization", alicloud.AuthorizationV3("testid", signed, alicloud.SignV3("testsecret", canonical)))
		return r
	}
	if a := serve(e, build(body)); a.status != 200 || a.body["PageNumber"] != float64(1) {
		t.Fatalf("form body: %d %v", a.status, a.body)
	}
	if a := serve(e, build("PageNumber=2&PageSize=10")); a.status != 400 || a.code() != "SignatureDoesNotMatch" {
		t.Fatalf("tampered body: %d %v", a.status, a.body)
	}
}

func TestReplay_V1SDKRequest(t *testing.T) {
	e := vectorEmulator()
	// Vector V4: PutExporterOutput signed with v1, everything in the query
	// (legacy SDK layout), with a JSON value holding * ~ : / ".
	q := url.Values{
		"AccessKeyId": {"testid"}, "Action": {"PutExporterOutput"}, "Format": {"JSON"}, "RegionId": {"cn-hangzhou"},
		"SignatureMethod": {"HMAC-SHA1"}, "SignatureNonce": {"c0ffee00-1234-4abc-8def-000000000002"}, "SignatureVersion": {"1.0"},
		"Timestamp": {"2024-01-02T03:04:05Z"}, "Version": {"2019-01-01"},
		"DestName": {"exporterConfig"}, "DestType": {"sls"}, "Desc": {"Export CPU metrics *~"},
		"ConfigJson": {`{"endpoint":"http://cn-qingdao-share.log.aliyuncs.com","project":"exporter","logstore":"exporter","ak":"LTAIexample","as":"secretexample"}`},
		"Signature":  {"1IRzVC2+TJlgRwqTlEt4a6I9hjg="},
	}
	r := httptest.NewRequest(http.MethodPost, "http://metrics.cn-hangzhou.aliyuncs.com/?"+q.Encode(), nil)
	if a := serve(e, r); a.status != 200 || a.code() != "200" {
		t.Fatalf("V4 replay: %d %v", a.status, a.body)
	}
	if got := e.exporterOutputsState()["cn-hangzhou"]; len(got) != 1 || got[0].AccessKeySecret != "secretexample" || got[0].Desc != "Export CPU metrics *~" {
		t.Fatalf("stored %+v", got)
	}
	// The same request again reuses its nonce.
	r = httptest.NewRequest(http.MethodPost, "http://metrics.cn-hangzhou.aliyuncs.com/?"+q.Encode(), nil)
	if a := serve(e, r); a.code() != "SignatureNonceUsed" {
		t.Fatalf("replayed nonce: %d %v", a.status, a.body)
	}
}
