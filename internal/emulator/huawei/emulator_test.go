package huawei

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

const host = "clouddc.emulator.test"

var server1 = DefaultServers("emulator-project")[0]

func newTest(t *testing.T, mod func(*Options)) (*Emulator, *fakeClock) {
	t.Helper()
	clock := &fakeClock{now: time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)}
	o := DefaultOptions()
	o.ExportMS = 10000
	o.PercentStep = 10
	o.ArchiveBytes = 200 << 10
	if mod != nil {
		mod(&o)
	}
	return New(core.NewEnv(clock), o), clock
}

func exportsPath(project, server string) string {
	return "/v1/" + project + "/physicalservers/" + server + "/logs/exports"
}

func tokenReq(method, path, body string) *http.Request {
	r := httptest.NewRequest(method, "http://"+host+path, strings.NewReader(body))
	r.Header.Set("X-Auth-Token", "emulator-token")
	return r
}

// signedReq signs like the Go SDK: host, x-project-id, x-sdk-date (+ x-security-token).
func signedReq(method, path, body, ak, sk, secToken string, at time.Time) *http.Request {
	r := httptest.NewRequest(method, "http://"+host+path, strings.NewReader(body))
	date := at.UTC().Format(huaweicloud.SdkDateFormat)
	r.Header.Set("X-Sdk-Date", date)
	r.Header.Set("X-Project-Id", "emulator-project")
	r.Header.Set("Content-Type", "application/json")
	signed := []string{"host", "x-project-id", "x-sdk-date"}
	headers := map[string][]string{"host": {host}, "x-project-id": {"emulator-project"}, "x-sdk-date": {date}}
	if secToken != "" {
		r.Header.Set("X-Security-Token", secToken)
		signed = append(signed, "x-security-token")
		headers["x-security-token"] = []string{secToken}
	}
	sig := huaweicloud.Sign(huaweicloud.SignInput{Method: method, Path: r.URL.Path, Query: r.URL.Query(), Headers: headers,
		SignedHeaders: signed, PayloadHash: huaweicloud.PayloadHash([]byte(body))}, date, sk)
	r.Header.Set("Authorization", huaweicloud.AuthorizationHeader(ak, signed, sig))
	return r
}

