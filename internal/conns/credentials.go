package conns

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// Credentials are one set of keys a vendor client signs with. Expiration is
// zero for long-term keys, which never need a refresh.
type Credentials struct {
	AccessKey, SecretKey, SecurityToken string
	Expiration                          time.Time
}

// CredentialSource yields credentials: fixed keys, a CLI profile, an STS
// role, an OIDC exchange or an instance role. Retrieve may call the network;
// CredentialCache calls it only when the credentials it holds are about to
// expire.
type CredentialSource interface {
	Retrieve(ctx context.Context) (Credentials, error)
	// Describe names the source for diagnostics ("assume_role acs:ram::1:role/ci
	// with the static keys"); it never includes a secret.
	Describe() string
}

// Refresh margins: temporary credentials are replaced when less than a tenth
// of their lifetime, and at most refreshMargin, is left.
const refreshMargin = 5 * time.Minute

// CredentialCache holds the credentials of one source for every client of a
// provider configuration and refreshes them before they expire: concurrent
// callers share one refresh, and credentials are fetched a few times over a
// long run, not per call.
type CredentialCache struct {
	src CredentialSource
	now func() time.Time

	mu        sync.Mutex
	cur       Credentials
	obtained  time.Time
	have      bool
	inflight  chan struct{} // closed when the refresh in flight ends
	lastErr   error
	refreshes int
	stale     bool // the API refused cur as expired (Invalidate)
}

// NewCredentialCache returns a cache over src; now nil means time.Now.
func NewCredentialCache(src CredentialSource, now func() time.Time) *CredentialCache {
	if now == nil {
		now = time.Now
	}
	return &CredentialCache{src: src, now: now}
}

// Source is the cache's source.
func (c *CredentialCache) Source() CredentialSource { return c.src }

// Refreshes counts the calls to the source so far.
func (c *CredentialCache) Refreshes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refreshes
}

// fresh reports whether the held credentials need no refresh at now.
func (c *CredentialCache) fresh(now time.Time) bool {
	if !c.have || c.stale {
		return false
	}
	if c.cur.Expiration.IsZero() {
		return true
	}
	margin := c.cur.Expiration.Sub(c.obtained) / 10
	if margin > refreshMargin {
		margin = refreshMargin
	}
	return now.Before(c.cur.Expiration.Add(-margin))
}

// Get returns credentials that are valid for a while yet, refreshing them
// from the source when needed. A failed refresh while the held credentials
// have not expired returns those.
func (c *CredentialCache) Get(ctx context.Context) (Credentials, error) {
	for {
		c.mu.Lock()
		now := c.now()
		if c.fresh(now) {
			cur := c.cur
			c.mu.Unlock()
			return cur, nil
		}
		if wait := c.inflight; wait != nil {
			c.mu.Unlock()
			select {
			case <-wait:
			case <-ctx.Done():
				return Credentials{}, ctx.Err()
			}
			c.mu.Lock()
			cur, have, err := c.cur, c.have, c.lastErr
			c.mu.Unlock()
			switch {
			case err == nil && have:
				return cur, nil // the refresh waited for
			case err != nil && have && c.now().Before(cur.Expiration) && !c.isStale():
				return cur, nil // failed, but the held keys still work
			case err != nil:
				return Credentials{}, err
			}
			continue
		}
		done := make(chan struct{})
		c.inflight = done
		c.refreshes++
		c.mu.Unlock()
		return c.refresh(ctx, done)
	}
}

func (c *CredentialCache) isStale() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stale
}

