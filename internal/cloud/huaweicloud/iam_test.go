package huaweicloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// Every attempt asks Credentials for keys and signs with them (a refresh
// between attempts is used at once); the secrets of the call, also ones
// the server echoes, stay out of the TRACE log and the error.
func TestClientCredentialsPerAttempt(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		body, _ := io.ReadAll(r.Body)
		want := fmt.Sprintf("sk-secret-%d", i)
		if msg := verifySigned(r, body, want); msg != "" || r.Header.Get("X-Security-Token") != fmt.Sprintf("sts-secret-%d", i) {
			t.Errorf("attempt %d: %s, security token %q", i, msg, r.Header.Get("X-Security-Token"))
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, `{"error_code":"APIGW.0613","error_msg":"busy %s"}`, r.Header.Get("X-Security-Token"))
	}))
	defer srv.Close()
	var calls atomic.Int32
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	t.Setenv("TF_LOG_PROVIDER_TELEMETRY_HUAWEICLOUD", "TRACE")
	c := NewClient(Config{ProjectID: "p", Endpoint: srv.URL, MaxRetries: 1, Sleep: noSleep, Credentials: func(context.Context) (Credentials, error) {
		// The call's first fetch (masking) and the first attempt see set 1.
		i := calls.Add(1) - 1
		if i == 0 {
			i = 1
		}
		return Credentials{AccessKey: "ak", SecretKey: fmt.Sprintf("sk-secret-%d", i), SecurityToken: fmt.Sprintf("sts-secret-%d", i)}, nil
	}})
	_, err := c.ShowLogsExportStatus(ctx, ExportRef{ServerID: "s", ExportID: "1"})
	if err == nil || n.Load() != 2 {
		t.Fatalf("%v after %d attempts, want 2 failed attempts", err, n.Load())
	}
	if strings.Contains(err.Error(), "sts-secret-1") || strings.Contains(logs.String(), "sts-secret-1") || strings.Contains(logs.String(), "sk-secret") {
		t.Errorf("a secret of the call leaked:\n%v\n%s", err, logs.String())
	}
}

// The IAM calls send the vendor's request shapes and read its answers.
func TestIAMRequestShapes(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var compact bytes.Buffer
		_ = json.Compact(&compact, body)
		auth := "anonymous"
		switch {
		case r.Header.Get("Authorization") != "":
			auth = "signed:" + verifySigned(r, body, "sk")
		case r.Header.Get("X-Auth-Token") != "":
			auth = "token:" + r.Header.Get("X-Auth-Token")
		}
		seen = append(seen, r.URL.Path+" "+auth+" "+r.Header.Get("X-Idp-Id")+" "+compact.String())
		if r.URL.Path == IDTokenTokensPath {
			w.Header().Set("X-Subject-Token", "iam-token")
			w.WriteHeader(201)
			io.WriteString(w, `{"token":{"expires_at":"2030-01-01T00:00:00.000000Z","methods":["mapped"]}}`)
			return
		}
		w.WriteHeader(201)
		io.WriteString(w, `{"credential":{"access":"TMPAK","secret":"s","securitytoken":"st","expires_at":"2030-01-08T03:50:07.574000Z"}}`)
	}))
	defer srv.Close()
	ctx := context.Background()
	signed := NewIAM(IAMConfig{Endpoint: srv.URL, Credentials: func(context.Context) (Credentials, error) { return Credentials{AccessKey: "ak", SecretKey: "sk"}, nil }})
	c, err := signed.AssumeAgency(ctx, AgencyInput{AgencyName: "ops", DomainName: "acme", SessionName: "tf", Duration: 3600e9})
	if err != nil || c.AccessKey != "TMPAK" || c.Expiration.Year() != 2030 {
		t.Fatalf("%+v %v", c, err)
	}
	anon := NewIAM(IAMConfig{Endpoint: srv.URL})
	tok, err := anon.TokenWithIDToken(ctx, "idp", "id-token", "proj")
	if err != nil || tok.Token != "iam-token" {
		t.Fatalf("%+v %v", tok, err)
	}
	if _, err := anon.TokenCredentials(ctx, tok.Token, 0); err != nil {
		t.Fatal(err)
	}
	byToken := NewIAM(IAMConfig{Endpoint: srv.URL, AuthToken: "user-token"})
	if _, err := byToken.AssumeAgency(ctx, AgencyInput{AgencyName: "ops", DomainID: "d1"}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		SecurityTokensPath + ` signed:  {"auth":{"identity":{"assume_role":{"agency_name":"ops","domain_name":"acme","duration_seconds":3600,"session_user":{"name":"tf"}},"methods":["assume_role"]}}}`,
		IDTokenTokensPath + ` anonymous idp {"auth":{"id_token":{"id":"id-token"},"scope":{"project":{"id":"proj"}}}}`,
		SecurityTokensPath + ` token:iam-token  {"auth":{"identity":{"methods":["token"],"token":{"id":"iam-token"}}}}`,
		SecurityTokensPath + ` token:user-token  {"auth":{"identity":{"assume_role":{"agency_name":"ops","domain_id":"d1"},"methods":["assume_role"]}}}`,
	}
	for i := range want {
		if i >= len(seen) || seen[i] != want[i] {
			t.Errorf("request %d:\n got %q\nwant %q", i+1, seen, want[i])
		}
	}
}

// The metadata client asks for a session token first and sends it; a
// service without one (404) is read without it.
func TestECSAgencyCredentials(t *testing.T) {
	for _, tokens := range []bool{true, false} {
		var sent string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == ECSMetadataTokenPath && r.Method == http.MethodPut && tokens && r.Header.Get("X-Metadata-Token-Ttl-Seconds") != "":
				io.WriteString(w, "session")
			case r.URL.Path == ECSMetadataSecurityKeyPath:
				sent = r.Header.Get("X-Metadata-Token")
				io.WriteString(w, `{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2030-01-08T03:50:07.574000Z"}}`)
			default:
				http.NotFound(w, r)
			}
		}))
		c, err := ECSAgencyCredentials(context.Background(), nil, srv.URL)
		srv.Close()
		if err != nil || c.AccessKey != "A" || c.SecurityToken != "T" || (sent == "session") != tokens {
			t.Errorf("tokens %v: %+v %v, sent %q", tokens, c, err, sent)
		}
	}
}
