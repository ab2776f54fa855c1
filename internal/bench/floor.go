package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// The download's floor: what a download to disk with a checksum costs on
// this machine at the least. The floor reader GETs the same URL the
// provider downloaded, writes the body into a file and computes its SHA-256
// from the same stream, nothing else (no provider, no Terraform, no
// pipeline). It runs as a child process (the bench's own executable with
// FloorReaderCommand), so that its rusage is the reader's CPU alone and not
// the in-process emulator's that serves it; the provider's CPU is likewise
// read from the rusage of the terraform process and the provider it waits
// for.

// FloorReaderCommand is the first argument that makes telemetry-bench run
// FloorReaderMain instead of the bench.
const FloorReaderCommand = "floor-reader"

// maxCPUPerGiBFactor bounds the provider's CPU per GiB downloaded: at most
// this many times the floor reader's, measured in the same run.
const maxCPUPerGiBFactor = 1.10

// FloorRead GETs url with header and copies the body into a new file at
// path through io.Copy's 32 KiB buffer, each chunk written to the file and
// hashed; it returns the bytes copied and their SHA-256 (hex).
func FloorRead(ctx context.Context, url string, header http.Header, path string) (int64, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, "", err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// FloorReaderMain is the child process: args are the URL, the file and
// any number of "Name: value" request headers. It prints the bytes copied
// and the SHA-256 on one line.
func FloorReaderMain(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 2 {
		return errors.New("usage: floor-reader URL FILE [Name:value ...]")
	}
	header := http.Header{}
	for _, a := range args[2:] {
		k, v, ok := strings.Cut(a, ":")
		if !ok {
			return fmt.Errorf("header %q is not Name:value", a)
		}
		header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	n, sum, err := FloorRead(ctx, args[0], header, args[1])
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%d %s\n", n, sum)
	return err
}

// floorRun is one run of the floor reader.
type floorRun struct {
	took  time.Duration
	cpu   time.Duration
	bytes int64
}

// runFloorReader runs the floor reader as a child process of self (an
// executable that runs FloorReaderMain when its first argument is
// FloorReaderCommand) and returns its wall time, its CPU (user and system,
// from its rusage) and the bytes it wrote.
func runFloorReader(ctx context.Context, self, url string, header http.Header, path string) (floorRun, error) {
	if self == "" {
		return floorRun{}, errors.New("no executable to run the floor reader (Config.Self)")
	}
	args := []string{FloorReaderCommand, url, path}
	for k, vs := range header {
		for _, v := range vs {
			args = append(args, k+":"+v)
		}
	}
	cmd := exec.CommandContext(ctx, self, args...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if err != nil {
		return floorRun{}, fmt.Errorf("floor reader: %w: %s", err, errOut.String())
	}
	fields := strings.Fields(out.String())
	if len(fields) != 2 {
		return floorRun{}, fmt.Errorf("floor reader printed %q", out.String())
	}
	n, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil {
		return floorRun{}, fmt.Errorf("floor reader printed %q: %w", out.String(), err)
	}
	return floorRun{took: took, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), bytes: n}, nil
}

// perGiB is cpu spread over n bytes, in seconds per GiB.
func perGiB(cpu time.Duration, n int64) float64 {
	if n <= 0 {
		return 0
	}
	return cpu.Seconds() / (float64(n) / (1 << 30))
}
