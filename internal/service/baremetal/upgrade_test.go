package baremetal

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// Every schema version before the current one has an upgrader with its
// prior schema and at least one state fixture in testdata (a state an
// earlier build wrote, which log_export_upgrade_test.go upgrades); the
// current version has none (the framework would never call it).
func TestLogExportUpgradersCoverEveryVersion(t *testing.T) {
	ctx := context.Background()
	current := logExportSchema(ctx).Version
	upgraders := (&logExportResource{}).UpgradeState(ctx)
	for v := int64(0); v < current; v++ {
		u, ok := upgraders[v]
		switch {
		case !ok:
			t.Errorf("no upgrader from schema version %d", v)
		case u.PriorSchema == nil || u.PriorSchema.Version != v:
			t.Errorf("the upgrader from version %d has no prior schema of that version", v)
		}
		if m, _ := filepath.Glob(filepath.Join("testdata", fmt.Sprintf("log_export_v%d_*.tfstate", v))); len(m) == 0 {
			t.Errorf("no state fixture of schema version %d in testdata", v)
		}
	}
	if _, ok := upgraders[current]; ok {
		t.Errorf("an upgrader from the current version %d is never called", current)
	}
}
