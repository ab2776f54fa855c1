package reliability_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/alibaba"
)

// Distinctive secrets of the Alibaba credential sources.
const (
	credsBaseSecret = "ali-base-SECRET-19e2c4"
	credsOIDCToken  = "ali-OIDC-TOKEN-6b7c8d"
	wrongOIDCToken  = "WRONG-ali-OIDC-TOKEN-0c1"
)

// credsProvider is an alicloud block at the emulator with the credential
// settings given.
func credsProvider(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  alicloud {
    region       = %[2]q
    endpoint     = %[1]q
    sts_endpoint = %[1]q
%[3]s
  }
}
`, e.URL, acctest.AlicloudRegion, settings)
}

// TestAccReliability_credentialSourceSecretsStayOut runs apply and destroy
// at TF_LOG=TRACE with every Alibaba credential source that handles
// temporary credentials (assume_role, OIDC, the ECS metadata role, a
// RamRoleArn profile), then a failing OIDC exchange, and scans the logs,
// the diagnostics and the state for the base secret, the OIDC tokens and
// every secret and security token the emulator issued.
func TestAccReliability_credentialSourceSecretsStayOut(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		fast(o)
		o.Alibaba.SecretKey = credsBaseSecret
		o.Alibaba.OIDCToken = credsOIDCToken
	})
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	token, wrong := write("token", credsOIDCToken), write("wrong", wrongOIDCToken)
	profile := write("config.json", fmt.Sprintf(`{"profiles":[{"name":"role","mode":"RamRoleArn","access_key_id":%q,"access_key_secret":%q,"ram_role_arn":"acs:ram::1:role/p"}]}`,
		acctest.AlicloudAccessKey, credsBaseSecret))
	oidc := func(file string) string {
		return fmt.Sprintf(`oidc_role_arn = "acs:ram::1:role/ci"
    oidc_provider_arn = "acs:ram::1:oidc-provider/ci"
    oidc_token_file = %q`, file)
	}
	sources := []string{
		fmt.Sprintf(`access_key = %q
    secret_key = %q
    assume_role {
      role_arn = "acs:ram::1:role/telemetry"
    }`, acctest.AlicloudAccessKey, credsBaseSecret),
		oidc(token),
		fmt.Sprintf(`ecs_metadata_endpoint = %q`, e.URL),
		fmt.Sprintf(`profile = "role"
    shared_credentials_file = %q`, profile),
	}
	w := newWorkspace(t, credsProvider(e, sources[0])+eventHCL())
	r := &tracedRun{w: w}
	var states [][]byte
	for _, src := range sources {
		w.write(credsProvider(e, src) + eventHCL())
		r.must(0, "apply", "-auto-approve", "-input=false")
		states = append(states, w.stateBytes())
		r.must(0, "destroy", "-auto-approve", "-input=false")
	}
	w.write(credsProvider(e, oidc(wrong)) + eventHCL())
	if out := r.must(1, "apply", "-auto-approve", "-input=false"); !strings.Contains(out, "AuthenticationFail.OIDCToken.Invalid") {
		t.Errorf("the failing OIDC exchange does not show the vendor's code:\n%s", out)
	}
	if n := e.Stats(t)["AssumeRole"]; n < 2 {
		t.Errorf("AssumeRole called %d times, want the assume_role and profile runs", n)
	}
	scanCredentialSecrets(t, r, states)
}

func scanCredentialSecrets(t *testing.T, r *tracedRun, states [][]byte) {
	t.Helper()
	known := []string{credsBaseSecret, credsOIDCToken, wrongOIDCToken}
	check := func(what string, data []byte) {
		for _, s := range known {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("secret %q appears in %s", s, what)
			}
		}
		if m := alibaba.IssuedSecretPattern.Find(data); m != nil {
			t.Errorf("an issued secret or security token (%.12s...) appears in %s", m, what)
		}
	}
	var all bytes.Buffer
	for _, p := range r.logs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
		check("the TRACE log "+filepath.Base(p), data)
	}
	for _, want := range []string{"[TRACE]", "cloud API response body", "AssumeRoleWithOIDC", "AssumeRole"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the logs hold no %q: are they TRACE logs of the STS calls?", want)
		}
	}
	for i, out := range r.outs {
		check(fmt.Sprintf("the output of command %d", i+1), []byte(out))
	}
	for i, st := range states {
		check(fmt.Sprintf("state snapshot %d", i+1), st)
	}
	t.Logf("%d commands, %d bytes of TRACE logs scanned", r.n, all.Len())
}
