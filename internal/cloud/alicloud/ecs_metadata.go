package alicloud

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// DefaultECSMetadataEndpoint is the instance metadata service of an ECS
// instance.
const DefaultECSMetadataEndpoint = "http://100.100.100.200"

const ecsCredentialsPath = "/latest/meta-data/ram/security-credentials/"

// ECSRoleCredentials reads the temporary credentials of the instance's RAM
// role from the metadata service at endpoint (empty means
// DefaultECSMetadataEndpoint). An empty role is looked up first (the
// metadata service names the instance's role).
func ECSRoleCredentials(ctx context.Context, client *http.Client, endpoint, role string) (Credentials, error) {
	if endpoint == "" {
		endpoint = DefaultECSMetadataEndpoint
	}
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Second}
	}
	base := strings.TrimRight(endpoint, "/") + ecsCredentialsPath
	if role == "" {
		body, err := metadataGet(ctx, client, base)
		if err != nil {
			return Credentials{}, fmt.Errorf("looking up the instance's RAM role: %w", err)
		}
		role = strings.TrimSpace(strings.SplitN(string(body), "\n", 2)[0])
		if role == "" {
			return Credentials{}, fmt.Errorf("the metadata service at %s names no RAM role: attach one to the instance", endpoint)
		}
	}
	body, err := metadataGet(ctx, client, base+role)
	if err != nil {
		return Credentials{}, fmt.Errorf("reading the credentials of RAM role %q: %w", role, err)
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

func metadataGet(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d from the metadata service", resp.StatusCode)
	}
	return body, nil
}
