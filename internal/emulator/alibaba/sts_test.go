package alibaba

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

func stsServer(t *testing.T, opts Options, ttl ...time.Duration) (*httptest.Server, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Now().UTC().Truncate(time.Second)}
	env := core.NewEnv(clock)
	if len(ttl) > 0 {
		env.SetSTSTTL(ttl[0])
	}
	ts := httptest.NewServer(New(env, opts))
	t.Cleanup(ts.Close)
	return ts, clock
}

func baseCreds(context.Context) (alicloud.Credentials, error) {
	o := DefaultOptions()
	return alicloud.Credentials{AccessKey: o.AccessKey, SecretKey: o.SecretKey}, nil
}

func vendorCode(err error) string {
	var e *alicloud.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// AssumeRole issues credentials for the requested lifetime (or -sts-ttl),
// CMS accepts them with their token until they expire, then refuses them
// with InvalidSecurityToken.Expired.
func TestSTS_assumeRoleLifecycle(t *testing.T) {
	opts := DefaultOptions()
	ts, clock := stsServer(t, opts)
	sts := alicloud.NewSTS(alicloud.STSConfig{Endpoint: ts.URL, Credentials: baseCreds, MaxRetries: -1})
	creds, err := sts.AssumeRole(context.Background(), alicloud.AssumeRoleInput{RoleArn: "acs:ram::1:role/r", SessionName: "s", Duration: 900 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if got := creds.Expiration.Sub(clock.t); got != 900*time.Second {
		t.Errorf("lifetime %s, want 900s", got)
	}
	cms := func(token string) error {
		cl := alicloud.NewClient(alicloud.Config{AccessKey: creds.AccessKey, SecretKey: creds.SecretKey, SecurityToken: token, Endpoint: ts.URL, Region: "cn-hangzhou", MaxRetries: -1})
		_, err := cl.DescribeExporterOutputList(context.Background(), alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10})
		return err
	}
	if err := cms(creds.SecurityToken); err != nil {
		t.Fatalf("issued credentials refused: %v", err)
	}
	if code := vendorCode(cms("other")); code != "InvalidSecurityToken.MismatchWithAccessKey" {
		t.Errorf("wrong token: %q", code)
	}
	if code := vendorCode(cms("")); code != "MissingSecurityToken" {
		t.Errorf("no token: %q", code)
	}
	clock.t = clock.t.Add(900 * time.Second)
	if code := vendorCode(cms(creds.SecurityToken)); code != "InvalidSecurityToken.Expired" {
		t.Errorf("expired: %q, want InvalidSecurityToken.Expired", code)
	}
	for _, bad := range []alicloud.AssumeRoleInput{
		{RoleArn: "not-an-arn", SessionName: "s"},
		{RoleArn: "acs:ram::1:role/r"},
		{RoleArn: "acs:ram::1:role/r", SessionName: "s", Duration: 60 * time.Second},
	} {
		if _, err := sts.AssumeRole(context.Background(), bad); vendorCode(err) == "" {
			t.Errorf("%+v accepted or not a vendor error: %v", bad, err)
		}
	}
}

// -sts-ttl overrides the lifetime asked for.
func TestSTS_ttlOption(t *testing.T) {
	ts, clock := stsServer(t, DefaultOptions(), 5*time.Second)
	sts := alicloud.NewSTS(alicloud.STSConfig{Endpoint: ts.URL, Credentials: baseCreds, MaxRetries: -1})
	creds, err := sts.AssumeRole(context.Background(), alicloud.AssumeRoleInput{RoleArn: "acs:ram::1:role/r", SessionName: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if got := creds.Expiration.Sub(clock.t); got != 5*time.Second {
		t.Errorf("lifetime %s, want the -sts-ttl 5s", got)
	}
}

// AssumeRoleWithOIDC is anonymous, checks the token, and answers in the
// vendor's shape; no other action is served without a signature.
func TestSTS_assumeRoleWithOIDC(t *testing.T) {
	opts := DefaultOptions()
	ts, _ := stsServer(t, opts)
	post := func(q url.Values, version string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/?"+q.Encode(), nil)
		req.Header.Set("x-acs-action", q.Get("Action"))
		req.Header.Set("x-acs-version", version)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body
	}
	q := url.Values{"Action": {"AssumeRoleWithOIDC"}, "RoleArn": {"acs:ram::1:role/ci"}, "OIDCProviderArn": {"acs:ram::1:oidc-provider/ci"},
		"OIDCToken": {opts.OIDCToken}, "RoleSessionName": {"ci"}}
	status, body := post(q, STSVersion)
	creds, _ := body["Credentials"].(map[string]any)
	user, _ := body["AssumedRoleUser"].(map[string]any)
	if status != http.StatusOK || creds["AccessKeyId"] == nil || creds["AccessKeySecret"] == nil || creds["SecurityToken"] == nil || creds["Expiration"] == nil ||
		user["Arn"] != "acs:ram::1:assumed-role/ci/ci" || user["AssumedRoleId"] == nil || body["RequestId"] == nil {
		t.Errorf("answer %d %v", status, body)
	}
	if _, body := post(q, APIVersion); body["Code"] != "InvalidVersion" {
		t.Errorf("CMS version on an STS action: %v", body)
	}
	q.Set("OIDCToken", "wrong")
	if _, body := post(q, STSVersion); body["Code"] != "AuthenticationFail.OIDCToken.Invalid" {
		t.Errorf("wrong token: %v", body)
	}
	q.Set("Action", "AssumeRole")
	if status, body := post(q, STSVersion); status == http.StatusOK || !strings.HasPrefix(body["Code"].(string), "Missing") {
		t.Errorf("unsigned AssumeRole: %d %v", status, body)
	}
}

// The ECS metadata paths name the role and serve its credentials.
func TestSTS_ecsMetadata(t *testing.T) {
	opts := DefaultOptions()
	ts, _ := stsServer(t, opts)
	creds, err := alicloud.ECSRoleCredentials(context.Background(), nil, ts.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(creds.AccessKey, "STS.") || creds.SecurityToken == "" || creds.Expiration.IsZero() {
		t.Errorf("credentials %+v", creds)
	}
	cl := alicloud.NewClient(alicloud.Config{AccessKey: creds.AccessKey, SecretKey: creds.SecretKey, SecurityToken: creds.SecurityToken, Endpoint: ts.URL, Region: "cn-hangzhou", MaxRetries: -1})
	if _, err := cl.DescribeExporterOutputList(context.Background(), alicloud.DescribeExporterOutputListInput{PageNumber: 1, PageSize: 10}); err != nil {
		t.Errorf("instance role credentials refused: %v", err)
	}
	if _, err := alicloud.ECSRoleCredentials(context.Background(), nil, ts.URL, "other-role"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("unknown role: %v", err)
	}
}
