package tencentcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

const (
	testID    = "test-secret-id"
	testKey   = "test-secret-key-do-not-print"
	testToken = "test-sts-token-do-not-print"
	testTopic = "0f8e2a54-6b1c-4d3e-9a7f-1c2b3d4e5f60"
)

// fakeCLS is a minimal handler that records calls and answers per action.
type fakeCLS struct {
	mu      sync.Mutex
	calls   map[string]int
	reqs    []*http.Request
	bodies  [][]byte
	answers map[string]func(n int, body []byte) (int, string)
}

func newFake() *fakeCLS {
	return &fakeCLS{calls: map[string]int{}, answers: map[string]func(int, []byte) (int, string){}}
}

func (f *fakeCLS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	action := r.Header.Get("X-TC-Action")
	f.mu.Lock()
	f.calls[action]++
	n := f.calls[action]
	f.reqs = append(f.reqs, r)
	f.bodies = append(f.bodies, body)
	answer := f.answers[action]
	f.mu.Unlock()
	status, out := http.StatusOK, `{"Response":{"RequestId":"rid-ok"}}`
	if answer != nil {
		status, out = answer(n, body)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, out)
}

func (f *fakeCLS) count(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[action]
}

func errBody(code string) string {
	return fmt.Sprintf(`{"Response":{"Error":{"Code":%q,"Message":"something about %s"},"RequestId":"rid-err"}}`, code, code)
}

func newTestClient(t *testing.T, h http.Handler, token string) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return NewClient(Config{
		SecretID: testID, SecretKey: testKey, SecurityToken: token, Region: "ap-guangzhou",
		Endpoint: srv.URL, MaxRetries: 3,
		Now:   func() time.Time { return time.Unix(1700000000, 0) },
		Sleep: func(context.Context, time.Duration) error { return nil },
	})
}

func TestDefaultEndpointIsRegionPinned(t *testing.T) {
	if got := endpointURL("", "ap-shanghai").String(); got != "https://cls.ap-shanghai.tencentcloudapi.com/" {
		t.Errorf("default endpoint = %s", got)
	}
	if got := endpointURL("http://127.0.0.1:8787/", "ap-shanghai").String(); got != "http://127.0.0.1:8787/" {
		t.Errorf("configured endpoint = %s", got)
	}
}

func TestRequestIsSignedAsSent(t *testing.T) {
	f := newFake()
	f.answers["CreateExport"] = func(int, []byte) (int, string) {
		return 200, `{"Response":{"ExportId":"export-1","RequestId":"rid-1"}}`
	}
	c := newTestClient(t, f, testToken)
	rule := SyntaxCQL
	out, err := c.CreateExport(context.Background(), CreateExportInput{
		TopicID: testTopic, Count: 10, Query: "status:500", From: 1000, To: 2000, Order: "asc", Format: "csv", SyntaxRule: &rule,
	})
	if err != nil {
		t.Fatalf("CreateExport: %v", err)
	}
	if out.ExportID != "export-1" || out.RequestID != "rid-1" {
		t.Errorf("output = %+v", out)
	}
	r, body := f.reqs[0], f.bodies[0]
	for h, want := range map[string]string{
		"X-TC-Action": "CreateExport", "X-TC-Version": "2020-10-16", "X-TC-Region": "ap-guangzhou",
		"X-TC-Timestamp": "1700000000", "X-TC-Token": testToken, "Content-Type": "application/json",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("header %s = %q, want %q", h, got, want)
		}
	}
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		t.Errorf("request line = %s %s", r.Method, r.URL.Path)
	}
	var params map[string]any
	if err := json.Unmarshal(body, &params); err != nil {
		t.Fatal(err)
	}
	if params["TopicId"] != testTopic || params["Count"] != float64(10) || params["SyntaxRule"] != float64(1) || params["Order"] != "asc" {
		t.Errorf("body = %s", body)
	}
	if _, ok := params["DerivedFields"]; ok {
		t.Errorf("empty DerivedFields must be omitted: %s", body)
	}
	want := Authorization(SignInput{
		Method:        "POST",
		Headers:       map[string]string{"content-type": "application/json", "host": r.Host, "x-tc-action": "CreateExport"},
		SignedHeaders: []string{"content-type", "host", "x-tc-action"},
		Payload:       body, Timestamp: 1700000000, Service: "cls", SecretID: testID, SecretKey: testKey,
	})
	if got := r.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization = %s\nwant %s", got, want)
	}
}

