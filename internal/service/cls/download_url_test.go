package cls_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// noLinkInState fails when the state holds the emulator's presigned
// download link anywhere (any resource, any attribute).
type noLinkInState struct{ marker string }

func (c noLinkInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(raw), c.marker) {
		resp.Error = fmt.Errorf("the state holds a download link (%s...)", c.marker)
	}
}

// linkIn is the prefix of the emulator's presigned download links.
func linkIn(e *acctest.Emulator) string { return e.URL + "/_emulator/tencent/download/export-" }

// Issue 27, item 2: by default the state holds no download link (a
// credential); keep_download_url = true stores one (sensitive) in place,
// with no new export and no perpetual diff; turning it off drops it.
func TestAccCLSExport_downloadURLNotStored(t *testing.T) {
	e := fastEmulator(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: exportConfig(e, "status:500", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("keep_download_url"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("download_url"), knownvalue.Null()),
					noLinkInState{linkIn(e)},
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: exportConfig(e, "status:500", "  keep_download_url = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("download_url")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("download_url"), knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(linkIn(e))))),
					statecheck.ExpectSensitiveValue(resourceName, tfjsonpath.New("download_url")),
				},
				Check: acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1}),
			},
			{
				Config: exportConfig(e, "status:500", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("download_url"), knownvalue.Null()),
					noLinkInState{linkIn(e)},
				},
				Check: acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1}),
			},
		},
	})
}

// withEcho adds plugin-testing's echo provider, which copies an ephemeral
// value into its own resource's state so a test can assert it.
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	f := maps.Clone(acctest.ProtoV6ProviderFactories)
	f["echo"] = echoprovider.NewProviderServer()
	return f
}

func echoConfig(e *acctest.Emulator, ephemeralArgs string) string {
	return exportConfig(e, "status:500", "") + fmt.Sprintf(`
ephemeral "telemetry_cls_export_download_url" "link" {
%s
}

provider "echo" {
  data = ephemeral.telemetry_cls_export_download_url.link
}

resource "echo" "link" {}
`, ephemeralArgs)
}

// Issue 27, item 2: the ephemeral resource gives a fresh link (by the
// resource's id, or by topic_id and export_id), which the managed
// resource's state does not hold.
func TestAccCLSExportDownloadURL_ephemeral(t *testing.T) {
	e := fastEmulator(t)
	link := knownvalue.StringRegexp(regexp.MustCompile(`^` + regexp.QuoteMeta(linkIn(e)) + `[0-9a-f-]{36}\?expires=\d+$`))
	checks := func() []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("url"), link),
			statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("expires_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
			statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("status"), knownvalue.StringExact("Completed")),
			statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("file_name"), knownvalue.StringRegexp(regexp.MustCompile(`\.tar\.gz$`))),
			statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("region"), knownvalue.StringExact(acctest.TencentcloudRegion)),
			statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("download_url"), knownvalue.Null()),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: withEcho(),
		CheckDestroy:             checkDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				// id or topic_id and export_id, not both (plan time: nothing is created).
				Config:      echoConfig(e, "  id        = telemetry_cls_export.test.id\n  export_id = telemetry_cls_export.test.export_id"),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
			{
				Config:            echoConfig(e, "  id = telemetry_cls_export.test.id"),
				ConfigStateChecks: checks(),
			},
			{
				Config: echoConfig(e, "  topic_id  = telemetry_cls_export.test.topic_id\n  export_id = telemetry_cls_export.test.export_id\n  region    = telemetry_cls_export.test.region"),
				ConfigStateChecks: append(checks(),
					statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("file_size"), knownvalue.Int64Func(func(v int64) error {
						if v <= 0 {
							return fmt.Errorf("file_size %d, want > 0", v)
						}
						return nil
					}))),
				Check: acctest.CheckCalls(t, e, map[string]int{"CreateExport": 1}),
			},
		},
	})
}
