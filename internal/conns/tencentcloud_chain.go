package conns

import (
	"context"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// tencentcloudSourceSettings are the settings that configure a credential
// source: while one is unknown (it comes from a resource not applied yet),
// no source found is not an error yet.
var tencentcloudSourceSettings = []string{"tencentcloud.secret_id", "tencentcloud.secret_key", "tencentcloud.profile",
	"tencentcloud.shared_credentials_dir", "tencentcloud.assume_role_with_web_identity.role_arn",
	"tencentcloud.assume_role_with_web_identity.provider_id", "tencentcloud.assume_role_with_web_identity.web_identity_token",
	"tencentcloud.assume_role_with_web_identity.web_identity_token_file", "tencentcloud.cam_role_name", "tencentcloud.cvm_metadata_endpoint"}

// tencentcloudChain picks the Tencent Cloud credential source of s, in the
// order of TencentcloudSourceOrder, without calling the network. When no
// source is configured, or one is configured in part, it returns what is
// missing.
func tencentcloudChain(s TencentcloudSettings, env tcEnv) (CredentialSource, []*MissingSettingError) {
	base, miss := tencentcloudBase(s, env)
	if miss != nil || s.AssumeRole == nil {
		return base, miss
	}
	session := s.AssumeRole.SessionName
	if session == "" {
		session = DefaultSessionName
	}
	return tencentcloudAssumeRoleSource{base: NewCredentialCache(base, nil), env: env, in: tencentcloud.AssumeRoleInput{
		RoleArn: s.AssumeRole.RoleArn, SessionName: session, ExternalID: s.AssumeRole.ExternalID,
		Policy: s.AssumeRole.Policy, Duration: s.AssumeRole.Duration,
	}}, nil
}

// tencentcloudBase is the first configured source of the chain.
func tencentcloudBase(s TencentcloudSettings, env tcEnv) (CredentialSource, []*MissingSettingError) {
	const sign = "needed to sign Tencent Cloud requests"
	switch {
	case s.SecretID != "" || s.SecretKey != "":
		return staticKeys("tencentcloud", "secret_id", Credentials{AccessKey: s.SecretID, SecretKey: s.SecretKey, SecurityToken: s.SecurityToken}, sign)
	case s.WebIdentity != nil:
		return tencentcloudWebIdentity(*s.WebIdentity, env)
	case s.Profile != "" || s.SharedCredentialsDir != "":
		dir, name := s.SharedCredentialsDir, s.Profile
		if dir == "" {
			dir = DefaultTccliDir()
		}
		if name == "" {
			name = "default"
		}
		return tencentcloudProfileSource{dir: dir, name: name, env: env}, nil
	case s.CAMRoleName != "" || s.MetadataEndpoint != "":
		return tencentcloudCAMRoleSource{role: s.CAMRoleName, env: env}, nil
	}
	why := sign + "; no other credential source is configured either"
	first := missingSetting("tencentcloud", "secret_id", why)
	first.Note = "Credential sources, tried in this order: " + TencentcloudSourceOrder + "."
	return nil, []*MissingSettingError{first, missingSetting("tencentcloud", "secret_key", why)}
}

// tencentcloudWebIdentity is the web identity source of w, or what it lacks.
func tencentcloudWebIdentity(w TencentcloudWebIdentity, env tcEnv) (CredentialSource, []*MissingSettingError) {
	const why = "web identity needs the role, the OIDC provider id and the token (or its file)"
	wiMissing := func(attr string) *MissingSettingError {
		key := "assume_role_with_web_identity." + attr
		return &MissingSettingError{Block: "tencentcloud", Attribute: key, EnvVars: EnvVars["tencentcloud."+key], Why: why}
	}
	var miss []*MissingSettingError
	if w.RoleArn == "" {
		miss = append(miss, wiMissing("role_arn"))
	}
	if w.ProviderID == "" {
		miss = append(miss, wiMissing("provider_id"))
	}
	if w.Token == "" && w.TokenFile == "" {
		miss = append(miss, wiMissing("web_identity_token_file"))
	}
	if miss != nil {
		return nil, miss
	}
	if w.SessionName == "" {
		w.SessionName = DefaultSessionName
	}
	return tencentcloudWebIdentitySource{w: w, env: env}, nil
}

// tencentcloudCredentials is the credentials func of the Tencent clients:
// the one cache of this configuration, its failures named.
func (c *Clients) tencentcloudCredentials(src CredentialSource) func(context.Context) (tencentcloud.Credentials, error) {
	get := c.credentials("Tencent Cloud", src, TencentcloudSourceOrder)
	return func(ctx context.Context) (tencentcloud.Credentials, error) {
		creds, err := get(ctx)
		return toTC(creds), err
	}
}
