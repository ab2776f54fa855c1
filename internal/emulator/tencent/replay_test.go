package tencent

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Requests signed exactly as the reference algorithm (and the official SDK)
// signs them, byte for byte from the CLS vectors, are accepted: the emulator
// gets past authentication and runs CreateExport. One changed byte is not.
func TestReplay_CLSVectors(t *testing.T) {
	const (
		secretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
		secretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
		topic     = "ee20bb16-3025-4048-b81a-dd436373062e"
	)
	cases := []struct {
		name, host, contentType, timestamp, signedHeaders, signature, body string
	}{
		{"CLS-1 doc content type", "cls.tencentcloudapi.com", "application/json; charset=utf-8", "1700000000", "content-type;host",
			"5a4a97847d897f502e9595b711b810b6edb6b617b9bed5f399b9b1ce16d7b47c",
			`{"TopicId":"ee20bb16-3025-4048-b81a-dd436373062e","Query":"status:200","Count":100,"From":1607499107000,"To":1607499207000,"Order":"desc","Format":"json"}`},
		{"CLS-2 action signed", "cls.tencentcloudapi.com", "application/json; charset=utf-8", "1700000000", "content-type;host;x-tc-action",
			"82e71faa16ba5f0c066ecb132c7259caabba37248c88e141e69bdccb92a841ed",
			`{"TopicId":"ee20bb16-3025-4048-b81a-dd436373062e","Query":"status:200","Count":100,"From":1607499107000,"To":1607499207000,"Order":"desc","Format":"json"}`},
		{"CLS-3 regional host, SDK content type", "cls.ap-guangzhou.tencentcloudapi.com", "application/json", "1735689599", "content-type;host;x-tc-action",
			"702073986b5cf06dde55483a1d009796a10b2086612cb46632beb32e9c733350",
			`{"TopicId":"ee20bb16-3025-4048-b81a-dd436373062e","Count":100,"Query":"status:200","From":1607499107000,"To":1607499207000,"Order":"desc","Format":"json","SyntaxRule":1,"DerivedFields":["timestamp"]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, tamper := range []bool{false, true} {
				sec, err := strconv.ParseInt(tc.timestamp, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				clock := &fakeClock{t: time.Unix(sec, 0)}
				opts := DefaultOptions()
				opts.SecretID, opts.SecretKey = secretID, secretKey
				opts.Topics = []Topic{{TopicID: topic, TopicName: "vector-topic"}}
				em := New(core.NewEnv(clock), opts)

				body := tc.body
				if tamper {
					body = strings.Replace(body, "status:200", "status:201", 1)
				}
				r := httptest.NewRequest(http.MethodPost, "http://"+tc.host+"/", strings.NewReader(body))
				r.Host = tc.host
				r.Header.Set("Content-Type", tc.contentType)
				r.Header.Set("X-TC-Action", "CreateExport")
				r.Header.Set("X-TC-Version", "2020-10-16")
				r.Header.Set("X-TC-Timestamp", tc.timestamp)
				r.Header.Set("X-TC-Region", "ap-guangzhou")
				date := clock.t.UTC().Format("2006-01-02")
				r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+secretID+"/"+date+"/cls/tc3_request, SignedHeaders="+tc.signedHeaders+", Signature="+tc.signature)
				rec := httptest.NewRecorder()
				em.ServeHTTP(rec, r)

				var out struct {
					Response struct {
						ExportId string
						Error    *struct{ Code string }
					}
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
					t.Fatalf("decoding %s: %v", rec.Body, err)
				}
				switch {
				case !tamper && (out.Response.Error != nil || out.Response.ExportId == ""):
					t.Fatalf("vector request refused: %s", rec.Body)
				case tamper && (out.Response.Error == nil || out.Response.Error.Code != "AuthFailure.SignatureFailure"):
					t.Fatalf("tampered body: %s, want AuthFailure.SignatureFailure", rec.Body)
				}
			}
		})
	}
}
