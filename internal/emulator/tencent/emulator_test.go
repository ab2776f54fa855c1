package tencent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var topicA = DefaultTopics[0].TopicID

type harness struct {
	t     *testing.T
	clock *fakeClock
	env   *core.Env
	em    *Emulator
}

func newHarness(t *testing.T, mutate ...func(*Options)) *harness {
	t.Helper()
	clock := &fakeClock{t: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}
	opts := DefaultOptions()
	opts.QueueMS, opts.ProcessMS, opts.ExpireMS = 1000, 2000, 60_000
	for _, m := range mutate {
		m(&opts)
	}
	env := core.NewEnv(clock)
	return &harness{t: t, clock: clock, env: env, em: New(env, opts)}
}

// reqOpts adjust a request after signing (tampering) or the signing inputs.
type reqOpts struct {
	id, key       string
	ts            int64
	signed        []string
	after         func(r *http.Request)
	host, version string
}

func (h *harness) request(action string, body string, o reqOpts) *http.Request {
	if o.id == "" {
		o.id = DefaultSecretID
	}
	if o.key == "" {
		o.key = DefaultSecretKey
	}
	if o.ts == 0 {
		o.ts = h.clock.Now().Unix()
	}
	if o.signed == nil {
		o.signed = []string{"content-type", "host", "x-tc-action"}
	}
	if o.host == "" {
		o.host = "127.0.0.1:8787"
	}
	if o.version == "" {
		o.version = tencentcloud.APIVersion
	}
	r := httptest.NewRequest(http.MethodPost, "http://"+o.host+"/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-TC-Action", action)
	r.Header.Set("X-TC-Version", o.version)
	r.Header.Set("X-TC-Timestamp", strconv.FormatInt(o.ts, 10))
	r.Header.Set("X-TC-Region", "ap-guangzhou")
	r.Header.Set("Authorization", tencentcloud.Authorization(tencentcloud.SignInput{
		Method: "POST",
		Headers: map[string]string{
			"content-type": "application/json", "host": o.host, "x-tc-action": action,
		},
		SignedHeaders: o.signed, Payload: []byte(body), Timestamp: o.ts, Service: "cls",
		SecretID: o.id, SecretKey: o.key,
	}))
	if o.after != nil {
		o.after(r)
	}
	return r
}

type result struct {
	Response struct {
		Error *struct{ Code, Message string }
		json.RawMessage
		RequestID  string `json:"RequestId"`
		ExportID   string `json:"ExportId"`
		TotalCount int
		Exports    []map[string]any
	}
	status int
}

func (h *harness) do(r *http.Request) result {
	h.t.Helper()
	rec := httptest.NewRecorder()
	h.em.ServeHTTP(rec, r)
	var out result
	out.status = rec.Code
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		h.t.Fatalf("decoding %s: %v", rec.Body.String(), err)
	}
	if out.Response.RequestID == "" {
		h.t.Errorf("response without RequestId: %s", rec.Body.String())
	}
	return out
}

func (h *harness) call(action, body string) result {
	h.t.Helper()
	return h.do(h.request(action, body, reqOpts{}))
}

func code(r result) string {
	if r.Response.Error == nil {
		return ""
	}
	return r.Response.Error.Code
}

func createBody(query string) string {
	return fmt.Sprintf(`{"TopicId":%q,"Query":%q,"Count":100,"From":1700000000000,"To":1700003600000}`, topicA, query)
}

