package huaweicloud

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
)

// Vectors from Huawei's API signing guide (A), the Go SDK's signer tests (B,
// C) and computed with the reference algorithm for the CloudDC paths (D1-D3,
// E; D1 and D2 cross-checked against the SDK's own signer).

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

type vector struct {
	name          string
	in            SignInput
	date, ak, sk  string
	wantCanonical string // empty: not published
	wantCRHash    string // empty: not published
	wantSignature string
	wantAuth      string // empty: not published
}

const (
	dAK     = "HWEXAMPLEAK0000000001"
	dSK     = "HWexampleSecretKey000000000000000000000001"
	dProj   = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	dServer = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
	dHost   = "clouddc.ap-southeast-3.myhuaweicloud.com"
	dDate   = "20250320T024806Z"
)

func dHeaders() map[string][]string {
	return map[string][]string{
		"content-type": {"application/json"},
		"host":         {dHost},
		"x-project-id": {dProj},
		"x-sdk-date":   {dDate},
	}
}

var exportsPath = "/v1/" + dProj + "/physicalservers/" + dServer + "/logs/exports"

func vectors() []vector {
	return []vector{
		{
			name: "A signing guide GET vpcs",
			in: SignInput{
				Method: "GET",
				Path:   "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
				Query:  url.Values{"limit": {"2"}, "marker": {"13551d6b-755d-4757-b956-536f674975c0"}},
				Headers: map[string][]string{
					"content-type": {"application/json"},
					"host":         {"service.region.example.com"},
					"x-sdk-date":   {"20191115T033655Z"},
				},
				SignedHeaders: []string{"content-type", "host", "x-sdk-date"},
				PayloadHash:   PayloadHash(nil),
			},
			date: "20191115T033655Z", ak: "QTWAOYTTINDUT2QVKYUC", sk: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
			wantCRHash:    "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
			wantSignature: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
		},
		{
			name: "B sdk test1",
			in: SignInput{
				Method: "GET", Path: "/path", Query: url.Values{"limit": {"1"}},
				Headers:       map[string][]string{"x-sdk-date": {"20060102T150405Z"}, "test_underscore": {"TEST_VALUE"}},
				SignedHeaders: []string{"x-sdk-date"},
				PayloadHash:   EmptyPayloadHash,
			},
			date: "20060102T150405Z", ak: "AccessKey", sk: "SecretKey",
			wantCanonical: "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n" + EmptyPayloadHash,
			wantSignature: "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
			wantAuth:      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
		},
		{
			name: "C sdk test2 body with trailing LF",
			in: SignInput{
				Method: "POST", Path: "/path", Query: url.Values{"key": {"value"}},
				Headers:       map[string][]string{"x-sdk-date": {"20060102T150405Z"}, "content-type": {"application/json"}},
				SignedHeaders: []string{"x-sdk-date"},
				PayloadHash:   PayloadHash([]byte("{\"Name\":\"test\",\"Id\":1}\n")),
			},
			date: "20060102T150405Z", ak: "AccessKey", sk: "SecretKey",
			wantSignature: "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
		},
		{
			name: "D1 POST exports body {} sdk-style headers",
			in: SignInput{
				Method: "POST", Path: exportsPath, Headers: dHeaders(),
				SignedHeaders: []string{"host", "x-project-id", "x-sdk-date"},
				PayloadHash:   PayloadHash([]byte("{}")),
			},
			date: dDate, ak: dAK, sk: dSK,
			wantCanonical: "POST\n" + exportsPath + "/\n\nhost:" + dHost + "\nx-project-id:" + dProj + "\nx-sdk-date:" + dDate +
				"\n\nhost;x-project-id;x-sdk-date\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
			wantCRHash:    "aad2610940ac69274215eba6418107180f905b517567e928d18cca3083d7b10d",
			wantSignature: "5cc0d833f842c4a354dd22740bf83d9f973b813c694a635ba87ed4aee95e1271",
			wantAuth:      "SDK-HMAC-SHA256 Access=HWEXAMPLEAK0000000001, SignedHeaders=host;x-project-id;x-sdk-date, Signature=5cc0d833f842c4a354dd22740bf83d9f973b813c694a635ba87ed4aee95e1271",
		},
		{
			name: "D2 POST exports empty body",
			in: SignInput{
				Method: "POST", Path: exportsPath, Headers: dHeaders(),
				SignedHeaders: []string{"host", "x-project-id", "x-sdk-date"},
				PayloadHash:   PayloadHash(nil),
			},
			date: dDate, ak: dAK, sk: dSK,
			wantSignature: "fc718e61729f9416e1a9f734bba0eb467021dc83c19cfd0c643b7b9247c1e831",
		},
		{
			name: "D3 POST exports body {} apig-style headers",
			in: SignInput{
				Method: "POST", Path: exportsPath, Headers: dHeaders(),
				SignedHeaders: []string{"content-type", "host", "x-project-id", "x-sdk-date"},
				PayloadHash:   PayloadHash([]byte("{}")),
			},
			date: dDate, ak: dAK, sk: dSK,
			wantSignature: "f020543ce16a70ff1dd74a8ac7bb1ff337b3fb0fda41a98267e3957a2afc927c",
		},
		{
			name: "E GET export status",
			in: SignInput{
				Method: "GET", Path: exportsPath + "/exp-0001",
				Headers:       map[string][]string{"host": {dHost}, "x-project-id": {dProj}, "x-sdk-date": {dDate}},
				SignedHeaders: []string{"host", "x-project-id", "x-sdk-date"},
			},
			date: dDate, ak: dAK, sk: dSK,
			wantSignature: "b30ba25283f2df868e5d0c271d11f8110a1113088f989b199248953dfb332539",
		},
	}
}

