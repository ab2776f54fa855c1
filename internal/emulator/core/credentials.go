package core

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"sort"
	"time"
)

// Prefixes of the secrets and tokens the emulator issues (every vendor's
// STS and metadata service), so that a test can look for any of them in
// logs and state with IssuedSecretPattern.
const (
	IssuedSecretPrefix = "STSsecret"
	IssuedTokenPrefix  = "CAISemu"
)

// IssuedSecretPattern matches every secret and security token the emulator
// issues.
var IssuedSecretPattern = regexp.MustCompile(`(` + IssuedSecretPrefix + `[0-9a-f]{32}|` + IssuedTokenPrefix + `[0-9a-f]{64})`)

// StatExpiredCredentialRefused is the stats entry counting the calls each
// vendor refused because their temporary credential had expired: a provider
// that refreshes in time keeps it at zero.
const StatExpiredCredentialRefused = "ExpiredCredentialRefused"

// IssuedCredential is a temporary credential the emulator handed out.
type IssuedCredential struct {
	// Vendor is the API that accepts it ("alibaba", "tencent", "huawei").
	Vendor    string    `json:"vendor"`
	AccessKey string    `json:"access_key"`
	Secret    string    `json:"secret"`
	Token     string    `json:"token"`
	Expires   time.Time `json:"expires"`
}

// RandomHex is n random bytes in hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// SetSTSTTL makes every credential issued from now on live d (the -sts-ttl
// flag); zero means the lifetime each request asks for.
func (e *Env) SetSTSTTL(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stsTTL = d
}

// Issue makes a temporary credential of vendor ("alibaba") valid for d (or
// the -sts-ttl lifetime), whose AccessKey starts with akPrefix, and
// remembers it until an hour after it expires. Only that vendor's API
// accepts it.
func (e *Env) Issue(vendor, akPrefix string, d time.Duration) IssuedCredential {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stsTTL > 0 {
		d = e.stsTTL
	}
	now := e.Clock.Now()
	c := IssuedCredential{Vendor: vendor, AccessKey: akPrefix + RandomHex(12), Secret: IssuedSecretPrefix + RandomHex(16),
		Token: IssuedTokenPrefix + RandomHex(32), Expires: now.Add(d).UTC().Truncate(time.Second)}
	for k, old := range e.issued {
		if now.Sub(old.Expires) > time.Hour {
			delete(e.issued, k)
		}
	}
	if e.issued == nil {
		e.issued = map[string]IssuedCredential{}
	}
	e.issued[vendor+"\x00"+c.AccessKey] = c
	return c
}

// Issued returns the credential vendor issued under accessKey, expired or
// not.
func (e *Env) Issued(vendor, accessKey string) (IssuedCredential, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.issued[vendor+"\x00"+accessKey]
	return c, ok
}

// IssuedCredentials are the credentials issued that have not expired, for
// the state file: a restarted emulator, like the cloud, still accepts them.
func (e *Env) IssuedCredentials() []IssuedCredential {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.Clock.Now()
	out := make([]IssuedCredential, 0, len(e.issued))
	for _, c := range e.issued {
		if now.Before(c.Expires) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AccessKey < out[j].AccessKey })
	return out
}

// RestoreIssued accepts again the credentials of a state file.
func (e *Env) RestoreIssued(creds []IssuedCredential) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.issued == nil {
		e.issued = map[string]IssuedCredential{}
	}
	for _, c := range creds {
		e.issued[c.Vendor+"\x00"+c.AccessKey] = c
	}
}