func TestAuthentication(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.SecurityToken = "sts-token" })
	body := `{"TopicId":"` + topicA + `"}`
	withToken := func(r *http.Request) { r.Header.Set("X-TC-Token", "sts-token") }
	flip := func(s string) string { b := []byte(s); b[len(b)-2] ^= 1; return string(b) }
	cases := []struct {
		name string
		o    reqOpts
		want string
	}{
		{"genuine", reqOpts{after: withToken}, ""},
		{"sdk style: content-type;host only", reqOpts{signed: []string{"content-type", "host"}, after: withToken}, ""},
		{"tampered body byte", reqOpts{after: func(r *http.Request) {
			withToken(r)
			r.Body = ioNop(strings.Replace(body, topicA[:1], "0", 1))
		}}, "AuthFailure.SignatureFailure"},
		{"tampered host", reqOpts{after: func(r *http.Request) { withToken(r); r.Host = "127.0.0.1:8788" }}, "AuthFailure.SignatureFailure"},
		{"tampered content type", reqOpts{after: func(r *http.Request) {
			withToken(r)
			r.Header.Set("Content-Type", "application/json; charset=utf-8")
		}}, "AuthFailure.SignatureFailure"},
		{"tampered timestamp", reqOpts{after: func(r *http.Request) {
			withToken(r)
			r.Header.Set("X-TC-Timestamp", strconv.FormatInt(time.Date(2025, 3, 1, 10, 0, 1, 0, time.UTC).Unix(), 10))
		}}, "AuthFailure.SignatureFailure"},
		{"tampered signature", reqOpts{after: func(r *http.Request) {
			withToken(r)
			r.Header.Set("Authorization", flip(r.Header.Get("Authorization")))
		}}, "AuthFailure.SignatureFailure"},
		{"wrong secret key", reqOpts{key: "not-the-key", after: withToken}, "AuthFailure.SignatureFailure"},
		{"unknown secret id", reqOpts{id: "someone-else", after: withToken}, "AuthFailure.SecretIdNotFound"},
		{"missing token", reqOpts{}, "AuthFailure.TokenFailure"},
		{"wrong token", reqOpts{after: func(r *http.Request) { r.Header.Set("X-TC-Token", "other") }}, "AuthFailure.TokenFailure"},
		{"expired timestamp", reqOpts{ts: h.clock.Now().Add(-301 * time.Second).Unix(), after: withToken}, "AuthFailure.SignatureExpire"},
		{"timestamp from the future", reqOpts{ts: h.clock.Now().Add(301 * time.Second).Unix(), after: withToken}, "AuthFailure.SignatureExpire"},
		{"within the window", reqOpts{ts: h.clock.Now().Add(-299 * time.Second).Unix(), after: withToken}, ""},
		{"malformed authorization", reqOpts{after: func(r *http.Request) {
			withToken(r)
			r.Header.Set("Authorization", "Bearer x")
		}}, "AuthFailure.InvalidAuthorization"},
		{"host not signed", reqOpts{signed: []string{"content-type", "x-tc-action"}, after: withToken}, "AuthFailure.InvalidAuthorization"},
		{"unknown version", reqOpts{version: "2019-01-01", after: withToken}, "NoSuchVersion"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			got := h.do(h.request("DescribeExports", body, tc.o))
			if code(got) != tc.want {
				t.Errorf("code = %q, want %q", code(got), tc.want)
			}
			if got.status != http.StatusOK {
				t.Errorf("HTTP status = %d, want 200 (errors travel in the envelope)", got.status)
			}
		})
	}
	if got := h.env.Stats()["DescribeExports"]; got != 3 {
		t.Errorf("only authenticated requests reach the operation: count %d, want 3", got)
	}
	h.t = t
	if got := h.do(h.request("DescribeStuff", body, reqOpts{after: withToken})); code(got) != "InvalidAction" {
		t.Errorf("unknown action: %q", code(got))
	}
}

func ioNop(s string) *nopCloser { return &nopCloser{Reader: strings.NewReader(s)} }

type nopCloser struct{ *strings.Reader }

func (*nopCloser) Close() error { return nil }

