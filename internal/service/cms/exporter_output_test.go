package cms_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

const outputAddr = "telemetry_cms_exporter_output.test"

// emulatorOutput is one exporter output as /_emulator/state shows it.
type emulatorOutput struct {
	DestName        string `json:"dest_name"`
	DestType        string `json:"dest_type"`
	Desc            string `json:"desc"`
	Endpoint        string `json:"endpoint"`
	Project         string `json:"project"`
	Logstore        string `json:"logstore"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	UserID          string `json:"user_id"`
	CreateTimeMS    int64  `json:"create_time_ms"`
}

// emulatorOutputs returns the emulator's exporter outputs of region by name.
func emulatorOutputs(t *testing.T, e *acctest.Emulator, region string) map[string]emulatorOutput {
	t.Helper()
	var st struct {
		Alibaba struct {
			ExporterOutputs map[string][]emulatorOutput `json:"exporter_outputs"`
		} `json:"alibaba"`
	}
	e.State(t, &st)
	out := map[string]emulatorOutput{}
	for _, o := range st.Alibaba.ExporterOutputs[region] {
		out[o.DestName] = o
	}
	return out
}

// seedOutputs stores outputs directly in the emulator (out of band).
func seedOutputs(t *testing.T, e *acctest.Emulator, names ...string) {
	t.Helper()
	var seed []map[string]any
	for _, n := range names {
		seed = append(seed, map[string]any{
			"dest_name": n, "endpoint": "https://cn-hangzhou.log.aliyuncs.com", "project": "seeded-" + n,
			"logstore": "metrics", "access_key_id": "LTAIseeded", "access_key_secret": "seeded-secret",
		})
	}
	e.Post(t, "/_emulator/alibaba/exporter_outputs", seed, nil)
}

// adminDo sends method to an /_emulator/alibaba path and requires HTTP 200.
func adminDo(t *testing.T, e *acctest.Emulator, method, path, body string) {
	t.Helper()
	req, err := http.NewRequest(method, e.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
}

func checkEmulator(t *testing.T, e *acctest.Emulator, name string, f func(o emulatorOutput) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		o, ok := emulatorOutputs(t, e, acctest.AlicloudRegion)[name]
		if !ok {
			return fmt.Errorf("exporter output %q is not in the emulator", name)
		}
		return f(o)
	}
}

func checkGone(t *testing.T, e *acctest.Emulator, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		have := emulatorOutputs(t, e, acctest.AlicloudRegion)
		for _, n := range names {
			if _, ok := have[n]; ok {
				return fmt.Errorf("exporter output %q still exists in the emulator", n)
			}
		}
		return nil
	}
}

func outputConfig(name, project, extra string) string {
	return fmt.Sprintf(`
resource "telemetry_cms_exporter_output" "test" {
  dest_name         = %[1]q
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project       = %[2]q
  sls_logstore      = "metrics"
  access_key_id     = "LTAIexample"
  access_key_secret = "example-secret"
%[3]s
}
`, name, project, extra)
}

var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

func TestAccCMSExporterOutput_basic(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(t, e, "basic-out"),
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + outputConfig("basic-out", "proj-a", `  description = "CPU metrics *~"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("dest_name"), knownvalue.StringExact("basic-out")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("dest_type"), knownvalue.StringExact("sls")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("sls_project"), knownvalue.StringExact("proj-a")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("sls_logstore"), knownvalue.StringExact("metrics")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("access_key_id"), knownvalue.StringExact("LTAIexample")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("description"), knownvalue.StringExact("CPU metrics *~")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("create_time"), knownvalue.StringRegexp(rfc3339)),
				},
				Check: checkEmulator(t, e, "basic-out", func(o emulatorOutput) error {
					if o.Project != "proj-a" || o.AccessKeySecret != "example-secret" || o.Desc != "CPU metrics *~" || o.DestType != "sls" {
						return fmt.Errorf("emulator holds %+v", o)
					}
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:                         outputAddr,
				ImportState:                          true,
				ImportStateId:                        "basic-out",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "dest_name",
				// The API never returns these; they are documented as not drift-detected.
				ImportStateVerifyIgnore: []string{"access_key_secret", "description"},
			},
			{
				ResourceName:                         outputAddr,
				ImportState:                          true,
				ImportStateId:                        acctest.AlicloudRegion + ":basic-out",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "dest_name",
				ImportStateVerifyIgnore:              []string{"access_key_secret", "description"},
			},
			{
				ResourceName:  outputAddr,
				ImportState:   true,
				ImportStateId: "cn-hangzhou:no such name",
				ExpectError:   regexp.MustCompile(`must be "<dest_name>" or|dest_name "no such name"`),
			},
		},
	})
}

