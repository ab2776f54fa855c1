//go:build unix

package baremetal

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download/downloadtest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// maxHeapGrowth is the budget for a download of any size.
const maxHeapGrowth = 32 << 20

// measurement is one timed copy of the archive stream.
type measurement struct {
	bytes    int64
	elapsed  time.Duration
	peakHeap uint64 // growth of live heap objects over the level before the copy
}

func (m measurement) mbps() float64 { return float64(m.bytes) / 1e6 / m.elapsed.Seconds() }

// measure runs copyFn while sampling the heap every millisecond.
func measure(b *testing.B, copyFn func() (int64, error)) measurement {
	b.Helper()
	var n int64
	var err error
	var elapsed time.Duration
	growth := downloadtest.PeakHeapGrowth(func() {
		start := time.Now()
		n, err = copyFn()
		elapsed = time.Since(start)
	})
	if err != nil {
		b.Fatal(err)
	}
	return measurement{bytes: n, elapsed: elapsed, peakHeap: growth}
}

// BenchmarkDownloadLogArchive downloads a 1 GiB archive (64 MiB with -short)
// from an in-process emulator with the provider's download code, and in the
// same run copies the same stream with plain io.Copy to io.Discard and to a
// file, reporting throughput and peak heap growth of each. Run with
// -benchtime=1x.
func BenchmarkDownloadLogArchive(b *testing.B) {
	size := int64(1 << 30)
	if testing.Short() {
		size = 64 << 20
	}
	opts := emulator.DefaultOptions()
	opts.Huawei.ExportMS = 0
	opts.Huawei.ArchiveBytes = size
	srv := httptest.NewServer(emulator.New(opts))
	defer srv.Close()
	client := huaweicloud.NewClient(huaweicloud.Config{
		AuthToken: opts.Huawei.AuthToken, ProjectID: opts.Huawei.ProjectID, Region: "cn-east-3", Endpoint: srv.URL,
	})
	ctx := context.Background()
	server := huawei.DefaultServers(opts.Huawei.ProjectID)[0].ID
	exp, err := client.ExportServerLogs(ctx, huaweicloud.ExportInput{ServerID: server})
	if err != nil {
		b.Fatal(err)
	}
	id := exportID{ProjectID: opts.Huawei.ProjectID, ServerID: server, ExportID: exp.ExportID}
	ref := huaweicloud.ExportRef{ProjectID: id.ProjectID, ServerID: id.ServerID, ExportID: id.ExportID}
	dir := b.TempDir()
	plainCopy := func(dst func() (io.WriteCloser, error)) func() (int64, error) {
		return func() (int64, error) {
			dl, err := client.DownloadServerLogs(ctx, ref)
			if err != nil {
				return 0, err
			}
			defer dl.Body.Close()
			w, err := dst()
			if err != nil {
				return 0, err
			}
			n, err := io.Copy(w, dl.Body)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return n, err
		}
	}
	var discard, file, provider measurement
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		discard = measure(b, plainCopy(func() (io.WriteCloser, error) { return nopWriteCloser{io.Discard}, nil }))
		// Each copy to disk starts with no file of the other and no pending
		// writeback, so neither pays for the other's gigabyte of dirty pages.
		settleDisk(dir)
		file = measure(b, plainCopy(func() (io.WriteCloser, error) { return os.Create(filepath.Join(dir, "plain.tar.gz")) }))
		settleDisk(dir)
		provider = measure(b, func() (int64, error) {
			f, err := downloadExport(ctx, client, id, filepath.Join(dir, "provider.tar.gz"))
			return f.Size, err
		})
		settleDisk(dir)
	}
	b.StopTimer()
	if provider.bytes != discard.bytes || provider.bytes != file.bytes || provider.bytes < size*99/100 {
		b.Fatalf("sizes differ: provider %d, io.Copy to discard %d, to file %d (target %d)", provider.bytes, discard.bytes, file.bytes, size)
	}
	b.SetBytes(provider.bytes)
	b.ReportMetric(provider.mbps(), "MB/s")
	b.ReportMetric(float64(provider.peakHeap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(discard.mbps(), "iocopy-discard-MB/s")
	b.ReportMetric(float64(discard.peakHeap)/(1<<20), "iocopy-discard-peak-heap-MiB")
	b.ReportMetric(file.mbps(), "iocopy-file-MB/s")
	b.ReportMetric(float64(file.peakHeap)/(1<<20), "iocopy-file-peak-heap-MiB")
	b.ReportMetric(provider.mbps()/discard.mbps(), "ratio-vs-discard")
	b.ReportMetric(provider.mbps()/file.mbps(), "ratio-vs-file")
	if provider.peakHeap > maxHeapGrowth {
		b.Errorf("the provider's download grew the heap by %d MiB, budget %d MiB", provider.peakHeap>>20, maxHeapGrowth>>20)
	}
}

// settleDisk removes the archives written so far, flushes the page cache
// and waits a few seconds, so that every copy starts in the same state: no
// writeback pending and no gigabyte freed just before it (on a VM whose
// free memory the hypervisor takes back, a copy into memory freed a moment
// ago writes several times faster; see settleTime in internal/bench).
func settleDisk(dir string) {
	for _, name := range []string{"plain.tar.gz", "provider.tar.gz"} {
		os.Remove(filepath.Join(dir, name))
	}
	syscall.Sync()
	if !testing.Short() {
		time.Sleep(3 * time.Second)
	}
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
