package conns

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
)

// AlicloudAssumeRole is the alicloud block's assume_role.
type AlicloudAssumeRole struct {
	RoleArn, SessionName, ExternalID, Policy string
	Duration                                 time.Duration
}

// AlicloudSourceOrder names the Alibaba Cloud credential sources in the
// order they are tried (the first one configured is used; assume_role then
// assumes its role with those credentials).
const AlicloudSourceOrder = "1. static keys (alicloud.access_key and secret_key), " +
	"2. a profile of the Alibaba Cloud CLI's config.json (alicloud.profile), " +
	"3. OIDC (alicloud.oidc_role_arn, oidc_provider_arn and oidc_token_file), " +
	"4. the ECS instance's RAM role (alicloud.ecs_role_name or ecs_metadata_endpoint); " +
	"assume_role, when set, assumes its role with the credentials of the first of these that is configured"

// DefaultSessionName is the RoleSessionName of the provider's STS calls when
// none is configured.
const DefaultSessionName = "terraform-provider-telemetry"

// stsEnv is what the STS and metadata calls of a credential source need.
type stsEnv struct {
	endpoint, metadata, userAgent string
	httpClient                    *http.Client
	maxRetries                    int
}

func (e stsEnv) sts(creds func(context.Context) (alicloud.Credentials, error)) *alicloud.STS {
	return alicloud.NewSTS(alicloud.STSConfig{Endpoint: e.endpoint, Credentials: creds, HTTPClient: e.httpClient, UserAgent: e.userAgent, MaxRetries: e.maxRetries})
}

func toAli(c Credentials) alicloud.Credentials {
	return alicloud.Credentials{AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken, Expiration: c.Expiration}
}

func fromAli(c alicloud.Credentials) Credentials {
	return Credentials{AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken, Expiration: c.Expiration}
}

// staticSource is fixed keys.
type staticSource struct {
	creds Credentials
	name  string
}

func (s staticSource) Retrieve(context.Context) (Credentials, error) { return s.creds, nil }
func (s staticSource) Describe() string                              { return s.name }

// alicloudAssumeRoleSource assumes a role with the credentials of base.
type alicloudAssumeRoleSource struct {
	base *CredentialCache
	in   alicloud.AssumeRoleInput
	env  stsEnv
}

func (s alicloudAssumeRoleSource) Retrieve(ctx context.Context) (Credentials, error) {
	baseCreds := func(ctx context.Context) (alicloud.Credentials, error) {
		c, err := s.base.Get(ctx)
		return toAli(c), err
	}
	c, err := s.env.sts(baseCreds).AssumeRole(ctx, s.in)
	return fromAli(c), err
}

func (s alicloudAssumeRoleSource) Describe() string {
	return fmt.Sprintf("assume_role %s (STS AssumeRole with the credentials of %s)", s.in.RoleArn, s.base.Source().Describe())
}

// alicloudOIDCSource exchanges the OIDC token in a file (read again at every
// refresh: CI systems rotate it) for temporary credentials.
type alicloudOIDCSource struct {
	roleArn, providerArn, tokenFile, session string
	env                                      stsEnv
}

func (s alicloudOIDCSource) Retrieve(ctx context.Context) (Credentials, error) {
	token, err := readTokenFile(s.tokenFile, "OIDC token")
	if err != nil {
		return Credentials{}, err
	}
	c, err := s.env.sts(nil).AssumeRoleWithOIDC(ctx, alicloud.OIDCInput{RoleArn: s.roleArn, ProviderArn: s.providerArn, Token: token, SessionName: s.session})
	return fromAli(c), err
}

func (s alicloudOIDCSource) Describe() string {
	return fmt.Sprintf("OIDC (STS AssumeRoleWithOIDC of role %s with the token in %s)", s.roleArn, s.tokenFile)
}

// alicloudECSSource reads the instance's RAM role credentials from the
// metadata service.
type alicloudECSSource struct {
	role string
	env  stsEnv
}

func (s alicloudECSSource) Retrieve(ctx context.Context) (Credentials, error) {
	c, err := alicloud.ECSRoleCredentials(ctx, s.env.httpClient, s.env.metadata, s.role)
	return fromAli(c), err
}