func TestAccCMSExporterOutput_updateInPlace(t *testing.T) {
	e := acctest.NewEmulator(t)
	sameCreateTime := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(t, e, "upd-out"),
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + outputConfig("upd-out", "proj-a", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					sameCreateTime.AddStateValue(outputAddr, tfjsonpath.New("create_time")),
				},
			},
			{
				Config: e.ProviderConfig() + outputConfig("upd-out", "proj-b", `  description = "now described"
  user_id     = "1234567890"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameCreateTime.AddStateValue(outputAddr, tfjsonpath.New("create_time")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("sls_project"), knownvalue.StringExact("proj-b")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("user_id"), knownvalue.StringExact("1234567890")),
				},
				Check: checkEmulator(t, e, "upd-out", func(o emulatorOutput) error {
					if o.Project != "proj-b" || o.Desc != "now described" || o.UserID != "1234567890" {
						return fmt.Errorf("emulator holds %+v", o)
					}
					return nil
				}),
			},
		},
	})
	if n := e.Stats(t)["DeleteExporterOutput"]; n != 1 {
		t.Errorf("DeleteExporterOutput calls = %d, want 1 (only the final destroy)", n)
	}
}

func TestAccCMSExporterOutput_replaceOnRename(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(t, e, "old-name", "new-name"),
		Steps: []resource.TestStep{
			{Config: e.ProviderConfig() + outputConfig("old-name", "proj-a", "")},
			{
				Config: e.ProviderConfig() + outputConfig("new-name", "proj-a", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkGone(t, e, "old-name"),
					checkEmulator(t, e, "new-name", func(emulatorOutput) error { return nil }),
				),
			},
		},
	})
}

func TestAccCMSExporterOutput_disappears(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + outputConfig("gone-out", "proj-a", ""),
				Check: func(*terraform.State) error {
					adminDo(t, e, http.MethodDelete, "/_emulator/alibaba/exporter_outputs/"+acctest.AlicloudRegion+"/gone-out", "")
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionCreate)},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccCMSExporterOutput_drift(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + outputConfig("drift-out", "proj-a", ""),
				Check: func(*terraform.State) error {
					adminDo(t, e, http.MethodPatch, "/_emulator/alibaba/exporter_outputs/"+acctest.AlicloudRegion+"/drift-out",
						`{"project":"changed-outside","dest_type":"SLS"}`)
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(outputAddr, tfjsonpath.New("sls_project"), knownvalue.StringExact("proj-a")),
					},
				},
				ExpectNonEmptyPlan: true,
			},
			{
				// Applying again puts the configured value back; the upper-case
				// type from the API is not a diff.
				Config: e.ProviderConfig() + outputConfig("drift-out", "proj-a", ""),
				Check: checkEmulator(t, e, "drift-out", func(o emulatorOutput) error {
					if o.Project != "proj-a" {
						return fmt.Errorf("project is %q after re-apply", o.Project)
					}
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// Import by identity on Terraform 1.12+. The API never returns the secret,
// so an import always plans one in-place update that sends the configured
// secret (here through access_key_secret_wo_version); nothing is replaced.
func TestAccCMSExporterOutput_importByIdentity(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := e.ProviderConfig() + `
resource "telemetry_cms_exporter_output" "test" {
  dest_name                    = "ident-out"
  sls_endpoint                 = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project                  = "proj-a"
  sls_logstore                 = "metrics"
  access_key_id                = "LTAIexample"
  access_key_secret_wo         = "example-secret"
  access_key_secret_wo_version = 1
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Feature("import by resource identity", tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(outputAddr, map[string]knownvalue.Check{
						"dest_name": knownvalue.StringExact("ident-out"),
						"region":    knownvalue.StringExact(acctest.AlicloudRegion),
					}),
				},
			},
			{
				Config:             cfg,
				ResourceName:       outputAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

func TestAccCMSExporterOutput_createOverExisting(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { seedOutputs(t, e, "taken") },
				Config:      e.ProviderConfig() + outputConfig("taken", "proj-a", ""),
				ExpectError: regexp.MustCompile(`(?s)creating CMS exporter output "taken".*already exists in cn-hangzhou.*terraform import.*cn-hangzhou:taken`),
			},
		},
	})
	if n := e.Stats(t)["PutExporterOutput"]; n != 0 {
		t.Errorf("PutExporterOutput calls = %d, want 0: the existing output must not be overwritten", n)
	}
	if o := emulatorOutputs(t, e, acctest.AlicloudRegion)["taken"]; o.Project != "seeded-taken" || o.AccessKeySecret != "seeded-secret" {
		t.Errorf("existing output changed: %+v", o)
	}
}

