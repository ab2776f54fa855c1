// Package conns resolves the provider configuration into per-cloud clients.
// Credentials are resolved lazily: a configuration that only uses Tencent
// resources never needs Alibaba keys, and a missing credential is reported
// by the first resource of that cloud, naming the attribute and the
// environment variable to set.
package conns

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// AlicloudSettings are the resolved alicloud block values (env already applied).
type AlicloudSettings struct {
	AccessKey, SecretKey, SecurityToken, Region, Endpoint string
	// Profile names a profile of SharedCredentialsFile (default
	// ~/.aliyun/config.json, the Alibaba Cloud CLI's).
	Profile, SharedCredentialsFile string
	// AssumeRole, when set, is assumed with the chain's credentials.
	AssumeRole *AlicloudAssumeRole
	// OIDCRoleArn, OIDCProviderArn and OIDCTokenFile configure the OIDC source.
	OIDCRoleArn, OIDCProviderArn, OIDCTokenFile string
	// ECSRoleName and ECSMetadataEndpoint configure the instance role source.
	ECSRoleName, ECSMetadataEndpoint string
	// STSEndpoint replaces https://sts.aliyuncs.com.
	STSEndpoint string
}

// TencentcloudSettings are the resolved tencentcloud block values.
type TencentcloudSettings struct {
	SecretID, SecretKey, SecurityToken, Region, Endpoint string
	// Profile names the <profile>.credential file of SharedCredentialsDir
	// (default ~/.tccli, the Tencent Cloud CLI's).
	Profile, SharedCredentialsDir string
	// AssumeRole, when set, is assumed with the chain's credentials.
	AssumeRole *TencentcloudAssumeRole
	// WebIdentity, when set, configures the web identity (OIDC) source.
	WebIdentity *TencentcloudWebIdentity
	// CAMRoleName and MetadataEndpoint configure the CVM instance role source.
	CAMRoleName, MetadataEndpoint string
	// STSEndpoint replaces https://sts.tencentcloudapi.com.
	STSEndpoint string
}

// HuaweicloudSettings are the resolved huaweicloud block values.
type HuaweicloudSettings struct {
	AccessKey, SecretKey, SecurityToken, AuthToken, ProjectID, Region, Endpoint string
	// Huawei Cloud's other credential sources and endpoints: huaweicloud_creds.go.
	HuaweicloudSources
}

// Settings is the whole provider configuration after defaults and env.
type Settings struct {
	Alicloud     AlicloudSettings
	Tencentcloud TencentcloudSettings
	Huaweicloud  HuaweicloudSettings
	MaxRetries   int
	UserAgent    string
	HTTPClient   *http.Client
	// ReadAfterWrite bounds how long "not found" right after a write is
	// taken for propagation; zero means tfresource.PropagationTimeout,
	// negative means none.
	ReadAfterWrite time.Duration
	// Now replaces the credential caches' clock in tests (nil: time.Now).
	Now func() time.Time
	// Unknown holds the settings ("alicloud.access_key") that were unknown
	// when the provider was configured: they come from resources not
	// applied yet, so they are known at apply, not missing.
	Unknown map[string]bool
}

// Clients hands out one client per cloud and region, built on first use.
type Clients struct {
	s Settings
	// limiters are the client-side rate limiters of this configuration,
	// shared by its clients of one account and by no other Clients.
	limiters *transport.Limiters

	mu       sync.Mutex
	creds    map[string]*CredentialCache // per cloud, shared by every region (credentials.go)
	alicloud map[string]*alicloud.Client
	tencent  map[string]*tencentcloud.Client
	huawei   map[string]*huaweicloud.Client
}

// New returns Clients for s.
func New(s Settings) *Clients {
	return &Clients{s: s, limiters: transport.NewLimiters(), creds: map[string]*CredentialCache{}, alicloud: map[string]*alicloud.Client{}, tencent: map[string]*tencentcloud.Client{}, huawei: map[string]*huaweicloud.Client{}}
}

