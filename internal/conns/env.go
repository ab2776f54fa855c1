package conns

// EnvVars are the environment variables each provider block setting
// ("alicloud.access_key") falls back to, in the order they are read: the
// first one set wins. The provider reads them, its schema descriptions and
// the missing-setting errors name them from here, and docs/index.md lists
// them (internal/provider's TestEnvVarsDocumented compares the two).
var EnvVars = map[string][]string{
	"alicloud.access_key":              {"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
	"alicloud.secret_key":              {"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
	"alicloud.security_token":          {"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN"},
	"alicloud.region":                  {"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID"},
	"alicloud.endpoint":                {"TELEMETRY_ALICLOUD_ENDPOINT"},
	"alicloud.insecure_http":           {"TELEMETRY_ALICLOUD_INSECURE_HTTP"},
	"alicloud.profile":                 {"ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"},
	"alicloud.shared_credentials_file": {"ALICLOUD_SHARED_CREDENTIALS_FILE"},
	"alicloud.oidc_role_arn":           {"ALIBABA_CLOUD_ROLE_ARN"},
	"alicloud.oidc_provider_arn":       {"ALIBABA_CLOUD_OIDC_PROVIDER_ARN"},
	"alicloud.oidc_token_file":         {"ALIBABA_CLOUD_OIDC_TOKEN_FILE"},
	"alicloud.ecs_role_name":           {"ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"},
	"alicloud.ecs_metadata_endpoint":   {"TELEMETRY_ALICLOUD_ECS_METADATA_ENDPOINT"},
	"alicloud.sts_endpoint":            {"TELEMETRY_ALICLOUD_STS_ENDPOINT"},
	"tencentcloud.secret_id":           {"TENCENTCLOUD_SECRET_ID"},
	"tencentcloud.secret_key":          {"TENCENTCLOUD_SECRET_KEY"},
	"tencentcloud.security_token":      {"TENCENTCLOUD_SECURITY_TOKEN"},
	"tencentcloud.region":              {"TENCENTCLOUD_REGION"},
	"tencentcloud.endpoint":            {"TELEMETRY_TENCENTCLOUD_ENDPOINT"},
	"tencentcloud.insecure_http":       {"TELEMETRY_TENCENTCLOUD_INSECURE_HTTP"},
	"huaweicloud.access_key":           {"HW_ACCESS_KEY"},
	"huaweicloud.secret_key":           {"HW_SECRET_KEY"},
	"huaweicloud.security_token":       {"HW_SECURITY_TOKEN"},
	"huaweicloud.auth_token":           {"HW_AUTH_TOKEN"},
	"huaweicloud.project_id":           {"HW_PROJECT_ID"},
	"huaweicloud.region":               {"HW_REGION_NAME"},
	"huaweicloud.endpoint":             {"TELEMETRY_HUAWEICLOUD_ENDPOINT"},
	"huaweicloud.insecure_http":        {"TELEMETRY_HUAWEICLOUD_INSECURE_HTTP"},

	// Huawei Cloud's credential sources beyond the token and the keys (huaweicloud_creds.go).
	"huaweicloud.profile":                 {"HW_PROFILE"},
	"huaweicloud.shared_config_file":      {"HW_SHARED_CONFIG_FILE"},
	"huaweicloud.idp_id":                  {"HUAWEICLOUD_SDK_IDP_ID"},
	"huaweicloud.id_token_file":           {"HUAWEICLOUD_SDK_ID_TOKEN_FILE"},
	"huaweicloud.ecs_metadata_endpoint":   {"TELEMETRY_HUAWEICLOUD_ECS_METADATA_ENDPOINT"},
	"huaweicloud.iam_endpoint":            {"TELEMETRY_HUAWEICLOUD_IAM_ENDPOINT"},
	"huaweicloud.assume_role.agency_name": {"HW_ASSUME_ROLE_AGENCY_NAME"},
	"huaweicloud.assume_role.domain_name": {"HW_ASSUME_ROLE_DOMAIN_NAME"},
	"huaweicloud.assume_role.domain_id":   {"HW_ASSUME_ROLE_DOMAIN_ID"},
	"huaweicloud.assume_role.duration":    {"HW_ASSUME_ROLE_DURATION"},
}
