package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// measureDownload downloads one export's file through the resource c
// configures and compares it with a plain copy of the same URL made by the
// bench.
//
// The provider's download time runs from the moment the emulator receives
// the download request to the end of the apply, minus the tail every apply
// has after its last API call (the provider returning the new state and
// Terraform saving it and exiting), measured on otherwise identical applies
// without output_path (the shortest of two): what the user waits for
// because of the download, including the SHA-256 and rename. The
// plain copy is an HTTP GET of the same URL copied with io.Copy into a file
// in the same directory (no hashing), timed from request to closed file.
func measureDownload(ctx context.Context, s *Session, opts emulator.Options, c downloadCase) ([]Result, error) {
	e, err := newEnv(s.Config, opts)
	if err != nil {
		return nil, err
	}
	defer e.close()
	d := &downloadRun{ctx: ctx, s: s, e: e, c: c}
	if err := d.baseline(); err != nil {
		return nil, err
	}
	// Rounds alternate which copy goes first, and every copy starts after
	// settle; the best of each kind is the figure, so that a burst of load
	// from elsewhere on the machine does not decide the comparison. Both
	// copies read the same URL from the same emulator and write into the
	// same directory.
	outDir := filepath.Join(e.dir, "out")
	d.target = filepath.Join(outDir, "export.tar.gz")
	d.plainPath = filepath.Join(outDir, "plain.tar.gz")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	for round := 1; round <= downloadRounds(s.Short); round++ {
		s.logf("%sround %d: apply with output_path, a plain copy and the floor reader of the %s, %s first", c.prefix, round, c.what, map[bool]string{true: "provider", false: "floor reader"}[round%2 == 1])
		order := []func(int) error{d.providerRound, d.plainRound, d.floorRound}
		if round%2 == 0 {
			if d.url == "" {
				return nil, fmt.Errorf("no download URL yet")
			}
			order = []func(int) error{d.floorRound, d.plainRound, d.providerRound}
		}
		for _, step := range order {
			if err := step(round); err != nil {
				return nil, err
			}
		}
	}
	settle(true, d.target, d.plainPath)
	return d.results()
}

// downloadRun is one measureDownload under way: its environment, the files
// the copies write, and the figures so far.
type downloadRun struct {
	ctx context.Context
	s   *Session
	e   *env
	c   downloadCase
	// target is the provider's output_path, plainPath the plain copy's and
	// the floor reader's file.
	target, plainPath string

	// tailAfterCall and baseCPU are the least of the baseline applies.
	tailAfterCall, baseCPU time.Duration
	// CPU figures, each the least of the rounds: what the download added
	// to Terraform and the provider, what the bench process (the emulator
	// serving the stream) spent meanwhile, and what the plain copy and the
	// emulator serving it spent.
	providerCPU, servingCPU, plainCPU time.Duration
	// floorCPU and floor are the floor reader's least CPU (its own
	// process) and best wall time, floorBytes what it copied.
	floorCPU, floor time.Duration
	floorBytes      int64
	// floorBaseCPU is the floor reader's CPU for a small answer (least).
	floorBaseCPU time.Duration
	// provider and plain are the best copy times; fromRequest and streamed
	// belong to the best provider round.
	provider, plain, fromRequest, streamed time.Duration
	peakRSS                                float64
	// n is the size of the provider's file, url the plain copy's source.
	n         int64
	url       string
	downloads int
}

// least keeps in *d the least of the values it is given (0: none yet).
func least(d *time.Duration, v time.Duration) {
	if *d == 0 || v < *d {
		*d = v
	}
}

func (d *downloadRun) apply(outputPath string) (tfRun, error) {
	if err := d.e.writeConfig(d.c.config(outputPath)); err != nil {
		return tfRun{}, err
	}
	return d.e.terraform(d.ctx, "apply", "-auto-approve", "-no-color", "-input=false")
}

func (d *downloadRun) destroy() error {
	_, err := d.e.terraform(d.ctx, "destroy", "-auto-approve", "-no-color", "-input=false")
	return err
}

