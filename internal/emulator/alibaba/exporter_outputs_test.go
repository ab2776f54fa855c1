package alibaba

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

const secretValue = "super-secret-value"

func putQuery(name string, mutate func(url.Values)) url.Values {
	q := url.Values{
		"DestName":   {name},
		"DestType":   {"sls"},
		"Desc":       {"desc"},
		"ConfigJson": {`{"endpoint":"http://cn-hangzhou.log.aliyuncs.com","project":"p","logstore":"l","ak":"LTAIid","as":"` + secretValue + `","userId":"123"}`},
		"RegionId":   {"cn-hangzhou"},
	}
	if mutate != nil {
		mutate(q)
	}
	return q
}

func call(t *testing.T, e *Emulator, action string, q url.Values) answer {
	t.Helper()
	return serve(e, signV3(t, v3Req{action: action, query: q}))
}

func TestPutExporterOutput_validation(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(url.Values)
		wantCode string
	}{
		{"missing name", func(q url.Values) { q.Del("DestName") }, "MissingParameter"},
		{"missing config", func(q url.Values) { q.Del("ConfigJson") }, "MissingParameter"},
		{"bad name", func(q url.Values) { q.Set("DestName", "bad name!") }, "ParameterInvalid"},
		{"bad type", func(q url.Values) { q.Set("DestType", "oss") }, "ParameterInvalid"},
		{"config not json", func(q url.Values) { q.Set("ConfigJson", "{") }, "ParameterInvalid"},
		{"config without as", func(q url.Values) {
			q.Set("ConfigJson", `{"endpoint":"http://x","project":"p","logstore":"l","ak":"a"}`)
		}, "ParameterInvalid"},
		{"endpoint with a space", func(q url.Values) {
			q.Set("ConfigJson", `{"endpoint":"cn hangzhou","project":"p","logstore":"l","ak":"a","as":"s"}`)
		}, "ParameterInvalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTest(t)
			a := call(t, e, "PutExporterOutput", putQuery("out1", tt.mutate))
			if a.status != 400 || a.code() != tt.wantCode {
				t.Fatalf("got %d %v, want 400 %s", a.status, a.body, tt.wantCode)
			}
		})
	}
}

