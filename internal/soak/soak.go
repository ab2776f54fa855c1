package soak

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Config is what a soak run needs.
type Config struct {
	Seed   int64
	Rounds int
	// ProviderDir holds the built terraform-provider-telemetry.
	ProviderDir string
	// Terraform is the CLI to run.
	Terraform string
	// Log receives one line per step; nil discards them.
	Log io.Writer
}

// Violation is a broken invariant, with what is needed to replay it.
type Violation struct {
	Seed int64
	Plan RoundPlan
	What string
}

func (v Violation) String() string {
	return fmt.Sprintf("VIOLATION seed %d %s: %s", v.Seed, v.Plan, v.What)
}

// Result sums a run up.
type Result struct {
	Seed        int64
	Rounds      int
	FaultsFired int
	Violations  []Violation
	// WorkDir is the run's directory (configuration, state, emulator state
	// file, archives), kept when the run found a violation or broke.
	WorkDir string
}

// Summary is the last line of make soak.
func (r Result) Summary() string {
	return fmt.Sprintf("soak: %d rounds, seed %d, %d faults fired, %d invariant violations", r.Rounds, r.Seed, r.FaultsFired, len(r.Violations))
}

// Run runs cfg.Rounds rounds against a fresh emulator.
func Run(ctx context.Context, cfg Config) (res Result, err error) {
	res = Result{Seed: cfg.Seed}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	work, err := os.MkdirTemp("", "telemetry-soak-")
	if err != nil {
		return res, err
	}
	res.WorkDir = work
	defer func() {
		if len(res.Violations) == 0 && err == nil {
			os.RemoveAll(work)
			res.WorkDir = ""
		}
	}()
	emu, err := startEmulator(filepath.Join(work, "emulator-state.json"))
	if err != nil {
		return res, err
	}
	defer emu.close()
	tf := &cli{bin: cfg.Terraform, dir: filepath.Join(work, "config"), env: cliEnv(work, cfg.ProviderDir)}
	if err := os.MkdirAll(tf.dir, 0o755); err != nil {
		return res, err
	}
	run := &soakRun{emu: emu, tf: tf, work: work, led: newLedger()}
	for round := 1; round <= cfg.Rounds; round++ {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		plan := Schedule(cfg.Seed, round)
		logf("soak: %s", plan)
		fired, violations, err := run.round(ctx, plan)
		if err != nil {
			return res, fmt.Errorf("%s: %w", plan, err)
		}
		res.Rounds, res.FaultsFired = round, res.FaultsFired+fired
		for _, v := range violations {
			v := Violation{Seed: cfg.Seed, Plan: plan, What: v}
			logf("%s", v)
			res.Violations = append(res.Violations, v)
		}
	}
	// Leave nothing behind: a last destroy, checked like any round.
	final := RoundPlan{Round: cfg.Rounds + 1, Variant: Variant{Destroy: true}}
	_, violations, err := run.round(ctx, final)
	if err != nil {
		return res, fmt.Errorf("final destroy: %w", err)
	}
	for _, v := range violations {
		res.Violations = append(res.Violations, Violation{Seed: cfg.Seed, Plan: final, What: v})
	}
	return res, nil
}

// soakRun is what every round of one Run works with: the emulator, the
// Terraform working directory, the soak's directory (archives go under it)
// and the ledger of every object any state held.
type soakRun struct {
	emu  *emulatorProc
	tf   *cli
	work string
	led  *ledger
}

// round applies plan's configuration under its modes and faults, then
// without faults, and checks the invariants. It returns how many faults
// fired and the violations; an error means the soak itself broke.
func (r *soakRun) round(ctx context.Context, plan RoundPlan) (int, []string, error) {
	emu, tf, work, led := r.emu, r.tf, r.work, r.led
	var violations []string
	if err := emu.post("/_emulator/modes", plan.Modes); err != nil {
		return 0, nil, err
	}
	if err := os.WriteFile(filepath.Join(tf.dir, "main.tf"), []byte(configFor(plan.Variant, emu.url, filepath.Join(work, "archives"))), 0o644); err != nil {
		return 0, nil, err
	}
	for _, f := range plan.Faults {
		if err := emu.post("/_emulator/faults", f); err != nil {
			return 0, nil, err
		}
	}
	emu.restartAfter(plan.RestartAfter)
	verb := "apply"
	if plan.Variant.Destroy {
		verb = "destroy"
	}
	// The faulty run may fail; what matters is what it leaves behind.
	_, _ = tf.run(ctx, verb, "-auto-approve", "-input=false")
	led.record(tf.state(ctx))
	emu.restartAfter(0)
	fired := len(plan.Faults) - emu.armedFaults() - emu.takeLostFaults()
	if err := emu.clearFaults(); err != nil {
		return fired, nil, err
	}
	// The fault-free retry must succeed and leave an empty plan.
	if out, err := tf.run(ctx, verb, "-auto-approve", "-input=false"); err != nil {
		violations = append(violations, fmt.Sprintf("the fault-free %s failed: %v\n%s", verb, err, tail(out, 40)))
	}
	st := tf.state(ctx)
	led.record(st)
	if !plan.Variant.Destroy {
		if out, err := tf.run(ctx, "plan", "-detailed-exitcode", "-input=false"); err != nil {
			violations = append(violations, fmt.Sprintf("the plan after a fault-free apply is not empty (%v):\n%s", err, tail(out, 40)))
		}
	}
	truth, err := emu.state()
	if err != nil {
		return fired, violations, err
	}
	violations = append(violations, checkInvariants(st, truth, led)...)
	return fired, violations, nil
}