// refresh calls the source once and publishes its answer to every waiter.
func (c *CredentialCache) refresh(ctx context.Context, done chan struct{}) (Credentials, error) {
	creds, err := c.src.Retrieve(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(done)
	c.inflight = nil
	c.lastErr = err
	if err != nil {
		if c.have && !c.stale && c.now().Before(c.cur.Expiration) {
			return c.cur, nil
		}
		return Credentials{}, err
	}
	c.cur, c.obtained, c.have, c.stale = creds, c.now(), true, false
	return creds, nil
}

// Invalidate marks the held credentials stale when their security token is
// token (an API refused it as expired while our clock said it was not): the
// next Get refreshes them. A token already replaced is ignored, so callers
// refused with the same old token cause one refresh, not one each.
func (c *CredentialCache) Invalidate(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if token != "" && c.have && c.cur.SecurityToken == token {
		c.stale = true
	}
}

// credentials is the credentials func of one cloud's clients: the one cache
// of src in this configuration (built on first use, shared by every region
// and resource), its failures a CredentialError naming the source and the
// order of the sources.
func (c *Clients) credentials(cloud string, src CredentialSource, order string) func(context.Context) (Credentials, error) {
	c.mu.Lock()
	cache := c.creds[cloud]
	if cache == nil {
		cache = NewCredentialCache(src, c.s.Now)
		c.creds[cloud] = cache
	}
	c.mu.Unlock()
	return func(ctx context.Context) (Credentials, error) {
		creds, err := cache.Get(ctx)
		if err != nil {
			return Credentials{}, &CredentialError{Cloud: cloud, Source: src.Describe(), Order: order, Err: err}
		}
		return creds, nil
	}
}

// invalidateCredentials is CredentialCache.Invalidate on cloud's cache: an
// API refused token as expired.
func (c *Clients) invalidateCredentials(cloud, token string) {
	if cache := c.CredentialCache(cloud); cache != nil {
		cache.Invalidate(token)
	}
}

// CredentialCache is the credential cache of a cloud's clients ("Alibaba
// Cloud", "Tencent Cloud", "Huawei Cloud"), nil before the first client of
// that cloud is built; for tests.
func (c *Clients) CredentialCache(cloud string) *CredentialCache {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.creds[cloud]
}

// CredentialError is a configured credential source that failed: it names
// the source and the order of the sources.
type CredentialError struct {
	Cloud, Source, Order string
	Err                  error
}

func (e *CredentialError) Error() string {
	return fmt.Sprintf("getting %s credentials from %s: %v\n\nCredential sources, tried in this order: %s. The first one configured is used: fix it, or remove it to use the next.",
		e.Cloud, e.Source, e.Err, e.Order)
}

func (e *CredentialError) Unwrap() error { return e.Err }

// staticKeys is the static-keys source of block, whose key id setting is
// idAttr (access_key, secret_id) and whose secret is secret_key; when only
// one of the two is set, it returns what is missing (why says what the
// keys are for).
func staticKeys(block, idAttr string, keys Credentials, why string) (CredentialSource, []*MissingSettingError) {
	var miss []*MissingSettingError
	if keys.AccessKey == "" {
		miss = append(miss, missingSetting(block, idAttr, why))
	}
	if keys.SecretKey == "" {
		miss = append(miss, missingSetting(block, "secret_key", why))
	}
	if miss != nil {
		return nil, miss
	}
	return staticSource{name: fmt.Sprintf("the static keys (%s.%s and secret_key)", block, idAttr), creds: keys}, nil
}

// readTokenFile reads the OIDC token a CI system wrote to file (what names
// it in errors: "OIDC token"), read again at every refresh because CI
// systems rotate it. A JSON document {"web_identity_token": "..."} (the
// Tencent Cloud provider's token file format) gives its token.
func readTokenFile(file, what string) (string, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("reading the %s file: %w", what, err)
	}
	token := strings.TrimSpace(string(raw))
	var doc struct {
		Token string `json:"web_identity_token"`
	}
	if strings.HasPrefix(token, "{") && json.Unmarshal([]byte(token), &doc) == nil {
		token = strings.TrimSpace(doc.Token)
	}
	if token == "" {
		return "", fmt.Errorf("the %s file %s holds no token", what, file)
	}
	return token, nil
}
