// Package downloadtest holds what the download tests and benchmarks share.
package downloadtest

import (
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// PeakHeapGrowth runs f while sampling the live heap every millisecond and
// returns how far it rose above the level before f.
func PeakHeapGrowth(f func()) uint64 {
	const metric = "/memory/classes/heap/objects:bytes"
	read := func(s []metrics.Sample) uint64 { metrics.Read(s); return s[0].Value.Uint64() }
	runtime.GC()
	base := read([]metrics.Sample{{Name: metric}})
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: metric}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				peak = max(peak, read(s))
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	if peak <= base {
		return 0
	}
	return peak - base
}

// GzipLike is n bytes that start with the gzip magic (so that a download
// checking for it accepts them) followed by a fixed pattern. n must be at
// least 2.
func GzipLike(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	b[0], b[1] = 0x1f, 0x8b
	return b
}

// SHA256Hex is the lower-case hex SHA-256 of b, as file_sha256 holds it.
func SHA256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
