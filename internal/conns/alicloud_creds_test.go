package conns

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

// The chain takes the first configured source, in the documented order,
// and assume_role on top of it.
func TestAlicloudChain_order(t *testing.T) {
	static := AlicloudSettings{AccessKey: "ak", SecretKey: "sk"}
	profile := AlicloudSettings{Profile: "dev", SharedCredentialsFile: "/tmp/config.json"}
	oidc := AlicloudSettings{OIDCRoleArn: "acs:ram::1:role/ci", OIDCProviderArn: "acs:ram::1:oidc-provider/ci", OIDCTokenFile: "/tmp/token"}
	ecs := AlicloudSettings{ECSRoleName: "role"}
	merge := func(all ...AlicloudSettings) AlicloudSettings {
		var s AlicloudSettings
		for _, a := range all {
			if a.AccessKey != "" {
				s.AccessKey, s.SecretKey = a.AccessKey, a.SecretKey
			}
			if a.Profile != "" {
				s.Profile, s.SharedCredentialsFile = a.Profile, a.SharedCredentialsFile
			}
			if a.OIDCRoleArn != "" {
				s.OIDCRoleArn, s.OIDCProviderArn, s.OIDCTokenFile = a.OIDCRoleArn, a.OIDCProviderArn, a.OIDCTokenFile
			}
			if a.ECSRoleName != "" {
				s.ECSRoleName = a.ECSRoleName
			}
		}
		return s
	}
	for _, tc := range []struct {
		name string
		s    AlicloudSettings
		want string
	}{
		{"static beats everything", merge(static, profile, oidc, ecs), "static keys"},
		{"profile beats OIDC and ECS", merge(profile, oidc, ecs), `profile "dev"`},
		{"OIDC beats ECS", merge(oidc, ecs), "OIDC"},
		{"ECS last", ecs, "ECS RAM role role"},
		{"ECS by metadata endpoint alone", AlicloudSettings{ECSMetadataEndpoint: "http://127.0.0.1:1"}, "ECS RAM role (the instance's)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, miss := alicloudChain(tc.s, stsEnv{})
			if miss != nil {
				t.Fatalf("missing %v", miss[0])
			}
			if !strings.Contains(src.Describe(), tc.want) {
				t.Errorf("source %q, want %s", src.Describe(), tc.want)
			}
			tc.s.AssumeRole = &AlicloudAssumeRole{RoleArn: "acs:ram::1:role/x"}
			src, _ = alicloudChain(tc.s, stsEnv{})
			if d := src.Describe(); !strings.HasPrefix(d, "assume_role acs:ram::1:role/x") || !strings.Contains(d, tc.want) {
				t.Errorf("with assume_role: %q", d)
			}
		})
	}
}

