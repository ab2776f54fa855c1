package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"syscall"
	"time"
)

func init() { register(Scenario{Name: "download", Run: runDownload}) }

// downloadServer is a physical server the emulator seeds in its default
// project.
const downloadServer = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"

func archiveBytes(short bool) int64 {
	if short {
		return 64 << 20
	}
	return 1 << 30
}

// maxProviderRSSMiB bounds the provider's peak RSS during a download; its
// CPU is bounded against the floor reader's (floor.go).
const maxProviderRSSMiB = 64

// downloadRounds is how many times the provider's download and the plain
// copy each run (full scale; the short form runs each twice). The best of
// each is the figure: other work on the machine only ever slows a copy
// down, and on two cores a single busy process elsewhere takes the core the
// provider's hasher would use, so more rounds make it likelier that each
// kind of copy gets a quiet moment.
func downloadRounds(short bool) int {
	if short {
		return 2
	}
	return 5
}

// settleTime is how long the machine is left alone after the previous
// copy's file was removed and synced, before the next timed copy starts.
//
// Writing a gigabyte into the page cache costs very differently depending
// on the memory it lands in. On the bench machine (a VM whose free memory
// the hypervisor takes back: virtio-balloon with free page reporting) a
// copy that starts within about a second of another gigabyte being freed
// reuses those still-backed pages, ~0.2 s for the writes; one that starts
// later takes 0.45-0.9 s. The plain copy used to start right after destroy
// had removed the provider's archive, and the provider's download only
// after Terraform's start-up, so the plain copy got the cheap memory and
// the provider the expensive one, by a margin that depended on how long
// start-up took: the ratio wandered between 0.38 and 0.66 on a quiet
// machine. Waiting the same settleTime before both copies puts them in
// the same state, the one a user's download is normally in (nothing freed
// just before it).
func settleTime(short bool) time.Duration {
	if short {
		return 200 * time.Millisecond
	}
	return 3 * time.Second
}

// settle removes the files a copy left, flushes what is dirty (a pending
// writeback would otherwise land in the next timed copy) and waits
// settleTime, all outside the timed windows.
func settle(short bool, paths ...string) {
	for _, p := range paths {
		os.Remove(p)
	}
	syscall.Sync()
	time.Sleep(settleTime(short))
}

func downloadConfig(outputPath string) string {
	out := ""
	if outputPath != "" {
		out = fmt.Sprintf("  output_path        = %q\n", outputPath)
	}
	return fmt.Sprintf(`
resource "telemetry_baremetal_log_export" "bench" {
  physical_server_id = %q
%s}
`, downloadServer, out)
}

// clsLogCount is the log_count of the CLS export: its file is 145 bytes a
// line (JSON), so ~280 MiB at full scale and ~14 MiB short. The emulator
// makes the lines as it sends them (a plain copy reads them at over
// 1 GiB/s), so it serves either in well under a second.
func clsLogCount(short bool) int {
	if short {
		return 100_000
	}
	return 2_000_000
}

func clsDownloadConfig(short bool) func(outputPath string) string {
	return func(outputPath string) string {
		out := ""
		if outputPath != "" {
			out = fmt.Sprintf("  output_path = %q\n", outputPath)
		}
		return fmt.Sprintf(`
resource "telemetry_cls_export" "bench" {
  topic_id  = %q
  query     = "level:ERROR"
  from      = "2024-06-01T00:00:00Z"
  to        = "2024-06-01T01:00:00Z"
  log_count = %d
%s}
`, benchTopic, clsLogCount(short), out)
	}
}

// downloadCase is one resource whose download the scenario measures.
type downloadCase struct {
	// prefix starts every figure name ("" for the bare-metal archive, so
	// its figures keep their names).
	prefix string
	// what names the file in the figures and the log.
	what   string
	config func(outputPath string) string
	// minBytes is the least the file may hold.
	minBytes int64
	// plainURL and plainHeader are the GET of the plain copy: the URL of
	// the export the provider downloaded (bare metal: the emulator keeps
	// it after destroy) or of one just like it (CLS), called after each
	// provider round.
	plainURL    func(e *env) (string, error)
	plainHeader http.Header
	// sameSize: the plain copy's file must be exactly as long as the
	// provider's.
	sameSize bool
	// cpuBound makes the provider's CPU per GiB a bound against the floor
	// reader's (full runs only); otherwise it is reported. The throughput
	// ratio to the plain copy is reported either way: on two cores it is
	// the ratio of the CPU the copies and the emulator spend.
	cpuBound bool
}

