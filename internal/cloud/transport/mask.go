package transport

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// secretBodyKeys are JSON keys (compared in lower case) whose values a
// logged body never shows: the Log Service AccessKey secret that CMS echoes
// inside ConfigJson ("as", beside "ak"), and the usual names of secrets and
// tokens.
var secretBodyKeys = map[string]bool{
	"as": true, "sk": true, "secret": true, "secret_key": true, "secretkey": true, "secret_access_key": true,
	"access_key_secret": true, "accesskeysecret": true, "password": true, "signature": true, "authorization": true,
	"token": true, "security_token": true, "securitytoken": true, "session_token": true, "sessiontoken": true,
	"auth_token": true, "x-auth-token": true, "x-subject-token": true, "access_token": true, "accesstoken": true,
	"tmpsecretkey": true, // Tencent STS and CVM metadata answers
}

// secretBodyKey reports whether a value under key is masked: a listed key,
// or one ending in secret, password or token (paging tokens excepted).
func secretBodyKey(key string) bool {
	k := strings.ToLower(key)
	if secretBodyKeys[k] {
		return true
	}
	if strings.HasSuffix(k, "nexttoken") || strings.HasSuffix(k, "next_token") || strings.HasSuffix(k, "pagetoken") {
		return false
	}
	return strings.HasSuffix(k, "secret") || strings.HasSuffix(k, "password") || strings.HasSuffix(k, "token")
}

// secretPair matches "key": "value" for a masked key in text that is not
// (or no longer) a JSON document, also escaped inside a JSON string
// (\"as\":\"value\"): the fallback of MaskBody.
var secretPair = regexp.MustCompile(`(?i)(\\*"(?:as|sk|[a-z_-]*secret[a-z_]*|[a-z_-]*password|[a-z_-]*token|signature|authorization)\\*"\s*:\s*\\*")([^"\\]*)`)

// MaskBody returns body for a log line with the value of every secret key
// (secretBodyKey) replaced by ***, also inside string values that hold
// JSON themselves (CMS's ConfigJson). A body that is not JSON is masked by
// pattern.
func MaskBody(body []byte) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return secretPair.ReplaceAllString(string(body), "${1}***")
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(maskValue(v)); err != nil {
		return secretPair.ReplaceAllString(string(body), "${1}***")
	}
	return strings.TrimSuffix(out.String(), "\n")
}

func maskValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if secretBodyKey(k) && val != nil {
				x[k] = "***"
				continue
			}
			x[k] = maskValue(val)
		}
	case []any:
		for i := range x {
			x[i] = maskValue(x[i])
		}
	case string:
		if t := strings.TrimSpace(x); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			return MaskBody([]byte(x))
		}
		return secretPair.ReplaceAllString(x, "${1}***")
	}
	return v
}
