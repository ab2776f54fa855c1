package cls_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

const resourceName = "telemetry_cls_export.test"

var topicID = tencent.DefaultTopics[0].TopicID

// durations sets the emulator's export timeline in milliseconds.
func durations(queueMS, processMS int64) func(*emulator.Options) {
	return func(o *emulator.Options) {
		o.Tencent.QueueMS, o.Tencent.ProcessMS = queueMS, processMS
	}
}

// fastEmulator completes exports in tens of milliseconds.
func fastEmulator(t *testing.T, opts ...func(*emulator.Options)) *acctest.Emulator {
	return acctest.NewEmulator(t, append([]func(*emulator.Options){durations(20, 60)}, opts...)...)
}

func exportConfig(e *acctest.Emulator, query, extra string) string {
	return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %[1]q
  query     = %[2]q
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-01T09:00:00+08:00"
  log_count = 1000
%[3]s
}
`, topicID, query, extra)
}

type emulatorExport struct {
	ExportID string `json:"export_id"`
	TopicID  string `json:"topic_id"`
	Query    string `json:"query"`
	Status   string `json:"status"`
}

// exports lists the exports the emulator holds.
func exports(t *testing.T, e *acctest.Emulator) []emulatorExport {
	t.Helper()
	var s struct {
		Tencent struct {
			Exports []emulatorExport `json:"exports"`
		} `json:"tencent"`
	}
	e.State(t, &s)
	return s.Tencent.Exports
}

func onlyExport(t *testing.T, e *acctest.Emulator) emulatorExport {
	t.Helper()
	xs := exports(t, e)
	if len(xs) != 1 {
		t.Fatalf("the emulator holds %d exports, want exactly 1: %+v", len(xs), xs)
	}
	return xs[0]
}

// checkOneLiveExport asserts the emulator holds exactly one export, the one in state.
func checkOneLiveExport(t *testing.T, e *acctest.Emulator, status string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		x := onlyExport(t, e)
		rs, ok := s.RootModule().Resources[resourceName]
		if !ok {
			return fmt.Errorf("%s not in state", resourceName)
		}
		if got := rs.Primary.Attributes["export_id"]; got != x.ExportID {
			return fmt.Errorf("state tracks %s, the emulator holds %s", got, x.ExportID)
		}
		if x.Status != status {
			return fmt.Errorf("emulator status %s, want %s", x.Status, status)
		}
		return nil
	}
}

func checkDestroyed(t *testing.T, e *acctest.Emulator) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if xs := exports(t, e); len(xs) != 0 {
			return fmt.Errorf("%d exports left after destroy: %+v", len(xs), xs)
		}
		return nil
	}
}

func adminDelete(t *testing.T, e *acctest.Emulator, exportID string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodDelete, e.URL+"/_emulator/tencent/exports/"+exportID, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("deleting %s out of band: HTTP %d", exportID, resp.StatusCode)
	}
}

func TestAccCLSExport_basic(t *testing.T) {
	e := fastEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: exportConfig(e, "status:500", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("export_id"), knownvalue.StringRegexp(regexp.MustCompile(`^export-[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^`+topicID+`:export-[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_name"), knownvalue.StringRegexp(regexp.MustCompile(`^log_\d+_`+topicID+`_\d{8}_export-[0-9a-f-]{36}_\d+\.tar\.gz$`))),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_size"), knownvalue.Int64Func(func(v int64) error {
						if v <= 0 {
							return fmt.Errorf("file_size %d, want > 0", v)
						}
						return nil
					})),
					// Stored only with keep_download_url (TestAccCLSExport_downloadURLNotStored).
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("download_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("create_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("order"), knownvalue.StringExact("desc")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("format"), knownvalue.StringExact("json")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("syntax_rule"), knownvalue.StringExact("lucene")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("region"), knownvalue.StringExact(acctest.TencentcloudRegion)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("wait_for_completion"), knownvalue.Bool(true)),
					// The configured offset survives although CLS returns milliseconds.
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("to"), knownvalue.StringExact("2024-01-01T09:00:00+08:00")),
				},
				Check: checkOneLiveExport(t, e, "Completed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// An expired export stays in state, without a URL, and plans nothing.
				PreConfig: func() {
					e.Post(t, "/_emulator/tencent/exports/"+onlyExport(t, e).ExportID+"/expire", map[string]any{}, nil)
				},
				Config: exportConfig(e, "status:500", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Expired")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("download_url"), knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccCLSExport_noWait(t *testing.T) {
	// Exports take minutes here: only wait_for_completion = false can finish.
	e := acctest.NewEmulator(t, durations(600_000, 600_000))
	var before int
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{{
			Config: exportConfig(e, "status:404", `  wait_for_completion = false
  order               = "asc"
  format              = "csv"
  syntax_rule         = "cql"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Queuing")),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("download_url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("file_size"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("syntax_rule"), knownvalue.StringExact("cql")),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("format"), knownvalue.StringExact("csv")),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("order"), knownvalue.StringExact("asc")),
			},
			Check: checkOneLiveExport(t, e, "Queuing"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}, {
			// Flipping wait_for_completion is an in-place update that calls nothing.
			PreConfig: func() { before = e.Stats(t)["CreateExport"] },
			Config: exportConfig(e, "status:404", `  wait_for_completion = true
  order               = "asc"
  format              = "csv"
  syntax_rule         = "cql"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("wait_for_completion"), knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error {
				if n := e.Stats(t)["CreateExport"]; n != before {
					return fmt.Errorf("an update of wait_for_completion called CreateExport")
				}
				return nil
			},
		}},
	})
}

