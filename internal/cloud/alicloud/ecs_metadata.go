package alicloud

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/metadata"
)

// DefaultECSMetadataEndpoint is the instance metadata service of an ECS
// instance.
const DefaultECSMetadataEndpoint = "http://100.100.100.200"

// ecsRole is where the ECS metadata service serves the RAM role.
var ecsRole = metadata.Role{Path: "/latest/meta-data/ram/security-credentials/", Kind: "RAM role", Bind: "attach one to the instance"}

// ECSRoleCredentials reads the temporary credentials of the instance's RAM
// role from the metadata service at endpoint (empty means
// DefaultECSMetadataEndpoint). An empty role is looked up first (the
// metadata service names the instance's role).
func ECSRoleCredentials(ctx context.Context, client *http.Client, endpoint, role string) (Credentials, error) {
	if endpoint == "" {
		endpoint = DefaultECSMetadataEndpoint
	}
	role, body, err := ecsRole.Document(ctx, client, endpoint, role)
	if err != nil {
		return Credentials{}, err
	}
	var m struct {
		Code, AccessKeyID, AccessKeySecret, SecurityToken, Expiration string
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return Credentials{}, fmt.Errorf("the credentials of RAM role %q are not JSON", role)
	}
	if m.Code != "Success" {
		return Credentials{}, fmt.Errorf("the metadata service answered Code %q for RAM role %q", m.Code, role)
	}
	exp, err := time.Parse(time.RFC3339, m.Expiration)
	if err != nil || m.AccessKeyID == "" || m.AccessKeySecret == "" {
		return Credentials{}, fmt.Errorf("the credentials of RAM role %q are incomplete", role)
	}
	return Credentials{AccessKey: m.AccessKeyID, SecretKey: m.AccessKeySecret, SecurityToken: m.SecurityToken, Expiration: exp}, nil
}
