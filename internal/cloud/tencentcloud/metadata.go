package tencentcloud

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// DefaultMetadataEndpoint is the instance metadata service of a CVM
// instance (the vendor's SDK reads the CAM role there).
const DefaultMetadataEndpoint = "http://metadata.tencentyun.com"

// camCredentialsPath lists the instance's CAM role and serves its
// temporary credentials (.../<role>).
const camCredentialsPath = "/latest/meta-data/cam/security-credentials/"

// CVMRoleCredentials reads the temporary credentials of the instance's CAM
// role from the metadata service at endpoint (empty means
// DefaultMetadataEndpoint). An empty role is looked up first: the service
// names the role bound to the instance.
func CVMRoleCredentials(ctx context.Context, client *http.Client, endpoint, role string) (Credentials, error) {
	if endpoint == "" {
		endpoint = DefaultMetadataEndpoint
	}
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Second}
	}
	base := strings.TrimRight(endpoint, "/") + camCredentialsPath
	if role == "" {
		body, err := metadataGet(ctx, client, base)
		if err != nil {
			return Credentials{}, fmt.Errorf("looking up the instance's CAM role: %w", err)
		}
		role = strings.TrimSpace(strings.SplitN(string(body), "\n", 2)[0])
		if role == "" {
			return Credentials{}, fmt.Errorf("the metadata service at %s names no CAM role: bind one to the instance", endpoint)
		}
	}
	body, err := metadataGet(ctx, client, base+role)
	if err != nil {
		return Credentials{}, fmt.Errorf("reading the credentials of CAM role %q: %w", role, err)
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
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("HTTP 404 from the metadata service: no such CAM role is bound to the instance")
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d from the metadata service", resp.StatusCode)
	}
	return body, nil
}
