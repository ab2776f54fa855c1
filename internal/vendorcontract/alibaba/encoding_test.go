package alibaba_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/openapi-util/service"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
)

// awkward holds values whose encoding differs between the usual
// encoders: spaces, +, *, ~, non-ASCII, newlines, and the characters of a
// query itself.
var awkward = []alicloud.CustomEvent{
	{Name: "deploy web", Content: "a+b = c * d ~ e\nline two\r\n\ttabbed", GroupID: "0"},
	{Name: "发布~v1.2", Content: "ünïcødé 🚀 100% &x=y;z/é?#", GroupID: "12345", Time: time.Date(2025, 2, 1, 8, 0, 0, 123e6, time.FixedZone("", 8*3600))},
}

// sent captures the request the client sends for PutCustomEvent with the
// awkward values.
func sent(t *testing.T) *http.Request {
	t.Helper()
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		_, _ = w.Write([]byte(`{"RequestId":"R","Code":"200","Message":"success"}`))
	}))
	t.Cleanup(srv.Close)
	c := alicloud.NewClient(alicloud.Config{AccessKey: "testid", SecretKey: "testsecret", Region: "cn-hangzhou", Endpoint: srv.URL, MaxRetries: -1})
	if _, err := c.PutCustomEvent(context.Background(), alicloud.PutCustomEventInput{Events: awkward}); err != nil {
		t.Fatalf("PutCustomEvent: %v", err)
	}
	if got == nil {
		t.Fatal("no request reached the server")
	}
	return got
}

// TestSignatureInputMatchesSDK recomputes the ACS3-HMAC-SHA256
// Authorization of the request the client sent with the official SDK's
// openapi-util (which builds the canonical request, and so the string to
// sign, from the same parameters and headers): both must be equal byte for
// byte, which they are only when the canonical query strings are.
func TestSignatureInputMatchesSDK(t *testing.T) {
	r := sent(t)
	query := map[string]*string{}
	for k, vs := range r.URL.Query() {
		query[k] = tea.String(vs[0])
	}
	headers := map[string]*string{"host": tea.String(r.Host)}
	for k := range r.Header {
		headers[k] = tea.String(r.Header.Get(k))
	}
	want := openapiutil.GetAuthorization(&tea.Request{Method: tea.String(r.Method), Pathname: tea.String("/"), Query: query, Headers: headers},
		tea.String("ACS3-HMAC-SHA256"), tea.String(alicloud.EmptyPayloadHash), tea.String("testid"), tea.String("testsecret"))
	if got := r.Header.Get("Authorization"); got != tea.StringValue(want) {
		t.Errorf("Authorization\n got  %s\n SDK  %s", got, tea.StringValue(want))
	}
	// The parameters arrived as given.
	for i, ev := range awkward {
		n := []string{"1", "2"}[i]
		if got := r.URL.Query().Get("EventInfo." + n + ".Content"); got != ev.Content {
			t.Errorf("EventInfo.%s.Content arrived as %q, want %q", n, got, ev.Content)
		}
		if got := r.URL.Query().Get("EventInfo." + n + ".EventName"); got != ev.Name {
			t.Errorf("EventInfo.%s.EventName arrived as %q, want %q", n, got, ev.Name)
		}
	}
}

// TestWireQueryMatchesSDK compares the raw query the client sends with the
// one the SDK's encoding produces for the same parameters.
func TestWireQueryMatchesSDK(t *testing.T) {
	r := sent(t)
	params := map[string]string{}
	for k, vs := range r.URL.Query() {
		params[k] = vs[0]
	}
	if got, want := r.URL.RawQuery, sdkWireQuery(t, params); got != want {
		t.Errorf("raw query\n got  %s\n SDK  %s", got, want)
	}
}

// sdkWireQuery sends params through the SDK's own request function
// (tea.DoRequest, which the generated CMS client calls) to a local server
// and returns the raw query that arrived.
func sdkWireQuery(t *testing.T, params map[string]string) string {
	t.Helper()
	var raw string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { raw = r.URL.RawQuery }))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	req := tea.NewRequest()
	req.Protocol, req.Method, req.Pathname = tea.String("http"), tea.String(http.MethodPost), tea.String("/")
	req.Headers["host"] = tea.String(u.Host)
	for k, v := range params {
		req.Query[k] = tea.String(v)
	}
	resp, err := tea.DoRequest(req, map[string]interface{}{})
	if err != nil {
		t.Fatalf("tea.DoRequest: %v", err)
	}
	_ = resp.Body.Close()
	return raw
}
