package conns

import (
	"context"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

// HuaweicloudSourceOrder names the Huawei Cloud credential sources in the
// order they are tried. It follows the vendor's provider (a token, then
// AK/SK, then the CLI's shared configuration file, then the ECS metadata
// service), with OIDC, which the vendor's SDK reads beside the keys, before
// the metadata service.
const HuaweicloudSourceOrder = "1. an IAM token (huaweicloud.auth_token), " +
	"2. static keys (huaweicloud.access_key and secret_key), " +
	"3. a profile of the KooCLI (hcloud) config.json (huaweicloud.profile or shared_config_file), " +
	"4. OIDC (huaweicloud.idp_id and id_token_file), " +
	"5. the ECS instance's agency from the metadata service (huaweicloud.ecs_metadata_endpoint); " +
	"assume_role, when set, obtains the agency's temporary AK/SK with the credentials of the first of these that is configured"

// huaweicloudSourceSettings are the settings that configure a credential
// source: while one is unknown (it comes from a resource not applied yet),
// no source found is not an error yet.
var huaweicloudSourceSettings = []string{"huaweicloud.auth_token", "huaweicloud.access_key", "huaweicloud.secret_key", "huaweicloud.profile",
	"huaweicloud.shared_config_file", "huaweicloud.idp_id", "huaweicloud.id_token_file", "huaweicloud.ecs_metadata_endpoint"}

// huaweiCreds is what the chain chose: a fixed IAM token sent as
// X-Auth-Token, or a source of AK/SK.
type huaweiCreds struct {
	token string
	src   CredentialSource
}

// huaweicloudChain picks the Huawei Cloud credential source of s, in the
// order of HuaweicloudSourceOrder, without calling the network. When no
// source is configured, or one is configured in part, it returns what is
// missing.
func huaweicloudChain(s HuaweicloudSettings, env iamEnv) (huaweiCreds, []*MissingSettingError) {
	base, miss := huaweicloudBase(s, env)
	if miss != nil || s.AssumeRole == nil {
		return base, miss
	}
	a := s.AssumeRole
	if a.AgencyName == "" || (a.DomainName == "" && a.DomainID == "") {
		const why = "assume_role needs the agency's name and the name or id of the account that owns it"
		return huaweiCreds{}, []*MissingSettingError{missingSetting("huaweicloud", "assume_role.agency_name", why), missingSetting("huaweicloud", "assume_role.domain_name", why)}
	}
	agency := huaweiAgencySource{token: base.token, env: env, in: huaweicloud.AgencyInput{
		AgencyName: a.AgencyName, DomainName: a.DomainName, DomainID: a.DomainID, SessionName: a.SessionName, Duration: a.Duration,
	}}
	if base.src != nil {
		agency.base = NewCredentialCache(base.src, nil)
	}
	return huaweiCreds{src: agency}, nil
}

// huaweicloudBase is the first configured source of the chain.
func huaweicloudBase(s HuaweicloudSettings, env iamEnv) (huaweiCreds, []*MissingSettingError) {
	const sign = "needed to sign Huawei Cloud requests unless auth_token (HW_AUTH_TOKEN) is set"
	switch {
	case s.AuthToken != "":
		return huaweiCreds{token: s.AuthToken}, nil
	case s.AccessKey != "" || s.SecretKey != "":
		src, miss := staticKeys("huaweicloud", "access_key", Credentials{AccessKey: s.AccessKey, SecretKey: s.SecretKey, SecurityToken: s.SecurityToken}, sign)
		return huaweiCreds{src: src}, miss
	case s.Profile != "" || s.SharedConfigFile != "":
		file := s.SharedConfigFile
		if file == "" {
			file = DefaultHcloudConfigFile()
		}
		return huaweiCreds{src: huaweiProfileSource{file: file, name: s.Profile, env: env}}, nil
	case s.IdpID != "" || s.IDTokenFile != "":
		var miss []*MissingSettingError
		for attr, v := range map[string]string{"idp_id": s.IdpID, "id_token_file": s.IDTokenFile} {
			if v == "" {
				miss = append(miss, missingSetting("huaweicloud", attr, "OIDC needs the identity provider and the ID token file"))
			}
		}
		if miss != nil {
			return huaweiCreds{}, miss
		}
		return huaweiCreds{src: huaweiOIDCSource{idpID: s.IdpID, tokenFile: s.IDTokenFile, env: env}}, nil
	case s.ECSMetadataEndpoint != "":
		return huaweiCreds{src: huaweiECSSource{env: env}}, nil
	}
	why := sign + "; no other credential source is configured either"
	first := missingSetting("huaweicloud", "access_key", why)
	first.Note = "Credential sources, tried in this order: " + HuaweicloudSourceOrder + "."
	return huaweiCreds{}, []*MissingSettingError{first, missingSetting("huaweicloud", "secret_key", why)}
}

// huaweicloudCredentials is the credentials func of the Huawei clients: the
// one cache of this configuration, its failures named.
func (c *Clients) huaweicloudCredentials(src CredentialSource) func(context.Context) (huaweicloud.Credentials, error) {
	get := c.credentials("Huawei Cloud", src, HuaweicloudSourceOrder)
	return func(ctx context.Context) (huaweicloud.Credentials, error) {
		creds, err := get(ctx)
		return toHW(creds), err
	}
}
