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
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
)

// Distinctive secrets of the Huawei Cloud credential sources.
const (
	hwCredsBaseSecret   = "hw-base-SECRET-5d1e7a"
	hwCredsAuthToken    = "hw-AUTH-TOKEN-8c2f4b"
	hwCredsIDToken      = "hw-OIDC-ID-TOKEN-3a9b0c"
	hwCredsWrongIDToken = "WRONG-hw-OIDC-ID-TOKEN-77d"
)

// hwCredsProvider is a huaweicloud block at the emulator with the
// credential settings given.
func hwCredsProvider(e *acctest.Emulator, settings string) string {
	return fmt.Sprintf(`
provider "telemetry" {
  max_retries = 1
  huaweicloud {
    region       = %[2]q
    project_id   = %[3]q
    endpoint     = %[1]q
    iam_endpoint = %[1]q
%[4]s
  }
}

resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %[5]q
}
`, e.URL, acctest.HuaweicloudRegion, acctest.HuaweicloudProjectID, settings, serverID)
}

// TestAccReliability_huaweiCredentialSourceSecretsStayOut runs apply and
// destroy at TF_LOG=TRACE with every Huawei Cloud credential source that
// handles temporary credentials (assume_role over the keys and over the IAM
// token, OIDC, the ECS agency, a KooCLI profile with an agency), then a
// failing OIDC exchange, and scans the logs, the diagnostics and the state
// for the base secret, the IAM token, the ID tokens and every secret,
// security token and IAM token the emulator issued.
func TestAccReliability_huaweiCredentialSourceSecretsStayOut(t *testing.T) {
	acctest.RequireCLI(t)
	e := acctest.NewEmulator(t, func(o *emulator.Options) {
		fast(o)
		o.Huawei.SecretKey = hwCredsBaseSecret
		o.Huawei.AuthToken = hwCredsAuthToken
		o.Huawei.IDToken = hwCredsIDToken
	})
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	idToken, wrong := write("id-token", hwCredsIDToken), write("wrong", hwCredsWrongIDToken)
	profile := write("config.json", fmt.Sprintf(`{"current":"agency","profiles":[{"name":"agency","mode":"AKSK","accessKeyId":%q,"secretAccessKey":%q,"agencyName":"ops","agencyDomainName":"acme"}]}`,
		acctest.HuaweicloudAccessKey, hwCredsBaseSecret))
	oidc := func(file string) string {
		return fmt.Sprintf("idp_id = %q\n    id_token_file = %q", emulator.DefaultOptions().Huawei.IdpID, file)
	}
	const agency = "\n    assume_role {\n      agency_name = \"telemetry\"\n      domain_name = \"acme\"\n    }"
	sources := []string{
		fmt.Sprintf("access_key = %q\n    secret_key = %q", acctest.HuaweicloudAccessKey, hwCredsBaseSecret) + agency,
		fmt.Sprintf("auth_token = %q", hwCredsAuthToken) + agency,
		oidc(idToken),
		fmt.Sprintf("ecs_metadata_endpoint = %q", e.URL),
		fmt.Sprintf("shared_config_file = %q", profile),
	}
	w := newWorkspace(t, hwCredsProvider(e, sources[0]))
	r := &tracedRun{w: w}
	var states [][]byte
	for _, src := range sources {
		w.write(hwCredsProvider(e, src))
		r.must(0, "apply", "-auto-approve", "-input=false")
		states = append(states, w.stateBytes())
		r.must(0, "destroy", "-auto-approve", "-input=false")
	}
	w.write(hwCredsProvider(e, oidc(wrong)))
	if out := r.must(1, "apply", "-auto-approve", "-input=false"); !strings.Contains(out, "IAM.0012") {
		t.Errorf("the failing OIDC exchange does not show the vendor's code:\n%s", out)
	}
	stats := e.Stats(t)
	for _, op := range []string{huawei.OpAssumeAgency, huawei.OpTokenWithIDToken, huawei.OpTokenCredentials, huawei.OpMetadataKey} {
		if stats[op] == 0 {
			t.Errorf("%s never called: a source was not exercised (all counts: %v)", op, stats)
		}
	}
	scanHuaweiCredentialSecrets(t, r, states)
}

func scanHuaweiCredentialSecrets(t *testing.T, r *tracedRun, states [][]byte) {
	t.Helper()
	known := []string{hwCredsBaseSecret, hwCredsAuthToken, hwCredsIDToken, hwCredsWrongIDToken}
	check := func(what string, data []byte) {
		for _, s := range known {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("secret %q appears in %s", s, what)
			}
		}
		if m := core.IssuedSecretPattern.Find(data); m != nil {
			t.Errorf("an issued secret, security token or IAM token (%.12s...) appears in %s", m, what)
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
	for _, want := range []string{"[TRACE]", "cloud API response body", huawei.OpAssumeAgency, huawei.OpTokenWithIDToken, huawei.OpTokenCredentials} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the logs hold no %q: are they TRACE logs of the IAM calls?", want)
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