func TestCreateExportValidation(t *testing.T) {
	h := newHarness(t)
	cases := []struct{ name, body, want string }{
		{"not an object", `[1]`, "InvalidParameter"},
		{"not json", `{"TopicId":`, "InvalidParameter"},
		{"unknown key", `{"TopicId":"` + topicA + `","Query":"a","Count":1,"From":1,"To":2,"Extra":1}`, "UnknownParameter"},
		{"missing Count", `{"TopicId":"` + topicA + `","Query":"a","From":1,"To":2}`, "MissingParameter"},
		{"missing TopicId", `{"Query":"a","Count":1,"From":1,"To":2}`, "MissingParameter"},
		{"Count wrong type", `{"TopicId":"` + topicA + `","Query":"a","Count":"1","From":1,"To":2}`, "InvalidParameter"},
		{"Count negative", `{"TopicId":"` + topicA + `","Query":"a","Count":-1,"From":1,"To":2}`, "InvalidParameter"},
		{"Count zero", `{"TopicId":"` + topicA + `","Query":"a","Count":0,"From":1,"To":2}`, "InvalidParameterValue"},
		{"Count above max", `{"TopicId":"` + topicA + `","Query":"a","Count":50000001,"From":1,"To":2}`, "InvalidParameterValue"},
		{"From equals To", `{"TopicId":"` + topicA + `","Query":"a","Count":1,"From":2,"To":2}`, "InvalidParameterValue"},
		{"bad Order", `{"TopicId":"` + topicA + `","Query":"a","Count":1,"From":1,"To":2,"Order":"up"}`, "InvalidParameterValue"},
		{"bad Format", `{"TopicId":"` + topicA + `","Query":"a","Count":1,"From":1,"To":2,"Format":"xml"}`, "InvalidParameterValue"},
		{"bad SyntaxRule", `{"TopicId":"` + topicA + `","Query":"a","Count":1,"From":1,"To":2,"SyntaxRule":2}`, "InvalidParameterValue"},
		{"SQL query", `{"TopicId":"` + topicA + `","Query":"* | select count(*)","Count":1,"From":1,"To":2}`, "InvalidParameterValue"},
		{"unknown topic", `{"TopicId":"00000000-0000-4000-8000-000000000000","Query":"a","Count":1,"From":1,"To":2}`, "ResourceNotFound.TopicNotExist"},
		{"max Count ok", `{"TopicId":"` + topicA + `","Query":"a","Count":50000000,"From":1,"To":2,"Order":"asc","Format":"csv","SyntaxRule":1,"DerivedFields":["f"]}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			if got := h.call("CreateExport", tc.body); code(got) != tc.want {
				t.Errorf("code = %q, want %q", code(got), tc.want)
			}
		})
	}
}

func TestClosedTopicAndQuota(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.MaxExportsPerTopic = 1 })
	closed := "11111111-2222-4333-8444-555555555555"
	rec := httptest.NewRecorder()
	h.em.Admin(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"topic_id":"`+closed+`","closed":true}`)), "topics")
	if rec.Code != 200 {
		t.Fatalf("adding a topic: %d %s", rec.Code, rec.Body)
	}
	body := strings.Replace(createBody("a"), topicA, closed, 1)
	if got := h.call("CreateExport", body); code(got) != "FailedOperation.TopicClosed" {
		t.Errorf("closed topic: %q", code(got))
	}
	if got := h.call("CreateExport", createBody("a")); code(got) != "" {
		t.Fatalf("first export: %q", code(got))
	}
	if got := h.call("CreateExport", createBody("a")); code(got) != "LimitExceeded.Export" {
		t.Errorf("over quota: %q", code(got))
	}
}

func (h *harness) describe(offset, limit int) result {
	h.t.Helper()
	return h.call("DescribeExports", fmt.Sprintf(`{"TopicId":%q,"Offset":%d,"Limit":%d}`, topicA, offset, limit))
}

