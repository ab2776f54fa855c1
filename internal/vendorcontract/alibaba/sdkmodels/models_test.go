package sdkmodels_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cms"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/alibaba"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Operation names, as the emulator's operations table has them.
const (
	opPut        = "PutExporterOutput"
	opList       = "DescribeExporterOutputList"
	opDelete     = "DeleteExporterOutput"
	opPutEvent   = "PutCustomEvent"
	opListEvent  = "DescribeCustomEventAttribute"
	opPutRule    = "PutExporterRule"
	opListRule   = "DescribeExporterRuleList"
	opDeleteRule = "DeleteExporterRule"
)

// exchange is one answer of the emulator with the action it was for.
type exchange struct {
	op     string
	status int
	header http.Header
	body   []byte
}

// recorder serves the emulator and keeps every answer.
type recorder struct {
	mu  sync.Mutex
	got []exchange
}

func (rec *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, r)
		for k, v := range rr.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rr.Code)
		_, _ = w.Write(rr.Body.Bytes())
		rec.mu.Lock()
		rec.got = append(rec.got, exchange{op: opOf(r), status: rr.Code, header: rr.Header().Clone(), body: bytes.Clone(rr.Body.Bytes())})
		rec.mu.Unlock()
	})
}

// opOf is the action of a request: the x-acs-action header of a V3
// request, the Action parameter of a v1 one.
func opOf(r *http.Request) string {
	if a := r.Header.Get("x-acs-action"); a != "" {
		return a
	}
	return r.URL.Query().Get("Action")
}

// variant is one way to run the emulator, with the departures from the SDK
// models it may show.
type variant struct {
	name  string
	modes core.Modes
	opts  func(*alibaba.Options)
	// exampleShapes: the answers of -vendor-example-shapes (see
	// departFromModels for the sources).
	exampleShapes bool
}

func variants() []variant {
	return []variant{
		{name: "default"},
		{name: "normalize", modes: core.Modes{Normalize: true}},
		{name: "vendor-example-shapes", modes: core.Modes{VendorExamples: true}, exampleShapes: true},
		{name: "page-cap", modes: core.Modes{PageCap: 1}},
		{name: "delete-missing-200", opts: func(o *alibaba.Options) { o.DeleteMissing = alibaba.DeleteMissing200 }},
		{name: "delete-missing-ok", opts: func(o *alibaba.Options) { o.DeleteMissing = alibaba.DeleteMissingOK }},
		{name: "max-page-size-10", opts: func(o *alibaba.Options) { o.MaxPageSize = 10 }},
		{name: "all", modes: core.Modes{Normalize: true, VendorExamples: true, PageCap: 1}, exampleShapes: true},
	}
}

// TestEmulatorAnswersFitSDKModels drives every operation the Alibaba
// emulator serves, successes and the errors it can send, under each mode,
// and holds each answer against the official SDK: a 2xx body (the SDK
// decodes every 2xx body into the operation's response, an error in an
// HTTP-200 body too) must decode into the operation's response struct with
// no unknown field and no value of another type, and must be read by the
// SDK's own reader; any other body must be read by the SDK's error reader
// into the code, message and request id it holds.
func TestEmulatorAnswersFitSDKModels(t *testing.T) {
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			got := drive(t, v)
			seen := map[string]bool{}
			departed := map[string]bool{}
			for i, x := range got {
				seen[fmt.Sprintf("%s %d", x.op, x.status)] = true
				if code := codeOf(x.body); x.status == http.StatusOK && code != "200" && code != "" {
					seen[fmt.Sprintf("%s %d %s", x.op, x.status, code)] = true
				}
				d, err := check(x, v)
				if err != nil {
					t.Errorf("answer %d (%s, HTTP %d): %v\nbody: %s", i, x.op, x.status, err, x.body)
				}
				for _, s := range d {
					departed[s] = true
				}
			}
			for _, want := range wantAnswers(v) {
				if !seen[want] {
					t.Errorf("no %q answer was checked; got %v", want, keys(seen))
				}
			}
			// The departures allowed under -vendor-example-shapes must be
			// the ones its answers show, and no other variant shows any.
			if wantDeparted := map[bool]int{true: 4, false: 0}[v.exampleShapes]; len(departed) != wantDeparted {
				t.Errorf("departures from the SDK models: %v, want %d", keys(departed), wantDeparted)
			}
		})
	}
}

