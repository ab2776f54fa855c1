package conns

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// TencentcloudAssumeRole is the tencentcloud block's assume_role.
type TencentcloudAssumeRole struct {
	RoleArn, SessionName, ExternalID, Policy string
	Duration                                 time.Duration
}

// TencentcloudWebIdentity is the tencentcloud block's
// assume_role_with_web_identity (or its environment variables).
type TencentcloudWebIdentity struct {
	ProviderID, RoleArn, SessionName string
	// Token is the token itself; TokenFile a file holding it (read again
	// at every refresh). Token wins when both are set, as in the vendor's
	// provider.
	Token, TokenFile string
	Duration         time.Duration
}

// TencentcloudSourceOrder names the Tencent Cloud credential sources in the
// order they are tried: the vendor provider's documented order (static
// keys, assume role with OIDC, shared credentials, CAM role name).
const TencentcloudSourceOrder = "1. static keys (tencentcloud.secret_id and secret_key), " +
	"2. web identity (tencentcloud.assume_role_with_web_identity, or the TKE_* variables of a TKE pod), " +
	"3. a profile of the Tencent Cloud CLI's credential files (tencentcloud.profile or shared_credentials_dir), " +
	"4. the CVM instance's CAM role (tencentcloud.cam_role_name or cvm_metadata_endpoint); " +
	"assume_role, when set, assumes its role with the credentials of the first of these that is configured"

// tcEnv is what the STS and metadata calls of a Tencent source need.
type tcEnv struct {
	stsEnv
	region string
}

func (e tcEnv) sts(creds func(context.Context) (tencentcloud.Credentials, error)) *tencentcloud.STS {
	return tencentcloud.NewSTS(tencentcloud.STSConfig{Endpoint: e.endpoint, Region: e.region, Credentials: creds,
		HTTPClient: e.httpClient, UserAgent: e.userAgent, MaxRetries: e.maxRetries})
}

func toTC(c Credentials) tencentcloud.Credentials {
	return tencentcloud.Credentials{SecretID: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken, Expiration: c.Expiration}
}

func fromTC(c tencentcloud.Credentials) Credentials {
	return Credentials{AccessKey: c.SecretID, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken, Expiration: c.Expiration}
}

// tencentcloudAssumeRoleSource assumes a role with the credentials of base.
type tencentcloudAssumeRoleSource struct {
	base *CredentialCache
	in   tencentcloud.AssumeRoleInput
	env  tcEnv
}

func (s tencentcloudAssumeRoleSource) Retrieve(ctx context.Context) (Credentials, error) {
	baseCreds := func(ctx context.Context) (tencentcloud.Credentials, error) {
		c, err := s.base.Get(ctx)
		return toTC(c), err
	}
	c, err := s.env.sts(baseCreds).AssumeRole(ctx, s.in)
	return fromTC(c), err
}

func (s tencentcloudAssumeRoleSource) Describe() string {
	return fmt.Sprintf("assume_role %s (STS AssumeRole with the credentials of %s)", s.in.RoleArn, s.base.Source().Describe())
}

// tencentcloudWebIdentitySource exchanges a web identity (OIDC) token for
// temporary credentials.
type tencentcloudWebIdentitySource struct {
	w   TencentcloudWebIdentity
	env tcEnv
}

func (s tencentcloudWebIdentitySource) Retrieve(ctx context.Context) (Credentials, error) {
	token := s.w.Token
	if token == "" {
		var err error
		if token, err = readTokenFile(s.w.TokenFile, "web identity token"); err != nil {
			return Credentials{}, err
		}
	}
	c, err := s.env.sts(nil).AssumeRoleWithWebIdentity(ctx, tencentcloud.WebIdentityInput{
		ProviderID: s.w.ProviderID, RoleArn: s.w.RoleArn, Token: token, SessionName: s.w.SessionName, Duration: s.w.Duration,
	})
	return fromTC(c), err
}

