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
	// The Tencent Cloud credential sources, with the vendor provider's names.
	"tencentcloud.profile":                                               {"TENCENTCLOUD_PROFILE"},
	"tencentcloud.shared_credentials_dir":                                {"TENCENTCLOUD_SHARED_CREDENTIALS_DIR"},
	"tencentcloud.cam_role_name":                                         {"TENCENTCLOUD_CAM_ROLE_NAME"},
	"tencentcloud.cvm_metadata_endpoint":                                 {"TELEMETRY_TENCENTCLOUD_CVM_METADATA_ENDPOINT"},
	"tencentcloud.sts_endpoint":                                          {"TELEMETRY_TENCENTCLOUD_STS_ENDPOINT"},
	"tencentcloud.assume_role.role_arn":                                  {"TENCENTCLOUD_ASSUME_ROLE_ARN"},
	"tencentcloud.assume_role.session_name":                              {"TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"},
	"tencentcloud.assume_role.session_duration":                          {"TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"},
	"tencentcloud.assume_role.external_id":                               {"TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID"},
	"tencentcloud.assume_role_with_web_identity.provider_id":             {"TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID", "TKE_PROVIDER_ID"},
	"tencentcloud.assume_role_with_web_identity.role_arn":                {"TENCENTCLOUD_ASSUME_ROLE_ARN", "TKE_ROLE_ARN"},
	"tencentcloud.assume_role_with_web_identity.session_name":            {"TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"},
	"tencentcloud.assume_role_with_web_identity.session_duration":        {"TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"},
	"tencentcloud.assume_role_with_web_identity.web_identity_token":      {"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"},
	"tencentcloud.assume_role_with_web_identity.web_identity_token_file": {"TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE", "TKE_WEB_IDENTITY_TOKEN_FILE"},
}
