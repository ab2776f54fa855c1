package conns

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

// HuaweicloudSources are the huaweicloud block's credential sources beyond
// the token and the static keys, and the endpoints they call.
type HuaweicloudSources struct {
	// Profile names a profile of SharedConfigFile (default
	// ~/.hcloud/config.json, KooCLI's); empty means its current one.
	Profile, SharedConfigFile string
	// IdpID and IDTokenFile configure the OIDC source.
	IdpID, IDTokenFile string
	// ECSMetadataEndpoint, when set, makes the ECS agency the last source.
	ECSMetadataEndpoint string
	// IAMEndpoint replaces https://iam.myhuaweicloud.com.
	IAMEndpoint string
	// AssumeRole, when set, obtains an agency's temporary AK/SK with the
	// chain's credentials.
	AssumeRole *HuaweicloudAssumeRole
}

// HuaweicloudAssumeRole is the huaweicloud block's assume_role.
type HuaweicloudAssumeRole struct {
	AgencyName, DomainName, DomainID, SessionName string
	Duration                                      time.Duration
}

// oidcKeyDuration is the lifetime the OIDC source asks for its temporary
// AK/SK.
const oidcKeyDuration = time.Hour

// iamEnv is what the IAM and metadata calls of a credential source need.
type iamEnv struct {
	endpoint, metadata, userAgent, projectID string
	httpClient                               *http.Client
	maxRetries                               int
}

func (e iamEnv) iam(creds func(context.Context) (huaweicloud.Credentials, error), token string) *huaweicloud.IAM {
	return huaweicloud.NewIAM(huaweicloud.IAMConfig{Endpoint: e.endpoint, Credentials: creds, AuthToken: token,
		HTTPClient: e.httpClient, UserAgent: e.userAgent, MaxRetries: e.maxRetries})
}

func (e iamEnv) iamHost() string {
	if e.endpoint == "" {
		return huaweicloud.DefaultIAMEndpoint
	}
	return e.endpoint
}

func toHW(c Credentials) huaweicloud.Credentials {
	return huaweicloud.Credentials{AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken, Expiration: c.Expiration}
}

func fromHW(c huaweicloud.Credentials) Credentials {
	return Credentials{AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken, Expiration: c.Expiration}
}

// huaweiAgencySource obtains an agency's temporary AK/SK with the AK/SK of
// base, or with the IAM token when base is nil.
type huaweiAgencySource struct {
	base  *CredentialCache
	token string
	in    huaweicloud.AgencyInput
	env   iamEnv
}

func (s huaweiAgencySource) Retrieve(ctx context.Context) (Credentials, error) {
	var creds func(context.Context) (huaweicloud.Credentials, error)
	if s.base != nil {
		creds = func(ctx context.Context) (huaweicloud.Credentials, error) {
			c, err := s.base.Get(ctx)
			return toHW(c), err
		}
	}
	c, err := s.env.iam(creds, s.token).AssumeAgency(ctx, s.in)
	return fromHW(c), err
}

func (s huaweiAgencySource) Describe() string {
	base := "the IAM token (huaweicloud.auth_token)"
	if s.base != nil {
		base = s.base.Source().Describe()
	}
	domain := s.in.DomainName
	if domain == "" {
		domain = "domain id " + s.in.DomainID
	}
	return fmt.Sprintf("assume_role agency %s of %s (IAM securitytokens at %s with the credentials of %s)", s.in.AgencyName, domain, s.env.iamHost(), base)
}

// huaweiOIDCSource exchanges the OIDC ID token in a file (read again at
// every refresh: CI systems rotate it) for an IAM token, and that for
// temporary AK/SK.
type huaweiOIDCSource struct {
	idpID, tokenFile string
	env              iamEnv
}

