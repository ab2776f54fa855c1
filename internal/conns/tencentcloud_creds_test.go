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

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// The chain takes the first configured source, in the vendor's documented
// order, and assume_role on top of it.
func TestTencentcloudChain_order(t *testing.T) {
	static := TencentcloudSettings{SecretID: "id", SecretKey: "key"}
	web := &TencentcloudWebIdentity{ProviderID: "github", RoleArn: "qcs::cam::uin/1:roleName/ci", TokenFile: "/tmp/token"}
	for _, tc := range []struct {
		name string
		s    TencentcloudSettings
		want string
	}{
		{"static beats everything", TencentcloudSettings{SecretID: "id", SecretKey: "key", WebIdentity: web, Profile: "dev", CAMRoleName: "r"}, "static keys"},
		{"web identity beats profile and CAM role", TencentcloudSettings{WebIdentity: web, Profile: "dev", CAMRoleName: "r"}, "web identity"},
		{"profile beats CAM role", TencentcloudSettings{Profile: "dev", SharedCredentialsDir: "/d", CAMRoleName: "r"}, `profile "dev" (/d/dev.credential)`},
		{"the directory alone is the default profile", TencentcloudSettings{SharedCredentialsDir: "/d"}, `profile "default"`},
		{"CAM role last", TencentcloudSettings{CAMRoleName: "r"}, "CVM CAM role r"},
		{"CAM role by metadata endpoint alone", TencentcloudSettings{MetadataEndpoint: "http://127.0.0.1:1"}, "CAM role (the instance's)"},
		{"static", static, "static keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, miss := tencentcloudChain(tc.s, tcEnv{})
			if miss != nil {
				t.Fatalf("missing %v", miss[0])
			}
			if !strings.Contains(src.Describe(), tc.want) {
				t.Errorf("source %q, want %s", src.Describe(), tc.want)
			}
			tc.s.AssumeRole = &TencentcloudAssumeRole{RoleArn: "qcs::cam::uin/1:roleName/x"}
			src, _ = tencentcloudChain(tc.s, tcEnv{})
			if d := src.Describe(); !strings.HasPrefix(d, "assume_role qcs::cam::uin/1:roleName/x") || !strings.Contains(d, tc.want) {
				t.Errorf("with assume_role: %q", d)
			}
		})
	}
}

// Nothing configured: one error naming the keys and every source in order;
// a partial web identity names what it lacks.
func TestTencentcloudChain_nothingNamesEverySource(t *testing.T) {
	_, err := New(Settings{Tencentcloud: TencentcloudSettings{Region: "ap-guangzhou"}}).Tencentcloud("")
	var m *MissingSettingError
	if !errors.As(err, &m) {
		t.Fatalf("%v, want a MissingSettingError", err)
	}
	msg, last := err.Error(), -1
	for _, want := range []string{"tencentcloud.secret_id", "TENCENTCLOUD_SECRET_ID", "1. static keys", "2. web identity", "3. a profile", "4. the CVM instance's CAM role", "; assume_role, when set"} {
		i := strings.Index(msg, want)
		if i < 0 || i < last {
			t.Errorf("%q missing or out of order in:\n%s", want, msg)
		}
		last = i
	}
	_, err = New(Settings{Tencentcloud: TencentcloudSettings{Region: "ap-guangzhou", WebIdentity: &TencentcloudWebIdentity{RoleArn: "qcs::cam::uin/1:roleName/ci"}}}).Tencentcloud("")
	if err == nil || !strings.Contains(err.Error(), "provider_id") || !strings.Contains(err.Error(), "web_identity_token_file") || !strings.Contains(err.Error(), "TKE_PROVIDER_ID") {
		t.Errorf("partial web identity: %v", err)
	}
}

// A source setting known only at apply is not a missing credential at plan.
func TestTencentcloudChain_unknownSourceIsNotMissing(t *testing.T) {
	_, err := New(Settings{Tencentcloud: TencentcloudSettings{Region: "ap-guangzhou"}, Unknown: map[string]bool{"tencentcloud.profile": true}}).Tencentcloud("")
	if !IsUnknownSetting(err) {
		t.Fatalf("%v, want an UnknownSettingError", err)
	}
	_, err = New(Settings{Tencentcloud: TencentcloudSettings{Region: "ap-guangzhou", SecretID: "id", SecretKey: "key", AssumeRole: &TencentcloudAssumeRole{}},
		Unknown: map[string]bool{"tencentcloud.assume_role.role_arn": true}}).Tencentcloud("")
	if !IsUnknownSetting(err) {
		t.Fatalf("unknown role_arn: %v, want an UnknownSettingError", err)
	}
}

