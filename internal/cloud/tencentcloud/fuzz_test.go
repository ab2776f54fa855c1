package tencentcloud

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport/transporttest"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
)

// fuzzSecret and fuzzToken are the client's credentials: they must never
// show in an error.
const (
	fuzzSecret = "fuzz-secret-key-7b2d"
	fuzzToken  = "fuzz-sts-token-9e4f"
)

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
		_, err := decodeResponse(transporttest.FuzzStatus(status, http.StatusOK), http.Header{}, body)
		transporttest.CheckError(t, err, fuzzSecret, fuzzToken)
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
			HTTPClient: &http.Client{Transport: transporttest.Canned{Status: transporttest.FuzzStatus(status, http.StatusOK), Body: body}},
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
		transporttest.CheckError(t, err, fuzzSecret, fuzzToken)
	})
}
