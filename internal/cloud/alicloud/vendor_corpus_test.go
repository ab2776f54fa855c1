package alicloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// corpusOps are the checks, one per operation body (file name). The verbatim
// corpus of vendor bodies they were written for is blocked (see
// testdata/vendor/README.md); TestVendorCorpusChecks runs them on our own.
var corpusOps = map[string]func(t *testing.T, body []byte){
	"PutExporterOutput.json":            checkCorpusRequestID(func(c *Client) (string, error) { return c.PutExporterOutput(context.Background(), corpusPut) }),
	"DeleteExporterOutput.json":         checkCorpusRequestID(func(c *Client) (string, error) { return c.DeleteExporterOutput(context.Background(), "exporterConfig") }),
	"PutCustomEvent.json":               checkCorpusRequestID(putCorpusEvent),
	"DescribeExporterOutputList.json":   checkCorpusOutputList,
	"DescribeCustomEventAttribute.json": checkCorpusEvents,
	"error.json":                        checkCorpusError,
}

var corpusPut = PutExporterOutputInput{DestName: "exporterConfig", Config: ExporterOutputConfig{
	Endpoint: "http://cn-qingdao-share.log.aliyuncs.com", Project: "exporter", Logstore: "exporter", AccessKeyID: "ak", AccessKeySecret: "s"}}

func putCorpusEvent(c *Client) (string, error) {
	out, err := c.PutCustomEvent(context.Background(), PutCustomEventInput{Events: []CustomEvent{{Name: "myEvent", Content: "IOException"}}})
	return out.RequestID, err
}

// TestVendorCorpusChecks runs the checks on bodies this project wrote in
// the documented shapes (not vendor examples: a verbatim corpus is blocked,
// see testdata/vendor/README.md).
func TestVendorCorpusChecks(t *testing.T) {
	for name, body := range map[string]string{
		"PutExporterOutput.json":            `{"RequestId":"R1","Code":"200","Success":true}`,
		"DeleteExporterOutput.json":         `{"RequestId":"R2","Code":"200","Success":true,"Message":"success"}`,
		"PutCustomEvent.json":               `{"RequestId":"R3","Code":"200","Message":"success"}`,
		"DescribeExporterOutputList.json":   `{"RequestId":"R4","Code":"200","Success":true,"PageNumber":1,"Total":1,"Datapoints":{"Datapoint":[{"DestName":"d","DestType":"SLS","CreateTime":1584016495498,"ConfigJson":{"ak":"a","as":"secret","endpoint":"http://e","logstore":"l","project":"p"}}]}}`,
		"DescribeCustomEventAttribute.json": `{"RequestId":"R5","Code":"200","Success":true,"CustomEvents":{"CustomEvent":[{"Id":"1","Name":"n","GroupId":"0","Time":1552199984000,"Content":"c"},{"Id":"2","Name":"n","GroupId":"0","Time":"1552199984001","Content":"c"}]}}`,
		"error.json":                        `{"RequestId":"R6","HostId":"metrics.cn-hangzhou.aliyuncs.com","Code":"ResourceNotFound","Message":"The specified resource is not found.","Recommend":"https://api.aliyun.com/troubleshoot?q=ResourceNotFound"}`,
	} {
		t.Run(name, func(t *testing.T) { corpusOps[name](t, []byte(body)) })
	}
}

// corpusBody is the body read without the client, as the reference.
type corpusBody struct {
	RequestID  string          `json:"RequestId"`
	Code       string          `json:"Code"`
	Message    string          `json:"Message"`
	PageNumber json.Number     `json:"PageNumber"`
	Total      json.Number     `json:"Total"`
	Datapoints json.RawMessage `json:"Datapoints"`
	Events     struct {
		CustomEvent []map[string]any `json:"CustomEvent"`
	} `json:"CustomEvents"`
}

func readCorpus(t *testing.T, body []byte) corpusBody {
	t.Helper()
	var b corpusBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("the body is not the JSON object expected: %v", err)
	}
	if b.RequestID == "" {
		t.Fatal("the body has no RequestId")
	}
	return b
}

func checkCorpusRequestID(call func(*Client) (string, error)) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		want := readCorpus(t, body)
		id, err := call(cannedClient(t, 200, string(body)))
		if err != nil || id != want.RequestID {
			t.Fatalf("client read request id %q, err %v; the body has %q", id, err, want.RequestID)
		}
	}
}

func checkCorpusOutputList(t *testing.T, body []byte) {
	want := readCorpus(t, body)
	out, err := cannedClient(t, 200, string(body)).DescribeExporterOutputList(context.Background(), DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10})
	if err != nil {
		t.Fatalf("DescribeExporterOutputList: %v", err)
	}
	var points struct {
		Datapoint []struct {
			DestName, DestType string
			CreateTime         int64
			ConfigJson         map[string]any
		}
	}
	if err := json.Unmarshal(want.Datapoints, &points); err != nil {
		t.Fatalf("Datapoints: %v", err)
	}
	if out.RequestID != want.RequestID || fmt.Sprint(out.Total) != want.Total.String() || fmt.Sprint(out.PageNumber) != want.PageNumber.String() || len(out.Outputs) != len(points.Datapoint) {
		t.Fatalf("client read %+v from %s", out, body)
	}
	for i, p := range points.Datapoint {
		w := ExporterOutput{DestName: p.DestName, DestType: p.DestType, CreateTime: time.UnixMilli(p.CreateTime).UTC(),
			Endpoint: str(p.ConfigJson["endpoint"]), Project: str(p.ConfigJson["project"]), Logstore: str(p.ConfigJson["logstore"]), AccessKeyID: str(p.ConfigJson["ak"])}
		if out.Outputs[i] != w {
			t.Errorf("output %d = %+v, want %+v", i, out.Outputs[i], w)
		}
	}
}

func str(v any) string { s, _ := v.(string); return s }

func checkCorpusEvents(t *testing.T, body []byte) {
	want := readCorpus(t, body)
	out, err := cannedClient(t, 200, string(body)).DescribeCustomEventAttribute(context.Background(), DescribeCustomEventAttributeInput{Name: "x"})
	if err != nil {
		t.Fatalf("DescribeCustomEventAttribute: %v", err)
	}
	if out.RequestID != want.RequestID || len(out.Events) != len(want.Events.CustomEvent) {
		t.Fatalf("client read %+v from %s", out, body)
	}
	for i, ev := range want.Events.CustomEvent {
		ms, err := strconv.ParseInt(strings.Trim(fmt.Sprint(ev["Time"]), `"`), 10, 64)
		if err != nil {
			t.Fatalf("event %d Time %v: %v", i, ev["Time"], err)
		}
		w := CustomEventRecord{ID: fmt.Sprint(ev["Id"]), Name: str(ev["Name"]), GroupID: fmt.Sprint(ev["GroupId"]), Content: str(ev["Content"]), Time: time.UnixMilli(ms).UTC()}
		if out.Events[i] != w {
			t.Errorf("event %d = %+v, want %+v", i, out.Events[i], w)
		}
	}
}

// checkCorpusError serves an error example with HTTP 400 (the examples
// carry no status) and compares what the client reports.
func checkCorpusError(t *testing.T, body []byte) {
	want := readCorpus(t, body)
	_, err := cannedClient(t, 400, string(body)).DeleteExporterOutput(context.Background(), "x")
	var e *Error
	if !errors.As(err, &e) || e.Code != want.Code || e.RequestID != want.RequestID || e.Message != cleanMessage(want.Message) {
		t.Fatalf("client reported %#v, the body has code %q, request id %q, message %q", err, want.Code, want.RequestID, want.Message)
	}
}
