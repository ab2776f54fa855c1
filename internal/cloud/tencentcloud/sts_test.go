package tencentcloud

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// AssumeRoleWithWebIdentity is sent unsigned (Authorization: SKIP) with the
// STS scope and version; AssumeRole is TC3-signed for the sts service with
// the caller's keys and token; the policy travels URL-encoded.
func TestSTS_requestShapes(t *testing.T) {
	var seen []*http.Request
	var bodies []map[string]any
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		seen, bodies = append(seen, r), append(bodies, m)
		_, _ = io.WriteString(w, `{"Response":{"Credentials":{"Token":"tok","TmpSecretId":"AKIDx","TmpSecretKey":"sk"},"ExpiredTime":1900000000,"Expiration":"2030-03-17T17:46:40Z","RequestId":"r"}}`)
	}))
	defer ts.Close()
	sts := NewSTS(STSConfig{Endpoint: ts.URL, MaxRetries: -1, Credentials: func(context.Context) (Credentials, error) {
		return Credentials{SecretID: "base-id", SecretKey: "base-key", SecurityToken: "base-token"}, nil
	}})
	c, err := sts.AssumeRoleWithWebIdentity(context.Background(), WebIdentityInput{ProviderID: "p", RoleArn: "arn", Token: "jwt", SessionName: "s", Duration: time.Hour})
	if err != nil || c.SecretID != "AKIDx" || !c.Expiration.Equal(time.Unix(1900000000, 0)) {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := sts.AssumeRole(context.Background(), AssumeRoleInput{RoleArn: "arn", SessionName: "s", Policy: `{"a":"b c"}`}); err != nil {
		t.Fatal(err)
	}
	anon, signed := seen[0], seen[1]
	if anon.Header.Get("Authorization") != "SKIP" || anon.Header.Get("X-TC-Token") != "" || anon.Header.Get("X-TC-Version") != STSVersion {
		t.Errorf("web identity headers: %v", anon.Header)
	}
	if bodies[0]["WebIdentityToken"] != "jwt" || bodies[0]["DurationSeconds"] != float64(3600) || bodies[0]["ProviderId"] != "p" {
		t.Errorf("web identity body: %v", bodies[0])
	}
	if a := signed.Header.Get("Authorization"); !strings.Contains(a, "Credential=base-id/") || !strings.Contains(a, "/sts/tc3_request") || signed.Header.Get("X-TC-Token") != "base-token" {
		t.Errorf("AssumeRole headers: %v", signed.Header)
	}
	if bodies[1]["Policy"] != "%7B%22a%22%3A%22b+c%22%7D" {
		t.Errorf("policy sent as %v", bodies[1]["Policy"])
	}
}

// The client asks for credentials on every attempt: a retry after a
// transient failure signs with the keys the source holds by then.
func TestClient_credentialsPerAttempt(t *testing.T) {
	var n atomic.Int32
	var ids []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ids = append(ids, strings.SplitN(strings.TrimPrefix(r.Header.Get("Authorization"), Algorithm+" Credential="), "/", 2)[0])
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{"Response":{"RequestId":"r"}}`)
	}))
	defer ts.Close()
	var calls atomic.Int32
	cl := NewClient(Config{Endpoint: ts.URL, Region: "ap-guangzhou", MaxRetries: 2,
		Sleep: func(context.Context, time.Duration) error { return nil },
		Credentials: func(context.Context) (Credentials, error) {
			return Credentials{SecretID: "id" + string(rune('0'+calls.Add(1))), SecretKey: "k"}, nil
		}})
	if _, err := cl.call(context.Background(), "DescribeExports", true, map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[0] == ids[1] {
		t.Errorf("attempts signed with %v: want fresh credentials per attempt", ids)
	}
}

// Metadata answers: the role is looked up, ExpiredTime wins, Code must be
// Success.
func TestCVMRoleCredentials(t *testing.T) {
	code := "Success"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case camRole.Path:
			_, _ = io.WriteString(w, "role-a\n")
		case camRole.Path + "role-a":
			_, _ = io.WriteString(w, `{"TmpSecretId":"AKIDm","TmpSecretKey":"sk","Token":"t","ExpiredTime":1900000000,"Expiration":"bad","Code":"`+code+`"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer ts.Close()
	c, err := CVMRoleCredentials(context.Background(), nil, ts.URL, "")
	if err != nil || c.SecretID != "AKIDm" || c.Expiration.Unix() != 1900000000 {
		t.Fatalf("%+v %v", c, err)
	}
	code = "Failure"
	if _, err := CVMRoleCredentials(context.Background(), nil, ts.URL, "role-a"); err == nil || !strings.Contains(err.Error(), `Code "Failure"`) {
		t.Errorf("Code Failure: %v", err)
	}
}