type answer struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func do(e *Emulator, r *http.Request) answer {
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	a := answer{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	_ = json.Unmarshal(a.body, &a.json)
	return a
}

func wantError(t *testing.T, a answer, status int, code, msgPart string) {
	t.Helper()
	if a.status != status || a.json["error_code"] != code {
		t.Fatalf("got HTTP %d %s, want HTTP %d %s", a.status, a.body, status, code)
	}
	msg, _ := a.json["error_msg"].(string)
	if !strings.Contains(msg, msgPart) {
		t.Errorf("error_msg %q does not contain %q", msg, msgPart)
	}
	if a.json["request_id"] == "" || a.json["request_id"] != a.header.Get("X-Request-Id") {
		t.Errorf("request_id %v does not mirror X-Request-Id %q", a.json["request_id"], a.header.Get("X-Request-Id"))
	}
}

func TestExportLifecycle(t *testing.T) {
	e, clock := newTest(t, nil)
	a := do(e, tokenReq("POST", exportsPath("emulator-project", server1.ID), "{}"))
	if a.status != http.StatusAccepted || a.json["status"] != "processing" || a.json["percentage"] != "0%" || a.json["created_at"] != "2025-03-20T02:48:06Z" {
		t.Fatalf("POST: %d %s", a.status, a.body)
	}
	if ct := a.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type %q", ct)
	}
	id, _ := a.json["export_id"].(string)
	statusPath := exportsPath("emulator-project", server1.ID) + "/" + id
	// Before completion the content is refused.
	wantError(t, do(e, tokenReq("GET", statusPath+"/content", "")), http.StatusConflict, CodeNotCompleted, "not completed")
	for _, step := range []struct {
		advance time.Duration
		status  string
		pct     string
	}{
		{0, "processing", "0%"},
		{3500 * time.Millisecond, "processing", "30%"},
		{5 * time.Second, "processing", "80%"},
		{1500 * time.Millisecond, "completed", "100%"},
		{time.Hour, "completed", "100%"},
	} {
		clock.Advance(step.advance)
		a = do(e, tokenReq("GET", statusPath, ""))
		if a.status != 200 || a.json["status"] != step.status || a.json["percentage"] != step.pct || a.json["export_id"] != id {
			t.Fatalf("after +%s: %d %s, want %s %s", step.advance, a.status, a.body, step.status, step.pct)
		}
	}
	d1 := do(e, tokenReq("GET", statusPath+"/content", ""))
	if d1.status != 200 {
		t.Fatalf("download: %d %s", d1.status, d1.body)
	}
	if got := d1.header.Get("Content-Disposition"); got != "attachment; filename="+server1.SN+"-dump.tar.gz" {
		t.Errorf("Content-Disposition %q", got)
	}
	if got := d1.header.Get("Content-Type"); got != "application/octet-stream;charset=UTF-8" {
		t.Errorf("Content-Type %q", got)
	}
	if got := d1.header.Get("Content-Length"); got != itoa(len(d1.body)) {
		t.Errorf("Content-Length %s, body %d bytes", got, len(d1.body))
	}
	if n := len(d1.body); n < 190<<10 || n > 200<<10 {
		t.Errorf("archive is %d bytes, want about %d", n, 200<<10)
	}
	entries := listTarGz(t, d1.body)
	want := "dump_info/ dump_info/version.txt dump_info/AppDump/fru_info.txt dump_info/LogDump/sel.csv dump_info/LogDump/operate_log.txt dump_info/OSDump/systemcom.tar dump_info/LogDump/blackbox.bin"
	if strings.Join(entries, " ") != want {
		t.Errorf("entries %v\nwant %s", entries, want)
	}
	d2 := do(e, tokenReq("GET", statusPath+"/content", ""))
	if sum(d1.body) != sum(d2.body) {
		t.Error("two downloads of one export differ")
	}
	st := e.State().(stateDoc)
	if len(st.Exports) != 1 || st.Exports[0].Downloads != 2 || st.Exports[0].Status != "completed" || st.Exports[0].SN != server1.SN {
		t.Errorf("state %+v", st.Exports[0])
	}
	if len(st.Servers) != 3 {
		t.Errorf("seeded servers %+v", st.Servers)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func listTarGz(t *testing.T, b []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	if zr.Name == "" || !strings.HasSuffix(zr.Name, "-dump.tar") {
		t.Errorf("gzip name %q", zr.Name)
	}
	tr := tar.NewReader(zr)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("tar: %v", err)
		}
		names = append(names, h.Name)
		if _, err := io.Copy(io.Discard, tr); err != nil {
			t.Fatalf("reading %s: %v", h.Name, err)
		}
	}
	// Reading to EOF verifies the gzip CRC and length.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		t.Fatalf("gzip trailer: %v", err)
	}
	return names
}

func TestArchiveSizesAndDeterminism(t *testing.T) {
	created := time.Date(2025, 3, 20, 2, 48, 6, 0, time.UTC)
	for _, target := range []int64{0, 1000, 64 << 10, 65535 * 3, 3<<20 + 7} {
		spec := archiveSpec{SerialNumber: "SN1", ServerID: "s", ExportID: "e", CreatedAt: created, TargetBytes: target}
		a, err := newArchive(spec)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := a.WriteTo(&buf)
		if err != nil || n != a.Size() || int64(buf.Len()) != a.Size() {
			t.Fatalf("target %d: wrote %d (%v), Size %d", target, n, err, a.Size())
		}
		if target > 4096 && (a.Size() > target || a.Size() < target-600) {
			t.Errorf("target %d: size %d", target, a.Size())
		}
		if got := listTarGz(t, buf.Bytes()); len(got) != 7 {
			t.Errorf("target %d: entries %v", target, got)
		}
		b, _ := newArchive(spec)
		var again bytes.Buffer
		b.WriteTo(&again)
		if !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Errorf("target %d: not deterministic", target)
		}
	}
}

