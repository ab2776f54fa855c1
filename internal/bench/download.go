package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
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

// Bounds of the download scenario.
const (
	minRelativeThroughput = 0.5
	maxProviderRSSMiB     = 100
)

// downloadRounds is how many times the provider's download and the plain
// copy each run.
const downloadRounds = 2

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

// runDownload downloads one archive through telemetry_baremetal_log_export
// and compares it with a plain copy of the same stream made by the bench.
//
// The provider's download time runs from the moment the emulator receives
// the download request to the end of the apply, minus the tail every apply
// has after its last API call (the provider returning the new state and
// Terraform saving it and exiting), measured on otherwise identical applies
// without output_path (the shortest of two): what the user waits for
// because of the download, including the SHA-256 and rename. The
// plain copy is an HTTP GET of the same URL copied with io.Copy into a file
// (no hashing), timed from request to closed file.
func runDownload(ctx context.Context, s *Session) ([]Result, error) {
	const name = "download"
	size := archiveBytes(s.Short)
	opts := defaultOptions()
	opts.Huawei.ExportMS = 0
	opts.Huawei.ArchiveBytes = size
	e, err := newEnv(s.Config, opts)
	if err != nil {
		return nil, err
	}
	defer e.close()
	apply := func(outputPath string) (tfRun, error) {
		if err := e.writeConfig(downloadConfig(outputPath)); err != nil {
			return tfRun{}, err
		}
		return e.terraform(ctx, "apply", "-auto-approve", "-no-color", "-input=false")
	}

	s.logf("baseline: two applies without output_path")
	var tailAfterPoll time.Duration
	for i := 0; i < 2; i++ {
		r, err := apply("")
		if err != nil {
			return nil, err
		}
		polls := e.tap.statusPollSpans()
		if len(polls) == 0 {
			return nil, fmt.Errorf("the apply without output_path polled no export status")
		}
		t := r.End.Sub(polls[len(polls)-1].End)
		if i == 0 || t < tailAfterPoll {
			tailAfterPoll = t
		}
		if _, err := e.terraform(ctx, "destroy", "-auto-approve", "-no-color", "-input=false"); err != nil {
			return nil, err
		}
	}

	// Rounds alternate the provider's download and the plain copy; the best
	// of each is the figure, so that a burst of load from elsewhere on the
	// machine does not decide the comparison.
	target := filepath.Join(e.dir, "out", "archive.tar.gz")
	var (
		provider, plain, fromRequest, streamed time.Duration
		peakRSS                                float64
		n                                      int64
	)
	for round := 0; round < downloadRounds; round++ {
		s.logf("round %d: apply with output_path (%d MiB archive), then a plain copy", round+1, size>>20)
		// Both copies start with no writeback pending from earlier files.
		syscall.Sync()
		withDL, err := apply(target)
		if err != nil {
			return nil, err
		}
		spans := e.tap.downloadSpans()
		if len(spans) != 2*round+1 {
			return nil, fmt.Errorf("the emulator served %d downloads, want %d", len(spans), 2*round+1)
		}
		dl := spans[len(spans)-1]
		fi, err := os.Stat(target)
		if err != nil {
			return nil, fmt.Errorf("the provider wrote no archive: %w", err)
		}
		if fi.Size() != dl.Bytes || fi.Size() < size*9/10 {
			return nil, fmt.Errorf("the archive holds %d bytes; the emulator sent %d (about %d asked for)", fi.Size(), dl.Bytes, size)
		}
		peakRSS = max(peakRSS, withDL.PeakRSSMiB)
		took := withDL.End.Sub(dl.Start) - tailAfterPoll
		if round == 0 || took < provider {
			provider, fromRequest, streamed = took, withDL.End.Sub(dl.Start), dl.End.Sub(dl.Start)
		}
		// Destroying removes the archive; the sync before the plain copy
		// leaves no writeback of it pending.
		if _, err := e.terraform(ctx, "destroy", "-auto-approve", "-no-color", "-input=false"); err != nil {
			return nil, err
		}
		url, err := e.downloadURL()
		if err != nil {
			return nil, err
		}
		syscall.Sync()
		p, got, err := plainCopy(ctx, url, filepath.Join(e.dir, "plain.tar.gz"))
		if err != nil {
			return nil, err
		}
		if got != fi.Size() {
			return nil, fmt.Errorf("the plain copy got %d bytes, the provider %d", got, fi.Size())
		}
		if round == 0 || p < plain {
			plain = p
		}
		n = got
	}
	if provider <= 0 {
		return nil, fmt.Errorf("the download took no measurable time (%s from request to apply end, %s tail without download)", fromRequest, tailAfterPoll)
	}
	mib := float64(n) / (1 << 20)
	ratio := plain.Seconds() / provider.Seconds()
	s.logf("best round: download request to apply end %s, tail without download %s, server streamed for %s; best plain copy %s",
		fromRequest.Round(time.Millisecond), tailAfterPoll.Round(time.Millisecond), streamed.Round(time.Millisecond), plain.Round(time.Millisecond))
	return []Result{
		reported(name, "archive size", mib, "MiB"),
		reported(name, "provider download time (request to apply end, minus apply tail)", roundMS(provider), "s"),
		reported(name, "provider throughput", mib/provider.Seconds(), "MiB/s"),
		reported(name, "plain copy throughput (GET + io.Copy to a file)", mib/plain.Seconds(), "MiB/s"),
		s.timing(atLeast(name, "provider throughput / plain copy", ratio, "", minRelativeThroughput)),
		below(name, "provider peak RSS during the download (highest round)", peakRSS, "MiB", maxProviderRSSMiB),
	}, nil
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

// plainCopy GETs url with the provider's token and copies the body into
// path with io.Copy, returning the time from request to closed file.
func plainCopy(ctx context.Context, url, path string) (time.Duration, int64, error) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("X-Auth-Token", huaweiToken)
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