func TestStateMachine(t *testing.T) {
	h := newHarness(t)
	id := h.call("CreateExport", createBody("status:200")).Response.ExportID
	failID := h.call("CreateExport", createBody("status:500 AND "+FailMarker)).Response.ExportID
	adminFailID := h.call("CreateExport", createBody("x")).Response.ExportID
	if !strings.HasPrefix(id, "export-") || failID == "" || adminFailID == "" {
		t.Fatalf("ids %q %q %q", id, failID, adminFailID)
	}
	statusOf := func(want string) map[string]any {
		t.Helper()
		for _, x := range h.describe(0, 100).Response.Exports {
			if x["ExportId"] == want {
				return x
			}
		}
		t.Fatalf("export %s not listed", want)
		return nil
	}
	steps := []struct {
		advance       time.Duration
		status, fstat string
	}{
		{0, "Queuing", "Queuing"},
		{999 * time.Millisecond, "Queuing", "Queuing"},
		{time.Millisecond, "Processing", "Processing"},
		{2 * time.Second, "Completed", "Failed"},
		{60 * time.Second, "Expired", "Failed"},
	}
	for i, s := range steps {
		h.clock.Advance(s.advance)
		x := statusOf(id)
		if x["Status"] != s.status || statusOf(failID)["Status"] != s.fstat {
			t.Errorf("step %d: status %v / %v, want %s / %s", i, x["Status"], statusOf(failID)["Status"], s.status, s.fstat)
		}
		done := s.status == "Completed"
		if got := x["CosPath"] != ""; got != done {
			t.Errorf("step %d (%s): CosPath %q", i, s.status, x["CosPath"])
		}
		if done {
			if !strings.HasPrefix(x["FileName"].(string), "log_1250000000_"+topicA+"_") || x["FileSize"].(float64) <= 0 {
				t.Errorf("completed file fields: %v %v", x["FileName"], x["FileSize"])
			}
			if x["CreateTime"] != "2025-03-01 18:00:00" || x["CreateTimestamp"].(float64) != float64(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC).UnixMilli()) {
				t.Errorf("create time fields: %v %v", x["CreateTime"], x["CreateTimestamp"])
			}
			// The download URL serves the file while the link is valid.
			u := strings.TrimPrefix(x["CosPath"].(string), "http://127.0.0.1:8787/_emulator/tencent/")
			rec := httptest.NewRecorder()
			path, query, _ := strings.Cut(u, "?")
			h.em.Admin(rec, httptest.NewRequest(http.MethodGet, "/x?"+query, nil), path)
			if rec.Code != 200 || rec.Body.Len() != int(x["FileSize"].(float64)) {
				t.Errorf("download: %d, %d bytes", rec.Code, rec.Body.Len())
			}
		}
	}
	rec := httptest.NewRecorder()
	h.em.Admin(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"reason":"disk full"}`)), "exports/"+adminFailID+"/fail")
	if rec.Code != 200 || statusOf(adminFailID)["Status"] != "Failed" {
		t.Errorf("admin fail: %d %v", rec.Code, statusOf(adminFailID)["Status"])
	}
}

func TestDescribePagingAndDelete(t *testing.T) {
	h := newHarness(t)
	first := h.call("CreateExport", createBody("oldest")).Response.ExportID
	rec := httptest.NewRecorder()
	h.em.Admin(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"topic_id":"`+topicA+`","count":129}`)), "exports")
	if rec.Code != 200 {
		t.Fatalf("seeding: %d %s", rec.Code, rec.Body)
	}
	p1, p2 := h.describe(0, 100), h.describe(100, 100)
	if p1.Response.TotalCount != 130 || len(p1.Response.Exports) != 100 || len(p2.Response.Exports) != 30 {
		t.Fatalf("pages: total %d, sizes %d %d", p1.Response.TotalCount, len(p1.Response.Exports), len(p2.Response.Exports))
	}
	if p2.Response.Exports[29]["ExportId"] != first {
		t.Errorf("newest first: the oldest export should end page 2, got %v", p2.Response.Exports[29]["ExportId"])
	}
	if got := h.call("DescribeExports", `{"TopicId":"`+topicA+`"}`); len(got.Response.Exports) != 20 {
		t.Errorf("default Limit: %d exports, want 20", len(got.Response.Exports))
	}
	for _, bad := range []string{`{"TopicId":"` + topicA + `","Limit":101}`, `{"TopicId":"` + topicA + `","Offset":-1}`} {
		if got := h.call("DescribeExports", bad); code(got) != "InvalidParameterValue" {
			t.Errorf("%s: %q", bad, code(got))
		}
	}
	if got := h.call("DescribeExports", `{}`); code(got) != "MissingParameter" {
		t.Errorf("no topic: %q", code(got))
	}
	if got := h.call("DeleteExport", `{"ExportId":"`+first+`"}`); code(got) != "" {
		t.Fatalf("delete: %q", code(got))
	}
	if got := h.call("DeleteExport", `{"ExportId":"`+first+`"}`); code(got) != "ResourceNotFound.ExportNotExist" {
		t.Errorf("second delete: %q", code(got))
	}
	if got := h.describe(0, 1); got.Response.TotalCount != 129 {
		t.Errorf("after delete: total %d", got.Response.TotalCount)
	}
	rec = httptest.NewRecorder()
	h.em.Admin(rec, httptest.NewRequest(http.MethodDelete, "/", nil), "exports/"+p1.Response.Exports[0]["ExportId"].(string))
	if rec.Code != 200 || h.describe(0, 1).Response.TotalCount != 128 {
		t.Errorf("out-of-band delete: %d", rec.Code)
	}
}