func TestAKSKAuthentication(t *testing.T) {
	e, clock := newTest(t, nil)
	p := exportsPath("emulator-project", server1.ID)
	now := clock.Now()
	if a := do(e, signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)); a.status != 202 {
		t.Fatalf("signed POST: %d %s", a.status, a.body)
	}
	if a := do(e, signedReq("POST", p, "", "emulator-ak", "emulator-sk", "", now)); a.status != 202 {
		t.Fatalf("signed POST with empty body (SDK style): %d %s", a.status, a.body)
	}
	if a := do(e, signedReq("POST", p, "{}", "emulator-temp-ak", "emulator-temp-sk", "emulator-security-token", now)); a.status != 202 {
		t.Fatalf("temporary credentials: %d %s", a.status, a.body)
	}
	cases := map[string]struct {
		req func() *http.Request
		msg string
	}{
		"no credentials": {func() *http.Request { return httptest.NewRequest("POST", "http://"+host+p, nil) }, "x-auth-token not found"},
		"bad token": {func() *http.Request {
			r := tokenReq("POST", p, "{}")
			r.Header.Set("X-Auth-Token", "wrong-token-value")
			return r
		}, "decrypt token fail"},
		"unknown ak": {func() *http.Request { return signedReq("POST", p, "{}", "nobody", "emulator-sk", "", now) }, "ak not exist"},
		"wrong sk":   {func() *http.Request { return signedReq("POST", p, "{}", "emulator-ak", "emulator-sk-x", "", now) }, "verify aksk signature fail"},
		"expired": {func() *http.Request {
			return signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now.Add(-16*time.Minute))
		}, "signature expired"},
		"future": {func() *http.Request {
			return signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now.Add(16*time.Minute))
		}, "signature expired"},
		"temp no token": {func() *http.Request {
			return signedReq("POST", p, "{}", "emulator-temp-ak", "emulator-temp-sk", "", now)
		}, "security token"},
		"garbled header": {func() *http.Request {
			r := tokenReq("POST", p, "{}")
			r.Header.Del("X-Auth-Token")
			r.Header.Set("Authorization", "Basic Zm9v")
			return r
		}, "not a valid"},
		"date not signed": {func() *http.Request {
			r := signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "SignedHeaders=host;x-project-id;x-sdk-date", "SignedHeaders=host;x-project-id", 1))
			return r
		}, "x-sdk-date is not signed"},
		// One byte tampered in each signed part.
		"tampered path": {func() *http.Request {
			r := signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)
			r.URL.Path = strings.Replace(r.URL.Path, "exports", "exporta", 1)
			return r
		}, ""},
		"tampered body": {func() *http.Request {
			r := signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)
			r.Body = io.NopCloser(strings.NewReader("{ }"))
			return r
		}, "verify aksk signature fail"},
		"tampered project header": {func() *http.Request {
			r := signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)
			r.Header.Set("X-Project-Id", "emulator-projecu")
			return r
		}, "verify aksk signature fail"},
		"tampered host": {func() *http.Request {
			r := signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)
			r.Host = "clouddc.emulator.tesu"
			return r
		}, "verify aksk signature fail"},
		"tampered date": {func() *http.Request {
			r := signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)
			r.Header.Set("X-Sdk-Date", now.Add(time.Second).UTC().Format(huaweicloud.SdkDateFormat))
			return r
		}, "verify aksk signature fail"},
		"tampered signature": {func() *http.Request {
			r := signedReq("POST", p, "{}", "emulator-ak", "emulator-sk", "", now)
			h := r.Header.Get("Authorization")
			last := h[len(h)-1]
			if last == '0' {
				last = '1'
			} else {
				last = '0'
			}
			r.Header.Set("Authorization", h[:len(h)-1]+string(last))
			return r
		}, "verify aksk signature fail"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			a := do(e, c.req())
			if name == "tampered path" {
				// A tampered path no longer matches a route: the gateway says so first.
				wantError(t, a, 404, huaweicloud.CodeRouteNotFound, "API not found")
				return
			}
			wantError(t, a, 401, huaweicloud.CodeIAMAuth, c.msg)
			if strings.Contains(string(a.body), "wrong-token-value") || strings.Contains(string(a.body), "emulator-sk") {
				t.Errorf("error body echoes a credential: %s", a.body)
			}
		})
	}
	if got := e.env.Stats()[OpExport]; got != 3 {
		t.Errorf("ExportServerLogs counted %d times, want 3 (rejected calls never reach the operation)", got)
	}
}

