package alicloud

import (
	"net/url"
	"strings"
	"testing"
)

// The vectors below are copied from the vendor reference (published
// documentation examples, the vendor SDKs' unit tests, and CMS requests
// computed with the vendor SDK's own signing function).

func v1Params(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func describeRegionsParams(timestampKey string) url.Values {
	return v1Params(
		"AccessKeyId", "testid",
		"Action", "DescribeRegions",
		"Format", "XML",
		"SignatureMethod", "HMAC-SHA1",
		"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
		"SignatureVersion", "1.0",
		timestampKey, "2016-02-23T12:46:24Z",
		"Version", "2014-05-26",
	)
}

func cmsCommonV1(action, nonce string) []string {
	return []string{
		"AccessKeyId", "testid",
		"Action", action,
		"Format", "JSON",
		"RegionId", "cn-hangzhou",
		"SignatureMethod", "HMAC-SHA1",
		"SignatureNonce", nonce,
		"SignatureVersion", "1.0",
		"Timestamp", "2024-01-02T03:04:05Z",
		"Version", "2019-01-01",
	}
}

func putCustomEventV1() url.Values {
	return v1Params(append(cmsCommonV1("PutCustomEvent", "c0ffee00-1234-4abc-8def-000000000001"),
		"EventInfo.1.EventName", "myEvent",
		"EventInfo.1.Content", "IOException occurred",
		"EventInfo.1.Time", "20171013T170923.456+0800",
		"EventInfo.1.GroupId", "0",
	)...)
}

const exporterConfigJSON = `{"endpoint":"http://cn-qingdao-share.log.aliyuncs.com","project":"exporter","logstore":"exporter","ak":"LTAIexample","as":"secretexample"}`

func TestSignV1_vectors(t *testing.T) {
	withToken := putCustomEventV1()
	withToken.Set("SecurityToken", "CAIS+token/with=chars")
	putExporter := v1Params(append(cmsCommonV1("PutExporterOutput", "c0ffee00-1234-4abc-8def-000000000002"),
		"DestName", "exporterConfig",
		"DestType", "sls",
		"Desc", "Export CPU metrics *~",
		"ConfigJson", exporterConfigJSON,
	)...)

	tests := []struct {
		name         string
		method       string
		params       url.Values
		secret       string
		stringToSign string // checked when non-empty
		contains     []string
		want         string
	}{
		{
			name: "V1 published DescribeRegions GET", method: "GET", params: describeRegionsParams("Timestamp"), secret: "testsecret",
			stringToSign: "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
			want:         "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
		},
		{name: "V1 DescribeRegions POST", method: "POST", params: describeRegionsParams("Timestamp"), secret: "testsecret", want: "MxbnVAM4w6sft9xjVpe/GCKueuk="},
		{name: "V1 legacy doc TimeStamp spelling", method: "GET", params: describeRegionsParams("TimeStamp"), secret: "testsecret", want: "CT9X0VtwR86fNWSnsc6v8YGOjuE="},
		{
			name: "V2 SDK unit test", method: "", params: v1Params("test", "ok"), secret: "accessKeySecret",
			stringToSign: "&%2F&test%3Dok", want: "jHx/oHoHNrbVfhncHEvPdHXZwHU=",
		},
		{
			name: "V3 PutCustomEvent POST", method: "POST", params: putCustomEventV1(), secret: "testsecret",
			stringToSign: "POST&%2F&AccessKeyId%3Dtestid%26Action%3DPutCustomEvent%26EventInfo.1.Content%3DIOException%2520occurred%26EventInfo.1.EventName%3DmyEvent%26EventInfo.1.GroupId%3D0%26EventInfo.1.Time%3D20171013T170923.456%252B0800%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dc0ffee00-1234-4abc-8def-000000000001%26SignatureVersion%3D1.0%26Timestamp%3D2024-01-02T03%253A04%253A05Z%26Version%3D2019-01-01",
			want:         "pJMk6fTc2OwnhGR68+Zi5bX/wds=",
		},
		{
			name: "V4 PutExporterOutput JSON value", method: "POST", params: putExporter, secret: "testsecret",
			contains: []string{
				PercentEncode("ConfigJson=%7B%22endpoint%22%3A%22http%3A%2F%2Fcn-qingdao-share.log.aliyuncs.com%22%2C"),
				PercentEncode("Desc=Export%20CPU%20metrics%20%2A~"),
			},
			want: "1IRzVC2+TJlgRwqTlEt4a6I9hjg=",
		},
		{
			name: "V5 security token", method: "POST", params: withToken, secret: "testsecret",
			contains: []string{PercentEncode("RegionId=cn-hangzhou&SecurityToken=CAIS%2Btoken%2Fwith%3Dchars&SignatureMethod")},
			want:     "312G9hsMeyQcjDlZo0lAc0aUj5E=",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts := StringToSignV1(tt.method, tt.params)
			if tt.stringToSign != "" && sts != tt.stringToSign {
				t.Fatalf("string to sign:\n got %s\nwant %s", sts, tt.stringToSign)
			}
			for _, c := range tt.contains {
				if !strings.Contains(sts, c) {
					t.Errorf("string to sign %s\ndoes not contain %s", sts, c)
				}
			}
			if got := SignV1(tt.secret, sts); got != tt.want {
				t.Fatalf("signature = %s, want %s", got, tt.want)
			}
			// The Signature parameter itself is never signed.
			withSig := url.Values{}
			for k, v := range tt.params {
				withSig[k] = v
			}
			withSig.Set("Signature", tt.want)
			if got := StringToSignV1(tt.method, withSig); got != sts {
				t.Fatalf("Signature parameter changed the string to sign")
			}
		})
	}
}

