package baremetal_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// phrase matches text however the CLI wrapped it.
func phrase(s string) string {
	fields := strings.Fields(s)
	for i, f := range fields {
		fields[i] = regexp.QuoteMeta(f)
	}
	return strings.Join(fields, `\s+`)
}

// phrases matches each text in order, however the CLI wrapped them.
func phrases(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, t := range texts {
		parts[i] = phrase(t)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// checkPlanWarned asserts that planning warned (and did not fail) about
// output_path with every text in want.
func checkPlanWarned(log *acctest.DiagLog, want ...string) error {
	diags := log.TakePlan()
	text := acctest.ProtoDiagText(diags)
	if acctest.ProtoHasError(diags) {
		return fmt.Errorf("planning failed; a path mistake must only warn at plan:\n%s", text)
	}
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityWarning || d.Summary != "invalid output_path" ||
			d.Attribute == nil || d.Attribute.String() != `AttributeName("output_path")` {
			continue
		}
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(d.Detail, w)
		}
		if ok && !strings.Contains(d.Detail, "//") {
			return nil
		}
	}
	return fmt.Errorf("no plan warning on output_path with %q (and no double slash):\n%s", want, text)
}

// output_path mistakes are caught before the export starts: the plan warns
// on the attribute (naming the value and the rule, suggesting a path without
// a double slash) and the apply fails before any API call; a location that
// only the apply can test (/proc, a read-only directory) fails there, also
// before the export. Nothing reaches the API and nothing is created.
func TestAccBaremetalLogExport_outputPathCaughtBeforeExport(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	dir := t.TempDir()
	file := filepath.Join(dir, "hostname")
	if err := os.WriteFile(file, []byte("node1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var log acctest.DiagLog
	planned := func(p string, want ...string) resource.TestStep {
		return resource.TestStep{
			PreConfig:   func() { log.TakePlan() },
			Config:      e.ProviderConfigHuaweiToken() + config(outputPath(p)),
			ExpectError: phrases(append([]string{"invalid output_path"}, want...)...),
		}
	}
	newDir := filepath.Join(dir, "new")
	cases := []struct {
		path string
		want []string
	}{
		// A trailing slash, whether the directory exists or not.
		{newDir + "/", []string{"ends with a slash", "e.g. " + filepath.Join(newDir, "node1-logs.tar.gz") + "."}},
		{dir + "/", []string{"ends with a slash", "e.g. " + filepath.Join(dir, "node1-logs.tar.gz") + "."}},
		// An existing directory.
		{dir, []string{"is an existing directory", "e.g. " + filepath.Join(dir, "node1-logs.tar.gz") + "."}},
		// A parent that is a regular file, near or far.
		{filepath.Join(file, "x.tar.gz"), []string{file + " is a file, not a directory"}},
		{filepath.Join(file, "a", "b", "x.tar.gz"), []string{file + " is a file, not a directory"}},
	}
	// The plan warnings of a step are checked in the next step's PreConfig.
	var steps []resource.TestStep
	for i, c := range cases {
		step := planned(c.path, c.want...)
		if i > 0 {
			prev := cases[i-1]
			step.PreConfig = func() {
				if err := checkPlanWarned(&log, prev.want...); err != nil {
					t.Errorf("%s: %v", prev.path, err)
				}
			}
		}
		steps = append(steps, step)
	}
	last := cases[len(cases)-1]
	// Only the apply can tell: /proc takes no regular files, even from root.
	steps = append(steps,
		resource.TestStep{
			PreConfig: func() {
				if err := checkPlanWarned(&log, last.want...); err != nil {
					t.Errorf("%s: %v", last.path, err)
				}
			},
			Config:      e.ProviderConfigHuaweiToken() + config(outputPath("/proc/node1-logs.tar.gz")),
			ExpectError: phrases("invalid output_path: output_path (/proc/node1-logs.tar.gz) cannot be written: creating a file in /proc", "No export was started."),
		},
		resource.TestStep{
			Config:      e.ProviderConfigHuaweiToken() + config(outputPath("/proc/telemetry-logs/node1.tar.gz")),
			ExpectError: phrases("invalid output_path: output_path (/proc/telemetry-logs/node1.tar.gz) cannot be written: creating the directory /proc/telemetry-logs", "No export was started."),
		},
	)
	if os.Geteuid() != 0 { // root writes where the mode allows nobody to
		ro := filepath.Join(t.TempDir(), "read-only")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, resource.TestStep{
			Config:      e.ProviderConfigHuaweiToken() + config(outputPath(filepath.Join(ro, "node1.tar.gz"))),
			ExpectError: phrases("invalid output_path:", "cannot be written:", "permission denied", "No export was started."),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: log.Factories(),
		Steps:                    steps,
	})
	if n := len(e.Stats(t)); n != 0 {
		t.Errorf("output_path mistakes reached the API: %v", e.Stats(t))
	}
	if n := len(emulatorState(t, e).Huawei.Exports); n != 0 {
		t.Errorf("the emulator holds %d exports, want 0", n)
	}
	if _, err := os.Stat(newDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a rejected output_path created %s (stat: %v)", newDir, err)
	}
}

// A bad output_path in the configuration never blocks terraform destroy,
// although Terraform validates the configuration and plans it normally
// before a destroy: not for a new resource that could not be created, not
// for an existing one whose configured path changed to a bad one.
func TestAccBaremetalLogExport_badOutputPathNeverBlocksDestroy(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	out := filepath.Join(logs, "node1.tar.gz")
	extraOut := filepath.Join(dir, "extra") + "/"
	good := e.ProviderConfigHuaweiToken() + config(outputPath(out))
	// The existing export's path made bad, and a second export that was
	// never created (its path is an existing directory with a slash).
	if err := os.Mkdir(filepath.Join(dir, "extra"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := e.ProviderConfigHuaweiToken() + config(outputPath(logs+"/")) + fmt.Sprintf(`
resource "telemetry_baremetal_log_export" "extra" {
  physical_server_id = %q
  output_path        = %q
}
`, serverID, extraOut)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: good, Check: resource.ComposeTestCheckFunc(checkArchive(out), checkExports(t, e, 1))},
			{
				Config:      bad,
				ExpectError: phrases("invalid output_path", "ends with a slash"),
			},
			{
				// Neither apply did anything: one export, the archive untouched.
				PreConfig: func() {
					if n := e.Stats(t)[huawei.OpExport]; n != 1 {
						t.Errorf("ExportServerLogs called %d times, want 1", n)
					}
				},
				Config:  bad,
				Destroy: true,
				// Here, not in CheckDestroy, which plugin-testing skips when
				// the last step leaves an empty state: the destroy removed
				// the unchanged archive and forgot the export (the API has
				// no delete, so the emulator still holds it).
				Check: resource.ComposeTestCheckFunc(acctest.CheckNoFile(out), destroyedOne(t, e)),
			},
		},
	})
}

