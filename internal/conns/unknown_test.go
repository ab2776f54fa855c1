package conns

import (
	"errors"
	"strings"
	"testing"
)

// A setting that was unknown at configure time is "known at apply", never
// "missing"; a setting that is simply absent stays a MissingSettingError.
func TestUnknownSettingIsNotMissing(t *testing.T) {
	c := New(Settings{
		Alicloud:    AlicloudSettings{SecretKey: "s", Region: "cn-hangzhou"},
		Huaweicloud: HuaweicloudSettings{Region: "cn-east-3"},
		Unknown:     map[string]bool{"alicloud.access_key": true, "huaweicloud.auth_token": true},
	})
	if _, err := c.Alicloud(""); !IsUnknownSetting(err) {
		t.Fatalf("alicloud with an unknown access_key: %v, want an UnknownSettingError", err)
	}
	if _, err := c.Huaweicloud(""); !IsUnknownSetting(err) {
		t.Fatalf("huaweicloud with an unknown auth_token: %v, want an UnknownSettingError", err)
	}
	_, err := c.Tencentcloud("ap-guangzhou")
	var missing *MissingSettingError
	if !errors.As(err, &missing) || IsUnknownSetting(err) || missing.Attribute != "secret_id" {
		t.Fatalf("tencentcloud with nothing set: %v, want a MissingSettingError for secret_id", err)
	}
}

// Every missing setting of a cloud is named in one error, each with its
// environment variable, so that one plan shows them all.
func TestMissingSettingsAllAtOnce(t *testing.T) {
	c := New(Settings{})
	_, err := c.Huaweicloud("")
	var m *MissingSettingError
	if !errors.As(err, &m) || len(m.Also) != 2 {
		t.Fatalf("huaweicloud with nothing set: %v", err)
	}
	for _, want := range []string{"3 huaweicloud settings", "huaweicloud.access_key (HW_ACCESS_KEY)", "huaweicloud.secret_key (HW_SECRET_KEY)", "huaweicloud.region (HW_REGION_NAME)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	c = New(Settings{Alicloud: AlicloudSettings{AccessKey: "a", SecretKey: "s"}})
	if _, err := c.Alicloud(""); !errors.As(err, &m) || len(m.Also) != 0 || m.Attribute != "region" {
		t.Fatalf("alicloud without a region: %v", err)
	}
}
