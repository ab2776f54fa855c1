package baremetal_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// TestAccBaremetalLogExport_importIdentity checks the identity written by
// create and imports through it (an import block with identity), which
// needs Terraform 1.12 or later: skipped on older CLIs. plugin-testing
// does not allow ImportStateVerify with import blocks; the step instead
// requires the import plan to change nothing, which compares every
// attribute with the configuration.
func TestAccBaremetalLogExport_importIdentity(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Feature("import by resource identity", tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: e.ProviderConfig() + config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(resName, map[string]knownvalue.Check{
						"project_id":         knownvalue.StringExact("emulator-project"),
						"physical_server_id": knownvalue.StringExact(serverID),
						"export_id":          knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]+$`)),
						"region":             knownvalue.StringExact(acctest.HuaweicloudRegion),
					}),
				},
			},
			{
				Config:          e.ProviderConfig() + config(""),
				ResourceName:    resName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