func TestSignVectors(t *testing.T) {
	for _, v := range vectors() {
		t.Run(v.name, func(t *testing.T) {
			cr := CanonicalRequest(v.in)
			if v.wantCanonical != "" && cr != v.wantCanonical {
				t.Errorf("canonical request\n got %q\nwant %q", cr, v.wantCanonical)
			}
			if v.wantCRHash != "" && sha256Hex(cr) != v.wantCRHash {
				t.Errorf("sha256(canonical request) = %s, want %s", sha256Hex(cr), v.wantCRHash)
			}
			sig := Sign(v.in, v.date, v.sk)
			if sig != v.wantSignature {
				t.Errorf("signature = %s, want %s", sig, v.wantSignature)
			}
			if v.wantAuth != "" {
				if got := AuthorizationHeader(v.ak, v.in.SignedHeaders, sig); got != v.wantAuth {
					t.Errorf("authorization\n got %q\nwant %q", got, v.wantAuth)
				}
			}
		})
	}
}

// The trailing newline the SDK's json.Encoder adds is part of the signed
// payload: dropping it yields the documented wrong hash and signature.
func TestSignVectorCWithoutNewline(t *testing.T) {
	in := vectors()[2].in
	in.PayloadHash = PayloadHash([]byte(`{"Name":"test","Id":1}`))
	if !strings.HasPrefix(in.PayloadHash, "4beb4e25") || !strings.HasSuffix(in.PayloadHash, "4dbc") {
		t.Errorf("payload hash without LF = %s, want 4beb4e25...4dbc", in.PayloadHash)
	}
	sig := Sign(in, "20060102T150405Z", "SecretKey")
	if !strings.HasPrefix(sig, "83599e52") || !strings.HasSuffix(sig, "7a35") {
		t.Errorf("signature without LF = %s, want 83599e52...7a35", sig)
	}
}

// Changing one byte of any signed part changes the signature.
func TestSignTamperOneByte(t *testing.T) {
	base := vectors()[3] // D1
	want := base.wantSignature
	flip := func(s string) string {
		b := []byte(s)
		b[len(b)/2] ^= 0x01
		return string(b)
	}
	cases := map[string]func(in *SignInput, date, sk *string){
		"method":       func(in *SignInput, _, _ *string) { in.Method = "PUT" },
		"path":         func(in *SignInput, _, _ *string) { in.Path = flip(in.Path) },
		"query":        func(in *SignInput, _, _ *string) { in.Query = url.Values{"a": {"b"}} },
		"host":         func(in *SignInput, _, _ *string) { in.Headers["host"] = []string{flip(dHost)} },
		"x-project-id": func(in *SignInput, _, _ *string) { in.Headers["x-project-id"] = []string{flip(dProj)} },
		"x-sdk-date header": func(in *SignInput, _, _ *string) {
			in.Headers["x-sdk-date"] = []string{flip(dDate)}
		},
		"string-to-sign date": func(_ *SignInput, date, _ *string) { *date = flip(*date) },
		"signed headers":      func(in *SignInput, _, _ *string) { in.SignedHeaders = []string{"host", "x-sdk-date"} },
		"body":                func(in *SignInput, _, _ *string) { in.PayloadHash = PayloadHash([]byte("{ ")) },
		"secret key":          func(_ *SignInput, _, sk *string) { *sk = flip(*sk) },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			v := vectors()[3]
			date, sk := v.date, v.sk
			mutate(&v.in, &date, &sk)
			if got := Sign(v.in, date, sk); got == want {
				t.Errorf("signature unchanged after tampering with %s", name)
			}
		})
	}
	if got := Sign(base.in, base.date, base.sk); got != want {
		t.Fatalf("untampered signature = %s, want %s", got, want)
	}
}

func TestCanonicalURIEncoding(t *testing.T) {
	cases := map[string]string{
		"/v1/p/vpcs":      "/v1/p/vpcs/",
		"/v1/p/vpcs/":     "/v1/p/vpcs/",
		"/a b/c+d/é":      "/a%20b/c%2Bd/%C3%A9/",
		"/keep-_.~/x":     "/keep-_.~/x/",
		"":                "/",
		"/v1/a%2Fb/x:y@z": "/v1/a%252Fb/x%3Ay%40z/",
	}
	for in, want := range cases {
		if got := CanonicalURI(in); got != want {
			t.Errorf("CanonicalURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalQuerySortsNamesAndValues(t *testing.T) {
	got := CanonicalQuery(url.Values{"b": {"2", "1"}, "a": {"x y"}, "c": {""}})
	if want := "a=x%20y&b=1&b=2&c="; got != want {
		t.Errorf("CanonicalQuery = %q, want %q", got, want)
	}
}

func TestParseAuthorization(t *testing.T) {
	a, err := ParseAuthorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc")
	if err != nil {
		t.Fatal(err)
	}
	if a.AccessKey != "AK" || strings.Join(a.SignedHeaders, ";") != "host;x-sdk-date" || a.Signature != "abc" {
		t.Errorf("parsed %+v", a)
	}
	for _, bad := range []string{
		"", "AWS4-HMAC-SHA256 Access=AK, SignedHeaders=h, Signature=s", "SDK-HMAC-SHA256 Access=AK, Signature=s",
		"SDK-HMAC-SHA256 Access=AK, SignedHeaders=x, Signature=", "SDK-HMAC-SHA256 garbage",
	} {
		if _, err := ParseAuthorization(bad); err == nil {
			t.Errorf("ParseAuthorization(%q) succeeded", bad)
		}
	}
}