func TestErrorEnvelope(t *testing.T) {
	cases := []struct {
		status                     int
		body                       string
		code                       string
		notFound, throttled, trans bool
	}{
		{200, errBody("ResourceNotFound.ExportNotExist"), "ResourceNotFound.ExportNotExist", true, false, false},
		{200, errBody("ResourceNotFound.TopicNotExist"), "ResourceNotFound.TopicNotExist", true, false, false},
		{200, errBody("RequestLimitExceeded"), "RequestLimitExceeded", false, true, false},
		{200, errBody("RequestLimitExceeded.UinLimitExceeded"), "RequestLimitExceeded.UinLimitExceeded", false, true, false},
		{200, errBody("InternalError"), "InternalError", false, false, true},
		{200, errBody("InvalidParameterValue"), "InvalidParameterValue", false, false, false},
		{200, errBody("ResourceNotFoundish"), "ResourceNotFoundish", false, false, false},
		{502, "<html>bad gateway</html>", "", false, false, true},
	}
	for _, tc := range cases {
		rid, err := decodeResponse(tc.status, nil, []byte(tc.body))
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%d %s: error %v is not *Error", tc.status, tc.body, err)
		}
		if e.Code != tc.code || e.HTTPStatus != tc.status {
			t.Errorf("%s: got code %q status %d", tc.body, e.Code, e.HTTPStatus)
		}
		if IsNotFound(err) != tc.notFound || IsThrottled(err) != tc.throttled || e.Transient() != tc.trans {
			t.Errorf("%s: notFound=%v throttled=%v transient=%v", tc.body, IsNotFound(err), IsThrottled(err), e.Transient())
		}
		if tc.code != "" && (rid != "rid-err" || !strings.Contains(e.Error(), "rid-err") || !strings.Contains(e.Error(), tc.code)) {
			t.Errorf("error string %q lacks code or request id", e.Error())
		}
		if strings.Contains(e.Error(), "html") {
			t.Errorf("error string leaks the body: %q", e.Error())
		}
	}
	if _, err := decodeResponse(200, nil, []byte(`{"Response":{"RequestId":"x"}}`)); err != nil {
		t.Errorf("success envelope: %v", err)
	}
}

func TestCreateExportRetryRules(t *testing.T) {
	t.Run("throttled is retried", func(t *testing.T) {
		f := newFake()
		f.answers["CreateExport"] = func(n int, _ []byte) (int, string) {
			if n < 3 {
				return 200, errBody("RequestLimitExceeded")
			}
			return 200, `{"Response":{"ExportId":"export-2","RequestId":"r"}}`
		}
		c := newTestClient(t, f, "")
		if _, err := c.CreateExport(context.Background(), CreateExportInput{TopicID: testTopic}); err != nil {
			t.Fatal(err)
		}
		if n := f.count("CreateExport"); n != 3 {
			t.Errorf("CreateExport calls = %d, want 3", n)
		}
	})
	t.Run("internal error is ambiguous, not retried", func(t *testing.T) {
		f := newFake()
		f.answers["CreateExport"] = func(int, []byte) (int, string) { return 200, errBody("InternalError") }
		c := newTestClient(t, f, "")
		_, err := c.CreateExport(context.Background(), CreateExportInput{TopicID: testTopic})
		if !transport.IsAmbiguous(err) {
			t.Fatalf("error %v is not ambiguous", err)
		}
		if n := f.count("CreateExport"); n != 1 {
			t.Errorf("CreateExport calls = %d, want 1", n)
		}
	})
	t.Run("dropped connection is ambiguous", func(t *testing.T) {
		var calls int
		var mu sync.Mutex
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			calls++
			mu.Unlock()
			panic(http.ErrAbortHandler)
		})
		c := newTestClient(t, h, "")
		_, err := c.CreateExport(context.Background(), CreateExportInput{TopicID: testTopic})
		if !transport.IsAmbiguous(err) {
			t.Fatalf("error %v is not ambiguous", err)
		}
		if calls != 1 {
			t.Errorf("calls = %d, want 1", calls)
		}
	})
	t.Run("describe is retried after internal error", func(t *testing.T) {
		f := newFake()
		f.answers["DescribeExports"] = func(n int, _ []byte) (int, string) {
			if n == 1 {
				return 200, errBody("InternalError")
			}
			return 200, `{"Response":{"Exports":[],"TotalCount":0,"RequestId":"r"}}`
		}
		c := newTestClient(t, f, "")
		if _, err := c.DescribeExports(context.Background(), DescribeExportsInput{TopicID: testTopic}); err != nil {
			t.Fatal(err)
		}
		if n := f.count("DescribeExports"); n != 2 {
			t.Errorf("DescribeExports calls = %d, want 2", n)
		}
	})
}

func TestErrorsHoldNoSecrets(t *testing.T) {
	f := newFake()
	f.answers["DeleteExport"] = func(int, []byte) (int, string) { return 200, errBody("AuthFailure.SignatureFailure") }
	c := newTestClient(t, f, testToken)
	_, err := c.DeleteExport(context.Background(), DeleteExportInput{ExportID: "export-x"})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, s := range []string{testKey, testToken, "Signature="} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains %q", err, s)
		}
	}
}

// pagedTopic answers DescribeExports from n exports, newest first.
func pagedTopic(n int) func(int, []byte) (int, string) {
	return func(_ int, body []byte) (int, string) {
		var in DescribeExportsInput
		_ = json.Unmarshal(body, &in)
		if in.Limit > MaxDescribeLimit {
			return 200, errBody("InvalidParameterValue")
		}
		var page []Export
		for i := in.Offset; i < int64(n) && i < in.Offset+in.Limit; i++ {
			page = append(page, Export{TopicID: in.TopicID, ExportID: fmt.Sprintf("export-%03d", i), Status: "Complete"})
		}
		b, _ := json.Marshal(map[string]any{"Response": map[string]any{"Exports": page, "TotalCount": n, "RequestId": "r"}})
		return 200, string(b)
	}
}

