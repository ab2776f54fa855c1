// Command telemetry-soak runs the randomized fault soak (make soak): see
// package soak. The last line is "soak: R rounds, seed S, F faults fired,
// V invariant violations"; the exit status is 1 when V > 0.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/soak"
)

func main() {
	seed := flag.Int64("seed", 1, "seed of the fault and mode schedule; the same seed replays the same rounds")
	rounds := flag.Int("rounds", 20, "rounds to run")
	bin := flag.String("bin", "bin", "directory holding the built terraform-provider-telemetry")
	terraform := flag.String("terraform", os.Getenv("TF_ACC_TERRAFORM_PATH"), "terraform CLI (default: TF_ACC_TERRAFORM_PATH, else terraform on PATH)")
	flag.Parse()
	if *terraform == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "telemetry-soak: the terraform CLI was not found on PATH; install it or set TF_ACC_TERRAFORM_PATH")
			os.Exit(2)
		}
		*terraform = p
	}
	dir, err := filepath.Abs(*bin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-soak:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := soak.Run(ctx, soak.Config{Seed: *seed, Rounds: *rounds, ProviderDir: dir, Terraform: *terraform, Log: os.Stdout})
	if err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-soak:", err)
	}
	// The first violations explain a red run; later rounds often repeat
	// them (an orphan stays until someone deletes it).
	const shown = 5
	for i, v := range res.Violations {
		if i == shown {
			fmt.Printf("... and %d more violations (each is logged above under its round)\n", len(res.Violations)-shown)
			break
		}
		fmt.Println(v)
	}
	if res.WorkDir != "" {
		fmt.Printf("soak: work directory kept for inspection: %s (config/, emulator-state.json)\n", res.WorkDir)
	}
	fmt.Println(res.Summary())
	if err != nil || len(res.Violations) > 0 {
		os.Exit(1)
	}
}
