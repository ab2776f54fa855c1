package conns

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

const hwServer = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"

// The chain takes the first configured source, in the documented order,
// and assume_role on top of it.
func TestHuaweicloudChain_order(t *testing.T) {
	token := HuaweicloudSettings{AuthToken: "tok"}
	static := HuaweicloudSettings{AccessKey: "ak", SecretKey: "sk"}
	profile := HuaweicloudSources{Profile: "dev", SharedConfigFile: "/tmp/config.json"}
	oidc := HuaweicloudSources{IdpID: "idp", IDTokenFile: "/tmp/token"}
	ecs := HuaweicloudSources{ECSMetadataEndpoint: "http://127.0.0.1:1"}
	merge := func(base HuaweicloudSettings, src ...HuaweicloudSources) HuaweicloudSettings {
		for _, s := range src {
			if s.Profile != "" || s.SharedConfigFile != "" {
				base.Profile, base.SharedConfigFile = s.Profile, s.SharedConfigFile
			}
			if s.IdpID != "" {
				base.IdpID, base.IDTokenFile = s.IdpID, s.IDTokenFile
			}
			if s.ECSMetadataEndpoint != "" {
				base.ECSMetadataEndpoint = s.ECSMetadataEndpoint
			}
		}
		return base
	}
	both := token
	both.AccessKey, both.SecretKey = "ak", "sk"
	for _, tc := range []struct {
		name string
		s    HuaweicloudSettings
		want string
	}{
		{"token beats everything", merge(both, profile, oidc, ecs), "IAM token"},
		{"static beats profile, OIDC and ECS", merge(static, profile, oidc, ecs), "static keys"},
		{"profile beats OIDC and ECS", merge(HuaweicloudSettings{}, profile, oidc, ecs), `profile "dev"`},
		{"shared_config_file alone: the current profile", merge(HuaweicloudSettings{}, HuaweicloudSources{SharedConfigFile: "/tmp/c.json"}), "current profile of /tmp/c.json"},
		{"OIDC beats ECS", merge(HuaweicloudSettings{}, oidc, ecs), "OIDC"},
		{"ECS last", merge(HuaweicloudSettings{}, ecs), "agency from the metadata service at http://169.254.169.254"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, miss := huaweicloudChain(tc.s, iamEnv{})
			if miss != nil {
				t.Fatalf("missing %v", miss[0])
			}
			if got := hwDescribe(c); !strings.Contains(got, tc.want) {
				t.Errorf("source %q, want %s", got, tc.want)
			}
			tc.s.AssumeRole = &HuaweicloudAssumeRole{AgencyName: "ops", DomainName: "acme"}
			c, _ = huaweicloudChain(tc.s, iamEnv{})
			if d := hwDescribe(c); !strings.HasPrefix(d, "assume_role agency ops of acme") || !strings.Contains(d, tc.want) {
				t.Errorf("with assume_role: %q", d)
			}
		})
	}
}

func hwDescribe(c huaweiCreds) string {
	if c.src == nil {
		return "the IAM token"
	}
	return c.src.Describe()
}

// Nothing configured: one error naming the keys and every source in order;
// a source configured in part names what it lacks.
func TestHuaweicloudChain_nothingNamesEverySource(t *testing.T) {
	_, err := New(Settings{Huaweicloud: HuaweicloudSettings{Region: "cn-east-3"}}).Huaweicloud("")
	var m *MissingSettingError
	if !errors.As(err, &m) {
		t.Fatalf("%v, want a MissingSettingError", err)
	}
	msg, last := err.Error(), -1
	for _, want := range []string{"huaweicloud.access_key", "HW_ACCESS_KEY", "1. an IAM token", "2. static keys", "3. a profile of the KooCLI",
		"4. OIDC", "5. the ECS instance's agency", "assume_role"} {
		i := strings.Index(msg, want)
		if i < 0 || i < last {
			t.Errorf("%q missing or out of order in:\n%s", want, msg)
		}
		last = i
	}
	for _, tc := range []struct {
		s    HuaweicloudSettings
		want []string
	}{
		{HuaweicloudSettings{Region: "r", HuaweicloudSources: HuaweicloudSources{IdpID: "idp"}}, []string{"id_token_file", "HUAWEICLOUD_SDK_ID_TOKEN_FILE"}},
		{HuaweicloudSettings{Region: "r", AccessKey: "ak"}, []string{"secret_key", "HW_SECRET_KEY"}},
		{HuaweicloudSettings{Region: "r", AuthToken: "t", HuaweicloudSources: HuaweicloudSources{AssumeRole: &HuaweicloudAssumeRole{AgencyName: "a"}}},
			[]string{"assume_role.domain_name", "HW_ASSUME_ROLE_DOMAIN_NAME"}},
	} {
		_, err := New(Settings{Huaweicloud: tc.s}).Huaweicloud("")
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: %v, want %s", tc.s, err, w)
			}
		}
	}
}

