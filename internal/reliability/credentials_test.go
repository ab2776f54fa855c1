package reliability_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// skewedClock is an emulator clock far from this machine's.
type skewedClock struct{ d time.Duration }

func (c skewedClock) Now() time.Time { return time.Now().Add(c.d) }

// credentialCase is one refused credential: the diagnostic must show the
// vendor's code and name the provider setting (and environment variable) to
// fix. (That wrong secrets never show is TestAccReliability_secretsStayOut's.)
type credentialCase struct {
	name   string
	opts   func(*emulator.Options)
	config func(e *acctest.Emulator) string
	want   *regexp.Regexp
}

// replaceIn replaces old by new inside the provider's block of cloud.
func replaceIn(cfg, block, old, new string) string {
	start := strings.Index(cfg, "  "+block+" {\n")
	end := start + strings.Index(cfg[start:], "\n  }\n")
	return cfg[:start] + strings.Replace(cfg[start:end], old, new, 1) + cfg[end:]
}

func credentialCases() []credentialCase {
	future := func(o *emulator.Options) { fast(o); o.Clock = skewedClock{2 * time.Hour} }
	past := func(o *emulator.Options) { fast(o); o.Clock = skewedClock{-3 * time.Hour} }
	tcToken := func(o *emulator.Options) { fast(o); o.Tencent.SecurityToken = "current-tc-token" }
	aliSTS := func(token string) func(e *acctest.Emulator) string {
		return func(e *acctest.Emulator) string {
			o := emulator.DefaultOptions().Alibaba
			cfg := replaceIn(e.ProviderConfig(), "alicloud", acctest.AlicloudAccessKey, o.STSAccessKey)
			cfg = replaceIn(cfg, "alicloud", acctest.AlicloudSecretKey, o.STSSecretKey)
			if token != "" {
				cfg = replaceIn(cfg, "alicloud", "    region", fmt.Sprintf("    security_token = %q\n    region", token))
			}
			return cfg + eventHCL()
		}
	}
	hwTemp := func(token string) func(e *acctest.Emulator) string {
		return func(e *acctest.Emulator) string {
			o := emulator.DefaultOptions().Huawei
			cfg := replaceIn(e.ProviderConfig(), "huaweicloud", acctest.HuaweicloudAccessKey, o.TempAccessKey)
			cfg = replaceIn(cfg, "huaweicloud", acctest.HuaweicloudSecretKey, o.TempSecretKey)
			if token != "" {
				cfg = replaceIn(cfg, "huaweicloud", "    project_id", fmt.Sprintf("    security_token = %q\n    project_id", token))
			}
			return cfg + baremetalHCL("")
		}
	}
	plain := func(hclText string) func(e *acctest.Emulator) string {
		return func(e *acctest.Emulator) string { return e.ProviderConfig() + hclText }
	}
	return []credentialCase{
		// ---- Alibaba Cloud ----
		{name: "alicloud/wrong_secret_key", opts: fast,
			config: func(e *acctest.Emulator) string {
				return replaceIn(e.ProviderConfig(), "alicloud", acctest.AlicloudSecretKey, "wrong-ali-secret-1") + outputHCL()
			},
			want: words("SignatureDoesNotMatch", "alicloud.secret_key", "ALICLOUD_SECRET_KEY")},
		{name: "alicloud/unknown_access_key", opts: fast,
			config: func(e *acctest.Emulator) string {
				return replaceIn(e.ProviderConfig(), "alicloud", acctest.AlicloudAccessKey, "LTAIunknown") + eventHCL()
			},
			want: words("InvalidAccessKeyId.NotFound", "alicloud.access_key", "ALICLOUD_ACCESS_KEY")},
		{name: "alicloud/expired_timestamp", opts: future, config: plain(outputHCL()),
			want: words("InvalidTimeStamp.Expired", "clock")},
		{name: "alicloud/missing_sts_token", opts: fast, config: aliSTS(""),
			want: words("MissingSecurityToken", "alicloud.security_token", "ALICLOUD_SECURITY_TOKEN")},
		{name: "alicloud/revoked_sts_token", opts: fast, config: aliSTS("revoked-ali-token"),
			want: words("InvalidSecurityToken", "alicloud.security_token", "ALICLOUD_SECURITY_TOKEN")},

		// ---- Tencent Cloud ----
		{name: "tencentcloud/wrong_secret_key", opts: fast,
			config: func(e *acctest.Emulator) string {
				return replaceIn(e.ProviderConfig(), "tencentcloud", acctest.TencentcloudSecretKey, "wrong-tc-secret-2") + clsHCL("")
			},
			want: words("AuthFailure.SignatureFailure", "tencentcloud.secret_key", "TENCENTCLOUD_SECRET_KEY")},
		{name: "tencentcloud/unknown_secret_id", opts: fast,
			config: func(e *acctest.Emulator) string {
				return replaceIn(e.ProviderConfig(), "tencentcloud", acctest.TencentcloudSecretID, "AKIDunknown") + clsHCL("")
			},
			want: words("AuthFailure.SecretIdNotFound", "tencentcloud.secret_id", "TENCENTCLOUD_SECRET_ID")},
		{name: "tencentcloud/expired_timestamp", opts: past, config: plain(clsHCL("")),
			want: words("AuthFailure.SignatureExpire", "clock")},
		{name: "tencentcloud/missing_sts_token", opts: tcToken, config: plain(clsHCL("")),
			want: words("AuthFailure.TokenFailure", "tencentcloud.security_token", "TENCENTCLOUD_SECURITY_TOKEN")},
		{name: "tencentcloud/revoked_sts_token", opts: tcToken,
			config: func(e *acctest.Emulator) string {
				return replaceIn(e.ProviderConfig(), "tencentcloud", "    region", "    security_token = \"revoked-tc-token\"\n    region") + clsHCL("")
			},
			want: words("AuthFailure.TokenFailure", "tencentcloud.security_token", "TENCENTCLOUD_SECURITY_TOKEN")},

		// ---- Huawei Cloud ----
		{name: "huaweicloud/wrong_secret_key", opts: fast,
			config: func(e *acctest.Emulator) string {
				return replaceIn(e.ProviderConfig(), "huaweicloud", acctest.HuaweicloudSecretKey, "wrong-hw-secret-3") + baremetalHCL("")
			},
			want: words("APIGW.0301", "huaweicloud.secret_key", "HW_SECRET_KEY")},
		{name: "huaweicloud/unknown_access_key", opts: fast,
			config: func(e *acctest.Emulator) string {
				return replaceIn(e.ProviderConfig(), "huaweicloud", acctest.HuaweicloudAccessKey, "unknown-ak") + baremetalHCL("")
			},
			want: words("APIGW.0301", "huaweicloud.access_key", "HW_ACCESS_KEY")},
		{name: "huaweicloud/expired_timestamp", opts: future, config: plain(baremetalHCL("")),
			want: words("APIGW.0301", "clock")},
		{name: "huaweicloud/missing_security_token", opts: fast, config: hwTemp(""),
			want: words("APIGW.0301", "huaweicloud.security_token", "HW_SECURITY_TOKEN")},
		{name: "huaweicloud/revoked_security_token", opts: fast, config: hwTemp("revoked-hw-token"),
			want: words("APIGW.0301", "huaweicloud.security_token", "HW_SECURITY_TOKEN")},
		{name: "huaweicloud/revoked_auth_token", opts: fast,
			config: func(e *acctest.Emulator) string {
				return strings.Replace(e.ProviderConfigHuaweiToken(), acctest.HuaweicloudAuthToken, "revoked-hw-iam-token", 1) + baremetalHCL("")
			},
			want: words("APIGW.0301", "huaweicloud.auth_token", "HW_AUTH_TOKEN")},
	}
}

// TestAccReliability_credentials: each refused credential fails the apply
// with the vendor's code and the provider setting to fix.
func TestAccReliability_credentials(t *testing.T) {
	for _, tc := range credentialCases() {
		t.Run(tc.name, func(t *testing.T) {
			e := acctest.NewEmulator(t, tc.opts)
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config(e), ExpectError: tc.want}},
			})
			if inv := takeInventory(t, e); inv.total() != 0 {
				t.Errorf("a refused credential created objects: %s", inv)
			}
		})
	}
}
