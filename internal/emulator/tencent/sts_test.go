package tencent_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

type stepClock struct{ off atomic.Int64 }

func (c *stepClock) Now() time.Time { return time.Now().Add(time.Duration(c.off.Load())) }

func newSTSServer(t *testing.T, clock *stepClock) (*httptest.Server, emulator.Options) {
	opts := emulator.DefaultOptions()
	opts.Clock = clock
	opts.STSTTL = 60 * time.Second
	ts := httptest.NewServer(emulator.New(opts))
	t.Cleanup(ts.Close)
	return ts, opts
}

// AssumeRole issues credentials the CLS API accepts with their token,
// refuses without the token, and refuses with AuthFailure.TokenFailure once
// they have expired.
func TestSTS_assumeRoleCredentialsLifecycle(t *testing.T) {
	clock := &stepClock{}
	ts, opts := newSTSServer(t, clock)
	sts := tencentcloud.NewSTS(tencentcloud.STSConfig{Endpoint: ts.URL, MaxRetries: -1, Credentials: func(context.Context) (tencentcloud.Credentials, error) {
		return tencentcloud.Credentials{SecretID: opts.Tencent.SecretID, SecretKey: opts.Tencent.SecretKey}, nil
	}})
	creds, err := sts.AssumeRole(context.Background(), tencentcloud.AssumeRoleInput{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "s", Policy: `{"version":"2.0"}`, ExternalID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(creds.SecretID, "AKID") || !core.IssuedSecretPattern.MatchString(creds.SecretKey) || !core.IssuedSecretPattern.MatchString(creds.SecurityToken) {
		t.Fatalf("issued %+v", creds)
	}
	if d := time.Until(creds.Expiration); d < 50*time.Second || d > 61*time.Second {
		t.Errorf("expires in %s, want the -sts-ttl of 60 s", d)
	}
	list := func(c tencentcloud.Credentials) error {
		cl := tencentcloud.NewClient(tencentcloud.Config{SecretID: c.SecretID, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken,
			Region: opts.Tencent.DefaultRegion, Endpoint: ts.URL, MaxRetries: -1})
		_, err := cl.DescribeExports(context.Background(), tencentcloud.DescribeExportsInput{TopicID: opts.Tencent.Topics[0].TopicID})
		return err
	}
	if err := list(creds); err != nil {
		t.Fatalf("issued credentials refused: %v", err)
	}
	noToken := creds
	noToken.SecurityToken = ""
	if code := tencentcloud.ErrorCode(list(noToken)); code != "AuthFailure.TokenFailure" {
		t.Errorf("without X-TC-Token: %q", code)
	}
	clock.off.Store(int64(2 * time.Minute))
	err = list(creds)
	var e *tencentcloud.Error
	if !errors.As(err, &e) || e.Code != "AuthFailure.TokenFailure" || !strings.Contains(e.Message, "expired") {
		t.Fatalf("expired: %v", err)
	}
}

// AssumeRoleWithWebIdentity is unsigned; only the configured token passes;
// a bad role ARN and an out-of-range duration are refused.
func TestSTS_webIdentityAndValidation(t *testing.T) {
	ts, opts := newSTSServer(t, &stepClock{})
	sts := tencentcloud.NewSTS(tencentcloud.STSConfig{Endpoint: ts.URL, MaxRetries: -1})
	in := tencentcloud.WebIdentityInput{ProviderID: "github", RoleArn: "qcs::cam::uin/1:roleName/ci", Token: opts.Tencent.WebIdentityToken, SessionName: "s"}
	if _, err := sts.AssumeRoleWithWebIdentity(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	bad := in
	bad.Token = "wrong-token"
	_, err := sts.AssumeRoleWithWebIdentity(context.Background(), bad)
	if tencentcloud.ErrorCode(err) != "InvalidParameter.WebIdentityTokenError" || strings.Contains(err.Error(), "wrong-token") {
		t.Errorf("wrong token: %v", err)
	}
	bad = in
	bad.RoleArn = "acs:ram::1:role/x"
	if _, err := sts.AssumeRoleWithWebIdentity(context.Background(), bad); err == nil {
		t.Error("a malformed role ARN was accepted")
	}
	bad = in
	bad.Duration = 13 * time.Hour
	if _, err := sts.AssumeRoleWithWebIdentity(context.Background(), bad); err == nil {
		t.Error("13 h was accepted")
	}
	// A signed AssumeRole needs a valid signature.
	signed := tencentcloud.NewSTS(tencentcloud.STSConfig{Endpoint: ts.URL, MaxRetries: -1, Credentials: func(context.Context) (tencentcloud.Credentials, error) {
		return tencentcloud.Credentials{SecretID: opts.Tencent.SecretID, SecretKey: "wrong"}, nil
	}})
	if _, err := signed.AssumeRole(context.Background(), tencentcloud.AssumeRoleInput{RoleArn: in.RoleArn, SessionName: "s"}); tencentcloud.ErrorCode(err) != "AuthFailure.SignatureFailure" {
		t.Errorf("wrong key: %v", err)
	}
}

// The CVM metadata paths name the role and serve its credentials; another
// role is not found.
func TestMetadata_camRole(t *testing.T) {
	ts, opts := newSTSServer(t, &stepClock{})
	c, err := tencentcloud.CVMRoleCredentials(context.Background(), nil, ts.URL, "")
	if err != nil || !strings.HasPrefix(c.SecretID, "AKID") || c.SecurityToken == "" || c.Expiration.IsZero() {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := tencentcloud.CVMRoleCredentials(context.Background(), nil, ts.URL, opts.Tencent.CAMRoleName+"-other"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("another role: %v", err)
	}
	resp, err := http.Post(ts.URL+"/latest/meta-data/cam/security-credentials/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST: HTTP %d", resp.StatusCode)
	}
}
