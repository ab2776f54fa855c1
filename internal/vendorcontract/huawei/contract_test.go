package huawei_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/clouddc/v1/model"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// exchange is one answer of the emulator: the operation it was for (by
// path and method), status, headers and body (the first bytes only for an
// archive).
type exchange struct {
	op     string
	status int
	header http.Header
	body   []byte
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
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
		body := rr.Body.Bytes()
		if strings.HasPrefix(rr.Header().Get("Content-Type"), "application/octet-stream") {
			body = body[:min(len(body), 16)]
		}
		rec.mu.Lock()
		rec.got = append(rec.got, exchange{op: opOf(r), status: rr.Code, header: rr.Header().Clone(), body: bytes.Clone(body)})
		rec.mu.Unlock()
	})
}

// opOf names the operation a request is for, as the SDK's request
// definitions route them (cloudDC_meta.go).
func opOf(r *http.Request) string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 6 && r.Method == http.MethodPost:
		return huawei.OpExport
	case len(parts) == 7 && r.Method == http.MethodGet:
		return huawei.OpStatus
	case len(parts) == 8 && r.Method == http.MethodGet:
		return huawei.OpDownload
	}
	return "unrouted"
}

const (
	project = "emulator-project"
	server  = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
)

// variant is one way to run the emulator, with the departures from the SDK
// models it is allowed to show and the vendor source of each.
type variant struct {
	name  string
	opts  func(*huawei.Options)
	modes core.Modes
	// numberPercentage: the en-us page of 2025-07-25 typed percentage as
	// an Integer (the SDK model says string).
	numberPercentage bool
	// otherStatuses: statuses outside the SDK enum (processing,
	// completed) this variant sends, each with its source.
	otherStatuses map[string]string
}

// invented is the failure status the admin "fail" knob produces: no
// failure status is documented (the emulator guide's "Behaviours the
// emulator invents").
var invented = map[string]string{"failed": "invented: no failure status is documented"}