// TestDeleteExportTakesCreateExportsSpelling: the vendor's DeleteExport
// example names the export without the "export-" prefix DescribeExports
// lists it with; the emulator takes both spellings, in either hex case.
func TestDeleteExportTakesCreateExportsSpelling(t *testing.T) {
	h := newHarness(t)
	for _, spell := range []func(string) string{
		func(id string) string { return strings.TrimPrefix(id, exportPrefix) },
		func(id string) string { return strings.ToUpper(strings.TrimPrefix(id, exportPrefix)) },
		func(id string) string { return id },
	} {
		id := h.call("CreateExport", createBody("spelling")).Response.ExportID
		if got := h.call("DeleteExport", `{"ExportId":"`+spell(id)+`"}`); code(got) != "" {
			t.Fatalf("deleting %s as %s: %q", id, spell(id), code(got))
		}
		if got := h.describe(0, 100); got.Response.TotalCount != 0 {
			t.Fatalf("deleting %s as %s left %d exports", id, spell(id), got.Response.TotalCount)
		}
	}
	id := h.call("CreateExport", createBody("other")).Response.ExportID
	for _, other := range []string{"export-" + id, strings.TrimPrefix(id, exportPrefix)[1:], "export-"} {
		if got := h.call("DeleteExport", `{"ExportId":"`+other+`"}`); code(got) != "ResourceNotFound.ExportNotExist" {
			t.Errorf("deleting %q: %q, want ResourceNotFound.ExportNotExist", other, code(got))
		}
	}
}

func TestRateLimitAndFaults(t *testing.T) {
	h := newHarness(t)
	body := `{"TopicId":"` + topicA + `"}`
	var throttled int
	for range 25 {
		if code(h.call("DescribeExports", body)) == "RequestLimitExceeded" {
			throttled++
		}
	}
	if throttled != 5 {
		t.Errorf("throttled %d of 25 requests in one instant, want 5", throttled)
	}
	if n := h.env.Stats()["DescribeExports"]; n != 25 {
		t.Errorf("throttled requests still count: %d, want 25", n)
	}
	h.clock.Advance(time.Second)
	if got := h.call("DescribeExports", body); code(got) != "" {
		t.Errorf("after a second: %q", code(got))
	}

	off := newHarness(t, func(o *Options) { o.RateLimit = false })
	for range 50 {
		if got := off.call("DescribeExports", body); code(got) != "" {
			t.Fatalf("rate limit disabled: %q", code(got))
		}
	}

	if err := off.env.AddFault(core.Fault{Operation: "DescribeExports", Kind: core.FaultThrottle}); err != nil {
		t.Fatal(err)
	}
	if got := off.call("DescribeExports", body); code(got) != "RequestLimitExceeded" || got.status != 200 {
		t.Errorf("throttle fault: %q HTTP %d", code(got), got.status)
	}
	if err := off.env.AddFault(core.Fault{Operation: "CreateExport", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500}); err != nil {
		t.Fatal(err)
	}
	if got := off.call("CreateExport", createBody("x")); code(got) != "InternalError" || got.status != 500 {
		t.Errorf("error fault: %q HTTP %d", code(got), got.status)
	}
}

