package bench

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ownCPU is the user and system time this process has used so far.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssWatcher samples the peak resident set size (VmHWM) of every running
// process whose executable is exe, while a Terraform command runs. VmHWM is
// the kernel's own high-water mark, so sampling only has to happen before
// the process exits; once a process is found it is read directly, so the
// watcher costs little CPU next to what it measures.
type rssWatcher struct {
	exe  string
	done chan struct{}
	wg   sync.WaitGroup
	// known are the /proc/<pid> directories of exe seen so far; scans stop
	// once one is known, until it has exited.
	known map[string]bool

	mu      sync.Mutex
	peakKiB int64
}

func newRSSWatcher(exe string) *rssWatcher {
	abs, err := filepath.Abs(exe)
	if err == nil {
		exe = abs
	}
	return &rssWatcher{exe: exe, done: make(chan struct{}), known: map[string]bool{}}
}

func (w *rssWatcher) start() {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			w.sample()
			select {
			case <-w.done:
				return
			case <-t.C:
			}
		}
	}()
}

func (w *rssWatcher) stop() {
	close(w.done)
	w.wg.Wait()
}

// PeakMiB is the highest VmHWM seen, in MiB.
func (w *rssWatcher) PeakMiB() float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return float64(w.peakKiB) / 1024
}

func (w *rssWatcher) sample() {
	alive := false
	for pid := range w.known {
		if kib := vmHWM(filepath.Join("/proc", pid, "status")); kib > 0 {
			alive = true
			w.record(kib)
		} else {
			delete(w.known, pid)
		}
	}
	if alive {
		return
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid := e.Name()
		if _, err := strconv.Atoi(pid); err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", pid, "exe"))
		if err != nil || exe != w.exe {
			continue
		}
		if kib := vmHWM(filepath.Join("/proc", pid, "status")); kib > 0 {
			w.known[pid] = true
			w.record(kib)
		}
	}
}

func (w *rssWatcher) record(kib int64) {
	w.mu.Lock()
	w.peakKiB = max(w.peakKiB, kib)
	w.mu.Unlock()
}

func vmHWM(statusPath string) int64 {
	f, err := os.Open(statusPath)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				n, _ := strconv.ParseInt(fields[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