func variants() []variant {
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range invented {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	return []variant{
		{name: "default", otherStatuses: invented},
		{name: "normalize", modes: core.Modes{Normalize: true}, numberPercentage: true,
			otherStatuses: with(map[string]string{"Processing": "-normalize capitalises", "Completed": "-normalize capitalises", "Failed": "-normalize capitalises"})},
		{name: "percentage-number", opts: func(o *huawei.Options) { o.PercentageNumber = true }, numberPercentage: true, otherStatuses: invented},
		{name: "running-offset", opts: func(o *huawei.Options) { o.RunningStatus, o.OffsetTimes = "Running", true },
			otherStatuses: with(map[string]string{"Running": "the ShowLogsExportStatus example"})},
		{name: "lag", modes: core.Modes{VisibilityLagMS: 500}, otherStatuses: invented},
		{name: "vendor-example-shapes", modes: core.Modes{VendorExamples: true},
			otherStatuses: with(map[string]string{"Running": "the ShowLogsExportStatus example"})},
		{name: "missing-400", opts: func(o *huawei.Options) { o.MissingExportStatus = 400 }, otherStatuses: invented},
		{name: "missing-500", opts: func(o *huawei.Options) { o.MissingExportStatus = 500 }, otherStatuses: invented},
	}
}

// TestEmulatorAnswersFitSDKModels drives every operation the Huawei
// emulator serves, successes and every error it can send, and checks each
// answer against the SDK: success bodies decode into the SDK's response
// model with no unknown field and no value of another type, error bodies
// are parsed by the SDK's own error reader into code and message.
func TestEmulatorAnswersFitSDKModels(t *testing.T) {
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			got := drive(t, v)
			seen := map[string]bool{}
			for i, x := range got {
				seen[fmt.Sprintf("%s %d", x.op, x.status)] = true
				if err := check(x, v); err != nil {
					t.Errorf("answer %d (%s, HTTP %d): %v\nbody: %s", i, x.op, x.status, err, x.body)
				}
			}
			for _, want := range []string{"ExportServerLogs 202", "ShowLogsExportStatus 200", "DownloadServerLogs 200",
				"ExportServerLogs 404", "DownloadServerLogs 409", "ExportServerLogs 400", "ShowLogsExportStatus 401",
				"ShowLogsExportStatus 403", "unrouted 404", "ExportServerLogs 429", "ShowLogsExportStatus 500"} {
				if !seen[want] {
					t.Errorf("no %s answer was checked; got %v", want, keys(seen))
				}
			}
		})
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// drive runs one of everything against a fresh emulator and returns the
// answers.
func drive(t *testing.T, v variant) []exchange {
	t.Helper()
	clk := &clock{now: time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)}
	opts := huawei.DefaultOptions()
	opts.ExportMS, opts.PercentStep, opts.ArchiveBytes = 10_000, 10, 4096
	if v.opts != nil {
		v.opts(&opts)
	}
	env := core.NewEnv(clk)
	if err := env.SetModes(v.modes); err != nil {
		t.Fatal(err)
	}
	e := huawei.New(env, opts)
	rec := &recorder{}
	srv := httptest.NewServer(rec.wrap(e))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	noSleep := func(context.Context, time.Duration) error { return nil }
	client := func(token, proj string) *huaweicloud.Client {
		return huaweicloud.NewClient(huaweicloud.Config{AuthToken: token, ProjectID: proj, Region: "cn-east-3", Endpoint: srv.URL, Sleep: noSleep, Now: clk.Now})
	}
	c := client(opts.AuthToken, project)

	x, err := c.ExportServerLogs(ctx, huaweicloud.ExportInput{ServerID: server})
	if err != nil {
		t.Fatal(err)
	}
	ref := huaweicloud.ExportRef{ServerID: server, ExportID: x.ExportID}
	clk.advance(time.Second) // past any visibility lag
	_, _ = c.ShowLogsExportStatus(ctx, ref)
	_, _ = c.DownloadServerLogs(ctx, ref) // 409: not completed
	clk.advance(10 * time.Second)
	_, _ = c.ShowLogsExportStatus(ctx, ref)
	if d, err := c.DownloadServerLogs(ctx, ref); err == nil {
		_, _ = io.Copy(io.Discard, d.Body)
		_ = d.Body.Close()
	} else {
		t.Errorf("download of a completed export: %v", err)
	}
	// Expired archive, failed export (admin knobs), a missing export.
	admin(t, e, "exports/"+x.ExportID+"/expire")
	_, _ = c.DownloadServerLogs(ctx, ref)
	y, err := c.ExportServerLogs(ctx, huaweicloud.ExportInput{ServerID: server})
	if err != nil {
		t.Fatal(err)
	}
	admin(t, e, "exports/"+y.ExportID+"/fail")
	clk.advance(time.Second)
	_, _ = c.ShowLogsExportStatus(ctx, huaweicloud.ExportRef{ServerID: server, ExportID: y.ExportID})
	missing := huaweicloud.ExportRef{ServerID: server, ExportID: "0123456789abcdef"}
	_, _ = c.ShowLogsExportStatus(ctx, missing)
	_, _ = c.DownloadServerLogs(ctx, missing)
	_, _ = c.ExportServerLogs(ctx, huaweicloud.ExportInput{ServerID: "no-such-server"})
	// Gateway refusals.
	_, _ = client("wrong-token", project).ShowLogsExportStatus(ctx, ref)
	_, _ = client(opts.AuthToken, "other-project").ShowLogsExportStatus(ctx, ref)
	raw(t, srv.URL, http.MethodGet, "/v1/"+project+"/physicalservers/"+server+"/logs", "", opts.AuthToken)
	raw(t, srv.URL, http.MethodPost, "/v1/"+project+"/physicalservers/"+server+"/logs/exports", "not json", opts.AuthToken)
	// Faults arrive in the vendor's envelope.
	if err := env.AddFault(core.Fault{Operation: huawei.OpExport, Kind: core.FaultThrottle, Count: 1}); err != nil {
		t.Fatal(err)
	}
	raw(t, srv.URL, http.MethodPost, "/v1/"+project+"/physicalservers/"+server+"/logs/exports", "{}", opts.AuthToken)
	if err := env.AddFault(core.Fault{Operation: huawei.OpStatus, Kind: core.FaultError, Code: "APIGW.0601", Count: 1}); err != nil {
		t.Fatal(err)
	}
	raw(t, srv.URL, http.MethodGet, "/v1/"+project+"/physicalservers/"+server+"/logs/exports/"+x.ExportID, "", opts.AuthToken)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.got
}

func admin(t *testing.T, e *huawei.Emulator, sub string) {
	t.Helper()
	w := httptest.NewRecorder()
	e.Admin(w, httptest.NewRequest(http.MethodPost, "/_emulator/huawei/"+sub, strings.NewReader("{}")), sub)
	if w.Code != http.StatusOK {
		t.Fatalf("admin %s: %d %s", sub, w.Code, w.Body)
	}
}

