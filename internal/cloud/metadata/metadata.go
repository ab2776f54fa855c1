// Package metadata reads an instance's role credentials from a cloud's
// instance metadata service: the plain-HTTP, unauthenticated address only
// the instance itself reaches. Each vendor package parses its own document.
package metadata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxBody bounds what is read of one answer.
const maxBody = 1 << 16

// defaultClient is used when the caller gives none: the service answers in
// milliseconds on an instance, so a short timeout fails fast elsewhere.
var defaultClient = &http.Client{Timeout: 5 * time.Second}

// Do sends one request with header to u and returns the status and at
// most 64 KiB of the body. A nil client means a 5-second one.
func Do(ctx context.Context, client *http.Client, method, u string, header map[string]string) (int, []byte, error) {
	if client == nil {
		client = defaultClient
	}
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, nil, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	return resp.StatusCode, body, err
}

// Role is where a vendor's metadata service lists the instance's role and
// serves its credentials document (Path + role name).
type Role struct {
	// Path is the listing's path, ending in "/", for example
	// "/latest/meta-data/ram/security-credentials/".
	Path string
	// Kind names the role in errors ("RAM role", "CAM role").
	Kind string
	// Bind is what the user does when the instance has none ("attach one
	// to the instance").
	Bind string
}

// Document returns the name of the role and its credentials document from
// the service at endpoint. An empty name is looked up first: the service
// names the role bound to the instance.
func (r Role) Document(ctx context.Context, client *http.Client, endpoint, name string) (string, []byte, error) {
	base := strings.TrimRight(endpoint, "/") + r.Path
	if name == "" {
		body, err := r.get(ctx, client, base)
		if err != nil {
			return "", nil, fmt.Errorf("looking up the instance's %s: %w", r.Kind, err)
		}
		name = strings.TrimSpace(strings.SplitN(string(body), "\n", 2)[0])
		if name == "" {
			return "", nil, fmt.Errorf("the metadata service at %s names no %s: %s", endpoint, r.Kind, r.Bind)
		}
	}
	body, err := r.get(ctx, client, base+name)
	if err != nil {
		return name, nil, fmt.Errorf("reading the credentials of %s %q: %w", r.Kind, name, err)
	}
	return name, body, nil
}

// get is one GET whose answer must be 200.
func (r Role) get(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	status, body, err := Do(ctx, client, http.MethodGet, u, nil)
	switch {
	case err != nil:
		return nil, err
	case status == http.StatusNotFound:
		return nil, fmt.Errorf("HTTP 404 from the metadata service: no such %s; %s", r.Kind, r.Bind)
	case status != http.StatusOK:
		return nil, fmt.Errorf("HTTP %d from the metadata service", status)
	}
	return body, nil
}
