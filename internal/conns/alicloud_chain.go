package conns

import (
	"context"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
)

// alicloudSourceSettings are the settings that configure a credential
// source: while one is unknown (it comes from a resource not applied yet),
// no source found is not an error yet.
var alicloudSourceSettings = []string{"alicloud.access_key", "alicloud.secret_key", "alicloud.profile", "alicloud.oidc_role_arn",
	"alicloud.oidc_provider_arn", "alicloud.oidc_token_file", "alicloud.ecs_role_name", "alicloud.ecs_metadata_endpoint"}

// alicloudChain picks the Alibaba Cloud credential source of s, in the
// order of AlicloudSourceOrder, without calling the network. When no source
// is configured, or one is configured in part, it returns what is missing.
func alicloudChain(s AlicloudSettings, env stsEnv) (CredentialSource, []*MissingSettingError) {
	base, miss := alicloudBase(s, env)
	if miss != nil || s.AssumeRole == nil {
		return base, miss
	}
	session := s.AssumeRole.SessionName
	if session == "" {
		session = DefaultSessionName
	}
	return alicloudAssumeRoleSource{base: NewCredentialCache(base, nil), env: env, in: alicloud.AssumeRoleInput{
		RoleArn: s.AssumeRole.RoleArn, SessionName: session, ExternalID: s.AssumeRole.ExternalID,
		Policy: s.AssumeRole.Policy, Duration: s.AssumeRole.Duration,
	}}, nil
}

// alicloudBase is the first configured source of the chain.
func alicloudBase(s AlicloudSettings, env stsEnv) (CredentialSource, []*MissingSettingError) {
	const sign = "needed to sign Alibaba Cloud requests"
	switch {
	case s.AccessKey != "" || s.SecretKey != "":
		return staticKeys("alicloud", "access_key", Credentials{AccessKey: s.AccessKey, SecretKey: s.SecretKey, SecurityToken: s.SecurityToken}, sign)
	case s.Profile != "":
		file := s.SharedCredentialsFile
		if file == "" {
			file = DefaultAliyunConfigFile()
		}
		return alicloudProfileSource{file: file, name: s.Profile, env: env}, nil
	case s.OIDCRoleArn != "" || s.OIDCProviderArn != "" || s.OIDCTokenFile != "":
		var miss []*MissingSettingError
		for attr, v := range map[string]string{"oidc_role_arn": s.OIDCRoleArn, "oidc_provider_arn": s.OIDCProviderArn, "oidc_token_file": s.OIDCTokenFile} {
			if v == "" {
				miss = append(miss, missingSetting("alicloud", attr, "OIDC needs the role, the OIDC provider and the token file"))
			}
		}
		if miss != nil {
			return nil, miss
		}
		return alicloudOIDCSource{roleArn: s.OIDCRoleArn, providerArn: s.OIDCProviderArn, tokenFile: s.OIDCTokenFile, session: DefaultSessionName, env: env}, nil
	case s.ECSRoleName != "" || s.ECSMetadataEndpoint != "":
		return alicloudECSSource{role: s.ECSRoleName, env: env}, nil
	}
	why := sign + "; no other credential source is configured either"
	first := missingSetting("alicloud", "access_key", why)
	first.Note = "Credential sources, tried in this order: " + AlicloudSourceOrder + "."
	return nil, []*MissingSettingError{first, missingSetting("alicloud", "secret_key", why)}
}

// alicloudCredentials is the credentials func of the Alibaba clients: the
// one cache of this configuration, its failures named.
func (c *Clients) alicloudCredentials(src CredentialSource) func(context.Context) (alicloud.Credentials, error) {
	get := c.credentials("Alibaba Cloud", src, AlicloudSourceOrder)
	return func(ctx context.Context) (alicloud.Credentials, error) {
		creds, err := get(ctx)
		return toAli(creds), err
	}
}
