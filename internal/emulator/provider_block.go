package emulator

import (
	"fmt"
	"strings"
)

// HuaweiRegion is the Huawei region a provider block names for the
// emulator, which serves every region at its one address.
const HuaweiRegion = "cn-east-3"

// ProviderBlock renders the configuration that points the provider at an
// emulator: every cloud's endpoint is URL and its credentials are those the
// emulator accepts (Options; zero: DefaultOptions). The acceptance tests,
// the bench and the soak all configure the provider through it, so the
// emulator's credentials are written down once, in its options.
type ProviderBlock struct {
	URL     string
	Options *Options
	// Settings are top-level provider arguments, one per line, e.g.
	// `max_retries = 3`.
	Settings []string
	// HuaweiToken authenticates Huawei with the emulator's IAM token
	// instead of its AK/SK.
	HuaweiToken bool
	// RequiredProviders adds the terraform block naming the provider's
	// source address (for a CLI that installs the provider itself).
	RequiredProviders bool
	// Only limits the block to these clouds ("alicloud", "tencentcloud",
	// "huaweicloud"); empty: all three.
	Only []string
	// AssumeRoles makes every cloud sign with the temporary credentials of
	// a role (an agency for Huawei) assumed through the emulator's STS or
	// IAM with the keys above, as platform teams configure it.
	AssumeRoles bool
}

// The roles ProviderBlock.AssumeRoles assumes (the emulator accepts any
// well-formed one).
const (
	AlibabaTestRoleArn = "acs:ram::123456789012:role/telemetry-test"
	TencentTestRoleArn = "qcs::cam::uin/100000000001:roleName/telemetry-test"
	HuaweiTestAgency   = "telemetry-test"
)

func (p ProviderBlock) String() string {
	o := DefaultOptions()
	if p.Options != nil {
		o = *p.Options
	}
	var b strings.Builder
	if p.RequiredProviders {
		b.WriteString("terraform {\n  required_providers {\n    telemetry = { source = \"cloud-telemetry/telemetry\" }\n  }\n}\n")
	}
	b.WriteString("provider \"telemetry\" {\n")
	for _, s := range p.Settings {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	if p.wants("alicloud") {
		cloudBlock(&b, "alicloud", [][2]string{{"access_key", o.Alibaba.AccessKey}, {"secret_key", o.Alibaba.SecretKey}, {"region", o.Alibaba.DefaultRegion}, {"endpoint", p.URL}},
			p.role("sts_endpoint", `role_arn = "`+AlibabaTestRoleArn+`"`)...)
	}
	if p.wants("tencentcloud") {
		cloudBlock(&b, "tencentcloud", [][2]string{{"secret_id", o.Tencent.SecretID}, {"secret_key", o.Tencent.SecretKey}, {"region", o.Tencent.DefaultRegion}, {"endpoint", p.URL}},
			p.role("sts_endpoint", `role_arn = "`+TencentTestRoleArn+`"`)...)
	}
	if p.wants("huaweicloud") {
		creds := [][2]string{{"access_key", o.Huawei.AccessKey}, {"secret_key", o.Huawei.SecretKey}}
		if p.HuaweiToken {
			creds = [][2]string{{"auth_token", o.Huawei.AuthToken}}
		}
		cloudBlock(&b, "huaweicloud", append(creds, [][2]string{{"project_id", o.Huawei.ProjectID}, {"region", HuaweiRegion}, {"endpoint", p.URL}}...),
			p.role("iam_endpoint", `agency_name = "`+HuaweiTestAgency+`"`, `domain_name = "acme"`)...)
	}
	b.WriteString("}\n")
	return b.String()
}

func (p ProviderBlock) wants(cloud string) bool {
	if len(p.Only) == 0 {
		return true
	}
	for _, c := range p.Only {
		if c == cloud {
			return true
		}
	}
	return false
}

// role is the lines that assume a role when AssumeRoles is set: the STS or
// IAM endpoint setting at the emulator and the assume_role block.
func (p ProviderBlock) role(endpointSetting string, roleArgs ...string) []string {
	if !p.AssumeRoles {
		return nil
	}
	return []string{fmt.Sprintf("%s = %q", endpointSetting, p.URL), "assume_role {\n      " + strings.Join(roleArgs, "\n      ") + "\n    }"}
}

// cloudBlock writes one cloud's block: args as name = "value", then the
// extra lines as they are.
func cloudBlock(b *strings.Builder, name string, args [][2]string, extra ...string) {
	fmt.Fprintf(b, "  %s {\n", name)
	for _, a := range args {
		fmt.Fprintf(b, "    %-10s = %q\n", a[0], a[1])
	}
	for _, x := range extra {
		fmt.Fprintf(b, "    %s\n", x)
	}
	b.WriteString("  }\n")
}