// readWebIdentityToken reads the token file: the vendor's provider
// documents a JSON object {"web_identity_token": "..."}, CI systems and TKE
// write the bare token; both are read.
func (s tencentcloudWebIdentitySource) Describe() string {
	where := "the web_identity_token setting"
	if s.w.Token == "" {
		where = s.w.TokenFile
	}
	return fmt.Sprintf("web identity (STS AssumeRoleWithWebIdentity of role %s, provider %s, with the token in %s)", s.w.RoleArn, s.w.ProviderID, where)
}

// tencentcloudCAMRoleSource reads the instance's CAM role credentials from
// the CVM metadata service.
type tencentcloudCAMRoleSource struct {
	role string
	env  tcEnv
}

func (s tencentcloudCAMRoleSource) Retrieve(ctx context.Context) (Credentials, error) {
	c, err := tencentcloud.CVMRoleCredentials(ctx, s.env.httpClient, s.env.metadata, s.role)
	return fromTC(c), err
}

func (s tencentcloudCAMRoleSource) Describe() string {
	where := s.env.metadata
	if where == "" {
		where = tencentcloud.DefaultMetadataEndpoint
	}
	role := s.role
	if role == "" {
		role = "(the instance's)"
	}
	return fmt.Sprintf("the CVM CAM role %s from the metadata service at %s", role, where)
}

// tccliCredential is a <profile>.credential file of the Tencent Cloud CLI.
// Token (temporary keys) is read too, an assumption: tccli writes it when
// configured with temporary keys.
type tccliCredential struct {
	SecretID        string `json:"secretId"`
	SecretKey       string `json:"secretKey"`
	Token           string `json:"token"`
	RoleArn         string `json:"roleArn"`
	RoleSessionName string `json:"roleSessionName"`
}

// tencentcloudProfileSource is a profile of the CLI's credential files,
// read at every refresh.
type tencentcloudProfileSource struct {
	dir, name string
	env       tcEnv
}

// DefaultTccliDir is where the Tencent Cloud CLI keeps its profiles.
func DefaultTccliDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ".tccli"
	}
	return filepath.Join(home, ".tccli")
}

func (s tencentcloudProfileSource) file() string { return filepath.Join(s.dir, s.name+".credential") }

func (s tencentcloudProfileSource) Describe() string {
	return fmt.Sprintf("profile %q (%s)", s.name, s.file())
}

func (s tencentcloudProfileSource) Retrieve(ctx context.Context) (Credentials, error) {
	raw, err := os.ReadFile(s.file())
	if err != nil {
		return Credentials{}, fmt.Errorf("reading the Tencent Cloud CLI credential file: %w%s", err, s.others())
	}
	var p tccliCredential
	if err := json.Unmarshal(raw, &p); err != nil {
		return Credentials{}, fmt.Errorf("%s is not the CLI's JSON credential file: %v", s.file(), err)
	}
	var empty []string
	if p.SecretID == "" {
		empty = append(empty, "secretId")
	}
	if p.SecretKey == "" {
		empty = append(empty, "secretKey")
	}
	if len(empty) > 0 {
		return Credentials{}, fmt.Errorf("%s has no %s", s.file(), strings.Join(empty, ", "))
	}
	keys := Credentials{AccessKey: p.SecretID, SecretKey: p.SecretKey, SecurityToken: p.Token}
	if p.RoleArn == "" {
		return keys, nil
	}
	session := p.RoleSessionName
	if session == "" {
		session = DefaultSessionName
	}
	base := NewCredentialCache(staticSource{creds: keys, name: s.Describe()}, nil)
	return tencentcloudAssumeRoleSource{base: base, env: s.env, in: tencentcloud.AssumeRoleInput{RoleArn: p.RoleArn, SessionName: session}}.Retrieve(ctx)
}

// others names the profiles the directory has, for a profile not found.
func (s tencentcloudProfileSource) others() string {
	matches, _ := filepath.Glob(filepath.Join(s.dir, "*.credential"))
	if len(matches) == 0 {
		return ""
	}
	names := make([]string, 0, len(matches))
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(filepath.Base(m), ".credential"))
	}
	return fmt.Sprintf(" (the directory has the profiles: %s)", strings.Join(names, ", "))
}