func raw(t *testing.T, base, method, path, body, token string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("X-Auth-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// check holds one answer against the SDK.
func check(x exchange, v variant) error {
	switch {
	case x.status >= 400:
		return checkError(x)
	case x.op == huawei.OpExport && x.status == http.StatusAccepted:
		var m model.ExportServerLogsResponse
		if err := decodeModel(x.body, v, &m); err != nil {
			return err
		}
		return checkExport(m.ExportId, m.Status, m.Percentage, m.CreatedAt != nil, v)
	case x.op == huawei.OpStatus && x.status == http.StatusOK:
		var m model.ShowLogsExportStatusResponse
		if err := decodeModel(x.body, v, &m); err != nil {
			return err
		}
		return checkExport(m.ExportId, m.Status, m.Percentage, m.CreatedAt != nil, v)
	case x.op == huawei.OpDownload && x.status == http.StatusOK:
		return checkDownload(x)
	}
	return fmt.Errorf("no SDK model for this answer")
}

// decodeModel decodes body into the SDK model, refusing unknown fields and
// values of another type. The one departure a variant may show
// (percentage as a number) is turned into the model's form first, so that
// every other field is still checked strictly.
func decodeModel(body []byte, v variant, into any) error {
	if v.numberPercentage {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return err
		}
		if p, ok := obj["percentage"]; ok && len(p) > 0 && p[0] != '"' {
			var n json.Number
			if err := json.Unmarshal(p, &n); err != nil {
				return fmt.Errorf("percentage %s is neither the SDK's string nor the documented integer", p)
			}
			obj["percentage"], _ = json.Marshal(n.String() + "%")
			body, _ = json.Marshal(obj)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("decoding into %T: %w", into, err)
	}
	return nil
}

// percentagePattern is the form of the SDK model's comment ("10%").
var percentagePattern = regexp.MustCompile(`^(100|[1-9]?[0-9])%$`)

type statusValue interface{ Value() string }

func checkExport(id *string, status statusValue, pct *string, created bool, v variant) error {
	if id == nil || *id == "" || pct == nil || !created || status == nil {
		return fmt.Errorf("export_id, status, percentage or created_at is missing")
	}
	if !percentagePattern.MatchString(*pct) {
		return fmt.Errorf("percentage %q is not 0%%..100%%", *pct)
	}
	switch s := status.Value(); {
	case s == "processing" || s == "completed":
	case v.otherStatuses[s] != "":
	default:
		return fmt.Errorf("status %q is outside the SDK enum (processing, completed) with no source for it", s)
	}
	return nil
}

// checkDownload compares the archive's headers with the SDK model's
// header fields and the values the docs fix.
func checkDownload(x exchange) error {
	if !strings.HasPrefix(x.header.Get("Content-Disposition"), "attachment; filename=") ||
		x.header.Get("Content-Transfer-Encoding") != "binary" ||
		x.header.Get("Content-Type") != "application/octet-stream;charset=UTF-8" {
		return fmt.Errorf("headers %v differ from DownloadServerLogsResponse's documented values", x.header)
	}
	if !bytes.HasPrefix(x.body, []byte{0x1f, 0x8b}) {
		return fmt.Errorf("the archive is not gzip")
	}
	return nil
}

// errorKeys are the error body's fields: error_code and error_msg as every
// CloudDC page documents them, request_id as the gateway's documented 401
// examples show it (our bodies in that shape are in
// internal/cloud/huaweicloud/testdata/shapes; TestShapesGatewayErrors).
var errorKeys = map[string]bool{"error_code": true, "error_msg": true, "request_id": true}

// checkError holds an error body against the SDK's error reader: it must
// find the code and the message in it, and the body must hold nothing
// else.
func checkError(x exchange) error {
	var obj map[string]any
	if err := json.Unmarshal(x.body, &obj); err != nil {
		return fmt.Errorf("error body is not a JSON object: %w", err)
	}
	for k, val := range obj {
		if !errorKeys[k] {
			return fmt.Errorf("error body field %q is in no documented error body", k)
		}
		if _, ok := val.(string); !ok {
			return fmt.Errorf("error body field %q is %T, not a string", k, val)
		}
	}
	resp := &http.Response{StatusCode: x.status, Header: x.header, Body: io.NopCloser(bytes.NewReader(x.body))}
	sr := sdkerr.NewServiceResponseError(resp)
	if sr.ErrorCode == "" || sr.ErrorCode != obj["error_code"] || sr.ErrorMessage != obj["error_msg"] {
		return fmt.Errorf("the SDK read code %q, message %q", sr.ErrorCode, sr.ErrorMessage)
	}
	if sr.RequestId == "" || sr.RequestId != obj["request_id"] {
		return fmt.Errorf("X-Request-Id %q does not match request_id %v", sr.RequestId, obj["request_id"])
	}
	return nil
}
