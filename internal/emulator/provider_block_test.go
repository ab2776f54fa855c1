package emulator

import (
	"strings"
	"testing"
)

func TestProviderBlock(t *testing.T) {
	o := DefaultOptions()
	all := ProviderBlock{URL: "http://127.0.0.1:1", Settings: []string{"max_retries = 3"}}.String()
	for _, want := range []string{`max_retries = 3`, `endpoint   = "http://127.0.0.1:1"`, o.Alibaba.AccessKey, o.Tencent.SecretID,
		o.Huawei.AccessKey, o.Huawei.ProjectID, "alicloud {", "tencentcloud {", "huaweicloud {"} {
		if !strings.Contains(all, want) {
			t.Errorf("block lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "auth_token") || strings.Contains(all, "required_providers") {
		t.Errorf("block has a token or a terraform block it was not asked for:\n%s", all)
	}
	token := ProviderBlock{URL: "u", HuaweiToken: true, Only: []string{"huaweicloud"}, RequiredProviders: true}.String()
	if !strings.Contains(token, o.Huawei.AuthToken) || strings.Contains(token, o.Huawei.AccessKey) || strings.Contains(token, "alicloud") {
		t.Errorf("a Huawei-only token block is:\n%s", token)
	}
	if !strings.Contains(token, `source = "cloud-telemetry/telemetry"`) {
		t.Errorf("no required_providers:\n%s", token)
	}
}
