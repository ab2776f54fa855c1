package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
)

func init() {
	Scenarios = append(Scenarios, Scenario{Name: "start", Run: runStart})
}

// runStart times `terraform validate` of the demo configuration with the
// built provider: provider start-up plus schema exchange (reported only).
func runStart(ctx context.Context, cfg Config) ([]Result, error) {
	e, err := newEnv(cfg, defaultOptions())
	if err != nil {
		return nil, err
	}
	defer e.close()
	_, file, _, _ := runtime.Caller(0)
	demo := filepath.Join(filepath.Dir(file), "..", "..", "examples", "demo")
	files, err := filepath.Glob(filepath.Join(demo, "*.tf"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(e.dir, filepath.Base(f)), data, 0o644); err != nil {
			return nil, err
		}
	}
	// The first run warms the OS caches; the second is the figure.
	if _, _, err := e.terraform(ctx, "validate", "-no-color"); err != nil {
		return nil, err
	}
	_, took, err := e.terraform(ctx, "validate", "-no-color")
	if err != nil {
		return nil, err
	}
	return []Result{{Scenario: "start", Figure: "terraform validate of the demo", Value: float64(took.Milliseconds()), Unit: "ms"}}, nil
}
