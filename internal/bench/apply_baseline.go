package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// The apply scenario's wall time carries Terraform's own cost per instance,
// which grows with the size of the state, whatever the provider. Its
// baseline is the same apply shape without the provider: as many built-in
// terraform_data instances (no provider to start or download) in as many
// resource blocks, with the same -parallelism and about the same state per
// instance, applied by the same CLI in the same run. The provider's apply
// is bounded by the CLS quota floor plus applyBaselineFactor times that
// baseline.

// applyBaselineFactor is the slack on Terraform's own cost: the provider's
// apply may take the quota floor plus this many times the baseline.
const applyBaselineFactor = 1.1

// baselineApply is the terraform_data apply and what its state holds.
type baselineApply struct {
	run tfRun
	// instances is how many terraform_data instances it created.
	instances int
	// stateBytes is the mean size of one instance's attributes in the
	// state (JSON), for the baseline and for the provider's resources.
	stateBytes, providerStateBytes float64
}

// stateSizes is the mean JSON size of an instance's attributes per
// resource type (managed resources only) in the state file at path.
func stateSizes(path string) (map[string]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var state struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Instances []struct {
				Attributes json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	sum, count := map[string]int{}, map[string]int{}
	for _, r := range state.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			var c bytes.Buffer
			if err := json.Compact(&c, in.Attributes); err != nil {
				return nil, fmt.Errorf("reading %s: %w", path, err)
			}
			sum[r.Type] += c.Len()
			count[r.Type]++
		}
	}
	out := map[string]float64{}
	for t, n := range count {
		out[t] = float64(sum[t]) / float64(n)
	}
	return out, nil
}

// meanSize is the mean of sizes weighted by counts (equal counts here).
func meanSize(sizes map[string]float64) float64 {
	if len(sizes) == 0 {
		return 0
	}
	var sum float64
	for _, v := range sizes {
		sum += v
	}
	return sum / float64(len(sizes))
}

// baselinePad is the length of the padding string that gives a
// terraform_data instance named like resourceType's about stateBytes of
// attributes in the state (compact JSON). Terraform keeps the input and its
// copy, output, each with its type, so the padding is half of what the
// target exceeds an instance with an empty padding by.
func baselinePad(resourceType string, stateBytes float64) int {
	type value struct {
		Value map[string]string `json:"value"`
		Type  []any             `json:"type"`
	}
	v := value{
		Value: map[string]string{"name": resourceType + "-100", "pad": ""},
		Type:  []any{"object", map[string]string{"name": "string", "pad": "string"}},
	}
	empty, _ := json.Marshal(map[string]any{"id": "00000000-0000-0000-0000-000000000000", "input": v, "output": v, "triggers_replace": nil})
	return max(1, (int(stateBytes)-len(empty))/2)
}

// baselineConfig has one terraform_data resource of count n per provider
// resource type, each instance's input padded to that type's state size.
func baselineConfig(n int, sizes map[string]float64) string {
	types := make([]string, 0, len(sizes))
	for t := range sizes {
		types = append(types, t)
	}
	sort.Strings(types)
	var b strings.Builder
	for i, t := range types {
		fmt.Fprintf(&b, `
resource "terraform_data" "r%d" {
  count = %d
  input = {
    name = "%s-${count.index}"
    pad  = %q
  }
}
`, i, n, t, strings.Repeat("x", baselinePad(t, sizes[t])))
	}
	return b.String()
}

// applyBaseline applies the baseline of the scale apply in its own working
// directory beside e's: n instances per resource type in e's state, with
// the same -parallelism.
func applyBaseline(ctx context.Context, e *env, n int) (*baselineApply, error) {
	sizes, err := stateSizes(filepath.Join(e.dir, "terraform.tfstate"))
	if err != nil {
		return nil, err
	}
	if len(sizes) == 0 {
		return nil, fmt.Errorf("the scale apply left no managed resources in its state")
	}
	w, err := e.workdir("baseline")
	if err != nil {
		return nil, err
	}
	// No provider block: terraform_data is built into Terraform, so
	// Terraform starts no provider and needs no init.
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(baselineConfig(n, sizes)), 0o644); err != nil {
		return nil, err
	}
	r, err := w.terraform(ctx, "apply", "-auto-approve", "-no-color", "-input=false", fmt.Sprintf("-parallelism=%d", scaleApplyParallelism))
	if err != nil {
		return nil, err
	}
	got, err := stateSizes(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		return nil, err
	}
	return &baselineApply{run: r, instances: n * len(sizes), stateBytes: got["terraform_data"], providerStateBytes: meanSize(sizes)}, nil
}

// baselineResults are the apply scenario's figures against the baseline:
// the bound floor + 1.1 x baseline, the baseline itself and the state sizes
// it was matched on, and the former ratio to the floor (reported).
func (s *Session) baselineResults(sc *scale, floor time.Duration, wallFigure string) []Result {
	const name = "apply"
	b := sc.baseline
	bound := floor + time.Duration(applyBaselineFactor*float64(b.run.Took))
	return []Result{
		reported(name, fmt.Sprintf("baseline: %d terraform_data instances, -parallelism=%d, same CLI and run", b.instances, scaleApplyParallelism), roundMS(b.run.Took), "s"),
		reported(name, "state per instance: provider resources (mean)", b.providerStateBytes, "bytes"),
		reported(name, "state per instance: baseline terraform_data", b.stateBytes, "bytes"),
		s.timing(atMost(name, wallFigure, roundMS(sc.apply.Took), "s", roundMS(bound))),
		reported(name, "wall time / CLS quota floor (the former bound: 1.2)", float64(sc.apply.Took)/float64(floor), ""),
		reported(name, "(wall time - quota floor) / baseline", float64(sc.apply.Took-floor)/float64(b.run.Took), ""),
	}
}