// baseline measures two applies without output_path: the tail after the
// last API call and the CPU of an apply without a download; and two runs of
// the floor reader on a small answer (the emulator's stats): the CPU of
// starting its process and making one request, which its rounds subtract
// as the provider's subtract the apply without a download.
func (d *downloadRun) baseline() error {
	d.s.logf("%sbaseline: two applies without output_path, two floor readers of a small answer", d.c.prefix)
	for range 2 {
		f, err := runFloorReader(d.ctx, d.s.Self, d.e.url+"/_emulator/stats", nil, filepath.Join(d.e.dir, "floor-base"))
		if err != nil {
			return err
		}
		least(&d.floorBaseCPU, f.cpu)
		r, err := d.apply("")
		if err != nil {
			return err
		}
		least(&d.baseCPU, r.CPU)
		last, ok := d.e.tap.lastCallEnd()
		if !ok {
			return fmt.Errorf("the apply without output_path made no API call")
		}
		least(&d.tailAfterCall, r.End.Sub(last))
		if err := d.destroy(); err != nil {
			return err
		}
	}
	return nil
}

// providerRound applies with output_path, checks the file against what the
// emulator sent, keeps the figures and destroys the export again.
func (d *downloadRun) providerRound(round int) error {
	c, e := d.c, d.e
	settle(d.s.Short, d.target, d.plainPath)
	own := ownCPU()
	withDL, err := d.apply(d.target)
	if err != nil {
		return err
	}
	least(&d.servingCPU, ownCPU()-own)
	least(&d.providerCPU, withDL.CPU-d.baseCPU)
	d.downloads++
	spans := e.tap.downloadSpans()
	if len(spans) != d.downloads {
		return fmt.Errorf("the emulator served %d downloads, want %d", len(spans), d.downloads)
	}
	dl := spans[len(spans)-1]
	fi, err := os.Stat(d.target)
	if err != nil {
		return fmt.Errorf("the provider wrote no archive: %w", err)
	}
	if fi.Size() != dl.Bytes || fi.Size() < c.minBytes {
		return fmt.Errorf("the %s holds %d bytes; the emulator sent %d (at least %d expected)", c.what, fi.Size(), dl.Bytes, c.minBytes)
	}
	d.n = fi.Size()
	d.peakRSS = max(d.peakRSS, withDL.PeakRSSMiB)
	took := withDL.End.Sub(dl.Start) - d.tailAfterCall
	d.s.logf("%sround %d: provider %s (request to apply end %s), CPU added %s", c.prefix, round, took.Round(time.Millisecond), withDL.End.Sub(dl.Start).Round(time.Millisecond), (withDL.CPU - d.baseCPU).Round(time.Millisecond))
	if d.provider == 0 || took < d.provider {
		d.provider, d.fromRequest, d.streamed = took, withDL.End.Sub(dl.Start), dl.End.Sub(dl.Start)
	}
	if d.url, err = c.plainURL(e); err != nil {
		return err
	}
	// Destroying removes the file; the next provider round's apply
	// creates a new export and downloads it.
	return d.destroy()
}

// plainRound copies the file with a plain GET and checks its size against
// what the emulator sent and the provider wrote.
func (d *downloadRun) plainRound(round int) error {
	c := d.c
	settle(d.s.Short, d.target, d.plainPath)
	own := ownCPU()
	p, got, err := plainCopy(d.ctx, d.url, c.plainHeader, d.plainPath)
	if err != nil {
		return err
	}
	least(&d.plainCPU, ownCPU()-own)
	if err := d.served("the plain copy", got); err != nil {
		return err
	}
	d.s.logf("%sround %d: plain copy %s", c.prefix, round, p.Round(time.Millisecond))
	least(&d.plain, p)
	return nil
}

// served counts one more download by the bench (who) and checks that it got
// as many bytes as the emulator sent and, where sizes must match, as the
// provider wrote.
func (d *downloadRun) served(who string, got int64) error {
	d.downloads++
	// The emulator's handler may return a moment after the client has
	// read the last byte.
	spans := d.e.tap.downloadSpans()
	for wait := time.Now(); len(spans) < d.downloads && time.Since(wait) < time.Second; spans = d.e.tap.downloadSpans() {
		time.Sleep(time.Millisecond)
	}
	if len(spans) != d.downloads || spans[len(spans)-1].Bytes != got || got < d.c.minBytes || (d.c.sameSize && d.n != 0 && got != d.n) {
		sent := int64(-1)
		if len(spans) > 0 {
			sent = spans[len(spans)-1].Bytes
		}
		return fmt.Errorf("%s got %d bytes of the %d-byte file, the provider %d (%d downloads served, want %d)", who, got, sent, d.n, len(spans), d.downloads)
	}
	return nil
}

