package tencentcloud

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// fuzzSecret and fuzzToken are the client's credentials: they must never
// show in an error.
const (
	fuzzSecret = "fuzz-secret-key-7b2d"
	fuzzToken  = "fuzz-sts-token-9e4f"
)

// cannedTransport answers every request with the same status and body.
type cannedTransport struct {
	status int
	body   []byte
}

func (c cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: c.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(c.body)), ContentLength: -1, Request: r,
	}, nil
}

func fuzzStatus(n uint16) int {
	if n >= 200 && n <= 599 {
		return int(n)
	}
	if n%3 == 0 {
		return http.StatusOK
	}
	return 200 + int(n)%400
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if strings.Contains(msg, fuzzSecret) || strings.Contains(msg, fuzzToken) {
		t.Fatalf("the error holds a credential: %q", msg)
	}
	if len(msg) > 4096 {
		t.Fatalf("the error text is %d bytes long", len(msg))
	}
}

// FuzzDecodeResponse feeds arbitrary statuses and bodies to the API 3.0
// envelope decoder.
func FuzzDecodeResponse(f *testing.F) {
	for _, s := range []struct {
		status uint16
		body   string
	}{
		{200, `{"Response":{"RequestId":"r"}}`},
		{200, `{"Response":{"Error":{"Code":"ResourceNotFound.ExportNotExist","Message":"gone"},"RequestId":"r"}}`},
		{200, `{"Response":{"Error":{"Code":"","Message":""}}}`},
		{500, `{"Response":{"Error":{"Code":"InternalError","Message":"` + strings.Repeat("m", 6000) + `"}}}`},
		{429, `slow down`},
		{200, `{"Response":{"Error":"not an object"}}`},
		{200, `{"Response":[]}`},
		{200, ``},
	} {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		_, err := decodeResponse(fuzzStatus(status), http.Header{}, body)
		checkErr(t, err)
	})
}

// FuzzClientResponses runs every client method against a server answering
// with an arbitrary status and body: no panic, no endless paging, and a
// bounded error without credentials whenever the answer is not usable.
func FuzzClientResponses(f *testing.F) {
	seeds := []string{
		`{"Response":{"ExportId":"export-1","RequestId":"r"}}`,
		`{"Response":{"Exports":[{"ExportId":"export-1","TopicId":"t","Status":"Completed","CosPath":"https://x","FileName":"f","FileSize":10,"CreateTime":"2024-01-01 00:00:00","Count":1,"From":1,"To":2}],"TotalCount":1,"RequestId":"r"}}`,
		`{"Response":{"Exports":[{"ExportId":"export-2","Status":"Complete"}],"TotalCount":9223372036854775807,"RequestId":"r"}}`,
		`{"Response":{"Exports":[{"ExportId":1,"FileSize":"big"}],"TotalCount":"1"}}`,
		`{"Response":{"Error":{"Code":"AuthFailure.TokenFailure","Message":"token ` + fuzzToken + ` key ` + fuzzSecret + `"},"RequestId":"r"}}`,
		`{"Response":`,
	}
	for i, s := range seeds {
		for op := uint8(0); op < 5; op++ {
			f.Add(op, uint16(i*3), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, status uint16, body []byte) {
		c := NewClient(Config{
			SecretID: "fuzz-id", SecretKey: fuzzSecret, SecurityToken: fuzzToken, Region: "ap-guangzhou",
			Endpoint: "http://cls.invalid", MaxRetries: -1,
			HTTPClient: &http.Client{Transport: cannedTransport{status: fuzzStatus(status), body: body}},
			Sleep:      func(context.Context, time.Duration) error { return nil },
		})
		// No client-side rate limit here: only the answers matter.
		c.tr = transport.New(transport.Config{Cloud: "tencentcloud", HTTPClient: c.cfg.HTTPClient, MaxRetries: -1,
			Secrets: []string{fuzzSecret, fuzzToken}, Sleep: c.cfg.Sleep})
		ctx := context.Background()
		var err error
		switch op % 5 {
		case 0:
			_, err = c.CreateExport(ctx, CreateExportInput{TopicID: "t", Count: 1, Query: "*", From: 1, To: 2})
		case 1:
			_, err = c.DescribeExports(ctx, DescribeExportsInput{TopicID: "t"})
		case 2:
			err = c.EachExport(ctx, "t", func(Export) bool { return true })
		case 3:
			_, _, err = c.FindExport(ctx, "t", "export-404", FindOptions{Fresh: true})
		case 4:
			_, err = c.DeleteExport(ctx, DeleteExportInput{ExportID: "export-1"})
		}
		checkErr(t, err)
	})
}