// wantAnswers are the answers each variant must have produced, so that a
// change of the drive cannot quietly check less.
func wantAnswers(v variant) []string {
	want := []string{
		opPut + " 200", opList + " 200", opDelete + " 200", opPutEvent + " 200", opListEvent + " 200", // successes
		opPutRule + " 200", opListRule + " 200", opDeleteRule + " 200",
		opList + " 400", opListEvent + " 400", // page sizes above the maximum
		opPut + " 400", opList + " 404", " 405", " 400", // gateway refusals
		opList + " 503", opPutEvent + " 500", // faults
		opPut + " 200 AccessForbidden", opPutEvent + " 200 InternalError", opListEvent + " 200 ParameterInvalid", // errors in HTTP-200 bodies
	}
	switch v.name {
	case "default":
		want = append(want, opDelete+" 404")
	case "delete-missing-200":
		want = append(want, opDelete+" 200 ResourceNotFound")
	}
	return want
}

// codeOf is the Code of a body ("" when it has none).
func codeOf(body []byte) string {
	var head struct{ Code string }
	_ = json.Unmarshal(body, &head)
	return head.Code
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// drive runs one of everything against a fresh emulator and returns its
// answers.
func drive(t *testing.T, v variant) []exchange {
	t.Helper()
	opts := alibaba.DefaultOptions()
	if v.opts != nil {
		v.opts(&opts)
	}
	env := core.NewEnv(nil)
	if err := env.SetModes(v.modes); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	srv := httptest.NewServer(rec.wrap(alibaba.New(env, opts)))
	t.Cleanup(srv.Close)
	client := func(ak, secret string) *alicloud.Client {
		return alicloud.NewClient(alicloud.Config{AccessKey: ak, SecretKey: secret, Region: "cn-hangzhou", Endpoint: srv.URL, MaxRetries: -1,
			Sleep: func(context.Context, time.Duration) error { return nil }})
	}
	c := client(opts.AccessKey, opts.SecretKey)
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	for _, name := range []string{"contract-a", "contract-b"} {
		_, err := c.PutExporterOutput(ctx, alicloud.PutExporterOutputInput{DestName: name, DestType: "sls", Desc: "contract", Config: alicloud.ExporterOutputConfig{
			Endpoint: "http://cn-hangzhou.log.aliyuncs.com/", Project: "p", Logstore: "l", AccessKeyID: "LTAIcontract", AccessKeySecret: "contract-secret", UserID: "1234"}})
		must("PutExporterOutput", err)
	}
	_, err := c.DescribeExporterOutputList(ctx, alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 2})
	must("DescribeExporterOutputList", err)
	_, err = c.ExporterOutputs(ctx) // pages of 100: refused where the maximum is smaller, then pages of 10
	must("ExporterOutputs", err)
	_, _ = c.DescribeExporterOutputList(ctx, alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 1000})
	_, err = c.DeleteExporterOutput(ctx, "contract-b")
	must("DeleteExporterOutput", err)
	_, _ = c.DeleteExporterOutput(ctx, "contract-missing")

	for _, name := range []string{"contract-rule-a", "contract-rule-b"} {
		_, err = c.PutExporterRule(ctx, alicloud.PutExporterRuleInput{RuleName: name, Namespace: "acs_ecs_dashboard", MetricName: "cpu_total",
			TargetWindows: []int64{60, 300}, Describe: "contract", DstNames: []string{"contract-a"}})
		must("PutExporterRule", err)
	}
	_, err = c.DescribeExporterRuleList(ctx, alicloud.DescribeExporterRuleListInput{PageNumber: 1, PageSize: 1})
	must("DescribeExporterRuleList", err)
	_, err = c.ExporterRules(ctx)
	must("ExporterRules", err)
	_, err = c.DeleteExporterRule(ctx, "contract-rule-b")
	must("DeleteExporterRule", err)

	now := time.Now()
	_, err = c.PutCustomEvent(ctx, alicloud.PutCustomEventInput{Events: []alicloud.CustomEvent{
		{Name: "contract", Content: "first", GroupID: "0", Time: now.Add(-time.Minute)},
		{Name: "contract", Content: "second", GroupID: "12345", Time: now.Add(-time.Second)},
	}})
	must("PutCustomEvent", err)
	window := alicloud.DescribeCustomEventAttributeInput{Name: "contract", StartTime: now.Add(-time.Hour), EndTime: now.Add(time.Hour), PageSize: 10}
	_, err = c.DescribeCustomEventAttribute(ctx, window)
	must("DescribeCustomEventAttribute", err)
	all := window
	all.PageSize = 0 // the client's size: 100, or 10 after a refusal of 100
	_, err = c.ListCustomEvents(ctx, all, 5)
	must("ListCustomEvents", err)
	big := window
	big.PageSize = 1000
	_, _ = c.DescribeCustomEventAttribute(ctx, big)

	// Gateway refusals: a wrong secret, an unknown AccessKey, an unsigned
	// request, a method the gateway does not take.
	_, _ = client(opts.AccessKey, "wrong-secret").PutExporterOutput(ctx, alicloud.PutExporterOutputInput{DestName: "x", Config: alicloud.ExporterOutputConfig{Endpoint: "e", Project: "p", Logstore: "l", AccessKeyID: "a", AccessKeySecret: "s"}})
	_, _ = client("LTAIunknown", opts.SecretKey).DescribeExporterOutputList(ctx, alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10})
	raw(t, srv.URL, http.MethodGet, "/?Action="+opList)
	raw(t, srv.URL, http.MethodDelete, "/")
	raw(t, srv.URL, http.MethodGet, "/")

	// Faults arrive in the vendor's envelope, an error with HTTP 200 too.
	for _, f := range []core.Fault{
		{Operation: opPut, Kind: core.FaultThrottle, Count: 1},
		{Operation: opList, Kind: core.FaultError, Code: "ServiceUnavailable", Count: 1},
		{Operation: opPutEvent, Kind: core.FaultError, Code: "InternalError", Count: 1},
		{Operation: opListEvent, Kind: core.FaultError, Code: "ParameterInvalid", HTTPStatus: http.StatusOK, Count: 1},
		{Operation: opPutEvent, Kind: core.FaultError, Code: "InternalError", HTTPStatus: http.StatusOK, Count: 1},
		{Operation: opPut, Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: http.StatusOK, Count: 1},
	} {
		must("AddFault", env.AddFault(f))
	}
	_, _ = c.DescribeExporterOutputList(ctx, alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10})
	for range 2 {
		_, _ = c.PutExporterOutput(ctx, alicloud.PutExporterOutputInput{DestName: "contract-a", Config: alicloud.ExporterOutputConfig{Endpoint: "e", Project: "p", Logstore: "l", AccessKeyID: "a", AccessKeySecret: "s"}})
		_, _ = c.PutCustomEvent(ctx, alicloud.PutCustomEventInput{Events: []alicloud.CustomEvent{{Name: "contract", Content: "x", GroupID: "0", Time: now}}})
	}
	_, _ = c.DescribeCustomEventAttribute(ctx, window)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.got
}

