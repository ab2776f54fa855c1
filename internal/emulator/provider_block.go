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
}

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
		cloudBlock(&b, "alicloud", [][2]string{{"access_key", o.Alibaba.AccessKey}, {"secret_key", o.Alibaba.SecretKey}, {"region", o.Alibaba.DefaultRegion}, {"endpoint", p.URL}})
	}
	if p.wants("tencentcloud") {
		cloudBlock(&b, "tencentcloud", [][2]string{{"secret_id", o.Tencent.SecretID}, {"secret_key", o.Tencent.SecretKey}, {"region", o.Tencent.DefaultRegion}, {"endpoint", p.URL}})
	}
	if p.wants("huaweicloud") {
		creds := [][2]string{{"access_key", o.Huawei.AccessKey}, {"secret_key", o.Huawei.SecretKey}}
		if p.HuaweiToken {
			creds = [][2]string{{"auth_token", o.Huawei.AuthToken}}
		}
		cloudBlock(&b, "huaweicloud", append(creds, [][2]string{{"project_id", o.Huawei.ProjectID}, {"region", HuaweiRegion}, {"endpoint", p.URL}}...))
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

func cloudBlock(b *strings.Builder, name string, args [][2]string) {
	fmt.Fprintf(b, "  %s {\n", name)
	for _, a := range args {
		fmt.Fprintf(b, "    %-10s = %q\n", a[0], a[1])
	}
	b.WriteString("  }\n")
}