// A source setting known only at apply is not a missing credential at plan.
func TestHuaweicloudChain_unknownSourceIsNotMissing(t *testing.T) {
	_, err := New(Settings{Huaweicloud: HuaweicloudSettings{Region: "cn-east-3"}, Unknown: map[string]bool{"huaweicloud.id_token_file": true}}).Huaweicloud("")
	if !IsUnknownSetting(err) {
		t.Fatalf("%v, want an UnknownSettingError", err)
	}
}

// KooCLI profiles: AKSK, AKSK with an agency, the current one by default,
// ecsAgency; a missing profile names the file and the profiles it has.
func TestHuaweicloudProfileSource(t *testing.T) {
	ts := httptest.NewServer(emulator.New(emulator.DefaultOptions()))
	defer ts.Close()
	o := emulator.DefaultOptions().Huawei
	file := writeFile(t, "config.json", `{"current":"dev","profiles":[
 {"name":"dev","mode":"AKSK","accessKeyId":"`+o.AccessKey+`","secretAccessKey":"`+o.SecretKey+`","region":"cn-east-3","projectId":"p"},
 {"name":"agency","mode":"AKSK","accessKeyId":"`+o.AccessKey+`","secretAccessKey":"`+o.SecretKey+`","agencyName":"ops","agencyDomainName":"acme"},
 {"name":"ecs","mode":"ecsAgency"},
 {"name":"sso","mode":"SSO"}]}`)
	env := iamEnv{endpoint: ts.URL, metadata: ts.URL}
	for name, temporary := range map[string]bool{"": false, "dev": false, "agency": true, "ecs": true} {
		c, err := huaweiProfileSource{file: file, name: name, env: env}.Retrieve(context.Background())
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if temporary != (c.SecurityToken != "" && !c.Expiration.IsZero()) || (!temporary && c.AccessKey != o.AccessKey) {
			t.Errorf("profile %q: %+v", name, c.Expiration)
		}
	}
	for name, want := range map[string]string{"nope": "it has: dev, agency, ecs, sso", "sso": `mode "SSO"`} {
		_, err := huaweiProfileSource{file: file, name: name, env: env}.Retrieve(context.Background())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
	}
}

// OIDC: the ID token file is exchanged for an IAM token, that for AK/SK; a
// wrong token is the vendor's refusal.
func TestHuaweicloudOIDCSource(t *testing.T) {
	srv := emulator.New(emulator.DefaultOptions())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	o := emulator.DefaultOptions().Huawei
	env := iamEnv{endpoint: ts.URL, projectID: o.ProjectID}
	c, err := huaweiOIDCSource{idpID: o.IdpID, tokenFile: writeFile(t, "token", o.IDToken+"\n"), env: env}.Retrieve(context.Background())
	if err != nil || c.SecurityToken == "" || c.Expiration.IsZero() {
		t.Fatalf("%+v, %v", c.Expiration, err)
	}
	if s := srv.Stats(); s["CreateTokenWithIdToken"] != 1 || s["CreateTemporaryAccessKeyByToken"] != 1 {
		t.Errorf("stats %v", s)
	}
	_, err = huaweiOIDCSource{idpID: o.IdpID, tokenFile: writeFile(t, "wrong", "nope"), env: env}.Retrieve(context.Background())
	if err == nil || !strings.Contains(err.Error(), "IAM.0012") || strings.Contains(err.Error(), "nope") {
		t.Errorf("wrong token: %v", err)
	}
}

