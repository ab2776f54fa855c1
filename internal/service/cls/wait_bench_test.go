package cls

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// BenchmarkWaitNoticesCompletion measures how long after the emulator
// completes an export the waiter returns, for exports that run D. The
// promise is max(1 s, 10% of D). It reports late-ms (the worst iteration)
// and polls per wait. Real time passes here, so it is a benchmark, not a test:
//
//	go test ./internal/service/cls/ -run '^$' -bench WaitNoticesCompletion -benchtime 1x
func BenchmarkWaitNoticesCompletion(b *testing.B) {
	for _, d := range []time.Duration{2 * time.Second, 10 * time.Second, 60 * time.Second} {
		b.Run("D="+d.String(), func(b *testing.B) {
			if d > 10*time.Second && testing.Short() {
				b.Skip("skipping the 60 s export under -short")
			}
			benchmarkWait(b, d)
		})
	}
}

func benchmarkWait(b *testing.B, d time.Duration) {
	opts := emulator.DefaultOptions()
	opts.Tencent.QueueMS, opts.Tencent.ProcessMS = 0, d.Milliseconds()
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := tencentcloud.NewClient(tencentcloud.Config{
		SecretID: tencent.DefaultSecretID, SecretKey: tencent.DefaultSecretKey,
		Region: tencent.DefaultRegion, Endpoint: ts.URL,
	})
	topic := tencent.DefaultTopics[0].TopicID
	ctx := context.Background()
	var worst time.Duration
	polls := 0
	b.ResetTimer()
	for range b.N {
		before := srv.Stats()["DescribeExports"]
		out, err := client.CreateExport(ctx, tencentcloud.CreateExportInput{
			TopicID: topic, Query: "bench", Count: 10, From: 0, To: 1000, Order: "desc", Format: "json",
		})
		if err != nil {
			b.Fatal(err)
		}
		id := exportID{TopicID: topic, ExportID: out.ExportID}
		if _, err := waitExportCompleted(ctx, client, id, d+time.Minute, tfresource.PropagationTimeout); err != nil {
			b.Fatal(err)
		}
		returned := time.Now()
		late := returned.Sub(doneAt(b, srv, out.ExportID))
		worst = max(worst, late)
		polls += srv.Stats()["DescribeExports"] - before
		if allowed := max(time.Second, d/10); late > allowed {
			b.Errorf("noticed %s after completion; allowed %s", late, allowed)
		}
	}
	b.ReportMetric(float64(worst.Milliseconds()), "late-ms")
	b.ReportMetric(float64(polls)/float64(b.N), "polls/op")
}

// doneAt reads when the emulator completed an export from its state.
func doneAt(b *testing.B, srv *emulator.Server, exportID string) time.Time {
	raw, err := json.Marshal(srv.State()["tencent"])
	if err != nil {
		b.Fatal(err)
	}
	var s struct {
		Exports []struct {
			ExportID string    `json:"export_id"`
			DoneAt   time.Time `json:"done_at"`
		} `json:"exports"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		b.Fatal(err)
	}
	for _, x := range s.Exports {
		if x.ExportID == exportID {
			return x.DoneAt
		}
	}
	b.Fatalf("export %s not in the emulator state", exportID)
	return time.Time{}
}