func TestAccCMSExporterOutput_writeOnlySecret(t *testing.T) {
	e := acctest.NewEmulator(t)
	// A working directory of our own lets the test read the raw state files.
	workDir := t.TempDir()
	cfg := func(secret string, version int) string {
		return fmt.Sprintf(`
resource "telemetry_cms_exporter_output" "test" {
  dest_name                    = "wo-out"
  sls_endpoint                 = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project                  = "proj"
  sls_logstore                 = "metrics"
  access_key_id                = "LTAIexample"
  access_key_secret_wo         = %[1]q
  access_key_secret_wo_version = %[2]d
}
`, secret, version)
	}
	rawStateLacks := func(secrets ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			files, err := filepath.Glob(filepath.Join(workDir, "work*", "terraform.tfstate*"))
			if err != nil || len(files) == 0 {
				return fmt.Errorf("no raw state file under %s (%v)", workDir, err)
			}
			held := false
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					return fmt.Errorf("reading raw state: %w", err)
				}
				held = held || strings.Contains(string(b), `"wo-out"`)
				for _, s := range secrets {
					if strings.Contains(string(b), s) {
						return fmt.Errorf("the write-only secret %q is in the raw state file %s", s, f)
					}
				}
			}
			if !held {
				return fmt.Errorf("no raw state file under %s holds the resource", workDir)
			}
			return nil
		}
	}
	emulatorSecret := func(want string) resource.TestCheckFunc {
		return checkEmulator(t, e, "wo-out", func(o emulatorOutput) error {
			if o.AccessKeySecret != want {
				return fmt.Errorf("emulator secret is %q, want %q", o.AccessKeySecret, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		WorkingDir:               workDir,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + cfg("wo-secret-one", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("access_key_secret_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("access_key_secret"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(rawStateLacks("wo-secret-one"), emulatorSecret("wo-secret-one")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Bumping the version sends the new secret.
				Config: e.ProviderConfig() + cfg("wo-secret-two", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(rawStateLacks("wo-secret-one", "wo-secret-two"), emulatorSecret("wo-secret-two")),
			},
		},
	})
}

func TestAccCMSExporterOutput_planTimeValidation(t *testing.T) {
	e := acctest.NewEmulator(t)
	base := func(attrs string) string {
		return e.ProviderConfig() + `
resource "telemetry_cms_exporter_output" "test" {
` + attrs + `
}
`
	}
	good := map[string]string{
		"dest_name":         `"ok-name"`,
		"sls_endpoint":      `"https://cn-hangzhou.log.aliyuncs.com"`,
		"sls_project":       `"p"`,
		"sls_logstore":      `"l"`,
		"access_key_id":     `"LTAI"`,
		"access_key_secret": `"s"`,
	}
	with := func(changes map[string]string) string {
		var b strings.Builder
		for k, v := range good {
			if nv, ok := changes[k]; ok {
				v = nv
			}
			if v != "" {
				fmt.Fprintf(&b, "  %s = %s\n", k, v)
			}
		}
		for k, v := range changes {
			if _, ok := good[k]; !ok && v != "" {
				fmt.Fprintf(&b, "  %s = %s\n", k, v)
			}
		}
		return base(b.String())
	}
	steps := []resource.TestStep{
		{Config: with(map[string]string{"dest_name": `"bad name!"`}), ExpectError: regexp.MustCompile(`(?s)dest_name.*letters, digits, underscores\s+and\s+hyphens.*this\s+provider's\s+rule.*bad name!`)},
		{Config: with(map[string]string{"sls_endpoint": `"https://cn-hangzhou.log.aliyuncs.com/some/path"`}), ExpectError: regexp.MustCompile(`(?s)sls_endpoint.*a\s+host\s+such\s+as.*no\s+path`)},
		{Config: with(map[string]string{"dest_type": `"oss"`}), ExpectError: regexp.MustCompile(`(?s)dest_type.*"sls"`)},
		{Config: with(map[string]string{"region": `"Hangzhou"`}), ExpectError: regexp.MustCompile(`(?s)region.*cn-hangzhou`)},
		{Config: with(map[string]string{"access_key_secret": ""}), ExpectError: regexp.MustCompile(`(?s)Exactly\s+one\s+of\s+"access_key_secret"\s+and\s+"access_key_secret_wo"\s+must\s+be\s+set,\s+and\s+neither`)},
		{Config: with(map[string]string{"access_key_secret_wo": `"x"`, "access_key_secret_wo_version": "1"}), ExpectError: regexp.MustCompile(`(?s)Exactly\s+one\s+of\s+"access_key_secret"\s+and\s+"access_key_secret_wo"\s+must\s+be\s+set,\s+and\s+both`)},
		{Config: with(map[string]string{"access_key_secret": "", "access_key_secret_wo_version": "1"}), ExpectError: regexp.MustCompile(`(?s)access_key_secret_wo`)},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if stats := e.Stats(t); len(stats) != 0 {
		t.Errorf("plan-time validation reached the API: %v", stats)
	}
}

// TestAccCMSExporterOutput_missingCredentialAtPlan is not parallel: it
// clears the credential environment variables, which t.Setenv only allows
// in a sequential test.
func TestAccCMSExporterOutput_missingCredentialAtPlan(t *testing.T) {
	e := acctest.NewEmulator(t)
	for _, v := range []string{"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"} {
		t.Setenv(v, "")
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Credentials are resolved when a resource of the cloud is planned.
				Config: `
provider "telemetry" {
  alicloud {
    region   = "cn-hangzhou"
    endpoint = "` + e.URL + `"
  }
}
resource "telemetry_cms_exporter_output" "test" {
  dest_name         = "ok-name"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project       = "p"
  sls_logstore      = "l"
  access_key_id     = "LTAI"
  access_key_secret = "s"
}
`,
				ExpectError: regexp.MustCompile(`(?s)alicloud\.access_key.*ALICLOUD_ACCESS_KEY`),
				PlanOnly:    true,
			}},
	})
	if stats := e.Stats(t); len(stats) != 0 {
		t.Errorf("a plan without credentials reached the API: %v", stats)
	}
}

// statsAtMost is a plan check that reads the emulator's counters: at the
// moment it runs, op must have been called at most max times since before.
type statsAtMost struct {
	t      *testing.T
	e      *acctest.Emulator
	op     string
	before *int
	max    int
	exact  int
}

func (c statsAtMost) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	n := c.e.Stats(c.t)[c.op] - *c.before
	c.t.Logf("%s calls during the unchanged plan of 250 outputs: %d", c.op, n)
	if n > c.max || n != c.exact {
		resp.Error = fmt.Errorf("%s was called %d times during one refresh plan, want %d (at most %d)", c.op, n, c.exact, c.max)
	}
}

