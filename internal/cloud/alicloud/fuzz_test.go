package alicloud

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport/transporttest"
)

// fuzzSecret is the client's secret key: it must never show in an error.
const fuzzSecret = "fuzz-secret-key-5a1c"

// FuzzDecodeResponse feeds arbitrary statuses and bodies to the envelope
// decoder every CMS call goes through.
func FuzzDecodeResponse(f *testing.F) {
	for _, s := range []struct {
		status uint16
		body   string
	}{
		{200, `{"RequestId":"A","Code":"200","Success":true}`},
		{200, `{"RequestId":"A","Code":200,"Success":"true"}`},
		{200, `{"RequestId":"A","Code":"ParameterInvalid","Message":"bad","Success":false}`},
		{400, `{"RequestId":"A","Code":"SignatureDoesNotMatch","Message":"x server string to sign is:POST&%2F&secret"}`},
		{500, `{"requestId":"b","code":"InternalError","message":"oops"}`},
		{200, `not json`},
		{503, ``},
		{200, `{"Code":{"nested":true}}`},
		{200, `[1,2,3]`},
		{200, `{"Message":"` + strings.Repeat("x", 5000) + `"}`},
	} {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		_, err := decodeResponse("Fuzz")(transporttest.FuzzStatus(status, http.StatusOK), http.Header{}, body)
		transporttest.CheckError(t, err, fuzzSecret)
	})
}

// FuzzClientResponses runs every client method against a server answering
// with an arbitrary status and body: no panic, and a bounded error without
// secrets whenever the answer is not usable.
func FuzzClientResponses(f *testing.F) {
	seeds := []string{
		`{"RequestId":"A","Code":"200","Success":true}`,
		`{"RequestId":"A","Code":"200","Success":true,"Datapoints":{"Datapoint":[{"DestName":"n","DestType":"SLS","ConfigJson":"{\"ak\":\"a\",\"endpoint\":\"e\",\"project\":\"p\",\"logstore\":\"l\"}","CreateTime":1700000000000}]},"Total":1,"PageNumber":1,"PageSize":100}`,
		`{"RequestId":"A","Code":"200","Success":true,"Datapoints":{"Datapoint":[{"ConfigJson":"not json"}]},"Total":"x"}`,
		`{"RequestId":"A","Code":"200","Success":true,"Datapoints":{"Datapoint":{"DestName":1}}}`,
		`{"RequestId":"A","Code":"200","CustomEvents":{"CustomEvent":[{"Id":"1","Name":"n","Content":"c","GroupId":"0","Time":"20240101T000000.000+0800"}]},"Total":1}`,
		`{"RequestId":"A","Code":"200","CustomEvents":{"CustomEvent":[{"Time":"garbage","GroupId":{}}]},"Total":99999999999999999999}`,
		`{"RequestId":"A","Code":"ResourceNotFound","Message":"` + fuzzSecret + `"}`,
		`{`,
	}
	for i, s := range seeds {
		for op := uint8(0); op < 6; op++ {
			f.Add(op, uint16(i*3), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, status uint16, body []byte) {
		c := NewClient(Config{
			AccessKey: "fuzz-ak", SecretKey: fuzzSecret, SecurityToken: "fuzz-token", Region: "cn-hangzhou",
			Endpoint: "http://cms.invalid", MaxRetries: -1,
			HTTPClient: &http.Client{Transport: transporttest.Canned{Status: transporttest.FuzzStatus(status, http.StatusOK), Body: body}},
			Sleep:      func(context.Context, time.Duration) error { return nil },
		})
		ctx := context.Background()
		var err error
		switch op % 6 {
		case 0:
			_, err = c.PutExporterOutput(ctx, PutExporterOutputInput{DestName: "n", DestType: "sls", Config: ExporterOutputConfig{
				Endpoint: "https://e", Project: "p", Logstore: "l", AccessKeyID: "a", AccessKeySecret: fuzzSecret}})
		case 1:
			_, err = c.DescribeExporterOutputList(ctx, DescribeExporterOutputListInput{})
		case 2:
			_, err = c.ExporterOutputs(ctx)
		case 3:
			_, err = c.DeleteExporterOutput(ctx, "n")
		case 4:
			_, err = c.PutCustomEvent(ctx, PutCustomEventInput{Events: []CustomEvent{{Name: "n", Content: "c", GroupID: "0", Time: time.UnixMilli(1700000000000)}}})
		case 5:
			_, err = c.ListCustomEvents(ctx, DescribeCustomEventAttributeInput{Name: "n"}, 3)
		}
		transporttest.CheckError(t, err, fuzzSecret)
	})
}