func TestAccCLSExport_failed(t *testing.T) {
	e := fastEmulator(t)
	config := exportConfig(e, "level:ERROR AND "+tencent.FailMarker, "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)waiting for CLS export .* to complete.*status "Failed"`),
			},
			{
				// The failed export stayed in state, tainted: the next plan replaces it.
				PreConfig: func() {
					if x := onlyExport(t, e); x.Status != "Failed" {
						t.Errorf("emulator status %s, want Failed", x.Status)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

func TestAccCLSExport_createTimeout(t *testing.T) {
	e := acctest.NewEmulator(t, durations(100, 1500))
	timeout := func(d string) string { return fmt.Sprintf("  timeouts {\n    create = %q\n  }", d) }
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:      exportConfig(e, "status:503", timeout("400ms")),
				ExpectError: regexp.MustCompile(`(?s)waiting for CLS export .* to complete.*timeouts\.create`),
			},
			{
				Config: exportConfig(e, "status:503", timeout("1m")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkOneLiveExport(t, e, "Completed"),
			},
		},
	})
}

func TestAccCLSExport_import(t *testing.T) {
	e := fastEmulator(t)
	config := exportConfig(e, "status:200", "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateVerify: true,
				// The presigned URL is re-signed on every read. "to" is
				// configured as 09:00+08:00 and imported as the API's
				// 01:00Z: the same instant, which the next step plans as no change.
				ImportStateVerifyIgnore: []string{"download_url", "to"},
			},
			{
				// An import block with the configuration: plugin-testing
				// requires a no-op plan, so the +08:00 spelling must not
				// force a replacement of the imported 01:00Z.
				Config: config, ResourceName: resourceName, ImportState: true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName: resourceName,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs := s.RootModule().Resources[resourceName]
					return rs.Primary.Attributes["topic_id"] + "#" + rs.Primary.Attributes["export_id"], nil
				},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["status"] != "Completed" || states[0].Attributes["query"] != "status:200" ||
						states[0].Attributes["to"] != "2024-01-01T01:00:00Z" {
						return fmt.Errorf("imported by legacy id: %+v", states)
					}
					return nil
				},
			},
			{
				// The region form: region/topic_id:export_id.
				ResourceName:            resourceName,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"download_url", "to"},
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return acctest.TencentcloudRegion + "/" + s.RootModule().Resources[resourceName].Primary.ID, nil
				},
			},
			{
				ResourceName:  resourceName,
				ImportState:   true,
				ImportStateId: topicID + ":export-does-not-exist",
				ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
			},
			{
				ResourceName:  resourceName,
				ImportState:   true,
				ImportStateId: "not-an-id",
				ExpectError:   regexp.MustCompile(`expected topic_id:export_id`),
			},
		},
	})
}

