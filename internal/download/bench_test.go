package download

import (
	"context"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download/downloadtest"
)

// source is a reader of size bytes that repeats one block, so that making
// the data costs a memory copy and nothing else.
type source struct {
	block []byte
	left  int64
	off   int
}

func newSource(size int64) *source {
	return &source{block: downloadtest.GzipLike(1 << 20), left: size}
}

func (s *source) Read(p []byte) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), s.left)]
	n := 0
	for n < len(p) {
		k := copy(p[n:], s.block[s.off:])
		n += k
		s.off = (s.off + k) % len(s.block)
	}
	s.left -= int64(n)
	return n, nil
}

// maxHeapGrowth is the memory budget of one download of any size.
const maxHeapGrowth = 8 << 20

// BenchmarkWrite writes a 512 MiB stream (32 MiB with -short) with Write,
// with the former sequential write-then-hash loop (256 KiB writes), and
// with a plain io.Copy to a file, each starting from the same state, and
// reports the throughput of each and Write's peak heap growth, which must
// stay within maxHeapGrowth. Run with -benchtime=1x.
func BenchmarkWrite(b *testing.B) {
	size := int64(512 << 20)
	if testing.Short() {
		size = 32 << 20
	}
	dir := b.TempDir()
	out := filepath.Join(dir, "out.tar.gz")
	// Every copy starts with no file, nothing dirty and, outside -short,
	// nothing freed in the last seconds (see settleTime in internal/bench:
	// on a VM, memory freed a moment ago is cheaper to write into).
	settle := func() {
		os.Remove(out)
		syscall.Sync()
		if !testing.Short() {
			time.Sleep(3 * time.Second)
		}
	}
	timed := func(f func() error) float64 {
		settle()
		start := time.Now()
		if err := f(); err != nil {
			b.Fatal(err)
		}
		return float64(size) / (1 << 20) / time.Since(start).Seconds()
	}
	var pipelined, sequential, plain float64
	var growth uint64
	for b.Loop() {
		growth = max(growth, downloadtest.PeakHeapGrowth(func() {
			pipelined = timed(func() error {
				f, err := Write(context.Background(), out, newSource(size), gz(size))
				if err == nil && f.Size != size {
					b.Fatalf("wrote %d bytes, want %d", f.Size, size)
				}
				return err
			})
		}))
		sequential = timed(func() error {
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			_, err = io.CopyBuffer(io.MultiWriter(f, sha256.New()), newSource(size), make([]byte, BufferSize))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			return err
		})
		plain = timed(func() error {
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, newSource(size))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			return err
		})
	}
	settle()
	b.ReportMetric(pipelined, "MiB/s")
	b.ReportMetric(sequential, "sequential-MiB/s")
	b.ReportMetric(plain, "plain-copy-MiB/s")
	b.ReportMetric(float64(growth)/(1<<20), "peak-heap-MiB")
	if growth > maxHeapGrowth {
		b.Errorf("a download grew the heap by %.1f MiB, budget %d MiB", float64(growth)/(1<<20), maxHeapGrowth>>20)
	}
}