// One run of calls spanning several lifetimes of an agency's temporary AK/SK
// (60 s, the emulator's -sts-ttl; fake clocks on both sides): every call
// succeeds and the agency is assumed a few times, not per call.
func TestHuaweicloudAssumeRole_refreshOverLongRun(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.STSTTL = 60 * time.Second
	opts.Huawei.ExportMS = 1000 * 1000
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := New(Settings{Now: clock.Now, MaxRetries: -1, Huaweicloud: HuaweicloudSettings{
		AccessKey: opts.Huawei.AccessKey, SecretKey: opts.Huawei.SecretKey, Region: "cn-east-3", ProjectID: opts.Huawei.ProjectID,
		Endpoint: ts.URL, HuaweicloudSources: HuaweicloudSources{IAMEndpoint: ts.URL, AssumeRole: &HuaweicloudAssumeRole{AgencyName: "ops", DomainName: "acme"}},
	}})
	var clients []*huaweicloud.Client
	for _, region := range []string{"cn-east-3", "cn-north-4"} {
		cl, err := c.Huaweicloud(region)
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, cl)
	}
	exp, err := clients[0].ExportServerLogs(context.Background(), huaweicloud.ExportInput{ServerID: hwServer})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for elapsed := time.Duration(0); elapsed <= 150*time.Second; elapsed += 5 * time.Second {
		clock.Add(5 * time.Second)
		if _, err := clients[calls%2].ShowLogsExportStatus(context.Background(), huaweicloud.ExportRef{ServerID: hwServer, ExportID: exp.ExportID}); err != nil {
			t.Fatalf("at +%s: %v", elapsed, err)
		}
		calls++
	}
	stats := srv.Stats()
	if n := stats["CreateTemporaryAccessKeyByAgency"]; n < 3 || n > 4 {
		t.Errorf("the agency was assumed %d times for %d calls over 150 s of 60 s credentials, want 3 or 4", n, calls)
	}
	if n := stats["ShowLogsExportStatus"]; n != calls {
		t.Errorf("%d ShowLogsExportStatus answers for %d calls: some were refused", n, calls)
	}
}

// The emulator refuses an issued AK/SK once it has expired, with the
// vendor's code, and the error names no secret.
func TestHuaweicloudExpiredCredentialRefused(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.STSTTL = 60 * time.Second
	ts := httptest.NewServer(emulator.New(opts))
	defer ts.Close()
	iam := huaweicloud.NewIAM(huaweicloud.IAMConfig{Endpoint: ts.URL, Credentials: func(context.Context) (huaweicloud.Credentials, error) {
		return huaweicloud.Credentials{AccessKey: opts.Huawei.AccessKey, SecretKey: opts.Huawei.SecretKey}, nil
	}})
	creds, err := iam.AssumeAgency(context.Background(), huaweicloud.AgencyInput{AgencyName: "ops", DomainName: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(2 * time.Minute)
	cl := huaweicloud.NewClient(huaweicloud.Config{AccessKey: creds.AccessKey, SecretKey: creds.SecretKey, SecurityToken: creds.SecurityToken,
		ProjectID: opts.Huawei.ProjectID, Region: "cn-east-3", Endpoint: ts.URL, MaxRetries: -1, Now: clock.Now})
	_, err = cl.ExportServerLogs(context.Background(), huaweicloud.ExportInput{ServerID: hwServer})
	var e *huaweicloud.Error
	if !errors.As(err, &e) || e.Code != huaweicloud.CodeTokenExpired {
		t.Fatalf("%v, want %s", err, huaweicloud.CodeTokenExpired)
	}
	for _, s := range []string{creds.SecretKey, creds.SecurityToken} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the error holds a secret: %v", err)
		}
	}
}
