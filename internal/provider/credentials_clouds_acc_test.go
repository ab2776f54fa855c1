package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// retryCloud is one cloud's case of the expired-credential tables: its provider
// block, its assumed-role and static settings, a resource that writes once,
// and the vendor's refusal of an expired security token.
type retryCloud struct {
	name                    string
	block                   func(e *acctest.Emulator, settings string) string
	assumed, static, config string
	write, assume, code     string
	httpStatus              int
	// issue gets temporary credentials from the emulator's STS or IAM with
	// its fixed keys and returns them as block settings (with the token).
	issue func(t *testing.T, e *acctest.Emulator) string
}

func hwStatic() string {
	return fmt.Sprintf(`access_key = %q
    secret_key = %q`, acctest.HuaweicloudAccessKey, acctest.HuaweicloudSecretKey)
}

func retryClouds() []retryCloud {
	return []retryCloud{{
		name: "alicloud", block: aliBlock, config: customEventHCL,
		assumed: assumeRoleSettings(),
		static: fmt.Sprintf(`access_key = %q
    secret_key = %q`, acctest.AlicloudAccessKey, acctest.AlicloudSecretKey),
		write: "PutCustomEvent", assume: "AssumeRole", code: "InvalidSecurityToken.Expired", httpStatus: 400,
		issue: func(t *testing.T, e *acctest.Emulator) string {
			sts := alicloud.NewSTS(alicloud.STSConfig{Endpoint: e.URL, Credentials: func(context.Context) (alicloud.Credentials, error) {
				return alicloud.Credentials{AccessKey: acctest.AlicloudAccessKey, SecretKey: acctest.AlicloudSecretKey}, nil
			}})
			c, err := sts.AssumeRole(context.Background(), alicloud.AssumeRoleInput{RoleArn: testRoleArn, SessionName: "expiry"})
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("access_key = %q\n    secret_key = %q\n    security_token = %q", c.AccessKey, c.SecretKey, c.SecurityToken)
		},
	}, {
		name: "tencentcloud", block: tcBlock, config: tcExportHCL,
		assumed: fmt.Sprintf(`secret_id = %q
    secret_key = %q
    assume_role {
      role_arn = %q
    }`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey, tcRoleArn),
		static: fmt.Sprintf(`secret_id = %q
    secret_key = %q`, acctest.TencentcloudSecretID, acctest.TencentcloudSecretKey),
		write: "CreateExport", assume: "AssumeRole", code: "AuthFailure.TokenFailure", httpStatus: 200,
		issue: func(t *testing.T, e *acctest.Emulator) string {
			sts := tencentcloud.NewSTS(tencentcloud.STSConfig{Endpoint: e.URL, Credentials: func(context.Context) (tencentcloud.Credentials, error) {
				return tencentcloud.Credentials{SecretID: acctest.TencentcloudSecretID, SecretKey: acctest.TencentcloudSecretKey}, nil
			}})
			c, err := sts.AssumeRole(context.Background(), tencentcloud.AssumeRoleInput{RoleArn: tcRoleArn, SessionName: "expiry"})
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("secret_id = %q\n    secret_key = %q\n    security_token = %q", c.SecretID, c.SecretKey, c.SecurityToken)
		},
	}, {
		name: "huaweicloud", block: hwBlock, config: hwExportHCL,
		assumed: hwStatic() + hwAgency, static: hwStatic(),
		write: huawei.OpExport, assume: huawei.OpAssumeAgency, code: "APIGW.0307", httpStatus: 401,
		issue: func(t *testing.T, e *acctest.Emulator) string {
			iam := huaweicloud.NewIAM(huaweicloud.IAMConfig{Endpoint: e.URL, Credentials: func(context.Context) (huaweicloud.Credentials, error) {
				return huaweicloud.Credentials{AccessKey: acctest.HuaweicloudAccessKey, SecretKey: acctest.HuaweicloudSecretKey}, nil
			}})
			c, err := iam.AssumeAgency(context.Background(), huaweicloud.AgencyInput{AgencyName: "ops", DomainName: "acme"})
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("access_key = %q\n    secret_key = %q\n    security_token = %q", c.AccessKey, c.SecretKey, c.SecurityToken)
		},
	}}
}

// A security token the API refuses as expired while the provider's clock
// says it is fresh (clock skew, a revoked session) is replaced once and the
// call sent again: the refusal proves the call had no effect, so even a
// non-idempotent create may be resent. Static keys have nothing to
// refresh: the refusal is the error.
func TestAccCredentials_expiredTokenRefreshedAndRetried(t *testing.T) {
	for _, cloud := range retryClouds() {
		fault := core.Fault{Operation: cloud.write, Kind: core.FaultError, Code: cloud.code,
			Message: "the security token has expired", HTTPStatus: cloud.httpStatus, Count: 1}
		for _, tc := range []struct {
			name, settings string
			fails          *regexp.Regexp
		}{
			{name: "assumed role", settings: cloud.assumed},
			{name: "static keys", settings: cloud.static, fails: regexp.MustCompile(regexp.QuoteMeta(cloud.code))},
		} {
			t.Run(cloud.name+"/"+tc.name, func(t *testing.T) {
				e := acctest.NewEmulator(t)
				e.AddFault(t, fault)
				step := resource.TestStep{Config: cloud.block(e, tc.settings) + cloud.config, ExpectError: tc.fails}
				if tc.fails == nil {
					step.Check = acctest.CheckCalls(t, e, map[string]int{cloud.assume: 2, cloud.write: 2})
				}
				resource.ParallelTest(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps:                    []resource.TestStep{step},
				})
			})
		}
	}
}

// Temporary credentials that have expired are refused with each vendor's
// code: the emulator's clock is moved past their 60 s lifetime, still
// within the gateways' timestamp windows.
func TestAccCredentials_expiredRefused(t *testing.T) {
	for _, cloud := range retryClouds() {
		t.Run(cloud.name, func(t *testing.T) {
			clock := &offsetClock{}
			e := acctest.NewEmulator(t, func(o *emulator.Options) {
				o.Clock = clock
				o.STSTTL = 60 * time.Second
			})
			settings := cloud.issue(t, e)
			clock.off.Store(int64(2 * time.Minute))
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      cloud.block(e, settings) + cloud.config,
					ExpectError: regexp.MustCompile(regexp.QuoteMeta(cloud.code)),
				}},
			})
		})
	}
}