func raw(t *testing.T, base, method, path string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// sdkResponse returns the SDK's response struct for an operation.
func sdkResponse(op string) (responses.AcsResponse, bool) {
	switch op {
	case opPut:
		return cms.CreatePutExporterOutputResponse(), true
	case opList:
		return cms.CreateDescribeExporterOutputListResponse(), true
	case opDelete:
		return cms.CreateDeleteExporterOutputResponse(), true
	case opPutEvent:
		return cms.CreatePutCustomEventResponse(), true
	case opListEvent:
		return cms.CreateDescribeCustomEventAttributeResponse(), true
	case opPutRule:
		return cms.CreatePutExporterRuleResponse(), true
	case opListRule:
		return cms.CreateDescribeExporterRuleListResponse(), true
	case opDeleteRule:
		return cms.CreateDeleteExporterRuleResponse(), true
	}
	return nil, false
}

// check holds one answer against the SDK and returns the departures from
// its models that it showed (each one allowed by departFromModels).
func check(x exchange, v variant) ([]string, error) {
	if x.status < 200 || x.status > 299 {
		return nil, checkServerError(x)
	}
	strict, ok := sdkResponse(x.op)
	if !ok {
		return nil, fmt.Errorf("a 2xx answer to %q, which has no SDK response", x.op)
	}
	body, departed, err := departFromModels(x.op, x.body, v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(strict); err != nil {
		return departed, fmt.Errorf("decoding into %T: %w", strict, err)
	}
	if dec.More() {
		return departed, fmt.Errorf("more than one JSON value")
	}
	// The SDK's own reader (lenient: it turns numbers and booleans into
	// strings) must take the body as sent, departures and all.
	lenient, _ := sdkResponse(x.op)
	resp := &http.Response{StatusCode: x.status, Header: x.header, Body: io.NopCloser(bytes.NewReader(x.body))}
	if err := responses.Unmarshal(lenient, resp, "JSON"); err != nil {
		return departed, fmt.Errorf("the SDK's reader: %w", err)
	}
	return departed, checkRequestID(x.body, lenient)
}

// checkRequestID compares the request id the SDK read with the body's.
func checkRequestID(body []byte, r responses.AcsResponse) error {
	var head struct{ RequestId string }
	_ = json.Unmarshal(body, &head)
	b, _ := json.Marshal(r)
	var read struct{ RequestId string }
	_ = json.Unmarshal(b, &read)
	if head.RequestId == "" || read.RequestId != head.RequestId {
		return fmt.Errorf("the SDK read request id %q, the body has %q", read.RequestId, head.RequestId)
	}
	return nil
}

// departFromModels turns the values in which the vendor's own published
// examples differ from the SDK models back into the models' form, where the
// variant sends them, so that every other field is still checked strictly.
// It returns the rewritten body and the departures it found:
//   - DescribeCustomEventAttribute: Success a boolean and each event's Time
//     a number, where the SDK says string. Source: the JSON example of the
//     DescribeCustomEventAttribute API reference
//     (https://alibabacloud.com/help/en/cms/developer-reference/api-describecustomeventattribute),
//     as issue 25 reports it (the copy read for this test was cut before
//     the example; its field table says string).
//   - DescribeExporterOutputList: ConfigJson carrying "as", the SLS
//     AccessKey secret, which the SDK's ConfigJson lacks. Source: the 2021
//     JSON example of the DescribeExporterOutputList API reference
//     (https://help.aliyun.com/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-describeexporteroutputlist),
//     as issue 25 reports it.
//   - DescribeExporterRuleList: each datapoint's stray "dstNames": "" beside
//     the DstName object, in the vendor's published example of the
//     operation (the emulator's exporter_rules.go names it); no SDK model
//     field.
func departFromModels(op string, body []byte, v variant) ([]byte, []string, error) {
	if !v.exampleShapes || (op != opListEvent && op != opList && op != opListRule) {
		return body, nil, nil
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, nil, err
	}
	var departed []string
	if op == opListEvent {
		if b, ok := obj["Success"].(bool); ok {
			obj["Success"] = fmt.Sprint(b)
			departed = append(departed, "DescribeCustomEventAttribute Success boolean")
		}
		for _, ev := range items(obj, "CustomEvents", "CustomEvent") {
			if n, ok := ev["Time"].(json.Number); ok {
				ev["Time"] = n.String()
				departed = append(departed, "DescribeCustomEventAttribute Time number")
			}
		}
	}
	for _, p := range items(obj, "Datapoints", "Datapoint") {
		if s, ok := p["dstNames"]; ok && op == opListRule {
			if s != "" {
				return nil, nil, fmt.Errorf("dstNames is %v, the example's is an empty string", s)
			}
			delete(p, "dstNames")
			departed = append(departed, "DescribeExporterRuleList dstNames")
		}
		cfg, _ := p["ConfigJson"].(map[string]any)
		if s, ok := cfg["as"]; ok {
			if _, isString := s.(string); !isString {
				return nil, nil, fmt.Errorf("ConfigJson.as is %T, the example's is a string", s)
			}
			delete(cfg, "as")
			departed = append(departed, "DescribeExporterOutputList ConfigJson.as")
		}
	}
	out, err := json.Marshal(obj)
	return out, departed, err
}

// items is the array obj[outer][inner] as objects (nil when absent).
func items(obj map[string]any, outer, inner string) []map[string]any {
	o, _ := obj[outer].(map[string]any)
	list, _ := o[inner].([]any)
	var out []map[string]any
	for _, it := range list {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// errorFields are the keys the SDK's error reader takes from an error body
// (sdk/errors.NewServerError), each a string; Success (false) is the field
// every CMS response model of these operations declares as a boolean.
var errorFields = map[string]string{"RequestId": "string", "HostId": "string", "Code": "string", "Message": "string", "Recommend": "string", "Success": "bool"}

// checkServerError holds a non-2xx body against the SDK's error reader: it
// must find the code, message and request id in it, and the body must hold
// nothing else.
func checkServerError(x exchange) error {
	var obj map[string]any
	if err := json.Unmarshal(x.body, &obj); err != nil {
		return fmt.Errorf("error body is not a JSON object: %w", err)
	}
	for k, val := range obj {
		want, known := errorFields[k]
		if !known {
			return fmt.Errorf("error body field %q is read by no SDK model", k)
		}
		if got := fmt.Sprintf("%T", val); got != want {
			return fmt.Errorf("error body field %q is %s, not %s", k, got, want)
		}
	}
	if s, ok := obj["Success"]; ok && s != false {
		return fmt.Errorf("an error body with Success %v", s)
	}
	resp := &http.Response{StatusCode: x.status, Header: x.header, Body: io.NopCloser(bytes.NewReader(x.body))}
	r, _ := sdkResponse(x.op)
	if r == nil {
		r = cms.CreatePutExporterOutputResponse() // any: the error reader is the same for all
	}
	err := responses.Unmarshal(r, resp, "JSON")
	se, ok := err.(*sdkerrors.ServerError)
	if !ok {
		return fmt.Errorf("the SDK's reader returned %v, not a server error", err)
	}
	if se.ErrorCode() == "" || se.ErrorCode() != obj["Code"] || se.Message() != obj["Message"] || se.RequestId() != obj["RequestId"] || se.HttpStatus() != x.status {
		return fmt.Errorf("the SDK read code %q, message %q, request id %q, status %d", se.ErrorCode(), se.Message(), se.RequestId(), se.HttpStatus())
	}
	return nil
}