// The directory of output_path replaced by a regular file after the apply:
// the refresh does not fail on it (it did), the plan warns, the apply fails
// before downloading, and destroy works.
func TestAccBaremetalLogExport_directoryReplacedByFileNeverBlocksDestroy(t *testing.T) {
	e2 := acctest.NewEmulator(t, fast)
	logs2 := filepath.Join(t.TempDir(), "logs")
	out2 := filepath.Join(logs2, "node1.tar.gz")
	cfg2 := e2.ProviderConfigHuaweiToken() + config(outputPath(out2))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg2, Check: checkArchive(out2)},
			{
				PreConfig: func() {
					if err := os.RemoveAll(logs2); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(logs2, []byte("not a directory\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				},
				Config:      cfg2,
				ExpectError: phrases("invalid output_path", logs2+" is a file, not a directory"),
			},
			{
				Config:  cfg2,
				Destroy: true,
				// Not CheckDestroy (skipped after a last step that leaves an
				// empty state): the file in the directory's place is left
				// alone and the export forgotten.
				Check: resource.ComposeTestCheckFunc(destroyedOne(t, e2), func(*terraform.State) error {
					if b, err := os.ReadFile(logs2); err != nil || string(b) != "not a directory\n" {
						return fmt.Errorf("the file at %s was touched: %q, %v", logs2, b, err)
					}
					return nil
				}),
			},
		},
	})
}

// destroyedOne checks, after a destroy step, that one export was ever
// started and that the emulator still holds it (the API has no delete: a
// destroy only forgets the export).
func destroyedOne(t *testing.T, e *acctest.Emulator) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(emulatorState(t, e).Huawei.Exports); n != 1 {
			return fmt.Errorf("emulator holds %d exports after the destroy, want the 1 forgotten", n)
		}
		return acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1})(nil)
	}
}

// Issue 24, item 2i: removing output_path treats the file as destroy does:
// removed while it is the one downloaded, left in place once changed. The
// export stays (an in-place update) and no API is called.
func TestAccBaremetalLogExport_removingOutputPathRemovesFile(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	out := filepath.Join(t.TempDir(), "node1.tar.gz")
	with := e.ProviderConfigHuaweiToken() + config(outputPath(out))
	without := e.ProviderConfigHuaweiToken() + config("")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	const edited = "kept: edited by hand\n"
	noFile := func() []statecheck.StateCheck {
		return []statecheck.StateCheck{
			sameID.AddStateValue(resName, tfjsonpath.New("id")),
			statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_sha256"), knownvalue.Null()),
			statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_size"), knownvalue.Null()),
			statecheck.ExpectKnownValue(resName, tfjsonpath.New("file_name"), knownvalue.Null()),
		}
	}
	update := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            with,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resName, tfjsonpath.New("id"))},
				Check:             checkArchive(out),
			},
			{
				// The unchanged file goes.
				Config:            without,
				ConfigPlanChecks:  update,
				ConfigStateChecks: noFile(),
				Check: resource.ComposeTestCheckFunc(acctest.CheckNoFile(out),
					acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1, huawei.OpDownload: 1})),
			},
			{
				Config:           with,
				ConfigPlanChecks: update,
				Check: resource.ComposeTestCheckFunc(checkArchive(out),
					acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1, huawei.OpDownload: 2})),
			},
			{
				// A file changed by hand stays.
				PreConfig: func() {
					if err := os.WriteFile(out, []byte(edited), 0o644); err != nil {
						t.Fatal(err)
					}
				},
				Config:            without,
				ConfigPlanChecks:  update,
				ConfigStateChecks: noFile(),
				Check: resource.ComposeTestCheckFunc(acctest.CheckCalls(t, e, map[string]int{huawei.OpExport: 1, huawei.OpDownload: 2}),
					func(*terraform.State) error {
						if b, err := os.ReadFile(out); err != nil || string(b) != edited {
							return fmt.Errorf("the edited file at %s was not left alone: %q, %v", out, b, err)
						}
						return nil
					}),
			},
		},
	})
}
