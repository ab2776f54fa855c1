package huaweicloud

// SDK-HMAC-SHA256 signing as Huawei Cloud's API gateway verifies it. These are
// pure functions over already-extracted request parts so that the emulator
// can rebuild the canonical request from what it received and the client can
// sign what it is about to send, with one implementation pinned by the
// published vectors in sign_test.go.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

const (
	// SignAlgorithm is the scheme name that starts the Authorization header.
	SignAlgorithm = "SDK-HMAC-SHA256"
	// HeaderSdkDate carries the signing time; it is the one header that must be signed.
	HeaderSdkDate = "X-Sdk-Date"
	// HeaderContentSha256 replaces the payload hash when present (e.g. UNSIGNED-PAYLOAD).
	HeaderContentSha256 = "X-Sdk-Content-Sha256"
	// SdkDateFormat is the Go layout of X-Sdk-Date (yyyyMMdd'T'HHmmss'Z', UTC).
	SdkDateFormat = "20060102T150405Z"
	// EmptyPayloadHash is hex(sha256("")).
	EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// SignInput is everything the signature covers.
type SignInput struct {
	// Method is the HTTP method; it is upper-cased.
	Method string
	// Path is the decoded URL path (url.URL.Path), e.g. /v1/p/physicalservers/s/logs/exports.
	Path string
	// Query is the request's query parameters (nil for none).
	Query url.Values
	// Headers maps lower-case header names to their values. Only SignedHeaders are read.
	Headers map[string][]string
	// SignedHeaders lists the lower-case names to sign; it is sorted for signing.
	SignedHeaders []string
	// PayloadHash is hex(sha256(body)) or the X-Sdk-Content-Sha256 value.
	PayloadHash string
}

// PayloadHash returns the lower-case hex SHA-256 of body, the last line of
// the canonical request. The hashed bytes must be exactly the bytes sent:
// json.Encoder output, for instance, ends in a newline that is part of it.
func PayloadHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// escape percent-encodes everything except A-Z a-z 0-9 - _ . ~, with
// upper-case hex, as the gateway does for path segments and query parts.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// CanonicalURI encodes each segment of the decoded path and ends it with a
// slash: the gateway signs /a/b as /a/b/ although the request keeps /a/b.
func CanonicalURI(path string) string {
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = escape(s)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// CanonicalQuery sorts names and, within a name, values, encoding both.
func CanonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		values := append([]string(nil), q[k]...)
		sort.Strings(values)
		for _, v := range values {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(parts, "&")
}

// sortedLower returns the signed header names lower-cased and sorted.
func sortedLower(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(strings.TrimSpace(n))
	}
	sort.Strings(out)
	return out
}

// CanonicalRequest builds the six-part canonical request. Every header line
// ends in a newline, so the header block and SignedHeaders are separated by
// an empty line.
func CanonicalRequest(in SignInput) string {
	signed := sortedLower(in.SignedHeaders)
	var headers strings.Builder
	for _, name := range signed {
		values := make([]string, 0, len(in.Headers[name]))
		for _, v := range in.Headers[name] {
			values = append(values, strings.TrimSpace(v))
		}
		sort.Strings(values)
		if len(values) == 0 {
			values = []string{""}
		}
		for _, v := range values {
			headers.WriteString(name + ":" + v + "\n")
		}
	}
	payload := in.PayloadHash
	if payload == "" {
		payload = EmptyPayloadHash
	}
	return strings.Join([]string{
		strings.ToUpper(in.Method),
		CanonicalURI(in.Path),
		CanonicalQuery(in.Query),
		headers.String(),
		strings.Join(signed, ";"),
		payload,
	}, "\n")
}

// StringToSign is the algorithm, the X-Sdk-Date value and the hex SHA-256 of
// the canonical request, one per line.
func StringToSign(sdkDate, canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	return SignAlgorithm + "\n" + sdkDate + "\n" + hex.EncodeToString(sum[:])
}

// Signature is hex(HMAC-SHA256(SK, stringToSign)); the raw secret key is the
// HMAC key, nothing is derived from it.
func Signature(secretKey, stringToSign string) string {
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}

// Sign returns the signature of in made with secretKey at sdkDate (the
// X-Sdk-Date value, which must also be in in.Headers when signed).
func Sign(in SignInput, sdkDate, secretKey string) string {
	return Signature(secretKey, StringToSign(sdkDate, CanonicalRequest(in)))
}

// AuthorizationHeader formats the Authorization value: one space after the
// algorithm, ", " between the fields.
func AuthorizationHeader(accessKey string, signedHeaders []string, signature string) string {
	return fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		SignAlgorithm, accessKey, strings.Join(sortedLower(signedHeaders), ";"), signature)
}

// Authorization is a parsed SDK-HMAC-SHA256 Authorization header.
type Authorization struct {
	AccessKey     string
	SignedHeaders []string
	Signature     string
}

// ParseAuthorization parses an Authorization header value. It accepts the
// fields in any order and tolerates missing spaces after the commas.
func ParseAuthorization(h string) (Authorization, error) {
	rest, ok := strings.CutPrefix(h, SignAlgorithm+" ")
	if !ok {
		return Authorization{}, fmt.Errorf("authorization does not start with %q", SignAlgorithm+" ")
	}
	var a Authorization
	for _, field := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(field), "=")
		if !ok {
			return Authorization{}, fmt.Errorf("malformed authorization field %q", strings.TrimSpace(field))
		}
		switch k {
		case "Access":
			a.AccessKey = v
		case "SignedHeaders":
			if v != "" {
				a.SignedHeaders = strings.Split(v, ";")
			}
		case "Signature":
			a.Signature = v
		}
	}
	switch {
	case a.AccessKey == "":
		return Authorization{}, fmt.Errorf("authorization has no Access")
	case len(a.SignedHeaders) == 0:
		return Authorization{}, fmt.Errorf("authorization has no SignedHeaders")
	case a.Signature == "":
		return Authorization{}, fmt.Errorf("authorization has no Signature")
	}
	return a, nil
}
