// Package downloadtest holds what the download benchmarks share.
package downloadtest

import (
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
