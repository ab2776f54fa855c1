package conns

import (
	"errors"
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