func TestAccCMSExporterOutput_multiPageRefresh(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 250 resources")
	}
	e := acctest.NewEmulator(t)
	const n = 250
	cfg := e.ProviderConfig() + fmt.Sprintf(`
resource "telemetry_cms_exporter_output" "test" {
  count             = %d
  dest_name         = format("page-%%03d", count.index)
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project       = "proj"
  sls_logstore      = "metrics"
  access_key_id     = "LTAIexample"
  access_key_secret = "example-secret"
}
`, n)
	var before int
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					if got := len(emulatorOutputs(t, e, acctest.AlicloudRegion)); got != n {
						return fmt.Errorf("emulator holds %d outputs, want %d", got, n)
					}
					return nil
				},
			},
			{
				// A plan-only step runs a plan without refresh (no reads) and
				// then one refreshing plan; the check runs after the latter.
				PreConfig: func() { before = e.Stats(t)["DescribeExporterOutputList"] },
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						// ceil(250/100) pages = 3 calls; the budget is that plus one.
						statsAtMost{t: t, e: e, op: "DescribeExporterOutputList", before: &before, max: 4, exact: 3},
					},
				},
			},
		},
	})
}

func TestAccCMSExporterOutput_apiErrors(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(t, e, "err-out"),
		Steps: []resource.TestStep{
			{
				// A business error inside an HTTP 200 body is still an error,
				// reported with the vendor code, message and request id.
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutExporterOutput", Kind: core.FaultError, Code: "ParameterInvalid", HTTPStatus: 200})
				},
				Config:      e.ProviderConfig() + outputConfig("err-out", "proj-a", ""),
				ExpectError: regexp.MustCompile(`(?s)creating CMS exporter output "err-out".*ParameterInvalid: Illegal\s+parameters.*request\s+id\s+[0-9A-F]{8}-`),
			},
			{
				// Throttling is retried; the upsert then succeeds once.
				PreConfig: func() {
					e.AddFault(t, core.Fault{Operation: "PutExporterOutput", Kind: core.FaultThrottle, Count: 2})
				},
				Config: e.ProviderConfig() + outputConfig("err-out", "proj-a", ""),
				Check: func(*terraform.State) error {
					// 1 refused by the HTTP-200 error, 2 throttled, 1 accepted.
					if n := e.Stats(t)["PutExporterOutput"]; n != 4 {
						return fmt.Errorf("PutExporterOutput calls = %d, want 4", n)
					}
					return nil
				},
			},
		},
	})
}