// The limit is the account's: requests from different clients (addresses,
// hosts, regions) draw on one bucket per action, and each action has its own.
func TestRateLimitIsPerAccountAndAction(t *testing.T) {
	h := newHarness(t)
	body := `{"TopicId":"` + topicA + `"}`
	client := func(i int) reqOpts {
		return reqOpts{host: fmt.Sprintf("127.0.0.%d:8787", 1+i%4), after: func(r *http.Request) {
			r.RemoteAddr = fmt.Sprintf("10.0.0.%d:%d", 1+i%4, 40000+i)
			r.Header.Set("User-Agent", fmt.Sprintf("client-%d", i%4))
			if i%2 == 1 {
				r.Header.Set("X-TC-Region", "ap-shanghai")
			}
		}}
	}
	for i := range int(tencentcloud.RateLimit) {
		if got := h.do(h.request("DescribeExports", body, client(i))); code(got) == "RequestLimitExceeded" {
			t.Fatalf("request %d of the first %d was throttled", i+1, tencentcloud.RateLimit)
		}
	}
	for i := range 4 {
		if got := h.do(h.request("DescribeExports", body, client(i))); code(got) != "RequestLimitExceeded" {
			t.Errorf("client %d after the account's burst: %q, want RequestLimitExceeded", i, code(got))
		}
	}
	if got := h.call("CreateExport", createBody("other action")); code(got) != "" {
		t.Errorf("another action shares the bucket: %q", code(got))
	}
}

func TestStateRestoreRoundTrip(t *testing.T) {
	h := newHarness(t)
	id := h.call("CreateExport", createBody("keep")).Response.ExportID
	h.clock.Advance(5 * time.Second)
	raw, err := json.Marshal(h.em.State())
	if err != nil {
		t.Fatal(err)
	}
	var shown struct {
		Topics  []Topic          `json:"topics"`
		Exports []map[string]any `json:"exports"`
	}
	_ = json.Unmarshal(raw, &shown)
	if len(shown.Topics) != len(DefaultTopics) || len(shown.Exports) != 1 || shown.Exports[0]["status"] != "Completed" {
		t.Fatalf("state: %s", raw)
	}

	other := newHarness(t)
	other.clock.Advance(5 * time.Second)
	if err := other.em.Restore(raw); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(other.em.State())
	if !bytes.Equal(raw, again) {
		t.Errorf("restore round trip differs:\n%s\n%s", raw, again)
	}
	if got := other.call("DeleteExport", `{"ExportId":"`+id+`"}`); code(got) != "" {
		t.Errorf("restored export cannot be deleted: %q", code(got))
	}
	if err := other.em.Restore(json.RawMessage(`{"exports":[`)); err == nil {
		t.Error("restoring garbage must fail")
	}
}

func TestAdminSeedExportArguments(t *testing.T) {
	h := newHarness(t)
	rec := httptest.NewRecorder()
	body := `{"topic_id":"` + topicA + `","query":"q","from":1000,"to":2000,"log_count":7,"order":"asc","format":"csv","syntax_rule":1,"created_ago_ms":90000}`
	h.em.Admin(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body)), "exports")
	if rec.Code != 200 {
		t.Fatalf("seeding: %d %s", rec.Code, rec.Body)
	}
	x := h.describe(0, 100).Response.Exports[0]
	want := map[string]any{"Query": "q", "From": 1000.0, "To": 2000.0, "Count": 7.0, "Order": "asc", "Format": "csv", "SyntaxRule": 1.0,
		"Status": "Completed", "CreateTimestamp": float64(h.clock.t.Add(-90 * time.Second).UnixMilli())}
	for k, v := range want {
		if x[k] != v {
			t.Errorf("%s = %v, want %v", k, x[k], v)
		}
	}
	rec = httptest.NewRecorder()
	h.em.Admin(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"topic_id":"`+topicA+`","created_ago_ms":-1}`)), "exports")
	if rec.Code != http.StatusBadRequest {
		t.Errorf("negative created_ago_ms: %d", rec.Code)
	}
}