// Profiles of the CLI's credential files: keys, keys with a role; a
// missing profile names the directory's profiles; an empty key is named.
func TestTencentcloudProfileSource(t *testing.T) {
	ts := httptest.NewServer(emulator.New(emulator.DefaultOptions()))
	defer ts.Close()
	o := emulator.DefaultOptions().Tencent
	dir := t.TempDir()
	for name, content := range map[string]string{
		"dev.credential":  `{"secretId":"` + o.SecretID + `","secretKey":"` + o.SecretKey + `"}`,
		"role.credential": `{"secretId":"` + o.SecretID + `","secretKey":"` + o.SecretKey + `","roleArn":"qcs::cam::uin/1:roleName/dev","roleSessionName":"s"}`,
		"half.credential": `{"secretId":"x"}`,
		"dev.configure":   `{"_sys_param":{"region":"ap-guangzhou"}}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := tcEnv{stsEnv: stsEnv{endpoint: ts.URL}}
	c, err := tencentcloudProfileSource{dir: dir, name: "dev", env: env}.Retrieve(context.Background())
	if err != nil || c.AccessKey != o.SecretID || !c.Expiration.IsZero() {
		t.Fatalf("dev: %+v %v", c, err)
	}
	c, err = tencentcloudProfileSource{dir: dir, name: "role", env: env}.Retrieve(context.Background())
	if err != nil || !strings.HasPrefix(c.AccessKey, "AKID") || c.SecurityToken == "" || c.Expiration.IsZero() {
		t.Fatalf("role: %+v %v", c, err)
	}
	_, err = tencentcloudProfileSource{dir: dir, name: "nope", env: env}.Retrieve(context.Background())
	if err == nil || !strings.Contains(err.Error(), "dev, half, role") {
		t.Errorf("missing profile: %v", err)
	}
	_, err = tencentcloudProfileSource{dir: dir, name: "half", env: env}.Retrieve(context.Background())
	if err == nil || !strings.Contains(err.Error(), "has no secretKey") {
		t.Errorf("half profile: %v", err)
	}
}

// The token file: bare or the Tencent provider's JSON; an empty one names
// the file and what it should hold.
func TestReadTokenFile(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{"tok\n": "tok", `{"web_identity_token": "jwt"}`: "jwt"} {
		p := filepath.Join(dir, "f")
		_ = os.WriteFile(p, []byte(content), 0o600)
		if got, err := readTokenFile(p, "web identity token"); err != nil || got != want {
			t.Errorf("%q: %q %v", content, got, err)
		}
	}
	p := filepath.Join(dir, "empty")
	_ = os.WriteFile(p, []byte(`{}`), 0o600)
	if _, err := readTokenFile(p, "OIDC token"); err == nil || !strings.Contains(err.Error(), "the OIDC token file "+p+" holds no token") {
		t.Errorf("an empty token: %v", err)
	}
}

// One run of calls spanning several lifetimes of an assumed role's
// credentials (60 s; fake clocks on both sides): every call succeeds and the
// role is assumed a few times, not per call, for both regions together.
func TestTencentcloudAssumeRole_refreshOverLongRun(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.STSTTL = 60 * time.Second
	opts.Tencent.RateLimit = false
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := New(Settings{Now: clock.Now, MaxRetries: -1, Tencentcloud: TencentcloudSettings{
		SecretID: opts.Tencent.SecretID, SecretKey: opts.Tencent.SecretKey, Region: "ap-guangzhou",
		Endpoint: ts.URL, STSEndpoint: ts.URL, AssumeRole: &TencentcloudAssumeRole{RoleArn: "qcs::cam::uin/1:roleName/telemetry"},
	}})
	var clients []*tencentcloud.Client
	for _, region := range []string{"ap-guangzhou", "ap-shanghai"} {
		cl, err := c.Tencentcloud(region)
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, cl)
	}
	calls := 0
	for elapsed := time.Duration(0); elapsed <= 150*time.Second; elapsed += 5 * time.Second {
		if _, err := clients[calls%2].DescribeExports(context.Background(), tencentcloud.DescribeExportsInput{TopicID: tencent.DefaultTopics[0].TopicID, Limit: 10}); err != nil && !tencentcloud.IsNotFound(err) {
			t.Fatalf("at +%s: %v", elapsed, err)
		}
		calls++
		clock.Add(5 * time.Second)
	}
	if n := srv.Stats()["AssumeRole"]; n < 3 || n > 4 {
		t.Errorf("AssumeRole called %d times for %d calls over 150 s of 60 s credentials, want 3 or 4", n, calls)
	}
	if n := c.CredentialCache("Tencent Cloud").Refreshes(); n < 3 || n > 4 {
		t.Errorf("%d refreshes of the one cache, want 3 or 4", n)
	}
}