func TestRoutingAndErrors(t *testing.T) {
	e, _ := newTest(t, nil)
	p := exportsPath("emulator-project", server1.ID)
	wantError(t, do(e, tokenReq("GET", p, "")), 404, huaweicloud.CodeRouteNotFound, "API not found")
	wantError(t, do(e, tokenReq("DELETE", p+"/x", "")), 404, huaweicloud.CodeRouteNotFound, "API not found")
	wantError(t, do(e, tokenReq("GET", "/v1/emulator-project/servers", "")), 404, huaweicloud.CodeRouteNotFound, "API not found")
	wantError(t, do(e, tokenReq("POST", exportsPath("other-project", server1.ID), "{}")), 403, huaweicloud.CodeAccessDenied, "other-project")
	wantError(t, do(e, tokenReq("POST", exportsPath("emulator-project", "no-such-server"), "{}")), 404, CodeServerNotFound, "no-such-server")
	wantError(t, do(e, tokenReq("GET", p+"/nope", "")), 404, CodeExportNotFound, "nope")
	wantError(t, do(e, tokenReq("GET", p+"/nope/content", "")), 404, CodeExportNotFound, "nope")
	wantError(t, do(e, tokenReq("POST", p, "not json")), 400, CodeBadBody, "JSON object")
	if a := do(e, tokenReq("POST", p, `{"unknown":"field"}`)); a.status != 202 {
		t.Errorf("unknown JSON fields must be ignored: %d %s", a.status, a.body)
	}
	// Faults arrive in the vendor envelope.
	if err := e.env.AddFault(core.Fault{Operation: OpExport, Kind: core.FaultThrottle}); err != nil {
		t.Fatal(err)
	}
	wantError(t, do(e, tokenReq("POST", p, "{}")), 429, huaweicloud.CodeThrottled, "throttling threshold")
	if err := e.env.AddFault(core.Fault{Operation: OpStatus, Kind: core.FaultError, Code: "APIGW.0601"}); err != nil {
		t.Fatal(err)
	}
	wantError(t, do(e, tokenReq("GET", p+"/x", "")), 500, "APIGW.0601", "emulated fault")
}

func TestOptionsVariants(t *testing.T) {
	e, clock := newTest(t, func(o *Options) {
		o.PercentageNumber, o.OffsetTimes, o.RunningStatus, o.ThrottleEvery = true, true, "Running", 3
	})
	p := exportsPath("emulator-project", server1.ID)
	a := do(e, tokenReq("POST", p, ""))
	if a.json["status"] != "Running" || a.json["percentage"] != float64(0) || a.json["created_at"] != "2025-03-20T02:48:06+00:00" {
		t.Fatalf("POST: %s", a.body)
	}
	clock.Advance(4 * time.Second)
	a = do(e, tokenReq("GET", p+"/"+a.json["export_id"].(string), ""))
	if a.json["percentage"] != float64(40) {
		t.Errorf("GET: %s", a.body)
	}
	wantError(t, do(e, tokenReq("GET", p+"/x", "")), 429, huaweicloud.CodeThrottled, "throttling")
}