// floorRound runs the floor reader (floor.go) on the plain copy's URL: GET,
// write and SHA-256 of the same stream, in a process of its own.
func (d *downloadRun) floorRound(round int) error {
	c := d.c
	settle(d.s.Short, d.target, d.plainPath)
	f, err := runFloorReader(d.ctx, d.s.Self, d.url, c.plainHeader, d.plainPath)
	if err != nil {
		return err
	}
	if err := d.served("the floor reader", f.bytes); err != nil {
		return err
	}
	d.s.logf("%sround %d: floor reader %s, CPU %s (%s for a small answer)", c.prefix, round, f.took.Round(time.Millisecond), f.cpu.Round(time.Millisecond), d.floorBaseCPU.Round(time.Millisecond))
	least(&d.floor, f.took)
	least(&d.floorCPU, f.cpu-d.floorBaseCPU)
	d.floorBytes = f.bytes
	return nil
}

// results are the scenario's figures from the best rounds.
func (d *downloadRun) results() ([]Result, error) {
	const name = "download"
	c, s := d.c, d.s
	if d.provider <= 0 {
		return nil, fmt.Errorf("the download took no measurable time (%s from request to apply end, %s tail without download)", d.fromRequest, d.tailAfterCall)
	}
	mib := float64(d.n) / (1 << 20)
	ratio := d.plain.Seconds() / d.provider.Seconds()
	s.logf("%sbest round: download request to apply end %s, tail without download %s, server streamed for %s; best plain copy %s", c.prefix,
		d.fromRequest.Round(time.Millisecond), d.tailAfterCall.Round(time.Millisecond), d.streamed.Round(time.Millisecond), d.plain.Round(time.Millisecond))
	providerPerGiB, floorPerGiB := perGiB(d.providerCPU, d.n), perGiB(d.floorCPU, d.floorBytes)
	cpuFigure := c.prefix + "provider CPU per GiB (least of the rounds)"
	cpuResult := reported(name, cpuFigure, providerPerGiB, "s/GiB")
	if c.cpuBound {
		cpuResult = s.timing(atMost(name, cpuFigure, providerPerGiB, "s/GiB", maxCPUPerGiBFactor*floorPerGiB))
	}
	return []Result{
		reported(name, c.prefix+sizeFigure(c.prefix), mib, "MiB"),
		reported(name, c.prefix+"provider download time (request to apply end, minus apply tail)", roundMS(d.provider), "s"),
		reported(name, c.prefix+"provider throughput", mib/d.provider.Seconds(), "MiB/s"),
		reported(name, c.prefix+"plain copy throughput (GET + io.Copy to a file)", mib/d.plain.Seconds(), "MiB/s"),
		reported(name, c.prefix+"floor reader throughput (GET + write + SHA-256, own process)", float64(d.floorBytes)/(1<<20)/d.floor.Seconds(), "MiB/s"),
		reported(name, c.prefix+"provider throughput / plain copy", ratio, ""),
		reported(name, c.prefix+"floor reader CPU per GiB (own process, less a run of a small answer; least)", floorPerGiB, "s/GiB"),
		cpuResult,
		reported(name, c.prefix+"provider CPU per GiB / floor reader's", providerPerGiB/floorPerGiB, ""),
		reported(name, c.prefix+"CPU the download adds to Terraform and the provider (least of the rounds)", roundMS(d.providerCPU), "s"),
		reported(name, c.prefix+"CPU of the emulator serving it (bench process, least)", roundMS(d.servingCPU), "s"),
		reported(name, c.prefix+"CPU of the plain copy and the emulator serving it (one process, least)", roundMS(d.plainCPU), "s"),
		below(name, c.prefix+"provider peak RSS during the download (highest round)", d.peakRSS, "MiB", maxProviderRSSMiB),
	}, nil
}
