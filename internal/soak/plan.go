// Package soak runs the randomized fault soak (make soak): rounds of apply,
// plan, partial configuration change and destroy of a configuration with
// all four resources, against the emulator, while a seeded schedule arms
// random faults and emulator modes. After each round it checks that the
// emulator holds exactly what the state holds (no duplicate, no orphan, no
// event sent twice or lost) and that, after a fault-free retry, the plan is
// empty. The same seed replays the same schedule.
package soak

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Variant is the configuration of one round.
type Variant struct {
	// Destroy runs terraform destroy instead of apply.
	Destroy bool
	// Outputs is how many exporter outputs, Project their sls_project (a
	// change of project is an in-place update).
	Outputs int
	Project string
	// Exports is how many CLS exports, Query their query (a change of
	// query replaces them).
	Exports int
	Query   string
	// Release is the custom event report's trigger (a change reports the
	// events again).
	Release string
	// Baremetal declares the bare-metal log export (with a download).
	Baremetal bool
	// AssumeRoles signs every cloud with assumed roles whose credentials
	// live soakSTSTTL (every other round).
	AssumeRoles bool
}

// RoundPlan is everything one round does, drawn from the seed.
type RoundPlan struct {
	Round   int
	Modes   core.Modes
	Variant Variant
	Faults  []core.Fault
	// RestartAfter restarts the emulator (from its -state-file) after that
	// many requests of the round's first apply; 0 means no restart.
	RestartAfter int
}

func (p RoundPlan) String() string {
	var faults []string
	for _, f := range p.Faults {
		s := fmt.Sprintf("%s:%s", f.Operation, f.Kind)
		if f.Code != "" {
			s += fmt.Sprintf("(%s/%d)", f.Code, f.HTTPStatus)
		}
		if f.LatencyMS > 0 {
			s += fmt.Sprintf("(%dms)", f.LatencyMS)
		}
		faults = append(faults, fmt.Sprintf("%s after=%d count=%d", s, f.After, f.Count))
	}
	restart := "no"
	if p.RestartAfter > 0 {
		restart = fmt.Sprintf("after %d requests", p.RestartAfter)
	}
	return fmt.Sprintf("round %d: modes [%s], config %+v, faults [%s], emulator restart %s",
		p.Round, p.Modes, p.Variant, strings.Join(faults, "; "), restart)
}

// faultable are the operations faults are drawn from. Left out on purpose:
// a dropped ExportServerLogs answer, which the provider cannot reconcile by
// itself (CloudDC cannot list exports; it fails with the import command to
// run, as documented), and faults on the custom event lookup beyond the
// retries, which leave the outcome of a lost PutCustomEvent unknowable.
var faultable = []struct {
	op    string
	kinds []string
}{
	{"PutExporterOutput", []string{core.FaultError, core.FaultThrottle, core.FaultLatency, core.FaultDrop}},
	{"DescribeExporterOutputList", []string{core.FaultError, core.FaultThrottle, core.FaultLatency}},
	{"DeleteExporterOutput", []string{core.FaultError, core.FaultThrottle, core.FaultDrop}},
	{"PutCustomEvent", []string{core.FaultError, core.FaultThrottle, core.FaultDrop}},
	{"DescribeCustomEventAttribute", []string{core.FaultThrottle, core.FaultLatency}},
	{"CreateExport", []string{core.FaultError, core.FaultThrottle, core.FaultLatency, core.FaultDrop}},
	{"DescribeExports", []string{core.FaultError, core.FaultThrottle, core.FaultLatency}},
	{"DeleteExport", []string{core.FaultError, core.FaultThrottle, core.FaultDrop}},
	{"ExportServerLogs", []string{core.FaultError, core.FaultThrottle}},
	{"ShowLogsExportStatus", []string{core.FaultError, core.FaultThrottle, core.FaultLatency}},
	{"DownloadServerLogs", []string{core.FaultError, core.FaultThrottle}},
}

// vendorCode is the 5xx error code each vendor uses.
func vendorCode(op string) string {
	switch op {
	case "CreateExport", "DescribeExports", "DeleteExport":
		return "InternalError"
	case "ExportServerLogs", "ShowLogsExportStatus", "DownloadServerLogs":
		return "APIGW.0601"
	default:
		return "InternalError"
	}
}

// modeChoices are the emulator modes a round may run under.
var modeChoices = []core.Modes{
	{},
	{PageCap: 7},
	{VisibilityLagMS: 1500},
	{Normalize: true},
	{PageCap: 7, VisibilityLagMS: 1500, Normalize: true},
}

// Schedule draws round's plan from seed: the same seed and round give the
// same plan.
func Schedule(seed int64, round int) RoundPlan {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(round)))
	p := RoundPlan{Round: round, Modes: modeChoices[rng.IntN(len(modeChoices))]}
	letters := []string{"a", "b"}
	p.Variant = Variant{
		Destroy:   round > 1 && rng.IntN(5) == 0,
		Outputs:   1 + rng.IntN(3),
		Project:   "p-" + letters[rng.IntN(2)],
		Exports:   1 + rng.IntN(2),
		Query:     "status:" + []string{"500", "404"}[rng.IntN(2)],
		Release:   "r" + letters[rng.IntN(2)],
		Baremetal: rng.IntN(3) > 0,
		// Not drawn, so that a seed gives the same rounds as before.
		AssumeRoles: round%2 == 0,
	}
	for range rng.IntN(3) + 1 {
		f := faultable[rng.IntN(len(faultable))]
		fault := core.Fault{Operation: f.op, Kind: f.kinds[rng.IntN(len(f.kinds))], After: rng.IntN(3), Count: 1 + rng.IntN(2)}
		switch fault.Kind {
		case core.FaultError:
			fault.Code, fault.HTTPStatus = vendorCode(f.op), 500
		case core.FaultLatency:
			fault.LatencyMS = int64(200 + rng.IntN(1300))
		case core.FaultDrop:
			fault.Count = 1
		}
		p.Faults = append(p.Faults, fault)
	}
	if rng.IntN(4) == 0 {
		p.RestartAfter = 1 + rng.IntN(8)
	}
	return p
}