func (s huaweiOIDCSource) Retrieve(ctx context.Context) (Credentials, error) {
	idToken, err := readTokenFile(s.tokenFile, "OIDC ID token")
	if err != nil {
		return Credentials{}, err
	}
	iam := s.env.iam(nil, "")
	tok, err := iam.TokenWithIDToken(ctx, s.idpID, idToken, s.env.projectID)
	if err != nil {
		return Credentials{}, err
	}
	c, err := iam.TokenCredentials(ctx, tok.Token, oidcKeyDuration)
	return fromHW(c), err
}

func (s huaweiOIDCSource) Describe() string {
	return fmt.Sprintf("OIDC (IAM id-token tokens of identity provider %s with the ID token in %s, at %s)", s.idpID, s.tokenFile, s.env.iamHost())
}

// huaweiECSSource reads the ECS instance's agency credentials from the
// metadata service.
type huaweiECSSource struct{ env iamEnv }

func (s huaweiECSSource) Retrieve(ctx context.Context) (Credentials, error) {
	c, err := huaweicloud.ECSAgencyCredentials(ctx, s.env.httpClient, s.env.metadata)
	return fromHW(c), err
}

func (s huaweiECSSource) Describe() string {
	where := s.env.metadata
	if where == "" {
		where = huaweicloud.DefaultECSMetadataEndpoint
	}
	return "the ECS instance's agency from the metadata service at " + where
}

func (p hcloudProfile) profileName() string { return p.Name }

// hcloudProfile is a profile of KooCLI's (hcloud's) config.json, with
// authentication information not encrypted (hcloud configure set
// --cli-auth-encrypt=false).
type hcloudProfile struct {
	Name             string `json:"name"`
	Mode             string `json:"mode"`
	AccessKeyID      string `json:"accessKeyId"`
	SecretAccessKey  string `json:"secretAccessKey"`
	SecurityToken    string `json:"securityToken"`
	AgencyName       string `json:"agencyName"`
	AgencyDomainName string `json:"agencyDomainName"`
	AgencyDomainID   string `json:"agencyDomainId"`
}

// DefaultHcloudConfigFile is where KooCLI keeps its profiles.
func DefaultHcloudConfigFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".hcloud", "config.json")
	}
	return filepath.Join(home, ".hcloud", "config.json")
}

// huaweiProfileSource is a profile of KooCLI's config.json (its current one
// when name is empty), read at every refresh.
type huaweiProfileSource struct {
	file, name string
	env        iamEnv
}

func (s huaweiProfileSource) Describe() string {
	if s.name == "" {
		return "the current profile of " + s.file
	}
	return fmt.Sprintf("profile %q of %s", s.name, s.file)
}

func (s huaweiProfileSource) Retrieve(ctx context.Context) (Credentials, error) {
	p, err := s.load()
	if err != nil {
		return Credentials{}, err
	}
	switch p.Mode {
	case "", "AKSK":
		if p.AccessKeyID == "" || p.SecretAccessKey == "" {
			return Credentials{}, fmt.Errorf("%s (mode AKSK) has no accessKeyId or secretAccessKey; "+
				"if KooCLI encrypts them, run: hcloud configure set --cli-auth-encrypt=false", s.Describe())
		}
		keys := Credentials{AccessKey: p.AccessKeyID, SecretKey: p.SecretAccessKey, SecurityToken: p.SecurityToken}
		if p.AgencyName == "" {
			return keys, nil
		}
		return huaweiAgencySource{base: NewCredentialCache(staticSource{creds: keys, name: s.Describe()}, nil), env: s.env, in: huaweicloud.AgencyInput{
			AgencyName: p.AgencyName, DomainName: p.AgencyDomainName, DomainID: p.AgencyDomainID,
		}}.Retrieve(ctx)
	case "ecsAgency":
		return huaweiECSSource{env: s.env}.Retrieve(ctx)
	}
	return Credentials{}, fmt.Errorf("%s has mode %q; the provider reads the modes AKSK and ecsAgency", s.Describe(), p.Mode)
}

func (s huaweiProfileSource) load() (hcloudProfile, error) {
	return loadProfile[hcloudProfile](s.file, s.name, "KooCLI")
}
