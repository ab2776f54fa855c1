package tencentcloud

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/metadata"
)

// DefaultMetadataEndpoint is the instance metadata service of a CVM
// instance (the vendor's SDK reads the CAM role there).
const DefaultMetadataEndpoint = "http://metadata.tencentyun.com"

// camRole is where the CVM metadata service serves the CAM role.
var camRole = metadata.Role{Path: "/latest/meta-data/cam/security-credentials/", Kind: "CAM role", Bind: "bind one to the instance"}

// CVMRoleCredentials reads the temporary credentials of the instance's CAM
// role from the metadata service at endpoint (empty means
// DefaultMetadataEndpoint). An empty role is looked up first: the service
// names the role bound to the instance.
func CVMRoleCredentials(ctx context.Context, client *http.Client, endpoint, role string) (Credentials, error) {
	if endpoint == "" {
		endpoint = DefaultMetadataEndpoint
	}
	role, body, err := camRole.Document(ctx, client, endpoint, role)
	if err != nil {
		return Credentials{}, err
	}
	var m struct {
		TmpSecretID  string `json:"TmpSecretId"`
		TmpSecretKey string `json:"TmpSecretKey"`
		Token        string `json:"Token"`
		ExpiredTime  int64  `json:"ExpiredTime"`
		Expiration   string `json:"Expiration"`
		Code         string `json:"Code"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return Credentials{}, fmt.Errorf("the credentials of CAM role %q are not JSON", role)
	}
	if m.Code != "Success" {
		return Credentials{}, fmt.Errorf("the metadata service answered Code %q for CAM role %q", m.Code, role)
	}
	exp, err := expiry(m.ExpiredTime, m.Expiration)
	if err != nil || m.TmpSecretID == "" || m.TmpSecretKey == "" {
		return Credentials{}, fmt.Errorf("the credentials of CAM role %q are incomplete", role)
	}
	return Credentials{SecretID: m.TmpSecretID, SecretKey: m.TmpSecretKey, SecurityToken: m.Token, Expiration: exp}, nil
}
