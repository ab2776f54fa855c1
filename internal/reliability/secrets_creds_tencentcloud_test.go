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
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Distinctive secrets of the Tencent Cloud credential sources.
const (
	tcBaseSecret       = "tc-base-SECRET-7a1f30"
	tcWebIdentityToken = "tc-WEB-IDENTITY-TOKEN-52e9aa"
	tcWrongToken       = "WRONG-tc-WEB-IDENTITY-TOKEN-d41"
)

// tcCredsProvider is a tencentcloud block at the emulator with the
// credential settings given.
func tcCredsProvider(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  tencentcloud {
    region       = %[2]q
    endpoint     = %[1]q
    sts_endpoint = %[1]q
%[3]s
  }
}
`, e.URL, acctest.TencentcloudRegion, settings)
}

// TestAccReliability_tencentCredentialSourceSecretsStayOut runs apply and
// destroy at TF_LOG=TRACE with every Tencent Cloud credential source that
// handles temporary credentials (assume_role, web identity, the CVM CAM
// role, a profile with a roleArn), then a failing web identity exchange,
// and scans the logs, the diagnostics and the state for the base secret,
// the web identity tokens and every secret and token the emulator issued.
func TestAccReliability_tencentCredentialSourceSecretsStayOut(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		fast(o)
		o.Tencent.SecretKey = tcBaseSecret
		o.Tencent.WebIdentityToken = tcWebIdentityToken
	})
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	token, wrong := write("token", tcWebIdentityToken), write("wrong", tcWrongToken)
	write("role.credential", fmt.Sprintf(`{"secretId":%q,"secretKey":%q,"roleArn":"qcs::cam::uin/1:roleName/p"}`, acctest.TencentcloudSecretID, tcBaseSecret))
	web := func(file string) string {
		return fmt.Sprintf(`assume_role_with_web_identity {
      provider_id             = "ci"
      role_arn                = "qcs::cam::uin/1:roleName/ci"
      web_identity_token_file = %q
    }`, file)
	}
	sources := []string{
		fmt.Sprintf(`secret_id = %q
    secret_key = %q
    assume_role {
      role_arn = "qcs::cam::uin/1:roleName/telemetry"
    }`, acctest.TencentcloudSecretID, tcBaseSecret),
		web(token),
		fmt.Sprintf(`cvm_metadata_endpoint = %q`, e.URL),
		fmt.Sprintf(`profile = "role"
    shared_credentials_dir = %q`, dir),
	}
	w := newWorkspace(t, tcCredsProvider(e, sources[0])+clsHCL(""))
	r := &tracedRun{w: w}
	var states [][]byte
	for _, src := range sources {
		w.write(tcCredsProvider(e, src) + clsHCL(""))
		r.must(0, "apply", "-auto-approve", "-input=false")
		states = append(states, w.stateBytes())
		r.must(0, "destroy", "-auto-approve", "-input=false")
	}
	w.write(tcCredsProvider(e, web(wrong)) + clsHCL(""))
	if out := r.must(1, "apply", "-auto-approve", "-input=false"); !strings.Contains(out, "InvalidParameter.WebIdentityTokenError") {
		t.Errorf("the failing web identity exchange does not show the vendor's code:\n%s", out)
	}
	if n := e.Stats(t)["AssumeRole"]; n < 2 {
		t.Errorf("AssumeRole called %d times, want the assume_role and profile runs", n)
	}
	scanTencentSecrets(t, r, states)
}

func scanTencentSecrets(t *testing.T, r *tracedRun, states [][]byte) {
	t.Helper()
	check := func(what string, data []byte) {
		for _, s := range []string{tcBaseSecret, tcWebIdentityToken, tcWrongToken} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("secret %q appears in %s", s, what)
			}
		}
		if m := core.IssuedSecretPattern.Find(data); m != nil {
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
	for _, want := range []string{"[TRACE]", "cloud API response body", "AssumeRoleWithWebIdentity", "AssumeRole"} {
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
