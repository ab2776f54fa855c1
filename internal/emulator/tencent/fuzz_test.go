package tencent

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// FuzzSignedRequest sends correctly signed TC3 calls with arbitrary actions
// and JSON bodies: every answer is an API 3.0 envelope, never a panic.
func FuzzSignedRequest(f *testing.F) {
	topic := DefaultTopics[0].TopicID
	f.Add("CreateExport", []byte(`{"TopicId":"`+topic+`","Count":10,"Query":"*","From":1,"To":2,"Order":"desc","Format":"json","SyntaxRule":1}`))
	f.Add("CreateExport", []byte(`{"TopicId":"`+topic+`","Count":-1,"From":"x"}`))
	f.Add("DescribeExports", []byte(`{"TopicId":"`+topic+`","Offset":0,"Limit":100}`))
	f.Add("DescribeExports", []byte(`{"TopicId":"`+topic+`","Offset":-5,"Limit":1e30}`))
	f.Add("DeleteExport", []byte(`{"ExportId":null}`))
	f.Add("DeleteExport", []byte(`[`))
	f.Add("Unknown", []byte(``))
	f.Fuzz(func(t *testing.T, action string, body []byte) {
		opts := DefaultOptions()
		opts.RateLimit = false
		e := New(core.NewEnv(nil), opts)
		ts := time.Now().Unix()
		r, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/", bytes.NewReader(body))
		if err != nil {
			return
		}
		const ct = "application/json; charset=utf-8"
		r.Header.Set("Content-Type", ct)
		r.Header.Set("X-TC-Action", action)
		r.Header.Set("X-TC-Version", tencentcloud.APIVersion)
		r.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
		r.Header.Set("X-TC-Region", opts.DefaultRegion)
		r.Header.Set("Authorization", tencentcloud.Authorization(tencentcloud.SignInput{
			Method:        http.MethodPost,
			Headers:       map[string]string{"content-type": ct, "host": r.Host, "x-tc-action": r.Header.Get("X-TC-Action")},
			SignedHeaders: []string{"content-type", "host", "x-tc-action"},
			Payload:       body, Timestamp: ts, Service: tencentcloud.Service,
			SecretID: opts.SecretID, SecretKey: opts.SecretKey,
		}))
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		var env struct {
			Response map[string]json.RawMessage `json:"Response"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Response == nil {
			t.Fatalf("%q answered HTTP %d with no API 3.0 envelope: %q", action, rec.Code, rec.Body.String())
		}
		if _, ok := env.Response["RequestId"]; !ok {
			t.Fatalf("%q answered without a RequestId: %q", action, rec.Body.String())
		}
	})
}
