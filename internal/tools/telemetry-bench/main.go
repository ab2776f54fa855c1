// Command telemetry-bench runs the performance scenarios of
// terraform-provider-telemetry against the emulator with the real Terraform
// CLI and prints one table of figures, bounds and PASS/FAIL.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/bench"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == bench.FloorReaderCommand {
		floorReader(os.Args[2:])
		return
	}
	fs := flag.NewFlagSet("telemetry-bench", flag.ExitOnError)
	binDir := fs.String("bin", "bin", "directory holding the built terraform-provider-telemetry")
	run := fs.String("run", "", "comma-separated scenarios to run (default all): "+names())
	short := fs.Bool("short", false, "run every scenario at a small scale (seconds; used by CI)")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file")
	mdOut := fs.String("markdown", "", "also write the results as a Markdown table to this file")
	chartDir := fs.String("charts", "", "also write SVG charts of the scaling figures into this directory (make bench: docs/images)")
	_ = fs.Parse(os.Args[1:])

	tf, err := exec.LookPath("terraform")
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		tf, err = p, nil
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-bench: the terraform CLI is not on PATH")
		os.Exit(1)
	}
	abs, err := filepath.Abs(*binDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-bench:", err)
		os.Exit(1)
	}
	if _, err := os.Stat(filepath.Join(abs, "terraform-provider-telemetry")); err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-bench: build the provider first (make build):", err)
		os.Exit(1)
	}
	var only []string
	if *run != "" {
		only = strings.Split(*run, ",")
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		// Timing figures depend on what else runs on the machine.
		fmt.Fprintf(os.Stderr, "load average at start: %s", load)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-bench:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	results, err := bench.Run(ctx, bench.Config{BinDir: abs, Terraform: tf, Short: *short, Log: os.Stderr, Self: self}, only)
	fmt.Print(bench.Table(results))
	writeOutputs(results, *jsonOut, *mdOut, *chartDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-bench:", err)
		os.Exit(1)
	}
	if !bench.AllPass(results) {
		fmt.Fprintln(os.Stderr, "telemetry-bench: some bounds do not hold")
		os.Exit(1)
	}
}

// writeOutputs writes the results as JSON, Markdown and charts where asked
// (an empty name: not at all); failing to write ends the command.
func writeOutputs(results []bench.Result, jsonOut, mdOut, chartDir string) {
	if jsonOut != "" {
		if werr := bench.WriteJSON(jsonOut, results); werr != nil {
			fmt.Fprintln(os.Stderr, "telemetry-bench:", werr)
			os.Exit(1)
		}
	}
	if mdOut != "" {
		if werr := os.WriteFile(mdOut, []byte(bench.Markdown(results)), 0o644); werr != nil {
			fmt.Fprintln(os.Stderr, "telemetry-bench:", werr)
			os.Exit(1)
		}
	}
	if chartDir != "" {
		names, werr := bench.WriteCharts(chartDir, results)
		if werr != nil {
			fmt.Fprintln(os.Stderr, "telemetry-bench:", werr)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "charts written to %s: %s\n", chartDir, strings.Join(names, ", "))
	}
}

// floorReader is the download scenario's floor reader (bench.FloorReaderMain)
// in a process of its own, so that its rusage is its own CPU.
func floorReader(args []string) {
	if err := bench.FloorReaderMain(context.Background(), args, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-bench floor-reader:", err)
		os.Exit(1)
	}
}

func names() string {
	var out []string
	for _, s := range bench.Scenarios {
		out = append(out, s.Name)
	}
	return strings.Join(out, ", ")
}
