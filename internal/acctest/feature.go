package acctest

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Feature skips a test, naming the feature and the version it needs, when
// the CLI under test is older than min (Terraform's numbering; OpenTofu
// reports its own, and lacks actions and list resources whatever its
// version).
func Feature(feature string, min *version.Version) tfversion.TerraformVersionCheck {
	return featureCheck{feature: feature, min: min}
}

type featureCheck struct {
	feature string
	min     *version.Version
}

func (c featureCheck) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if req.TerraformVersion == nil || req.TerraformVersion.Core().LessThan(c.min) {
		resp.Skip = fmt.Sprintf("%s needs Terraform %s or later; the CLI under test reports %v", c.feature, c.min, req.TerraformVersion)
	}
}