func TestSignV1_flipOneByte(t *testing.T) {
	base := putCustomEventV1()
	want := SignV1("testsecret", StringToSignV1("POST", base))
	for name := range base {
		changed := url.Values{}
		for k, v := range base {
			changed[k] = append([]string(nil), v...)
		}
		v := []byte(changed.Get(name))
		v[len(v)-1] ^= 0x01
		changed.Set(name, string(v))
		if got := SignV1("testsecret", StringToSignV1("POST", changed)); got == want {
			t.Errorf("flipping the last byte of %s did not change the signature", name)
		}
	}
	if got := SignV1("testsecreu", StringToSignV1("POST", base)); got == want {
		t.Error("flipping a byte of the secret did not change the signature")
	}
	if got := SignV1("testsecret", StringToSignV1("GET", base)); got == want {
		t.Error("changing the method did not change the signature")
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{
		"a b":   "a%20b",
		"*":     "%2A",
		"~":     "~",
		"+/=:":  "%2B%2F%3D%3A",
		"-_.":   "-_.",
		"é":     "%C3%A9",
		`"{}`:   "%22%7B%7D",
		"AZaz9": "AZaz9",
	} {
		if got := PercentEncode(in); got != want {
			t.Errorf("PercentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

// cmsV3 builds a CMS V3 request with the vectors' common inputs.
func cmsV3(method, action, nonce string, query url.Values, withProvider bool) RequestV3 {
	h := map[string][]string{
		"host":                  {"metrics.cn-hangzhou.aliyuncs.com"},
		"x-acs-action":          {action},
		"x-acs-version":         {"2019-01-01"},
		"x-acs-date":            {"2024-01-02T03:04:05Z"},
		"x-acs-signature-nonce": {nonce},
		"x-acs-content-sha256":  {EmptyPayloadHash},
	}
	if withProvider {
		h["x-acs-credentials-provider"] = []string{"static_ak"}
	}
	return RequestV3{Method: method, Path: "/", Query: query, Headers: h, PayloadHash: EmptyPayloadHash}
}

func TestSignV3_vectors(t *testing.T) {
	pageQuery := v1Params("PageNumber", "1", "PageSize", "10")
	eventQuery := v1Params(
		"EventInfo.1.EventName", "myEvent",
		"EventInfo.1.Content", "IOException occurred",
		"EventInfo.1.Time", "20171013T170923.456+0800",
		"EventInfo.1.GroupId", "0",
	)

	p1 := RequestV3{
		Method: "POST", Path: "/",
		Query: v1Params("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "RegionId", "cn-shanghai"),
		Headers: map[string][]string{
			"host":                  {"ecs.cn-shanghai.aliyuncs.com"},
			"x-acs-action":          {"RunInstances"},
			"x-acs-version":         {"2014-05-26"},
			"x-acs-date":            {"2023-10-26T10:22:32Z"},
			"x-acs-signature-nonce": {"3156853299f313e23d1673dc12e1703d"},
			"x-acs-content-sha256":  {EmptyPayloadHash},
		},
		PayloadHash: EmptyPayloadHash,
	}
	p2 := RequestV3{
		Method: "", Path: "",
		Query:       v1Params("test", "ok", "empty", ""),
		Headers:     map[string][]string{"x-acs-test": {"http"}, "x-acs-TEST": {"https"}},
		PayloadHash: "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
	}
	c4 := cmsV3("POST", "DescribeExporterOutputList", "c0ffee001234abcd5678ef9000000004", pageQuery, true)
	c4.Headers["x-acs-credentials-provider"] = []string{"static_sts"}
	c4.Headers["x-acs-accesskey-id"] = []string{"testid"}
	c4.Headers["x-acs-security-token"] = []string{"CAIS+token/with=chars"}
	c5body := "EventInfo.1.Content=IOException+occurred&EventInfo.1.EventName=myEvent&EventInfo.1.GroupId=0&EventInfo.1.Time=20171013T170923.456%2B0800"
	c5 := cmsV3("POST", "PutCustomEvent", "c0ffee001234abcd5678ef9000000005", url.Values{}, true)
	c5.Headers["content-type"] = []string{"application/x-www-form-urlencoded"}
	c5.PayloadHash = HashHex([]byte(c5body))
	c5.Headers["x-acs-content-sha256"] = []string{c5.PayloadHash}

	tests := []struct {
		name, ak, secret   string
		req                RequestV3
		canonical          string // full canonical request, checked when non-empty
		canonicalQuery     string // third line, checked when non-empty
		signedHeaders      string
		hashedCanonical    string
		signature          string
		authorization      string // checked when non-empty
		payloadHashWantHex string // checked when non-empty
	}{
		{
			name: "P1 published RunInstances", ak: "YourAccessKeyId", secret: "YourAccessKeySecret", req: p1,
			canonical: "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n" +
				"host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n" +
				"x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
				"x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\n" +
				"host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n" +
				"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			signedHeaders:   "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
			hashedCanonical: "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
			signature:       "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
		},
		{
			name: "P2 SDK unit test", ak: "acesskey", secret: "secret", req: p2,
			canonical:     "\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
			signedHeaders: "x-acs-test",
			signature:     "4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3",
		},
		{
			name: "C1 DescribeExporterOutputList", ak: "testid", secret: "testsecret",
			req: cmsV3("POST", "DescribeExporterOutputList", "c0ffee001234abcd5678ef9000000001", pageQuery, true),
			canonical: "POST\n/\nPageNumber=1&PageSize=10\nhost:metrics.cn-hangzhou.aliyuncs.com\n" +
				"x-acs-action:DescribeExporterOutputList\n" +
				"x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
				"x-acs-credentials-provider:static_ak\nx-acs-date:2024-01-02T03:04:05Z\n" +
				"x-acs-signature-nonce:c0ffee001234abcd5678ef9000000001\nx-acs-version:2019-01-01\n\n" +
				"host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version\n" +
				"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			signedHeaders:   "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
			hashedCanonical: "532f14549cc7fa6771e8113e8ad1e0e4c5b74a63cb4015ff7f5cf306b7306381",
			signature:       "3f2818eff1778d78edae8b5208d5f6a693f64ac21ac75c4d84fcb8b0b326a987",
			authorization:   "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=3f2818eff1778d78edae8b5208d5f6a693f64ac21ac75c4d84fcb8b0b326a987",
		},
		{
			name: "C1min without credentials provider", ak: "testid", secret: "testsecret",
			req:             cmsV3("POST", "DescribeExporterOutputList", "c0ffee001234abcd5678ef9000000001", pageQuery, false),
			canonicalQuery:  "PageNumber=1&PageSize=10",
			signedHeaders:   "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
			hashedCanonical: "2b1d40a1d6a3b8ff3e68aeeeaea7a5ab0a1c49fafd3c31879aac83f17a6e9f86",
			signature:       "96e4b17168a72661138d8eb5d12b06ccf56206daed68659172ca23186e392c33",
		},
		{
			name: "C2 PutCustomEvent query", ak: "testid", secret: "testsecret",
			req:             cmsV3("POST", "PutCustomEvent", "c0ffee001234abcd5678ef9000000002", eventQuery, true),
			canonicalQuery:  "EventInfo.1.Content=IOException%20occurred&EventInfo.1.EventName=myEvent&EventInfo.1.GroupId=0&EventInfo.1.Time=20171013T170923.456%2B0800",
			signedHeaders:   "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
			hashedCanonical: "fed3517f070d8ca7132430bf2b051e9b747bae97d034f7ef6b85768630c6ccab",
			signature:       "c74868d15256d20b74f22174c0d7d57906f8052249c2f7c83dec7b2536b17fee",
		},
		{
			name: "C3 PutExporterOutput", ak: "testid", secret: "testsecret",
			req: cmsV3("POST", "PutExporterOutput", "c0ffee001234abcd5678ef9000000003",
				v1Params("ConfigJson", exporterConfigJSON, "Desc", "Export CPU metrics *~", "DestName", "exporterConfig", "DestType", "sls"), true),
			canonicalQuery:  "ConfigJson=%7B%22endpoint%22%3A%22http%3A%2F%2Fcn-qingdao-share.log.aliyuncs.com%22%2C%22project%22%3A%22exporter%22%2C%22logstore%22%3A%22exporter%22%2C%22ak%22%3A%22LTAIexample%22%2C%22as%22%3A%22secretexample%22%7D&Desc=Export%20CPU%20metrics%20%2A~&DestName=exporterConfig&DestType=sls",
			signedHeaders:   "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
			hashedCanonical: "ebe697d95b8f352d8be517a6a4120a5f924c5c939441644d7a944900a4618a77",
			signature:       "e085689e8dc4608120790c29f76c9cc03d6d756040fca0109c2790cfd3d6bb81",
		},
		{
			name: "C4 STS", ak: "testid", secret: "testsecret", req: c4,
			canonicalQuery:  "PageNumber=1&PageSize=10",
			signedHeaders:   "host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version",
			hashedCanonical: "fada38edf9255dc87b10334530a45c67de8b5f2786be10a333ec8178c08aac80",
			signature:       "2d4bf51d76c2e9de1b4e8ae725a022702f0d4243866adf4fb7b8f1abc139e1a3",
		},
		{
			name: "C5 form body", ak: "testid", secret: "testsecret", req: c5,
			canonicalQuery:     "",
			signedHeaders:      "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
			hashedCanonical:    "0cc1e97648238e3cb071ebd788906595a44fc59094fff22f10878ca3fa370df4",
			signature:          "bfff1e1faf6a7e744926b7cd758c0a1e597b4d6d99207e49d6b7009a7238f13f",
			payloadHashWantHex: "98386fb9ec74a186839510f9dac17e4a487e2074cc7835c937be58ae742920ff",
		},
		{
			name: "C6 GET", ak: "testid", secret: "testsecret",
			req:             cmsV3("GET", "DescribeExporterOutputList", "c0ffee001234abcd5678ef9000000001", pageQuery, true),
			canonicalQuery:  "PageNumber=1&PageSize=10",
			signedHeaders:   "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
			hashedCanonical: "3b514b380dc0249f31f5a18012bfcf085787347820f151afc5f624a7b6013e52",
			signature:       "4e176a141f0adc7e2553e8747ad44735346f69bfe0a42130436b79894c05644e",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.payloadHashWantHex != "" && tt.req.PayloadHash != tt.payloadHashWantHex {
				t.Fatalf("body hash = %s, want %s", tt.req.PayloadHash, tt.payloadHashWantHex)
			}
			canonical, signed := CanonicalRequestV3(tt.req)
			if tt.canonical != "" && canonical != tt.canonical {
				t.Fatalf("canonical request:\n got %q\nwant %q", canonical, tt.canonical)
			}
			if tt.canonical == "" {
				if lines := strings.Split(canonical, "\n"); lines[2] != tt.canonicalQuery {
					t.Fatalf("canonical query = %q, want %q", lines[2], tt.canonicalQuery)
				}
			}
			if signed != tt.signedHeaders {
				t.Fatalf("signed headers = %s, want %s", signed, tt.signedHeaders)
			}
			if tt.hashedCanonical != "" {
				if got := HashHex([]byte(canonical)); got != tt.hashedCanonical {
					t.Fatalf("hashed canonical request = %s, want %s", got, tt.hashedCanonical)
				}
			}
			sig := SignV3(tt.secret, canonical)
			if sig != tt.signature {
				t.Fatalf("signature = %s, want %s", sig, tt.signature)
			}
			auth := AuthorizationV3(tt.ak, signed, sig)
			if tt.authorization != "" && auth != tt.authorization {
				t.Fatalf("authorization = %s, want %s", auth, tt.authorization)
			}
			parts, ok := ParseAuthorizationV3(auth)
			if !ok || parts.Credential != tt.ak || strings.Join(parts.SignedHeaders, ";") != signed || parts.Signature != sig {
				t.Fatalf("ParseAuthorizationV3(%q) = %+v, %v", auth, parts, ok)
			}
		})
	}
}

func TestSignV3_flipOneByte(t *testing.T) {
	pageQuery := v1Params("PageNumber", "1", "PageSize", "10")
	base := cmsV3("POST", "DescribeExporterOutputList", "c0ffee001234abcd5678ef9000000001", pageQuery, true)
	canonical, _ := CanonicalRequestV3(base)
	want := SignV3("testsecret", canonical)
	if want != "3f2818eff1778d78edae8b5208d5f6a693f64ac21ac75c4d84fcb8b0b326a987" {
		t.Fatalf("base signature %s does not match vector C1", want)
	}
	flip := func(s string) string {
		b := []byte(s)
		b[len(b)-1] ^= 0x01
		return string(b)
	}
	sign := func(r RequestV3) string {
		c, _ := CanonicalRequestV3(r)
		return SignV3("testsecret", c)
	}
	clone := func() RequestV3 {
		r := base
		r.Query = url.Values{}
		for k, v := range base.Query {
			r.Query[k] = append([]string(nil), v...)
		}
		r.Headers = map[string][]string{}
		for k, v := range base.Headers {
			r.Headers[k] = append([]string(nil), v...)
		}
		return r
	}
	for name := range base.Headers {
		r := clone()
		r.Headers[name] = []string{flip(r.Headers[name][0])}
		if sign(r) == want {
			t.Errorf("flipping a byte of header %s did not change the signature", name)
		}
	}
	for name := range base.Query {
		r := clone()
		r.Query.Set(name, flip(r.Query.Get(name)))
		if sign(r) == want {
			t.Errorf("flipping a byte of query %s did not change the signature", name)
		}
	}
	r := clone()
	r.Method = "POSU"
	if sign(r) == want {
		t.Error("changing the method did not change the signature")
	}
	r = clone()
	r.Path = "/x"
	if sign(r) == want {
		t.Error("changing the path did not change the signature")
	}
	r = clone()
	r.PayloadHash = flip(r.PayloadHash)
	if sign(r) == want {
		t.Error("changing the payload hash did not change the signature")
	}
	if SignV3("testsecreu", canonical) == want {
		t.Error("flipping a byte of the secret did not change the signature")
	}
}

func TestParseAuthorizationV3_rejects(t *testing.T) {
	for _, h := range []string{
		"",
		"ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=x",
		"ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host",
		"ACS3-HMAC-SHA256 Credential=a,Signature=x",
		"ACS3-HMAC-SHA256 SignedHeaders=host,Signature=x",
		"ACS3-HMAC-SHA256 garbage",
	} {
		if _, ok := ParseAuthorizationV3(h); ok {
			t.Errorf("ParseAuthorizationV3(%q) accepted a malformed header", h)
		}
	}
}