// TestAccCLSExport_importIdentity imports through resource identity, which
// needs Terraform 1.12 or later (skipped on older CLIs).
func TestAccCLSExport_importIdentity(t *testing.T) {
	e := fastEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Feature("import by resource identity", tfversion.Version1_12_0)},
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: exportConfig(e, "status:200", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(resourceName, map[string]knownvalue.Check{
						"topic_id":  knownvalue.StringExact(topicID),
						"export_id": knownvalue.StringRegexp(regexp.MustCompile(`^export-`)),
						"region":    knownvalue.StringExact(acctest.TencentcloudRegion),
					}),
				},
			},
			{
				ResourceName:    resourceName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

func TestAccCLSExport_disappears(t *testing.T) {
	e := fastEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{{
			Config: exportConfig(e, "status:201", ""),
			Check: func(*terraform.State) error {
				adminDelete(t, e, onlyExport(t, e).ExportID)
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
			},
		}},
	})
}

func TestAccCLSExport_secondPage(t *testing.T) {
	e := fastEmulator(t)
	config := exportConfig(e, "status:302", "")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var before int
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("export_id"))},
			},
			{
				// 150 newer exports push ours to the second page (newest first, 100 per page).
				PreConfig: func() {
					e.Post(t, "/_emulator/tencent/exports", map[string]any{"topic_id": topicID, "count": 150}, nil)
					before = e.Stats(t)["DescribeExports"]
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("export_id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
				},
				Check: func(*terraform.State) error {
					if n := e.Stats(t)["DescribeExports"] - before; n < 2 {
						return fmt.Errorf("refresh made %d DescribeExports calls; finding an export on page 2 needs at least 2", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccCLSExport_throttledPolling(t *testing.T) {
	e := acctest.NewEmulator(t, durations(50, 400))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// The provider retries up to 3 times per call (max_retries = 3).
				e.AddFault(t, core.Fault{Operation: "DescribeExports", Kind: core.FaultThrottle, Count: 3})
			},
			Config: exportConfig(e, "status:429", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
			},
			Check: resource.ComposeTestCheckFunc(
				checkOneLiveExport(t, e, "Completed"),
				func(*terraform.State) error {
					stats := e.Stats(t)
					if stats["DescribeExports"] < 4 || stats["CreateExport"] != 1 {
						return fmt.Errorf("stats %v: want at least 4 DescribeExports (3 throttled) and 1 CreateExport", stats)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccCLSExport_ambiguousCreate: CreateExport is applied and its answer
// lost; the provider finds its export (the only match created within the
// window of its call) and adopts it, not the identical export another run
// made ten minutes earlier.
func TestAccCLSExport_ambiguousCreate(t *testing.T) {
	e := fastEmulator(t)
	var other string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyLeft(t, e, &other),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				other = seedTwin(t, e, 10*time.Minute)
				// The export is created, then the connection drops before the answer.
				e.AddFault(t, core.Fault{Operation: "CreateExport", Kind: core.FaultDrop, Count: 1})
			},
			Config: twinConfig(e.ProviderConfig()),
			Check: resource.ComposeTestCheckFunc(
				func(s *terraform.State) error { return checkOwnExport(t, e, other)(s) },
				checkCreates(t, e, 1),
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccCLSExport_validation(t *testing.T) {
	e := fastEmulator(t)
	custom := func(from, to, extra string, count int) string {
		return e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  topic_id  = %[1]q
  query     = "x"
  from      = %[2]q
  to        = %[3]q
  log_count = %[4]d
%[5]s
}
`, topicID, from, to, count, extra)
	}
	const from, to = "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"
	steps := []struct {
		config string
		want   string
	}{
		{custom(from, to, `  order = "up"`, 10), `Attribute order value must be one of: \["asc" "desc"\], got: "up"`},
		{custom(from, to, `  format = "xml"`, 10), `Attribute format value must be one of`},
		{custom(from, to, `  syntax_rule = "sql"`, 10), `Attribute syntax_rule value must be one of`},
		{custom(to, from, "", 10), `"to" \(2024-01-01T00:00:00Z\) must be later than "from"\s+\(2024-01-02T00:00:00Z\)`},
		{custom(from, from, "", 10), `must be later than "from"`},
		{custom(from, to, "", -1), `log_count \(-1\) cannot be negative`},
		{custom(from, to, "", 50000001), `log_count \(50000001\) is above 50000000, the maximum CLS documents`},
		{custom("yesterday", to, "", 10), `from \("yesterday"\) must be an RFC 3339 timestamp such as\s+2024-01-01T00:00:00Z`},
		{custom(from, "2024-01-02", "", 10), `to \("2024-01-02"\) must be an RFC 3339 timestamp such as\s+2024-01-01T00:00:00Z`},
		{custom(from, to, `  region = "Guangzhou"`, 10), `Attribute region must be a region id`},
		{e.ProviderConfig() + `
resource "telemetry_cls_export" "test" {
  topic_id  = "topic:1"
  query     = "x"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-02T00:00:00Z"
  log_count = 1
}
`, `must not contain : or # \(a rule of this provider`},
	}
	var ts []resource.TestStep
	for _, s := range steps {
		ts = append(ts, resource.TestStep{Config: s.config, PlanOnly: true, ExpectError: regexp.MustCompile(s.want)})
	}
	// A valid configuration plans a create, still without calling the API.
	ts = append(ts, resource.TestStep{Config: custom(from, to, "", 10), PlanOnly: true, ExpectNonEmptyPlan: true})
	t.Cleanup(func() {
		if stats := e.Server.Stats(); len(stats) != 0 {
			t.Errorf("plan-time validation must not call the API; stats %v", stats)
		}
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    ts,
	})
}

func TestAccCLSExport_missingCredentials(t *testing.T) {
	if os.Getenv("TENCENTCLOUD_SECRET_ID") != "" {
		t.Skip("TENCENTCLOUD_SECRET_ID is set in the environment")
	}
	e := fastEmulator(t)
	config := fmt.Sprintf(`
provider "telemetry" {
  tencentcloud {
    region   = "ap-guangzhou"
    endpoint = %[1]q
  }
}

resource "telemetry_cls_export" "test" {
  topic_id  = %[2]q
  query     = "x"
  from      = "2024-01-01T00:00:00Z"
  to        = "2024-01-02T00:00:00Z"
  log_count = 1
}
`, e.URL, topicID)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)tencentcloud\.secret_id.*TENCENTCLOUD_SECRET_ID`),
		}},
	})
}

// TestAccCLSExport_refreshSharesList shows that refreshing several exports
// of one topic reads the topic's list once per plan, not once per export.
func TestAccCLSExport_refreshSharesList(t *testing.T) {
	e := fastEmulator(t)
	config := e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cls_export" "test" {
  count               = 5
  topic_id            = %[1]q
  query               = "shard:${count.index}"
  from                = "2024-01-01T00:00:00Z"
  to                  = "2024-01-01T01:00:00Z"
  log_count           = 10
  wait_for_completion = false
}
`, topicID)
	var before int
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { before = e.Stats(t)["DescribeExports"] },
				Config:    config,
				PlanOnly:  true,
			},
			{
				// The plan-only step ran one refreshing plan of 5 exports.
				PreConfig: func() {
					if n := e.Stats(t)["DescribeExports"] - before; n < 1 || n > 2 {
						t.Errorf("refreshing 5 exports of one topic made %d DescribeExports calls, want 1 (one shared page)", n)
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}
