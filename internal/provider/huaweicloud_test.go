package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// assume_role comes from the block, or without it from HW_ASSUME_ROLE_*
// when HW_ASSUME_ROLE_AGENCY_NAME is set; what it lacks is a plan-time error.
func TestHuaweicloudAssumeRoleSettings(t *testing.T) {
	var diags diag.Diagnostics
	if r := huaweicloudAssumeRoleSettings(map[string]bool{}, nil, &diags); r != nil || diags.HasError() {
		t.Fatalf("no block, no variable: %+v %v", r, diags)
	}
	t.Setenv("HW_ASSUME_ROLE_AGENCY_NAME", "ops")
	t.Setenv("HW_ASSUME_ROLE_DOMAIN_ID", "d1")
	t.Setenv("HW_ASSUME_ROLE_DURATION", "1800")
	r := huaweicloudAssumeRoleSettings(map[string]bool{}, nil, &diags)
	if r == nil || r.AgencyName != "ops" || r.DomainID != "d1" || r.Duration != 30*time.Minute || diags.HasError() {
		t.Fatalf("from the environment: %+v %v", r, diags)
	}
	block := &huaweicloudAssumeRole{AgencyName: types.StringValue("prod"), DomainName: types.StringValue("acme"), Duration: types.Int64Value(900)}
	if r := huaweicloudAssumeRoleSettings(map[string]bool{}, block, &diags); r.AgencyName != "prod" || r.Duration != 15*time.Minute {
		t.Errorf("the block wins over the environment: %+v", r)
	}
	t.Setenv("HW_ASSUME_ROLE_DOMAIN_ID", "")
	t.Setenv("HW_ASSUME_ROLE_DURATION", "60")
	huaweicloudAssumeRoleSettings(map[string]bool{}, nil, &diags)
	var msgs []string
	for _, d := range diags.Errors() {
		msgs = append(msgs, d.Detail())
	}
	for _, want := range []string{"HW_ASSUME_ROLE_DURATION=\"60\"", "domain_name or domain_id"} {
		if !strings.Contains(strings.Join(msgs, "\n"), want) {
			t.Errorf("no error saying %q in %q", want, msgs)
		}
	}
	diags = nil
	t.Setenv("HW_ASSUME_ROLE_DURATION", "")
	huaweicloudAssumeRoleSettings(map[string]bool{"huaweicloud.assume_role.domain_name": true}, &huaweicloudAssumeRole{AgencyName: types.StringValue("a")}, &diags)
	if diags.HasError() {
		t.Errorf("an unknown domain_name is known at apply, not missing: %v", diags)
	}
}
