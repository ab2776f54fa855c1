package tencentcloud

import (
	"encoding/hex"
	"strings"
	"testing"
)

// Vectors copied from the vendor's signature v3 documentation (CVM
// DescribeInstances, versions A and B) and from CLS requests computed with
// the reference algorithm; see the Tencent CLS API notes, section 3.

const (
	exampleID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	exampleKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	cvmBody    = `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	clsBody1   = `{"TopicId":"ee20bb16-3025-4048-b81a-dd436373062e","Query":"status:200","Count":100,"From":1607499107000,"To":1607499207000,"Order":"desc","Format":"json"}`
	clsBody3   = `{"TopicId":"ee20bb16-3025-4048-b81a-dd436373062e","Count":100,"Query":"status:200","From":1607499107000,"To":1607499207000,"Order":"desc","Format":"json","SyntaxRule":1,"DerivedFields":["timestamp"]}`
)

type vector struct {
	name              string
	in                SignInput
	payloadHash       string
	hashedCanonical   string
	signature         string
	authorization     string
	kDatePrefix       string
	kServicePrefix    string
	kSigningPrefix    string
	canonicalHeaders  string
	scope             string
	signedHeadersText string
}

func vectors() []vector {
	cvm := func(id, key string, signed ...string) SignInput {
		return SignInput{
			Method: "POST", CanonicalURI: "/",
			Headers: map[string]string{
				"content-type": "application/json; charset=utf-8",
				"host":         "cvm.tencentcloudapi.com",
				"x-tc-action":  "DescribeInstances",
			},
			SignedHeaders: signed, Payload: []byte(cvmBody), Timestamp: 1551113065,
			Service: "cvm", SecretID: id, SecretKey: key,
		}
	}
	cls := func(host, contentType, body string, ts int64, signed ...string) SignInput {
		return SignInput{
			Method: "POST",
			Headers: map[string]string{
				"content-type": contentType,
				"host":         host,
				"x-tc-action":  "CreateExport",
			},
			SignedHeaders: signed, Payload: []byte(body), Timestamp: ts,
			Service: "cls", SecretID: exampleID, SecretKey: exampleKey,
		}
	}
	masked := strings.Repeat("*", 32)
	return []vector{
		{
			name:            "A (content-type;host)",
			in:              cvm(exampleID, exampleKey, "content-type", "host"),
			payloadHash:     "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
			hashedCanonical: "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
			signature:       "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
			scope:           "2019-02-25/cvm/tc3_request",
			authorization:   "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
		},
		{
			name:             "B (content-type;host;x-tc-action, masked key)",
			in:               cvm("AKID"+masked, masked, "content-type", "host", "x-tc-action"),
			payloadHash:      "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
			hashedCanonical:  "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
			signature:        "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
			kDatePrefix:      "da98fb70dcf6b112",
			kServicePrefix:   "8d70cbefb03939f9",
			kSigningPrefix:   "b596b923aad85185",
			canonicalHeaders: "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n",
			scope:            "2019-02-25/cvm/tc3_request",
		},
		{
			name:      "A key with x-tc-action signed",
			in:        cvm(exampleID, exampleKey, "x-tc-action", "host", "content-type"),
			signature: "644be983de9a8a3f00db8eadaba61467c3b429e2215758ba897b738ca469fd26",
		},
		{
			name:              "CLS-1",
			in:                cls("cls.tencentcloudapi.com", "application/json; charset=utf-8", clsBody1, 1700000000, "content-type", "host"),
			payloadHash:       "e732ea55b95316f8b260b8731f961e31dda1358f988ad058dfd8efeee5ef2ebf",
			hashedCanonical:   "ab6beeae1a70d6fa515438e361750b4e043c50768b330a4e6668158814a18cb9",
			signature:         "5a4a97847d897f502e9595b711b810b6edb6b617b9bed5f399b9b1ce16d7b47c",
			scope:             "2023-11-14/cls/tc3_request",
			signedHeadersText: "content-type;host",
			authorization:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/cls/tc3_request, SignedHeaders=content-type;host, Signature=5a4a97847d897f502e9595b711b810b6edb6b617b9bed5f399b9b1ce16d7b47c",
		},
		{
			name:             "CLS-2",
			in:               cls("cls.tencentcloudapi.com", "application/json; charset=utf-8", clsBody1, 1700000000, "content-type", "host", "x-tc-action"),
			hashedCanonical:  "ac8e27ff21e7b7690d5a82562e7b9164c7c43d36f599a954c0af8552d8f694ba",
			signature:        "82e71faa16ba5f0c066ecb132c7259caabba37248c88e141e69bdccb92a841ed",
			canonicalHeaders: "content-type:application/json; charset=utf-8\nhost:cls.tencentcloudapi.com\nx-tc-action:createexport\n",
		},
		{
			name:            "CLS-3 (UTC midnight edge)",
			in:              cls("cls.ap-guangzhou.tencentcloudapi.com", "application/json", clsBody3, 1735689599, "content-type", "host", "x-tc-action"),
			payloadHash:     "103eca140f69d933072dd8d835a989423c5b5ed4d0f7245126bf03f7ecc8040e",
			hashedCanonical: "693aac72fa8d20598184124fc1210817408789fcb21fe82f14ec88dd0117228e",
			signature:       "702073986b5cf06dde55483a1d009796a10b2086612cb46632beb32e9c733350",
			scope:           "2024-12-31/cls/tc3_request",
		},
	}
}

func TestSignatureVectors(t *testing.T) {
	for _, v := range vectors() {
		t.Run(v.name, func(t *testing.T) {
			cr := CanonicalRequest(v.in)
			if v.payloadHash != "" {
				if got := HashHex(v.in.Payload); got != v.payloadHash {
					t.Errorf("payload hash = %s, want %s", got, v.payloadHash)
				}
				if !strings.HasSuffix(cr, "\n"+v.payloadHash) {
					t.Errorf("canonical request does not end with the payload hash:\n%s", cr)
				}
			}
			if v.canonicalHeaders != "" && !strings.Contains(cr, "\n"+v.canonicalHeaders+"\n") {
				t.Errorf("canonical request lacks the headers block %q:\n%s", v.canonicalHeaders, cr)
			}
			if v.signedHeadersText != "" && !strings.Contains(cr, "\n"+v.signedHeadersText+"\n") {
				t.Errorf("canonical request lacks signed headers %q", v.signedHeadersText)
			}
			if v.hashedCanonical != "" {
				if got := HashHex([]byte(cr)); got != v.hashedCanonical {
					t.Errorf("hashed canonical request = %s, want %s\n%s", got, v.hashedCanonical, cr)
				}
			}
			if v.scope != "" {
				if got := CredentialScope(v.in.Timestamp, v.in.Service); got != v.scope {
					t.Errorf("scope = %s, want %s", got, v.scope)
				}
			}
			date := ScopeDate(v.in.Timestamp)
			kDate := hmacSHA256([]byte("TC3"+v.in.SecretKey), date)
			kService := hmacSHA256(kDate, v.in.Service)
			for _, c := range []struct {
				name, prefix string
				key          []byte
			}{
				{"kDate", v.kDatePrefix, kDate},
				{"kService", v.kServicePrefix, kService},
				{"kSigning", v.kSigningPrefix, SigningKey(v.in.SecretKey, date, v.in.Service)},
			} {
				if c.prefix != "" && !strings.HasPrefix(hex.EncodeToString(c.key), c.prefix) {
					t.Errorf("%s = %x, want prefix %s", c.name, c.key, c.prefix)
				}
			}
			if got := Signature(v.in); got != v.signature {
				t.Errorf("signature = %s, want %s", got, v.signature)
			}
			if v.authorization != "" {
				if got := Authorization(v.in); got != v.authorization {
					t.Errorf("authorization =\n%s\nwant\n%s", got, v.authorization)
				}
			}
		})
	}
}

// TestSignatureTamper flips one byte of every signed part and expects a
// different signature, and shows the unsigned parts really are unsigned.
func TestSignatureTamper(t *testing.T) {
	base := vectors()[4].in // CLS-2 signs content-type, host and x-tc-action
	want := Signature(base)
	clone := func() SignInput {
		c := base
		c.Headers = map[string]string{}
		for k, v := range base.Headers {
			c.Headers[k] = v
		}
		c.Payload = append([]byte(nil), base.Payload...)
		return c
	}
	flip := func(s string, i int) string {
		b := []byte(s)
		b[i] ^= 0x01
		return string(b)
	}
	cases := map[string]func(*SignInput){
		"payload byte":      func(in *SignInput) { in.Payload[10] ^= 0x01 },
		"payload last byte": func(in *SignInput) { in.Payload[len(in.Payload)-1] ^= 0x01 },
		"host":              func(in *SignInput) { in.Headers["host"] = flip(in.Headers["host"], 0) },
		"content-type":      func(in *SignInput) { in.Headers["content-type"] = flip(in.Headers["content-type"], 3) },
		"action":            func(in *SignInput) { in.Headers["x-tc-action"] = flip(in.Headers["x-tc-action"], 1) },
		"timestamp":         func(in *SignInput) { in.Timestamp++ },
		"secret key":        func(in *SignInput) { in.SecretKey = flip(in.SecretKey, 5) },
		"method":            func(in *SignInput) { in.Method = "GET" },
		"service":           func(in *SignInput) { in.Service = "clt" },
		"signed headers":    func(in *SignInput) { in.SignedHeaders = []string{"content-type", "host"} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			in := clone()
			mutate(&in)
			if got := Signature(in); got == want {
				t.Errorf("signature unchanged after tampering with %s", name)
			}
		})
	}
	t.Run("secret id is not part of the signature", func(t *testing.T) {
		in := clone()
		in.SecretID = "other"
		if got := Signature(in); got != want {
			t.Errorf("signature changed with the secret id")
		}
	})
	t.Run("header value case and spaces are canonicalised", func(t *testing.T) {
		in := clone()
		in.Headers["x-tc-action"] = "  createexport "
		if got := Signature(in); got != want {
			t.Errorf("signature changed with a lowercased, padded action")
		}
	})
}
