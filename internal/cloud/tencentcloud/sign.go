package tencentcloud

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The functions in this file are pure: the client signs with them and the
// emulator verifies with them, and the published TC3 vectors pin both.

// Algorithm is the only signature algorithm of Tencent Cloud API 3.0.
const Algorithm = "TC3-HMAC-SHA256"

// Service is the signing-scope service name of CLS.
const Service = "cls"

// SignInput is everything a TC3 signature covers.
type SignInput struct {
	// Method is the HTTP method, POST for every call this provider makes.
	Method string
	// CanonicalURI is always "/" for API 3.0; empty means "/".
	CanonicalURI string
	// CanonicalQuery is empty for POST requests.
	CanonicalQuery string
	// Headers maps lowercase header names to the values sent on the wire.
	// Every name in SignedHeaders must be present.
	Headers map[string]string
	// SignedHeaders are the lowercase names of the signed headers, in any order.
	SignedHeaders []string
	// Payload is the request body exactly as sent.
	Payload []byte
	// Timestamp is X-TC-Timestamp in Unix seconds.
	Timestamp int64
	// Service is the scope's service name (cls, cvm, ...).
	Service string
	// SecretID and SecretKey are the credential pair.
	SecretID, SecretKey string
}

// HashHex is lowercase hex of SHA-256 over b.
func HashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// SortedSignedHeaders returns the lowercase, sorted, de-duplicated header names.
func SortedSignedHeaders(names []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(names))
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// CanonicalRequest builds the six-line canonical request of the TC3 algorithm.
// Header values are trimmed and lowercased, as the vendor's algorithm says.
func CanonicalRequest(in SignInput) string {
	uri := in.CanonicalURI
	if uri == "" {
		uri = "/"
	}
	names := SortedSignedHeaders(in.SignedHeaders)
	var headers strings.Builder
	for _, n := range names {
		headers.WriteString(n)
		headers.WriteByte(':')
		headers.WriteString(strings.ToLower(strings.TrimSpace(in.Headers[n])))
		headers.WriteByte('\n')
	}
	return strings.Join([]string{
		in.Method,
		uri,
		in.CanonicalQuery,
		headers.String(),
		strings.Join(names, ";"),
		HashHex(in.Payload),
	}, "\n")
}

// ScopeDate is the credential-scope date of a timestamp: the UTC day, never
// the local (Beijing) one.
func ScopeDate(timestamp int64) string {
	return time.Unix(timestamp, 0).UTC().Format("2006-01-02")
}

// CredentialScope is "<date>/<service>/tc3_request".
func CredentialScope(timestamp int64, service string) string {
	return ScopeDate(timestamp) + "/" + service + "/tc3_request"
}

// StringToSign joins the algorithm, timestamp, scope and the hashed canonical request.
func StringToSign(timestamp int64, scope, canonicalRequest string) string {
	return strings.Join([]string{
		Algorithm,
		strconv.FormatInt(timestamp, 10),
		scope,
		HashHex([]byte(canonicalRequest)),
	}, "\n")
}

// SigningKey derives kSigning from the secret key, the scope date and the service.
func SigningKey(secretKey, date, service string) []byte {
	kDate := hmacSHA256([]byte("TC3"+secretKey), date)
	kService := hmacSHA256(kDate, service)
	return hmacSHA256(kService, "tc3_request")
}

// Signature computes the hex signature of in.
func Signature(in SignInput) string {
	scope := CredentialScope(in.Timestamp, in.Service)
	sts := StringToSign(in.Timestamp, scope, CanonicalRequest(in))
	return hex.EncodeToString(hmacSHA256(SigningKey(in.SecretKey, ScopeDate(in.Timestamp), in.Service), sts))
}

// Authorization returns the value of the Authorization header for in.
func Authorization(in SignInput) string {
	return AuthorizationHeader(in.SecretID, CredentialScope(in.Timestamp, in.Service),
		SortedSignedHeaders(in.SignedHeaders), Signature(in))
}

// AuthorizationHeader formats the Authorization header from its parts.
func AuthorizationHeader(secretID, scope string, signedHeaders []string, signature string) string {
	return Algorithm + " Credential=" + secretID + "/" + scope +
		", SignedHeaders=" + strings.Join(signedHeaders, ";") +
		", Signature=" + signature
}

// SignaturesEqual compares two hex signatures in constant time.
func SignaturesEqual(a, b string) bool {
	return hmac.Equal([]byte(a), []byte(b))
}