func TestFindExportPagesAndShares(t *testing.T) {
	f := newFake()
	f.answers["DescribeExports"] = pagedTopic(250)
	c := newTestClient(t, f, "")
	ctx := context.Background()

	e, found, err := c.FindExport(ctx, testTopic, "export-249", FindOptions{Fresh: true})
	if err != nil || !found || e.Status != StatusCompleted {
		t.Fatalf("fresh find on the last page: %+v %v %v", e, found, err)
	}
	if n := f.count("DescribeExports"); n != 3 {
		t.Errorf("fresh find of the 250th export: %d calls, want 3", n)
	}

	var wg sync.WaitGroup
	for i := range 250 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("export-%03d", i)
			if e, found, err := c.FindExport(ctx, testTopic, id, FindOptions{}); err != nil || !found || e.ExportID != id {
				t.Errorf("cached find %s: %v %v", id, found, err)
			}
		}()
	}
	wg.Wait()
	if n := f.count("DescribeExports") - 3; n != 3 {
		t.Errorf("250 cached finds cost %d DescribeExports calls, want 3", n)
	}

	before := f.count("DescribeExports")
	if _, found, err := c.FindExport(ctx, testTopic, "export-missing", FindOptions{}); err != nil || found {
		t.Fatalf("missing export: found=%v err=%v", found, err)
	}
	if n := f.count("DescribeExports") - before; n != 3 {
		t.Errorf("a miss in the shared list is confirmed by one fresh listing: %d calls, want 3", n)
	}

	// A write invalidates the shared pages.
	f.answers["DeleteExport"] = func(int, []byte) (int, string) { return 200, `{"Response":{"RequestId":"r"}}` }
	if _, err := c.DeleteExport(ctx, DeleteExportInput{ExportID: "export-001"}); err != nil {
		t.Fatal(err)
	}
	before = f.count("DescribeExports")
	if _, _, err := c.FindExport(ctx, testTopic, "export-000", FindOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := f.count("DescribeExports") - before; n != 1 {
		t.Errorf("after a delete the list is read again: %d calls, want 1", n)
	}
}

// TestExportPagerCutOffIsAnError: a list that has not ended after
// maxDescribePages (a TotalCount never reached) is an error of the one
// pager (for the shared lookups and EachExport alike), never a complete list: "not found" from it
// would make Read drop the export from state and the next apply create a
// second one. (The pager is called at the cap directly: reaching it through
// FindExport costs 1000 calls, 50 s at CLS's rate limit.)
func TestExportPagerCutOffIsAnError(t *testing.T) {
	f := newFake()
	f.answers["DescribeExports"] = pagedTopic(MaxDescribeLimit*maxDescribePages + 1)
	c := newTestClient(t, f, "")
	pager := c.ExportPager(testTopic)
	ctx := context.Background()
	page, done, err := pager(ctx, maxDescribePages-1, MaxDescribeLimit*(maxDescribePages-1))
	if err != nil || done || len(page) != MaxDescribeLimit {
		t.Fatalf("page %d of an unfinished list: %d exports, done=%v, err=%v", maxDescribePages, len(page), done, err)
	}
	before := f.count("DescribeExports")
	page, done, err = pager(ctx, maxDescribePages, MaxDescribeLimit*maxDescribePages)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("more than %d pages", maxDescribePages)) {
		t.Errorf("a list still going after %d pages: %d exports, done=%v, err=%v; want an error naming the cap", maxDescribePages, len(page), done, err)
	}
	if n := f.count("DescribeExports") - before; n != 0 {
		t.Errorf("the pager asked for page %d: %d calls, want none", maxDescribePages+1, n)
	}
}

// TestLogsHoldNoSecrets drives calls through the transport at TRACE, where
// bodies are logged, and looks for any secret byte sequence.
func TestLogsHoldNoSecrets(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	t.Setenv("TF_LOG_PROVIDER_TELEMETRY_TENCENTCLOUD", "TRACE")
	f := newFake()
	f.answers["DescribeExports"] = func(int, []byte) (int, string) {
		// A misbehaving service echoing the key must not leak it either.
		return 200, `{"Response":{"Exports":[],"TotalCount":0,"Echo":"` + testKey + `","RequestId":"r"}}`
	}
	f.answers["DeleteExport"] = func(int, []byte) (int, string) { return 200, errBody("AuthFailure.SignatureFailure") }
	c := newTestClient(t, f, testToken)
	if _, err := c.DescribeExports(ctx, DescribeExportsInput{TopicID: testTopic}); err != nil {
		t.Fatal(err)
	}
	_, _ = c.DeleteExport(ctx, DeleteExportInput{ExportID: "export-1"})
	logs := out.String()
	if !strings.Contains(logs, "cloud API response body") {
		t.Fatalf("expected TRACE body lines, got:\n%s", logs)
	}
	for _, s := range []string{testKey, testToken} {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain the secret %q:\n%s", s, logs)
		}
	}
}