// MissingSettingError names what to configure: the first missing setting
// of a cloud, and in Also every other one, so that one plan names them all.
type MissingSettingError struct {
	Block, Attribute string
	EnvVars          []string
	Why              string
	Also             []*MissingSettingError
	// Note, when set, ends the message (the credential sources tried).
	Note string
}

// missingSetting is the error for the unset setting block.attr, naming its
// environment variables.
func missingSetting(block, attr, why string) *MissingSettingError {
	return &MissingSettingError{Block: block, Attribute: attr, EnvVars: EnvVars[block+"."+attr], Why: why}
}

// UnknownSettingError says that a setting a client needs is not known yet
// (plan time, the value comes from another resource). It is not a mistake:
// plan-time checks skip it, and at apply the value is known.
type UnknownSettingError struct {
	Setting string
}

func (e *UnknownSettingError) Error() string {
	return fmt.Sprintf("the provider setting %s is known only at apply", e.Setting)
}

// IsUnknownSetting reports whether err is an *UnknownSettingError: a
// plan-time check should let the plan go on.
func IsUnknownSetting(err error) bool {
	var u *UnknownSettingError
	return errors.As(err, &u)
}

// Default is a provider-level default for resources ("alicloud.region",
// "tencentcloud.region", "huaweicloud.region", "huaweicloud.project_id"):
// unknown while it comes from a resource not applied yet, else its value
// (empty when unset).
func (c *Clients) Default(setting string) types.String {
	if c.s.Unknown[setting] {
		return types.StringUnknown()
	}
	v := map[string]string{
		"alicloud.region":        c.s.Alicloud.Region,
		"tencentcloud.region":    c.s.Tencentcloud.Region,
		"huaweicloud.region":     c.s.Huaweicloud.Region,
		"huaweicloud.project_id": c.s.Huaweicloud.ProjectID,
	}[setting]
	return types.StringValue(v)
}

// ReadAfterWrite is how long an object just written may stay invisible to
// reads before "not found" is believed.
func (c *Clients) ReadAfterWrite() time.Duration {
	switch {
	case c.s.ReadAfterWrite < 0:
		return 0
	case c.s.ReadAfterWrite == 0:
		return tfresource.PropagationTimeout
	}
	return c.s.ReadAfterWrite
}

// Unknown reports whether the setting ("huaweicloud.region") was unknown
// when the provider was configured.
func (c *Clients) Unknown(setting string) bool { return c.s.Unknown[setting] }

// missing returns the error for the settings that are empty (nil when none
// is): unknown when the configuration gives one that is not known yet,
// else one error naming every missing setting.
func (c *Clients) missing(ms ...*MissingSettingError) error {
	for _, m := range ms {
		if key := m.Block + "." + m.Attribute; c.s.Unknown[key] {
			return &UnknownSettingError{Setting: key}
		}
	}
	if len(ms) == 0 {
		return nil
	}
	first := ms[0]
	first.Also = ms[1:]
	return first
}

func (e *MissingSettingError) Error() string {
	if e.Note != "" {
		return e.message() + "\n\n" + e.Note
	}
	return e.message()
}

func (e *MissingSettingError) message() string {
	if len(e.Also) == 0 {
		return fmt.Sprintf("the %s credential %s.%s is not set (%s); set it in the provider's %s block or with the environment variable %s",
			e.Block, e.Block, e.Attribute, e.Why, e.Block, strings.Join(e.EnvVars, " or "))
	}
	lines := []string{fmt.Sprintf("%d %s settings are not set; set each in the provider's %s block or with its environment variable:", len(e.Also)+1, e.Block, e.Block)}
	for _, m := range append([]*MissingSettingError{e}, e.Also...) {
		lines = append(lines, fmt.Sprintf("- %s.%s (%s): %s", m.Block, m.Attribute, strings.Join(m.EnvVars, " or "), m.Why))
	}
	return strings.Join(lines, "\n")
}

// AlicloudRegion is the provider's default Alibaba region.
func (c *Clients) AlicloudRegion() string { return c.s.Alicloud.Region }

