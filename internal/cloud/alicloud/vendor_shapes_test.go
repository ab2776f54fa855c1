package alicloud

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// The bodies below are written by this project in the shapes the vendor's
// published examples use where they differ from the SDK models (see
// testdata/vendor/README.md for the sources): each is decoded by the
// client, and the fields the provider uses are asserted.

func cannedClient(t *testing.T, status int, body string) *Client {
	t.Helper()
	return testClient(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

func TestVendorShape_putExporterOutput(t *testing.T) {
	// Code a string, Success a boolean, no Message.
	c := cannedClient(t, 200, "{\n\t\"RequestId\": \"REQ-PUT\",\n\t\"Code\": \"200\",\n\t\"Success\": true\n}")
	id, err := c.PutExporterOutput(context.Background(), PutExporterOutputInput{DestName: "exporterConfig", Config: ExporterOutputConfig{
		Endpoint: "http://cn-qingdao-share.log.aliyuncs.com", Project: "exporter", Logstore: "exporter", AccessKeyID: "ak", AccessKeySecret: "s",
	}})
	if err != nil || id != "REQ-PUT" {
		t.Fatalf("PutExporterOutput = %q, %v; want request id REQ-PUT", id, err)
	}
}

func TestVendorShape_describeExporterOutputListEchoesSecret(t *testing.T) {
	// ConfigJson an object that carries as (the SLS AccessKey secret);
	// CreateTime, Total and PageNumber numbers.
	body := `{"RequestId":"REQ-LIST","Code":"200","Success":true,"Message":"success","PageNumber":1,"Total":1,
"Datapoints":{"Datapoint":[{"DestName":"exporterConfig","DestType":"SLS","CreateTime":1611800428000,
"ConfigJson":{"ak":"LTAIexampleAK","as":"exampleSECRET","endpoint":"http://cn-qingdao-share.log.aliyuncs.com","logstore":"exporter","project":"exporter"}}]}}`
	out, err := cannedClient(t, 200, body).DescribeExporterOutputList(context.Background(), DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10})
	if err != nil {
		t.Fatalf("DescribeExporterOutputList: %v", err)
	}
	if out.RequestID != "REQ-LIST" || out.Total != 1 || out.PageNumber != 1 || len(out.Outputs) != 1 {
		t.Fatalf("out = %+v", out)
	}
	o := out.Outputs[0]
	want := ExporterOutput{DestName: "exporterConfig", DestType: "SLS", CreateTime: time.UnixMilli(1611800428000).UTC(),
		Endpoint: "http://cn-qingdao-share.log.aliyuncs.com", Project: "exporter", Logstore: "exporter", AccessKeyID: "LTAIexampleAK"}
	if o != want {
		t.Errorf("output = %+v, want %+v (the echoed secret is not kept)", o, want)
	}
}

func TestVendorShape_deleteExporterOutput(t *testing.T) {
	c := cannedClient(t, 200, `{"RequestId":"REQ-DEL","Code":"200","Success":true}`)
	if id, err := c.DeleteExporterOutput(context.Background(), "exporterConfig"); err != nil || id != "REQ-DEL" {
		t.Fatalf("DeleteExporterOutput = %q, %v", id, err)
	}
}

func TestVendorShape_putCustomEvent(t *testing.T) {
	// No Success field and no event ids.
	c := cannedClient(t, 200, `{"RequestId":"REQ-EV","Code":"200","Message":"success"}`)
	out, err := c.PutCustomEvent(context.Background(), PutCustomEventInput{Events: []CustomEvent{{Name: "myEvent", Content: "IOException"}}})
	if err != nil || out.RequestID != "REQ-EV" {
		t.Fatalf("PutCustomEvent = %+v, %v", out, err)
	}
}

func TestVendorShape_describeCustomEventAttributeNumbersAndBooleans(t *testing.T) {
	// Success a boolean and Time a number, where the SDK models say string.
	for name, body := range map[string]string{
		"example shape": `{"RequestId":"REQ-CE","Code":"200","Success":true,"Message":"","CustomEvents":{"CustomEvent":[
{"Id":"abc-123","Name":"BABEL_CHECK","GroupId":"12345","Time":1552199984000,"Content":"requestId:4975A6F3"}]}}`,
		"model shape": `{"RequestId":"REQ-CE","Code":"200","Success":"true","Message":"","CustomEvents":{"CustomEvent":[
{"Id":"abc-123","Name":"BABEL_CHECK","GroupId":"12345","Time":"1552199984000","Content":"requestId:4975A6F3"}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := cannedClient(t, 200, body).DescribeCustomEventAttribute(context.Background(), DescribeCustomEventAttributeInput{Name: "BABEL_CHECK"})
			if err != nil {
				t.Fatalf("DescribeCustomEventAttribute: %v", err)
			}
			want := CustomEventRecord{ID: "abc-123", Name: "BABEL_CHECK", GroupID: "12345", Content: "requestId:4975A6F3", Time: time.UnixMilli(1552199984000).UTC()}
			if out.RequestID != "REQ-CE" || len(out.Events) != 1 || out.Events[0] != want {
				t.Errorf("out = %+v, want one event %+v", out, want)
			}
		})
	}
	// Success false as a boolean is a failure.
	_, err := cannedClient(t, 200, `{"RequestId":"REQ-F","Code":"200","Success":false,"Message":"denied"}`).
		DescribeCustomEventAttribute(context.Background(), DescribeCustomEventAttributeInput{Name: "x"})
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.RequestID != "REQ-F" {
		t.Errorf("Success false: err = %v, want a vendor error", err)
	}
}

func TestVendorShape_errorEnvelope(t *testing.T) {
	body := `{"RequestId":"REQ-ERR","HostId":"metrics.cn-hangzhou.aliyuncs.com","Code":"ResourceNotFound","Message":"The specified resource is not found.","Recommend":"https://api.aliyun.com/troubleshoot?q=ResourceNotFound&product=Cms"}`
	_, err := cannedClient(t, 404, body).DeleteExporterOutput(context.Background(), "gone")
	var apiErr *Error
	if !errors.As(err, &apiErr) || !IsNotFound(err) || apiErr.RequestID != "REQ-ERR" || apiErr.HTTPStatus != 404 || apiErr.Message != "The specified resource is not found." {
		t.Fatalf("err = %#v", err)
	}
}