func (s alicloudECSSource) Describe() string {
	where := s.env.metadata
	if where == "" {
		where = alicloud.DefaultECSMetadataEndpoint
	}
	role := s.role
	if role == "" {
		role = "(the instance's)"
	}
	return fmt.Sprintf("the ECS RAM role %s from the metadata service at %s", role, where)
}

// aliyunProfile is a profile of the Alibaba Cloud CLI's config.json.
type aliyunProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	RAMRoleArn      string `json:"ram_role_arn"`
	RAMSessionName  string `json:"ram_session_name"`
	ExpiredSeconds  int    `json:"expired_seconds"`
	RAMRoleName     string `json:"ram_role_name"`
	OIDCProviderArn string `json:"oidc_provider_arn"`
	OIDCTokenFile   string `json:"oidc_token_file"`
}

func (p aliyunProfile) profileName() string { return p.Name }

// alicloudProfileSource is a named profile of the CLI's config.json, read at
// every refresh.
type alicloudProfileSource struct {
	file, name string
	env        stsEnv
}

// DefaultAliyunConfigFile is where the Alibaba Cloud CLI keeps its profiles.
func DefaultAliyunConfigFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".aliyun", "config.json")
	}
	return filepath.Join(home, ".aliyun", "config.json")
}

func (s alicloudProfileSource) Describe() string {
	return fmt.Sprintf("profile %q of %s", s.name, s.file)
}

func (s alicloudProfileSource) Retrieve(ctx context.Context) (Credentials, error) {
	p, err := s.load()
	if err != nil {
		return Credentials{}, err
	}
	ak := Credentials{AccessKey: p.AccessKeyID, SecretKey: p.AccessKeySecret}
	switch p.Mode {
	case "", "AK":
		return s.need(p, ak, "access_key_id", "access_key_secret")
	case "StsToken":
		ak.SecurityToken = p.StsToken
		return s.need(p, ak, "access_key_id", "access_key_secret", "sts_token")
	case "RamRoleArn":
		if _, err := s.need(p, ak, "access_key_id", "access_key_secret", "ram_role_arn"); err != nil {
			return Credentials{}, err
		}
		session := p.RAMSessionName
		if session == "" {
			session = DefaultSessionName
		}
		base := NewCredentialCache(staticSource{creds: ak, name: s.Describe()}, nil)
		return alicloudAssumeRoleSource{base: base, env: s.env, in: alicloud.AssumeRoleInput{
			RoleArn: p.RAMRoleArn, SessionName: session, Duration: time.Duration(p.ExpiredSeconds) * time.Second,
		}}.Retrieve(ctx)
	case "EcsRamRole":
		return alicloudECSSource{role: p.RAMRoleName, env: s.env}.Retrieve(ctx)
	case "OIDC":
		return alicloudOIDCSource{roleArn: p.RAMRoleArn, providerArn: p.OIDCProviderArn, tokenFile: p.OIDCTokenFile, session: DefaultSessionName, env: s.env}.Retrieve(ctx)
	}
	return Credentials{}, fmt.Errorf("%s has mode %q; the provider reads the modes AK, StsToken, RamRoleArn, EcsRamRole and OIDC", s.Describe(), p.Mode)
}

func (s alicloudProfileSource) load() (aliyunProfile, error) {
	return loadProfile[aliyunProfile](s.file, s.name, "the Alibaba Cloud CLI")
}

// need returns c, or an error naming the fields of p that are empty.
func (s alicloudProfileSource) need(p aliyunProfile, c Credentials, fields ...string) (Credentials, error) {
	values := map[string]string{"access_key_id": p.AccessKeyID, "access_key_secret": p.AccessKeySecret, "sts_token": p.StsToken, "ram_role_arn": p.RAMRoleArn}
	var empty []string
	for _, f := range fields {
		if values[f] == "" {
			empty = append(empty, f)
		}
	}
	if len(empty) > 0 {
		return Credentials{}, fmt.Errorf("%s (mode %s) has no %s", s.Describe(), p.Mode, strings.Join(empty, ", "))
	}
	return c, nil
}