// Issue 13, item 2: PutExporterOutput succeeded but the read-back list
// failed. The output is in the state anyway (Terraform made it), so the next
// plan neither offers to import it nor replaces it. Before the fix the apply
// failed with nothing in the state and the next apply said "already exists,
// import it".
func TestAccCMSExporterOutput_readBackFailureKeepsState(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(t, e, "readback-out"),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					// Let the name check through, then fail the read-back
					// through every retry (max_retries = 3).
					e.AddFault(t, core.Fault{Operation: "DescribeExporterOutputList", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500, After: 1, Count: 4})
				},
				Config: e.ProviderConfig() + outputConfig("readback-out", "proj-a", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("dest_name"), knownvalue.StringExact("readback-out")),
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
				},
				Check: func(*terraform.State) error {
					if n := e.Stats(t)["PutExporterOutput"]; n != 1 {
						return fmt.Errorf("PutExporterOutput calls = %d, want 1", n)
					}
					if _, ok := emulatorOutputs(t, e, acctest.AlicloudRegion)["readback-out"]; !ok {
						return fmt.Errorf("the output is not in the emulator")
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The refresh filled what the read-back could not.
				Config: e.ProviderConfig() + outputConfig("readback-out", "proj-a", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("create_time"), knownvalue.StringRegexp(rfc3339)),
				},
				Check: func(*terraform.State) error {
					if n := e.Stats(t)["PutExporterOutput"]; n != 1 {
						return fmt.Errorf("PutExporterOutput calls = %d after a second apply, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// Issue 13, item 8: a miss in a shared list is confirmed by a fresh list
// before Read removes anything. Here the refresh pages the 101 outputs; while
// page 2 is on its way, an output of page 1 is deleted out of band, so page
// 2 no longer holds ours (paging skipped it). Before the fix Read trusted the
// miss and planned to create the output again.
func TestAccCMSExporterOutput_missConfirmedBeforeRemoval(t *testing.T) {
	e := acctest.NewEmulator(t)
	seed := make([]string, 100)
	for i := range seed {
		seed[i] = fmt.Sprintf("seed-%03d", i)
	}
	cfg := e.ProviderConfig() + outputConfig("zz-paged-out", "proj-a", "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { seedOutputs(t, e, seed...) },
				Config:    cfg,
			},
			{
				PreConfig: func() {
					// Page 1 of the next list passes; page 2 waits 3 s, and
					// while it waits an output of page 1 goes away.
					e.AddFault(t, core.Fault{Operation: "DescribeExporterOutputList", Kind: core.FaultLatency, LatencyMS: 3000, After: 1, Count: 1})
					go func() {
						for range 600 {
							var armed struct {
								Faults []core.Fault `json:"faults"`
							}
							resp, err := http.Get(e.URL + "/_emulator/faults")
							if err == nil {
								_ = json.NewDecoder(resp.Body).Decode(&armed)
								resp.Body.Close()
								if len(armed.Faults) == 0 { // page 2 is being delayed now
									adminDo(t, e, http.MethodDelete, "/_emulator/alibaba/exporter_outputs/"+acctest.AlicloudRegion+"/seed-000", "")
									return
								}
							}
							<-time.After(10 * time.Millisecond)
						}
					}()
				},
				Config:   cfg,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// Issue 13, item 3: an object stays where it was created. Changing only the
// provider's default region plans nothing; configuring another region on the
// resource replaces it.
func TestAccCMSExporterOutput_providerDefaultRegionChange(t *testing.T) {
	e := acctest.NewEmulator(t)
	withDefault := func(region string) string {
		return strings.Replace(e.ProviderConfig(), `region     = "`+acctest.AlicloudRegion+`"`, `region     = "`+region+`"`, 1)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: withDefault(acctest.AlicloudRegion) + outputConfig("stay-out", "proj-a", ""),
			},
			{
				Config: withDefault("cn-shanghai") + outputConfig("stay-out", "proj-a", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
				},
			},
			{
				// A changed default, then an in-place change: still in place,
				// still in the region it was created in.
				Config: withDefault("cn-shanghai") + outputConfig("stay-out", "proj-b", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionUpdate)},
				},
				Check: checkEmulator(t, e, "stay-out", func(o emulatorOutput) error {
					if o.Project != "proj-b" {
						return fmt.Errorf("emulator holds %+v", o)
					}
					return nil
				}),
			},
			{
				Config: withDefault("cn-shanghai") + outputConfig("stay-out", "proj-b", `  region = "cn-shanghai"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(outputAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if _, ok := emulatorOutputs(t, e, "cn-shanghai")["stay-out"]; !ok {
						return fmt.Errorf("the output is not in cn-shanghai")
					}
					if _, ok := emulatorOutputs(t, e, acctest.AlicloudRegion)["stay-out"]; ok {
						return fmt.Errorf("the output is still in %s", acctest.AlicloudRegion)
					}
					return nil
				},
			},
		},
	})
}

// Issue 13, item 10: a provider credential (and region) that comes from
// another resource is unknown at plan, which means "known at apply", not "unset". Before the
// fix the plan failed with "the alicloud credential alicloud.access_key is
// not set".
func TestAccCMSExporterOutput_unknownCredentialAtPlan(t *testing.T) {
	e := acctest.NewEmulator(t)
	cfg := fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %[2]q
}
resource "terraform_data" "region" {
  input = %[4]q
}
provider "telemetry" {
  alicloud {
    access_key = terraform_data.key.output
    secret_key = %[3]q
    region     = terraform_data.region.output
    endpoint   = %[1]q
  }
}
`, e.URL, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey, acctest.AlicloudRegion) + outputConfig("late-key-out", "proj-a", "") + `
resource "telemetry_cms_custom_event" "test" {
  events = [{ name = "deploy", content = "late key" }]
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(t, e, "late-key-out"),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outputAddr, tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
					statecheck.ExpectKnownValue("telemetry_cms_custom_event.test", tfjsonpath.New("region"), knownvalue.StringExact(acctest.AlicloudRegion)),
				},
				Check: checkEmulator(t, e, "late-key-out", func(o emulatorOutput) error { return nil }),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
