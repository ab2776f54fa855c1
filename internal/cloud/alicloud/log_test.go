package alicloud

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestLogsAndErrorsMaskSecrets drives calls through the transport with
// TRACE logging and a server that echoes everything it received: neither
// the log nor the error may hold the signing secret or the exporter secret.
func TestLogsAndErrorsMaskSecrets(t *testing.T) {
	t.Setenv("TF_LOG_PROVIDER_TELEMETRY_ALICLOUD", "TRACE")
	const exporterSecret = "exporter-secret-value"
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		echo := strings.ReplaceAll(r.URL.Query().Get("ConfigJson")+" "+r.Header.Get("Authorization"), `"`, `'`)
		_, _ = w.Write([]byte(`{"Code":"ParameterInvalid","Message":"bad ` + echo + ` testsecret","RequestId":"R"}`))
	})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	_, err := c.PutExporterOutput(ctx, PutExporterOutputInput{DestName: "x", Config: ExporterOutputConfig{
		Endpoint: "http://e", Project: "p", Logstore: "l", AccessKeyID: "ak", AccessKeySecret: exporterSecret,
	}})
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(logs.String(), "PutExporterOutput") {
		t.Fatalf("no TRACE/DEBUG log was written: %q", logs.String())
	}
	for _, secret := range []string{exporterSecret, "testsecret"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log holds %q:\n%s", secret, logs.String())
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error holds %q: %v", secret, err)
		}
	}
}

// TestTraceLogMasksEchoedSecret drives a DescribeExporterOutputList answer
// that echoes the SLS AccessKey secret in ConfigJson (as the vendor's
// published example does), as an object and as a JSON string, through the
// client at TRACE: the log holds the body but not one byte of the secret.
func TestTraceLogMasksEchoedSecret(t *testing.T) {
	t.Setenv("TF_LOG_PROVIDER_TELEMETRY_ALICLOUD", "TRACE")
	const echoed = "sls-echoed-SECRET-91c2"
	for name, cfg := range map[string]string{
		"object": `{"ak":"LTAIechoAK","as":"` + echoed + `","endpoint":"http://e","project":"p","logstore":"l"}`,
		"string": `"{\"ak\":\"LTAIechoAK\",\"as\":\"` + echoed + `\",\"endpoint\":\"http://e\"}"`,
	} {
		t.Run(name, func(t *testing.T) {
			c := cannedClient(t, 200, `{"RequestId":"R","Code":"200","Success":true,"Total":1,"PageNumber":1,`+
				`"Datapoints":{"Datapoint":[{"DestName":"d","DestType":"SLS","CreateTime":1611800428000,"ConfigJson":`+cfg+`}]}}`)
			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &logs)
			if _, err := c.DescribeExporterOutputList(ctx, DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10}); err != nil && name == "object" {
				t.Fatalf("DescribeExporterOutputList: %v", err)
			}
			if !strings.Contains(logs.String(), "cloud API response body") || !strings.Contains(logs.String(), "LTAIechoAK") {
				t.Fatalf("the TRACE log holds no response body: %q", logs.String())
			}
			for _, part := range []string{echoed, echoed[:12], echoed[8:]} {
				if strings.Contains(logs.String(), part) {
					t.Errorf("the log holds %q:\n%s", part, logs.String())
				}
			}
		})
	}
}