// Nothing configured: one error naming static keys and every source in order.
func TestAlicloudChain_nothingNamesEverySource(t *testing.T) {
	_, err := New(Settings{Alicloud: AlicloudSettings{Region: "cn-hangzhou"}}).Alicloud("")
	var m *MissingSettingError
	if !errors.As(err, &m) {
		t.Fatalf("%v, want a MissingSettingError", err)
	}
	msg := err.Error()
	last := -1
	for _, want := range []string{"alicloud.access_key", "ALICLOUD_ACCESS_KEY", "1. static keys", "2. a profile", "3. OIDC", "4. the ECS instance's RAM role", "assume_role"} {
		i := strings.Index(msg, want)
		if i < 0 || i < last {
			t.Errorf("%q missing or out of order in:\n%s", want, msg)
		}
		last = i
	}
	_, err = New(Settings{Alicloud: AlicloudSettings{Region: "cn-hangzhou", OIDCRoleArn: "acs:ram::1:role/ci"}}).Alicloud("")
	if err == nil || !strings.Contains(err.Error(), "oidc_provider_arn") || !strings.Contains(err.Error(), "oidc_token_file") {
		t.Errorf("partial OIDC: %v", err)
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Profiles of the CLI's config.json: AK, StsToken, RamRoleArn; a missing
// profile names the file and the profiles it has.
func TestAlicloudProfileSource(t *testing.T) {
	srv := emulator.New(emulator.DefaultOptions())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	o := emulator.DefaultOptions().Alibaba
	file := writeFile(t, "config.json", `{"current":"ak","profiles":[
 {"name":"ak","mode":"AK","access_key_id":"`+o.AccessKey+`","access_key_secret":"`+o.SecretKey+`"},
 {"name":"sts","mode":"StsToken","access_key_id":"`+o.STSAccessKey+`","access_key_secret":"`+o.STSSecretKey+`","sts_token":"`+o.SecurityToken+`"},
 {"name":"role","mode":"RamRoleArn","access_key_id":"`+o.AccessKey+`","access_key_secret":"`+o.SecretKey+`","ram_role_arn":"acs:ram::123:role/dev","ram_session_name":"s","expired_seconds":900}]}`)
	env := stsEnv{endpoint: ts.URL}
	for _, name := range []string{"ak", "sts", "role"} {
		c, err := alicloudProfileSource{file: file, name: name, env: env}.Retrieve(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "role" && (!strings.HasPrefix(c.AccessKey, "STS.") || c.SecurityToken == "" || c.Expiration.IsZero()) {
			t.Errorf("RamRoleArn profile: %+v", c)
		}
	}
	_, err := alicloudProfileSource{file: file, name: "nope", env: env}.Retrieve(context.Background())
	if err == nil || !strings.Contains(err.Error(), "ak, sts, role") {
		t.Errorf("missing profile: %v", err)
	}
}

// One run of calls spanning several lifetimes of an assumed role's
// credentials (60 s, the emulator's -sts-ttl; fake clocks on both sides):
// every call succeeds and the role is assumed a few times, not per call.
func TestAlicloudAssumeRole_refreshOverLongRun(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.STSTTL = 60 * time.Second
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := New(Settings{Now: clock.Now, MaxRetries: -1, Alicloud: AlicloudSettings{
		AccessKey: opts.Alibaba.AccessKey, SecretKey: opts.Alibaba.SecretKey, Region: "cn-hangzhou",
		Endpoint: ts.URL, STSEndpoint: ts.URL, AssumeRole: &AlicloudAssumeRole{RoleArn: "acs:ram::123:role/telemetry"},
	}})
	// Two regions share the one cache.
	clients := []*alicloud.Client{}
	for _, region := range []string{"cn-hangzhou", "cn-shanghai"} {
		cl, err := c.Alicloud(region)
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, cl)
	}
	calls := 0
	for elapsed := time.Duration(0); elapsed <= 150*time.Second; elapsed += 5 * time.Second {
		if _, err := clients[calls%2].DescribeExporterOutputList(context.Background(), alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10}); err != nil {
			t.Fatalf("at +%s: %v", elapsed, err)
		}
		calls++
		clock.Add(5 * time.Second)
	}
	stats := srv.Stats()
	if n := stats["AssumeRole"]; n < 3 || n > 4 {
		t.Errorf("AssumeRole called %d times for %d calls over 150 s of 60 s credentials, want 3 or 4", n, calls)
	}
	if n := stats["DescribeExporterOutputList"]; n != calls {
		t.Errorf("%d DescribeExporterOutputList answers for %d calls: some were refused", n, calls)
	}
}

// The emulator refuses an issued credential once it has expired, with the
// vendor's code, and the error names no secret.
func TestAlicloudExpiredCredentialRefused(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.STSTTL = 60 * time.Second
	ts := httptest.NewServer(emulator.New(opts))
	defer ts.Close()
	sts := alicloud.NewSTS(alicloud.STSConfig{Endpoint: ts.URL, Credentials: func(context.Context) (alicloud.Credentials, error) {
		return alicloud.Credentials{AccessKey: opts.Alibaba.AccessKey, SecretKey: opts.Alibaba.SecretKey}, nil
	}})
	creds, err := sts.AssumeRole(context.Background(), alicloud.AssumeRoleInput{RoleArn: "acs:ram::123:role/x", SessionName: "s"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(2 * time.Minute)
	cl := alicloud.NewClient(alicloud.Config{AccessKey: creds.AccessKey, SecretKey: creds.SecretKey, SecurityToken: creds.SecurityToken, Region: "cn-hangzhou", Endpoint: ts.URL, MaxRetries: -1})
	_, err = cl.DescribeExporterOutputList(context.Background(), alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10})
	var e *alicloud.Error
	if !errors.As(err, &e) || e.Code != "InvalidSecurityToken.Expired" {
		t.Fatalf("%v, want InvalidSecurityToken.Expired", err)
	}
	for _, s := range []string{creds.SecretKey, creds.SecurityToken} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the error holds a secret: %v", err)
		}
	}
}

// A source setting known only at apply (a profile name from a resource) is
// not a missing credential at plan.
func TestAlicloudChain_unknownSourceIsNotMissing(t *testing.T) {
	_, err := New(Settings{Alicloud: AlicloudSettings{Region: "cn-hangzhou"}, Unknown: map[string]bool{"alicloud.profile": true}}).Alicloud("")
	if !IsUnknownSetting(err) {
		t.Fatalf("%v, want an UnknownSettingError", err)
	}
}