// runDownload measures the downloads of telemetry_baremetal_log_export
// (a 1 GiB archive; 64 MiB short) and telemetry_cls_export (see
// clsLogCount), each in its own emulator. The archive's CPU per GiB is
// bounded against the floor reader's; the CLS export's is reported: the
// file is a quarter of the size and its emulator spends more CPU on each
// byte (it formats log lines) on the same two cores, so its figures are
// noisier and say more about the emulator than about the provider.
func runDownload(ctx context.Context, s *Session) ([]Result, error) {
	opts := defaultOptions()
	opts.Huawei.ExportMS = 0
	opts.Huawei.ArchiveBytes = archiveBytes(s.Short)
	res, err := measureDownload(ctx, s, opts, downloadCase{
		what:        fmt.Sprintf("archive (%d MiB)", archiveBytes(s.Short)>>20),
		config:      downloadConfig,
		minBytes:    archiveBytes(s.Short) * 9 / 10,
		plainURL:    (*env).downloadURL,
		plainHeader: http.Header{"X-Auth-Token": {opts.Huawei.AuthToken}},
		sameSize:    true,
		cpuBound:    true,
	})
	if err != nil {
		return res, err
	}
	opts = defaultOptions()
	opts.Tencent.QueueMS, opts.Tencent.ProcessMS = 10, 10
	cls, err := measureDownload(ctx, s, opts, downloadCase{
		prefix:   "CLS ",
		what:     fmt.Sprintf("export file (log_count %d)", clsLogCount(s.Short)),
		config:   clsDownloadConfig(s.Short),
		minBytes: int64(clsLogCount(s.Short)) * 100,
		plainURL: func(e *env) (string, error) { return e.clsDownloadURL(clsLogCount(s.Short)) },
		sameSize: true,
	})
	return append(res, cls...), err
}

// sizeFigure names the size row: "archive size" for the bare-metal archive.
func sizeFigure(prefix string) string {
	if prefix == "" {
		return "archive size"
	}
	return "file size"
}

// downloadURL is the content URL of the (only) export the emulator holds.
func (e *env) downloadURL() (string, error) {
	var state struct {
		Huawei struct {
			Exports []struct {
				ExportID  string `json:"export_id"`
				ProjectID string `json:"project_id"`
				ServerID  string `json:"server_id"`
			} `json:"exports"`
		} `json:"huawei"`
	}
	if err := e.getJSON("/_emulator/state", &state); err != nil {
		return "", err
	}
	xs := state.Huawei.Exports
	if len(xs) == 0 {
		return "", fmt.Errorf("the emulator holds no bare-metal export")
	}
	x := xs[len(xs)-1]
	return fmt.Sprintf("%s/v1/%s/physicalservers/%s/logs/exports/%s/content", e.url, x.ProjectID, x.ServerID, x.ExportID), nil
}

// plainCopy GETs url with header (the provider's token where one is
// needed) and copies the body into
// path with io.Copy, returning the time from request to closed file.
func plainCopy(ctx context.Context, url string, header http.Header, path string) (time.Duration, int64, error) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	took := time.Since(start)
	os.Remove(path)
	return took, n, err
}

// clsDownloadURL seeds a Completed CLS export like the provider's (same
// topic, log_count and format, hence the same size and the same work for
// the emulator to make it; the lines differ by their seed) through the
// emulator's admin API and returns its CosPath, good for an hour. The
// provider's own export cannot serve: destroy deletes it, and the
// emulator serves no deleted export.
func (e *env) clsDownloadURL(logCount int) (string, error) {
	ids, err := e.seedExports(map[string]any{"topic_id": benchTopic, "log_count": logCount, "format": "json"}, 1)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s/_emulator/tencent/download/%s?expires=%d", e.url, ids[0], time.Now().Add(time.Hour).Unix()), nil
}
