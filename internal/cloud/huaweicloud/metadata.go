package huaweicloud

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/metadata"
)

// DefaultECSMetadataEndpoint is the metadata service of an ECS instance.
const DefaultECSMetadataEndpoint = "http://169.254.169.254"

// ECS metadata paths: the session token (PUT, asked for first as the
// official SDK does; a service without it answers 404 or 405) and the
// temporary AK/SK of the instance's agency.
const (
	ECSMetadataTokenPath       = "/meta-data/latest/api/token"
	ECSMetadataSecurityKeyPath = "/openstack/latest/securitykey"
)

// metadataTokenTTL is the lifetime the provider asks for its metadata
// session token (the SDK's: 6 hours).
const metadataTokenTTL = "21600"

// ECSAgencyCredentials reads the temporary AK/SK of the ECS instance's
// agency from the metadata service at endpoint (empty means
// DefaultECSMetadataEndpoint).
func ECSAgencyCredentials(ctx context.Context, client *http.Client, endpoint string) (Credentials, error) {
	if endpoint == "" {
		endpoint = DefaultECSMetadataEndpoint
	}
	base := strings.TrimRight(endpoint, "/")
	status, token, err := metadata.Do(ctx, client, http.MethodPut, base+ECSMetadataTokenPath, map[string]string{"X-Metadata-Token-Ttl-Seconds": metadataTokenTTL})
	if err != nil {
		return Credentials{}, fmt.Errorf("asking the metadata service at %s for a session token: %w", endpoint, err)
	}
	header := map[string]string{}
	switch {
	case status == http.StatusOK:
		header["X-Metadata-Token"] = strings.TrimSpace(string(token))
	case status != http.StatusNotFound && status != http.StatusMethodNotAllowed:
		return Credentials{}, fmt.Errorf("the metadata service at %s answered HTTP %d to the session token request", endpoint, status)
	}
	status, body, err := metadata.Do(ctx, client, http.MethodGet, base+ECSMetadataSecurityKeyPath, header)
	if err != nil {
		return Credentials{}, fmt.Errorf("reading the agency's temporary AK/SK from the metadata service at %s: %w", endpoint, err)
	}
	if status != http.StatusOK {
		hint := ""
		if strings.Contains(string(body), "Cloud Service Agency") {
			hint = ": the instance has no agency; attach one to it"
		}
		return Credentials{}, fmt.Errorf("the metadata service at %s answered HTTP %d for the agency's temporary AK/SK%s", endpoint, status, hint)
	}
	var a credentialAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return Credentials{}, fmt.Errorf("the metadata service at %s answered a security key that is not JSON", endpoint)
	}
	return a.credentials("the metadata service's security key")
}
