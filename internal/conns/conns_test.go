package conns

import (
	"errors"
	"strings"
	"testing"
)

func TestClients_missingCredentialsNameAttributeAndEnv(t *testing.T) {
	cases := []struct {
		name     string
		s        Settings
		call     func(c *Clients) error
		wantAttr string
		wantEnv  string
	}{
		{"alicloud access key", Settings{Alicloud: AlicloudSettings{Region: "cn-hangzhou"}},
			func(c *Clients) error { _, err := c.Alicloud(""); return err }, "alicloud.access_key", "ALICLOUD_ACCESS_KEY"},
		{"alicloud secret key", Settings{Alicloud: AlicloudSettings{AccessKey: "ak", Region: "cn-hangzhou"}},
			func(c *Clients) error { _, err := c.Alicloud(""); return err }, "alicloud.secret_key", "ALICLOUD_SECRET_KEY"},
		{"alicloud region", Settings{Alicloud: AlicloudSettings{AccessKey: "ak", SecretKey: "sk"}},
			func(c *Clients) error { _, err := c.Alicloud(""); return err }, "alicloud.region", "ALICLOUD_REGION"},
		{"tencent secret id", Settings{Tencentcloud: TencentcloudSettings{Region: "ap-guangzhou"}},
			func(c *Clients) error { _, err := c.Tencentcloud(""); return err }, "tencentcloud.secret_id", "TENCENTCLOUD_SECRET_ID"},
		{"tencent secret key", Settings{Tencentcloud: TencentcloudSettings{SecretID: "id", Region: "ap-guangzhou"}},
			func(c *Clients) error { _, err := c.Tencentcloud(""); return err }, "tencentcloud.secret_key", "TENCENTCLOUD_SECRET_KEY"},
		{"huawei neither token nor AK", Settings{Huaweicloud: HuaweicloudSettings{Region: "cn-east-3"}},
			func(c *Clients) error { _, err := c.Huaweicloud(""); return err }, "huaweicloud.access_key", "HW_AUTH_TOKEN"},
		{"huawei region", Settings{Huaweicloud: HuaweicloudSettings{AuthToken: "tok"}},
			func(c *Clients) error { _, err := c.Huaweicloud(""); return err }, "huaweicloud.region", "HW_REGION_NAME"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(New(tc.s))
			var m *MissingSettingError
			if !errors.As(err, &m) {
				t.Fatalf("error = %v, want *MissingSettingError", err)
			}
			for _, want := range []string{tc.wantAttr, tc.wantEnv} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q does not mention %s", err.Error(), want)
				}
			}
		})
	}
}

// Each cloud needs only its own block: a Tencent-only configuration builds a
// Tencent client with nothing set for the others.
func TestClients_lazyPerCloudAndCachedPerRegion(t *testing.T) {
	c := New(Settings{Tencentcloud: TencentcloudSettings{SecretID: "id", SecretKey: "sk", Region: "ap-guangzhou"}})
	a, err := c.Tencentcloud("")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Tencentcloud("ap-guangzhou")
	other, _ := c.Tencentcloud("ap-shanghai")
	if a != b || a == other || other.Region() != "ap-shanghai" {
		t.Fatalf("clients not cached per region: %p %p %p", a, b, other)
	}
	if _, err := c.Alicloud(""); err == nil {
		t.Fatal("alicloud without keys should fail, and only when asked for")
	}
}

func TestFromProviderData(t *testing.T) {
	if c, d := FromProviderData(nil); c != nil || d.HasError() {
		t.Fatalf("nil data: %v %v", c, d)
	}
	want := New(Settings{})
	if c, d := FromProviderData(want); c != want || d.HasError() {
		t.Fatalf("clients: %v %v", c, d)
	}
	if _, d := FromProviderData("nope"); !d.HasError() || !strings.Contains(d[0].Detail(), "string") {
		t.Fatalf("wrong type: %v", d)
	}
}
