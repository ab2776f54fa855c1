package alicloud

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // HMAC-SHA1 is what Alibaba's v1 RPC signature is defined with.
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// This file holds the pure signing functions. The client signs with V3
// (ACS3-HMAC-SHA256); the emulator verifies both V3 and the older v1
// (HMAC-SHA1 "Signature" parameter) with the same functions, because real
// tools send either. Nothing here knows about HTTP transport or errors.

// AlgorithmV3 is the algorithm name that opens a V3 Authorization header.
const AlgorithmV3 = "ACS3-HMAC-SHA256"

// EmptyPayloadHash is the lower-case hex SHA-256 of an empty body, sent as
// x-acs-content-sha256 by a request without a body.
const EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// PercentEncode encodes s the way both signature versions require (RFC 3986):
// A-Z a-z 0-9 - _ . ~ stay literal, every other UTF-8 byte becomes %XX with
// upper-case hex. Space is %20, never +.
func PercentEncode(s string) string {
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexdigits[c>>4])
			b.WriteByte(hexdigits[c&0x0f])
		}
	}
	return b.String()
}

// canonicalQuery sorts by name (then by value for repeated names) in byte
// order and joins percent-encoded name=value pairs with &. Empty values
// stay as "name=".
func canonicalQuery(params url.Values, skip string) string {
	type pair struct{ k, v string }
	var pairs []pair
	for k, vs := range params {
		if k == skip {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, pair{k, v})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = PercentEncode(p.k) + "=" + PercentEncode(p.v)
	}
	return strings.Join(parts, "&")
}

// StringToSignV1 builds the v1 string to sign: method, the encoded path "/"
// and the canonical query string of every parameter except Signature,
// percent-encoded a second time. params are decoded values from the query
// and the form body together.
func StringToSignV1(method string, params url.Values) string {
	return method + "&" + PercentEncode("/") + "&" + PercentEncode(canonicalQuery(params, "Signature"))
}

// SignV1 returns the base64 HMAC-SHA1 v1 signature of stringToSign under
// secret (the key is secret + "&").
func SignV1(secret, stringToSign string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// RequestV3 is what a V3 signature covers. Headers holds exactly the headers
// to sign (host, content-type, x-acs-*); names are matched case-insensitively
// and several values of one name are trimmed, sorted and joined with ",".
type RequestV3 struct {
	Method      string
	Path        string
	Query       url.Values
	Headers     map[string][]string
	PayloadHash string
}

// CanonicalRequestV3 returns the canonical request and the SignedHeaders
// list of r.
func CanonicalRequestV3(r RequestV3) (canonical, signedHeaders string) {
	path := r.Path
	if path == "" {
		path = "/"
	}
	merged := map[string][]string{}
	for name, vs := range r.Headers {
		lower := strings.ToLower(strings.TrimSpace(name))
		for _, v := range vs {
			merged[lower] = append(merged[lower], strings.TrimSpace(v))
		}
	}
	names := make([]string, 0, len(merged))
	for name := range merged {
		names = append(names, name)
	}
	sort.Strings(names)
	var headers strings.Builder
	for _, name := range names {
		vs := merged[name]
		sort.Strings(vs)
		headers.WriteString(name + ":" + strings.Join(vs, ",") + "\n")
	}
	signedHeaders = strings.Join(names, ";")
	canonical = strings.Join([]string{
		r.Method,
		path,
		canonicalQuery(r.Query, ""),
		headers.String(),
		signedHeaders,
		r.PayloadHash,
	}, "\n")
	return canonical, signedHeaders
}

// HashHex is the lower-case hex SHA-256 of b (the payload hash of a body).
func HashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// SignV3 returns the lower-case hex HMAC-SHA256 signature of a canonical
// request under secret: the string to sign is the algorithm name, a newline
// and the hex SHA-256 of the canonical request.
func SignV3(secret, canonical string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(AlgorithmV3 + "\n" + HashHex([]byte(canonical))))
	return hex.EncodeToString(mac.Sum(nil))
}

// AuthorizationV3 renders the Authorization header value.
func AuthorizationV3(accessKeyID, signedHeaders, signature string) string {
	return AlgorithmV3 + " Credential=" + accessKeyID + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature
}

// AuthorizationV3Parts are the fields of a V3 Authorization header.
type AuthorizationV3Parts struct {
	Credential    string
	SignedHeaders []string
	Signature     string
}

// ParseAuthorizationV3 splits a V3 Authorization header value. ok is false
// when the algorithm is not ACS3-HMAC-SHA256 or a field is missing.
func ParseAuthorizationV3(header string) (AuthorizationV3Parts, bool) {
	alg, rest, found := strings.Cut(strings.TrimSpace(header), " ")
	if !found || alg != AlgorithmV3 {
		return AuthorizationV3Parts{}, false
	}
	var p AuthorizationV3Parts
	var haveCred, haveHeaders, haveSig bool
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return AuthorizationV3Parts{}, false
		}
		switch k {
		case "Credential":
			p.Credential, haveCred = v, true
		case "SignedHeaders":
			haveHeaders = true
			if v != "" {
				p.SignedHeaders = strings.Split(v, ";")
			}
		case "Signature":
			p.Signature, haveSig = v, true
		}
	}
	if !haveCred || !haveHeaders || !haveSig {
		return AuthorizationV3Parts{}, false
	}
	return p, true
}