// TencentcloudRegion is the provider's default Tencent region.
func (c *Clients) TencentcloudRegion() string { return c.s.Tencentcloud.Region }

// HuaweicloudRegion is the provider's default Huawei region.
func (c *Clients) HuaweicloudRegion() string { return c.s.Huaweicloud.Region }

// HuaweicloudProjectID is the provider's default Huawei project id.
func (c *Clients) HuaweicloudProjectID() string { return c.s.Huaweicloud.ProjectID }

// Alicloud returns the CMS client for region ("" means the provider's region).
func (c *Clients) Alicloud(region string) (*alicloud.Client, error) {
	s := c.s.Alicloud
	if region == "" {
		region = s.Region
	}
	src, miss := alicloudChain(s, stsEnv{endpoint: s.STSEndpoint, metadata: s.ECSMetadataEndpoint, userAgent: c.s.UserAgent, httpClient: c.s.HTTPClient, maxRetries: c.s.MaxRetries})
	if miss != nil {
		for _, key := range alicloudSourceSettings {
			if c.s.Unknown[key] {
				return nil, &UnknownSettingError{Setting: key} // the source is known at apply
			}
		}
	}
	if region == "" {
		miss = append(miss, &MissingSettingError{Block: "alicloud", Attribute: "region", EnvVars: EnvVars["alicloud.region"], Why: "or set region on the resource"})
	}
	if err := c.missing(miss...); err != nil {
		return nil, err
	}
	creds := c.alicloudCredentials(src)
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.alicloud[region]; ok {
		return cl, nil
	}
	cl := alicloud.NewClient(alicloud.Config{
		Credentials:        creds,
		CredentialsExpired: func(token string) { c.invalidateCredentials("Alibaba Cloud", token) },
		Region:             region, Endpoint: s.Endpoint, MaxRetries: c.s.MaxRetries, HTTPClient: c.s.HTTPClient, UserAgent: c.s.UserAgent,
	})
	c.alicloud[region] = cl
	return cl, nil
}

// FromProviderData turns the ProviderData a resource, data source or action
// receives in Configure into *Clients. Nil data (Configure runs before the
// provider is configured during validation) gives nil and no error.
func FromProviderData(data any) (*Clients, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	c, ok := data.(*Clients)
	if !ok {
		diags.AddError("unexpected provider data",
			fmt.Sprintf("Expected *conns.Clients, got %T. This is a bug in the provider; please report it.", data))
	}
	return c, diags
}

// notConfigured is the diagnostic of a resource used before the provider
// was configured: a bug in the provider or the framework, never the user's.
func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("provider not configured", "The provider was not configured before the resource was used. This is a bug in the provider; please report it.")
}

// AlicloudFor is Alicloud for a resource: a failure becomes a diagnostic
// ("configuring the Alibaba Cloud client") and a nil client. c may be nil.
func (c *Clients) AlicloudFor(region string, diags *diag.Diagnostics) *alicloud.Client {
	return clientFor(c, (*Clients).Alicloud, "Alibaba Cloud", region, diags)
}

// TencentcloudFor is Tencentcloud for a resource, as AlicloudFor.
func (c *Clients) TencentcloudFor(region string, diags *diag.Diagnostics) *tencentcloud.Client {
	return clientFor(c, (*Clients).Tencentcloud, "Tencent Cloud", region, diags)
}

// HuaweicloudFor is Huaweicloud for a resource, as AlicloudFor.
func (c *Clients) HuaweicloudFor(region string, diags *diag.Diagnostics) *huaweicloud.Client {
	return clientFor(c, (*Clients).Huaweicloud, "Huawei Cloud", region, diags)
}

// clientFor builds a vendor client for a resource, turning a failure into
// a diagnostic and a nil client.
func clientFor[T any](c *Clients, build func(*Clients, string) (*T, error), cloud, region string, diags *diag.Diagnostics) *T {
	if c == nil {
		notConfigured(diags)
		return nil
	}
	cl, err := build(c, region)
	if err != nil {
		diags.AddError("configuring the "+cloud+" client", err.Error())
		return nil
	}
	return cl
}
