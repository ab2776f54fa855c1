package tencent

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	cls "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cls/v20201016"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// answer is one response the emulator sent.
type answer struct {
	action string
	status int
	body   []byte
}

// recorder serves the emulator and keeps every answer it sends.
type recorder struct {
	next http.Handler
	mu   sync.Mutex
	all  []answer
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cw := httptest.NewRecorder()
	rec.next.ServeHTTP(cw, r)
	rec.mu.Lock()
	rec.all = append(rec.all, answer{action: r.Header.Get("X-TC-Action"), status: cw.Code, body: cw.Body.Bytes()})
	rec.mu.Unlock()
	for k, v := range cw.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(cw.Code)
	_, _ = w.Write(cw.Body.Bytes())
}

// take returns the answers recorded since the last call.
func (rec *recorder) take() []answer {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.all
	rec.all = nil
	return out
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// rig is an emulator behind a recorder and a client of it.
type rig struct {
	clock  *clock
	env    *core.Env
	rec    *recorder
	url    string
	client *tencentcloud.Client
}

func newRig(t *testing.T) *rig {
	t.Helper()
	c := &clock{t: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}
	env := core.NewEnv(c)
	opts := tencent.DefaultOptions()
	opts.QueueMS, opts.ProcessMS, opts.ExpireMS = 1000, 2000, 60_000
	rec := &recorder{next: tencent.New(env, opts)}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	r := &rig{clock: c, env: env, rec: rec, url: srv.URL}
	r.client = r.newClient(tencent.DefaultSecretKey)
	return r
}

// newClient signs with key on the emulator's clock.
func (r *rig) newClient(key string) *tencentcloud.Client {
	return tencentcloud.NewClient(tencentcloud.Config{
		SecretID: tencent.DefaultSecretID, SecretKey: key, Region: tencent.DefaultRegion,
		Endpoint: r.url, MaxRetries: -1, Now: r.clock.Now,
		Sleep: func(context.Context, time.Duration) error { return nil },
	})
}

var topic = tencent.DefaultTopics[0].TopicID

// scenario drives the client through the emulator under modes.
type scenario struct {
	name  string
	modes core.Modes
	run   func(t *testing.T, r *rig)
}

func input(query string) tencentcloud.CreateExportInput {
	return tencentcloud.CreateExportInput{TopicID: topic, Count: 100, Query: query, From: 1700000000000, To: 1700003600000}
}

func mustCreate(t *testing.T, r *rig, in tencentcloud.CreateExportInput) string {
	t.Helper()
	out, err := r.client.CreateExport(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return out.ExportID
}

// everyStatus creates exports and lists them in every status: Queuing,
// Processing, Completed (with the file fields), Failed and Expired, with
// and without the optional arguments, paged.
func everyStatus(t *testing.T, r *rig) {
	ctx := context.Background()
	syntax := tencentcloud.SyntaxCQL
	full := input("level:ERROR")
	full.Order, full.Format, full.SyntaxRule, full.DerivedFields = "asc", "csv", &syntax, []string{"__TAG__.pod", "host"}
	mustCreate(t, r, full)
	mustCreate(t, r, input("status:200"))
	mustCreate(t, r, input("status:500 AND "+tencent.FailMarker))
	list := func() {
		for offset := int64(0); offset < 3; offset += 2 {
			if _, err := r.client.DescribeExports(ctx, tencentcloud.DescribeExportsInput{TopicID: topic, Offset: offset, Limit: 2}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, step := range []time.Duration{0, 1500 * time.Millisecond, 2 * time.Second, 61 * time.Second} {
		r.clock.advance(step)
		list()
	}
	mustCreate(t, r, input("late")) // Queuing beside Expired ones
	list()
	if _, err := r.client.DescribeExports(ctx, tencentcloud.DescribeExportsInput{TopicID: tencent.DefaultTopics[1].TopicID}); err != nil {
		t.Fatal(err) // an empty topic
	}
}

// deletes deletes an export and one that does not exist.
func deletes(t *testing.T, r *rig) {
	ctx := context.Background()
	id := mustCreate(t, r, input("to delete"))
	if _, err := r.client.DeleteExport(ctx, tencentcloud.DeleteExportInput{ExportID: id}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.client.DeleteExport(ctx, tencentcloud.DeleteExportInput{ExportID: id}); !tencentcloud.IsNotFound(err) {
		t.Fatalf("second delete: %v, want not found", err)
	}
}

// refusals are the error answers the client can meet: parameters,
// missing topic, authentication, throttling and injected faults.
func refusals(t *testing.T, r *rig) {
	ctx := context.Background()
	bad := input("x")
	bad.From = bad.To
	expectErr(t, func() error { _, err := r.client.CreateExport(ctx, bad); return err })
	missing := input("x")
	missing.TopicID = "00000000-0000-4000-8000-000000000000"
	expectErr(t, func() error { _, err := r.client.CreateExport(ctx, missing); return err })
	expectErr(t, func() error {
		_, err := r.client.DescribeExports(ctx, tencentcloud.DescribeExportsInput{TopicID: missing.TopicID})
		return err
	})
	expectErr(t, func() error {
		_, err := r.newClient("wrong-key").DescribeExports(ctx, tencentcloud.DescribeExportsInput{TopicID: topic})
		return err
	})
	for _, f := range []core.Fault{
		{Operation: "CreateExport", Kind: core.FaultThrottle, Count: 1},
		{Operation: "DescribeExports", Kind: core.FaultError, Code: "InternalError", Count: 1},
		{Operation: "DeleteExport", Kind: core.FaultError, Code: "FailedOperation", HTTPStatus: http.StatusServiceUnavailable, Message: "busy", Count: 1},
	} {
		if err := r.env.AddFault(f); err != nil {
			t.Fatal(err)
		}
	}
	expectErr(t, func() error { _, err := r.client.CreateExport(ctx, input("x")); return err })
	expectErr(t, func() error {
		_, err := r.client.DescribeExports(ctx, tencentcloud.DescribeExportsInput{TopicID: topic})
		return err
	})
	expectErr(t, func() error {
		_, err := r.client.DeleteExport(ctx, tencentcloud.DeleteExportInput{ExportID: "export-x"})
		return err
	})
}

func expectErr(t *testing.T, call func() error) {
	t.Helper()
	if err := call(); err == nil {
		t.Fatal("the call succeeded; want an error answer")
	}
}

// raw sends requests the client never sends (unknown action, another
// version, GET), whose answers are error envelopes too.
func raw(t *testing.T, r *rig) {
	for _, req := range []struct{ method, action, version string }{
		{http.MethodPost, "DescribeTopics", tencentcloud.APIVersion},
		{http.MethodPost, "DescribeExports", "2017-03-12"},
		{http.MethodGet, "DescribeExports", tencentcloud.APIVersion},
		{http.MethodPost, "DescribeExports", tencentcloud.APIVersion}, // unsigned
	} {
		hr, err := http.NewRequest(req.method, r.url, strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("X-TC-Action", req.action)
		hr.Header.Set("X-TC-Version", req.version)
		resp, err := http.DefaultClient.Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
}

func scenarios() []scenario {
	return []scenario{
		{name: "every_status", run: everyStatus},
		{name: "delete", run: deletes},
		{name: "refusals", run: refusals},
		{name: "raw", run: raw},
		{name: "normalize", modes: core.Modes{Normalize: true}, run: everyStatus},
		{name: "page_cap_and_lag", modes: core.Modes{PageCap: 1, VisibilityLagMS: 500}, run: everyStatus},
		{name: "vendor_example_shapes", modes: core.Modes{VendorExamples: true}, run: func(t *testing.T, r *rig) {
			everyStatus(t, r)
			deletes(t, r)
		}},
	}
}

// TestEmulatorAnswersFitSDKModels decodes every answer the emulator's
// Tencent handlers send in the scenarios with the official SDK's response
// type for its action, refusing any field the SDK's model lacks and any
// value that does not fit its type. Error answers are decoded with the
// SDK's ErrorResponse.
func TestEmulatorAnswersFitSDKModels(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			r := newRig(t)
			if err := r.env.SetModes(sc.modes); err != nil {
				t.Fatal(err)
			}
			sc.run(t, r)
			answers := r.rec.take()
			if len(answers) == 0 {
				t.Fatal("the scenario sent no request")
			}
			for i, a := range answers {
				kind, err := fitsSDK(a)
				seen[kind] = true
				if err != nil {
					t.Errorf("answer %d (%s, HTTP %d) does not fit the SDK's model: %v\n%s", i+1, a.action, a.status, err, a.body)
				}
			}
		})
	}
	// Every action the emulator serves, and its errors, were decoded.
	for _, kind := range []string{"CreateExport", "DescribeExports", "DeleteExport", "error"} {
		if !seen[kind] {
			t.Errorf("no %s answer was checked", kind)
		}
	}
}

// fitsSDK decodes a with the SDK type for its action (or ErrorResponse)
// and reports which it used.
func fitsSDK(a answer) (string, error) {
	var probe struct {
		Response struct {
			Error json.RawMessage `json:"Error"`
		} `json:"Response"`
	}
	if err := json.Unmarshal(a.body, &probe); err != nil {
		return "", fmt.Errorf("not JSON: %w", err)
	}
	if probe.Response.Error != nil {
		var e tchttp.ErrorResponse
		if err := strictDecode(a.body, &e); err != nil {
			return "error", err
		}
		if e.Response.Error.Code == "" || e.Response.RequestId == "" {
			return "error", fmt.Errorf("an error without Code or RequestId")
		}
		return "error", nil
	}
	var target any
	switch a.action {
	case "CreateExport":
		target = &cls.CreateExportResponse{}
	case "DescribeExports":
		target = &describeExportsResponse{}
	case "DeleteExport":
		target = &cls.DeleteExportResponse{}
	default:
		return a.action, fmt.Errorf("a success answer to %q, which the emulator does not serve", a.action)
	}
	if err := strictDecode(a.body, target); err != nil {
		return a.action, err
	}
	return a.action, nil
}

// strictDecode is json.Unmarshal refusing unknown fields and trailing data.
func strictDecode(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}

// describeExportsResponse is the SDK's DescribeExportsResponse with one
// field added to its ExportInfo: CreateTimestamp, in the vendor's model
// since SDK v1.3.166 (2026-08-21, tencentcloud/cls/v20201016/models.go at
// 144f6c8d39e410da77a70472f1416e9903740593, and tencentcloud-cli's api.json
// at 6e53beb521ad49d551683fc7b1439a8543f7ea68), newer than any version the
// Go module proxy serves here. TestExportInfoExtension fails once the
// pinned SDK has it, so that the extension goes.
type describeExportsResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		cls.DescribeExportsResponseParams
		Exports []*exportInfo `json:"Exports"`
	} `json:"Response"`
}

type exportInfo struct {
	cls.ExportInfo
	CreateTimestamp *uint64 `json:"CreateTimestamp"`
}

func TestExportInfoExtension(t *testing.T) {
	if _, ok := reflect.TypeOf(cls.ExportInfo{}).FieldByName("CreateTimestamp"); ok {
		t.Error("the SDK's ExportInfo has CreateTimestamp now: decode with cls.DescribeExportsResponse and drop exportInfo")
	}
	// The extension shadows only the Exports of the SDK's params.
	params := reflect.TypeOf(cls.DescribeExportsResponseParams{})
	if f, ok := params.FieldByName("Exports"); !ok || f.Type != reflect.TypeOf([]*cls.ExportInfo{}) {
		t.Errorf("the SDK's DescribeExportsResponseParams.Exports is %v", f.Type)
	}
}
