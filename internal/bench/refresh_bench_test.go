package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// The refresh scenario at the client level, without Terraform: what one
// provider run spends on reading N objects, for profiling
// (go test -bench Refresh -cpuprofile ...). Each iteration is one refresh
// with a fresh client, as a new provider process would have.

func benchEmulator(b *testing.B) (*emulator.Server, string) {
	b.Helper()
	srv := emulator.New(emulator.DefaultOptions())
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	return srv, ts.URL
}

func postAdmin(b *testing.B, url string, body any) {
	b.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("POST %s: %s", url, resp.Status)
	}
}

// BenchmarkRefreshExports looks up N exports of one topic from 10
// goroutines (Terraform's default parallelism) through one client's shared
// page list. calls/op is DescribeExports per refresh: ceil(N/100); the
// time per op is mostly the client's own 20 requests/s pacing of them.
func BenchmarkRefreshExports(b *testing.B) {
	for _, n := range []int{30, 250} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			srv, url := benchEmulator(b)
			postAdmin(b, url+"/_emulator/tencent/exports", map[string]any{"topic_id": benchTopic, "count": n})
			ids := exportIDs(b, srv)
			before := srv.Stats()["DescribeExports"]
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				client := tencentcloud.NewClient(tencentcloud.Config{
					SecretID: "emulator-secret-id", SecretKey: "emulator-secret-key", Region: "ap-guangzhou", Endpoint: url,
				})
				parallelLookups(b, ids, func(id string) error {
					_, found, err := client.FindExport(b.Context(), benchTopic, id, tencentcloud.FindOptions{})
					if err == nil && !found {
						err = fmt.Errorf("export %s not found", id)
					}
					return err
				})
			}
			b.StopTimer()
			b.ReportMetric(float64(srv.Stats()["DescribeExports"]-before)/float64(b.N), "calls/op")
		})
	}
}

func exportIDs(b *testing.B, srv *emulator.Server) []string {
	b.Helper()
	data, err := json.Marshal(srv.State()["tencent"])
	if err != nil {
		b.Fatal(err)
	}
	var st struct {
		Exports []struct {
			ExportID string `json:"export_id"`
		} `json:"exports"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, x := range st.Exports {
		ids = append(ids, x.ExportID)
	}
	return ids
}

// BenchmarkRefreshExporterOutputs lists N exporter outputs of one region
// the way a refresh does (the cms package shares this list between reads).
// calls/op is DescribeExporterOutputList per refresh: ceil(N/100).
func BenchmarkRefreshExporterOutputs(b *testing.B) {
	for _, n := range []int{30, 250} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			srv, url := benchEmulator(b)
			seed := make([]map[string]any, n)
			for i := range seed {
				seed[i] = map[string]any{
					"region": "cn-hangzhou", "dest_name": fmt.Sprintf("bench-%d", i), "dest_type": "SLS",
					"endpoint": "https://cn-hangzhou.log.aliyuncs.com", "project": "bench", "logstore": fmt.Sprintf("bench-%d", i),
					"access_key_id": "LTAIbenchKeyId", "access_key_secret": "bench-secret",
				}
			}
			postAdmin(b, url+"/_emulator/alibaba/exporter_outputs", seed)
			before := srv.Stats()["DescribeExporterOutputList"]
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				client := alicloud.NewClient(alicloud.Config{
					AccessKey: "emulator-access-key", SecretKey: "emulator-secret-key", Region: "cn-hangzhou", Endpoint: url,
				})
				all, err := client.ExporterOutputs(b.Context())
				if err != nil {
					b.Fatal(err)
				}
				if len(all) != n {
					b.Fatalf("listed %d exporter outputs, want %d", len(all), n)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(srv.Stats()["DescribeExporterOutputList"]-before)/float64(b.N), "calls/op")
		})
	}
}

// parallelLookups runs lookup for every id from 10 goroutines.
func parallelLookups(b *testing.B, ids []string, lookup func(string) error) {
	b.Helper()
	work := make(chan string)
	errs := make(chan error, len(ids))
	var wg sync.WaitGroup
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				if err := lookup(id); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}
