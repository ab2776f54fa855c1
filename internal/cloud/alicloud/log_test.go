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