// -huawei-missing-export-status answers a missing export (status read
// and download) with that status and the usual body; existing exports,
// expired archives and missing servers keep their answers.
func TestMissingExportStatus(t *testing.T) {
	for _, status := range []int{400, 500} {
		e, _ := newTest(t, func(o *Options) { o.ExportMS, o.MissingExportStatus = 0, status })
		p := exportsPath("emulator-project", server1.ID)
		wantError(t, do(e, tokenReq("GET", p+"/nope", "")), status, CodeExportNotFound, "nope")
		wantError(t, do(e, tokenReq("GET", p+"/nope/content", "")), status, CodeExportNotFound, "nope")
		wantError(t, do(e, tokenReq("POST", exportsPath("emulator-project", "no-such-server"), "{}")), 404, CodeServerNotFound, "no-such-server")
		id := do(e, tokenReq("POST", p, "{}")).json["export_id"].(string)
		if a := do(e, tokenReq("GET", p+"/"+id, "")); a.status != 200 {
			t.Errorf("status %d: existing export answered %d %s", status, a.status, a.body)
		}
		e.mu.Lock()
		e.exports[idKey(id)].Expired = true
		e.mu.Unlock()
		wantError(t, do(e, tokenReq("GET", p+"/"+id+"/content", "")), 404, CodeExportExpired, "expired")
	}
	for _, bad := range []int{200, 302, 600} {
		if err := (Options{MissingExportStatus: bad}).Validate(); err == nil {
			t.Errorf("Validate accepted %d", bad)
		}
	}
	if err := (Options{}).Validate(); err != nil {
		t.Errorf("Validate refused the default: %v", err)
	}
}

func TestAdminAndRestore(t *testing.T) {
	e, clock := newTest(t, nil)
	admin := func(method, sub, body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		e.Admin(w, httptest.NewRequest(method, "/_emulator/huawei/"+sub, strings.NewReader(body)), sub)
		return w
	}
	if w := admin("POST", "options", `{"export_ms":0,"archive_bytes":5000}`); w.Code != 200 || !strings.Contains(w.Body.String(), `"archive_bytes": 5000`) {
		t.Fatalf("options: %d %s", w.Code, w.Body)
	}
	if w := admin("POST", "servers", `{"id":"srv-x","sn":"SNX"}`); w.Code != 200 {
		t.Fatalf("add server: %d %s", w.Code, w.Body)
	}
	p := exportsPath("emulator-project", "srv-x")
	a := do(e, tokenReq("POST", p, "{}"))
	id := a.json["export_id"].(string)
	clock.Advance(time.Millisecond)
	if a := do(e, tokenReq("GET", p+"/"+id, "")); a.json["status"] != "completed" {
		t.Fatalf("ExportMS 0: %s", a.body)
	}
	if w := admin("POST", "exports/"+id+"/expire", ""); w.Code != 200 {
		t.Fatalf("expire: %d", w.Code)
	}
	wantError(t, do(e, tokenReq("GET", p+"/"+id+"/content", "")), 404, CodeExportExpired, "expired")
	if a := do(e, tokenReq("GET", p+"/"+id, "")); a.json["status"] != "completed" {
		t.Errorf("an expired export keeps its status: %s", a.body)
	}
	a = do(e, tokenReq("POST", p, "{}"))
	id2 := a.json["export_id"].(string)
	admin("POST", "exports/"+id2+"/fail", "")
	if a := do(e, tokenReq("GET", p+"/"+id2, "")); a.json["status"] != "failed" {
		t.Errorf("failed export: %s", a.body)
	}
	saved, _ := json.Marshal(e.State())
	if w := admin("DELETE", "exports/"+id, ""); w.Code != 200 {
		t.Fatalf("delete: %d", w.Code)
	}
	wantError(t, do(e, tokenReq("GET", p+"/"+id, "")), 404, CodeExportNotFound, id)
	if w := admin("GET", "state", ""); !strings.Contains(w.Body.String(), `"servers"`) || !strings.Contains(w.Body.String(), "SNX") {
		t.Errorf("admin state: %s", w.Body)
	}
	e.Reset()
	if st := e.State().(stateDoc); len(st.Exports) != 0 || len(st.Servers) != 3 {
		t.Fatalf("after reset: %+v", st)
	}
	if err := e.Restore(saved); err != nil {
		t.Fatal(err)
	}
	if a := do(e, tokenReq("GET", p+"/"+id, "")); a.json["status"] != "completed" {
		t.Errorf("restored export: %s", a.body)
	}
	wantError(t, do(e, tokenReq("GET", p+"/"+id+"/content", "")), 404, CodeExportExpired, "expired")
	if err := e.Restore(json.RawMessage(`{"servers":`)); err == nil {
		t.Error("Restore accepted broken JSON")
	}
}
