package alibaba

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzSignedRequest sends correctly signed V3 calls with arbitrary actions
// and query parameters, so that parsing past authentication is exercised:
// the emulator must answer every one with a status and a JSON body, never panic.
func FuzzSignedRequest(f *testing.F) {
	f.Add("PutExporterOutput", "DestName=a&ConfigJson=%7B%22endpoint%22%3A%22https%3A%2F%2Fe%22%2C%22project%22%3A%22p%22%2C%22logstore%22%3A%22l%22%2C%22ak%22%3A%22a%22%2C%22as%22%3A%22s%22%7D")
	f.Add("PutExporterOutput", "DestName=a&ConfigJson=%7B")
	f.Add("DescribeExporterOutputList", "PageNumber=1&PageSize=10")
	f.Add("DescribeExporterOutputList", "PageNumber=-1&PageSize=99999999999999999999")
	f.Add("DeleteExporterOutput", "DestName=")
	f.Add("PutCustomEvent", "EventInfo.1.EventName=n&EventInfo.1.Content=c&EventInfo.1.GroupId=0&EventInfo.1.Time=20240101T000000.000%2B0800")
	f.Add("PutCustomEvent", "EventInfo.99999999999999.EventName=n&EventInfo.0.Content=")
	f.Add("DescribeCustomEventAttribute", "StartTime=x&EndTime=y&PageNumber=a")
	f.Add("NoSuchAction", "%zz")
	f.Fuzz(func(t *testing.T, action, rawQuery string) {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			q = url.Values{"Raw": {rawQuery}}
		}
		e, _ := newTest(t)
		r := signV3(t, v3Req{action: action, query: q})
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s answered HTTP %d with a body that is not JSON: %q", action, rec.Code, rec.Body.String())
		}
	})
}

// FuzzUnsignedRequest sends arbitrary methods, paths, headers and bodies
// straight to the gateway checks.
func FuzzUnsignedRequest(f *testing.F) {
	f.Add("POST", "/?Action=PutCustomEvent", "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00", "")
	f.Add("GET", "/?AccessKeyId=emulator-access-key&Signature=x&SignatureNonce=1&Timestamp=2024-01-02T03:04:05Z", "", "")
	f.Add("POST", "/", "ACS3-HMAC-SHA256 ", "a=%zz&b")
	f.Fuzz(func(t *testing.T, method, target, auth, body string) {
		r, err := http.NewRequest(method, "http://127.0.0.1"+target, nil)
		if err != nil {
			return
		}
		r.Body = http.NoBody // as a server hands it to handlers
		if body != "" {
			r = httptest.NewRequest(http.MethodPost, "http://127.0.0.1/", nil)
			r.Body = httpBody(body)
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		r.Header.Set("Authorization", auth)
		e, _ := newTest(t)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
	})
}