func TestExporterOutputs_lifecycle(t *testing.T) {
	e, clock := newTest(t)
	if a := call(t, e, "PutExporterOutput", putQuery("out1", nil)); a.status != 200 || a.code() != "200" || a.body["Success"] != true {
		t.Fatalf("put: %d %v", a.status, a.body)
	}
	created := clock.t.UnixMilli()
	clock.t = clock.t.Add(1000)
	// Upsert keeps the creation time and replaces the fields.
	a := call(t, e, "PutExporterOutput", putQuery("out1", func(q url.Values) {
		q.Set("ConfigJson", `{"endpoint":"https://e","project":"p2","logstore":"l2","ak":"AK2","as":"`+secretValue+`"}`)
	}))
	if a.status != 200 {
		t.Fatalf("upsert: %d %v", a.status, a.body)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, signV3(t, v3Req{action: "DescribeExporterOutputList", query: url.Values{"RegionId": {"cn-hangzhou"}}}))
	if strings.Contains(rec.Body.String(), secretValue) || strings.Contains(rec.Body.String(), "userId") || strings.Contains(rec.Body.String(), "desc") {
		t.Fatalf("list leaks a field it never returns: %s", rec.Body.String())
	}
	var list struct {
		Total      int
		PageNumber int
		Datapoints struct {
			Datapoint []struct {
				DestName, DestType string
				CreateTime         int64
				ConfigJson         map[string]string
			}
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if list.Total != 1 || list.PageNumber != 1 || len(list.Datapoints.Datapoint) != 1 {
		t.Fatalf("list = %+v", list)
	}
	d := list.Datapoints.Datapoint[0]
	if d.DestName != "out1" || d.DestType != "SLS" || d.CreateTime != created || d.ConfigJson["project"] != "p2" || d.ConfigJson["ak"] != "AK2" {
		t.Fatalf("datapoint = %+v", d)
	}
	// Other regions are separate.
	if a := call(t, e, "DescribeExporterOutputList", url.Values{"RegionId": {"cn-shanghai"}}); a.body["Total"] != float64(0) {
		t.Fatalf("other region: %v", a.body)
	}
	if a := call(t, e, "DeleteExporterOutput", url.Values{"DestName": {"out1"}, "RegionId": {"cn-hangzhou"}}); a.status != 200 {
		t.Fatalf("delete: %d %v", a.status, a.body)
	}
	if a := call(t, e, "DeleteExporterOutput", url.Values{"DestName": {"out1"}, "RegionId": {"cn-hangzhou"}}); a.status != 404 || a.code() != "ResourceNotFound" {
		t.Fatalf("delete missing: %d %v", a.status, a.body)
	}
	e.opts.DeleteMissing = DeleteMissing200
	if a := call(t, e, "DeleteExporterOutput", url.Values{"DestName": {"out1"}}); a.status != 200 || a.code() != "ResourceNotFound" || a.body["Success"] != false {
		t.Fatalf("delete missing (200 mode): %d %v", a.status, a.body)
	}
}

func TestDescribeExporterOutputList_paging(t *testing.T) {
	e, _ := newTest(t)
	var seed []map[string]any
	for i := 0; i < 25; i++ {
		seed = append(seed, map[string]any{"dest_name": fmt.Sprintf("out-%02d", i), "endpoint": "http://e", "project": "p", "logstore": "l", "access_key_id": "a", "access_key_secret": "s"})
	}
	b, _ := json.Marshal(seed)
	rec := httptest.NewRecorder()
	e.Admin(rec, httptest.NewRequest(http.MethodPost, "/_emulator/alibaba/exporter_outputs", strings.NewReader(string(b))), "exporter_outputs")
	if rec.Code != 200 {
		t.Fatalf("seed: %d %s", rec.Code, rec.Body.String())
	}
	var names []string
	for page := 1; page <= 3; page++ {
		a := call(t, e, "DescribeExporterOutputList", url.Values{"PageNumber": {fmt.Sprint(page)}, "PageSize": {"10"}})
		if a.body["Total"] != float64(25) || a.body["PageNumber"] != float64(page) {
			t.Fatalf("page %d: %v", page, a.body)
		}
		for _, d := range a.body["Datapoints"].(map[string]any)["Datapoint"].([]any) {
			names = append(names, d.(map[string]any)["DestName"].(string))
		}
	}
	if len(names) != 25 || names[0] != "out-00" || names[24] != "out-24" {
		t.Fatalf("paged names = %v", names)
	}
	// Defaults: page 1 of 10.
	if a := call(t, e, "DescribeExporterOutputList", nil); len(a.body["Datapoints"].(map[string]any)["Datapoint"].([]any)) != 10 {
		t.Fatalf("default page size: %v", a.body)
	}
	for _, bad := range []string{"0", "101", "x"} {
		if a := call(t, e, "DescribeExporterOutputList", url.Values{"PageSize": {bad}}); a.status != 400 || a.code() != "InvalidParameter" {
			t.Fatalf("PageSize=%s: %d %v", bad, a.status, a.body)
		}
	}
}

func TestAdmin_patchDeleteStateRestore(t *testing.T) {
	e, _ := newTest(t)
	call(t, e, "PutExporterOutput", putQuery("out1", nil))
	admin := func(method, sub, body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		e.Admin(rec, httptest.NewRequest(method, "/_emulator/alibaba/"+sub, strings.NewReader(body)), sub)
		return rec
	}
	if rec := admin(http.MethodPatch, "exporter_outputs/cn-hangzhou/out1", `{"project":"drifted"}`); rec.Code != 200 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	raw, _ := json.Marshal(e.State())
	if !strings.Contains(string(raw), `"project":"drifted"`) || !strings.Contains(string(raw), `"exporter_outputs"`) {
		t.Fatalf("state = %s", raw)
	}
	e2, _ := newTest(t)
	if err := e2.Restore(raw); err != nil {
		t.Fatalf("restore: %v", err)
	}
	raw2, _ := json.Marshal(e2.State())
	if string(raw2) != string(raw) {
		t.Fatalf("restore round trip:\n%s\n%s", raw, raw2)
	}
	if err := e2.Restore(json.RawMessage(`{"nope":{}}`)); err == nil {
		t.Fatal("restore accepted an unknown key")
	}
	if rec := admin(http.MethodDelete, "exporter_outputs/cn-hangzhou/out1", ""); rec.Code != 200 {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body.String())
	}
	if rec := admin(http.MethodDelete, "exporter_outputs/cn-hangzhou/out1", ""); rec.Code != 404 {
		t.Fatalf("delete again: %d", rec.Code)
	}
	e2.Reset()
	if raw, _ := json.Marshal(e2.State()); strings.Contains(string(raw), "out1") {
		t.Fatalf("reset kept objects: %s", raw)
	}
}
