// Package acctest is the acceptance test harness: an in-process emulator per
// test, provider factories for the real Terraform CLI, config helpers and
// checks against the emulator's admin API.
package acctest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/provider"
)

// Default credentials and regions of the emulator (its options are the
// one place they are written), for tests that sign requests themselves or
// assert values.
var (
	emulatorDefaults = emulator.DefaultOptions()

	AlicloudAccessKey     = emulatorDefaults.Alibaba.AccessKey
	AlicloudSecretKey     = emulatorDefaults.Alibaba.SecretKey
	TencentcloudSecretID  = emulatorDefaults.Tencent.SecretID
	TencentcloudSecretKey = emulatorDefaults.Tencent.SecretKey
	HuaweicloudAccessKey  = emulatorDefaults.Huawei.AccessKey
	HuaweicloudSecretKey  = emulatorDefaults.Huawei.SecretKey
	HuaweicloudProjectID  = emulatorDefaults.Huawei.ProjectID
	HuaweicloudAuthToken  = emulatorDefaults.Huawei.AuthToken

	AlicloudRegion     = emulatorDefaults.Alibaba.DefaultRegion
	TencentcloudRegion = emulatorDefaults.Tencent.DefaultRegion
	HuaweicloudRegion  = emulator.HuaweiRegion
)

// ProtoV6ProviderFactories serve the provider in-process to the Terraform CLI.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"telemetry": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// PreCheck fails (never skips) when the Terraform CLI cannot be found, so a
// missing binary is a red test rather than a silent pass.
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return // resource.Test skips by itself and says so
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s: %v", p, err)
		}
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("the terraform CLI is not on PATH and TF_ACC_TERRAFORM_PATH is not set; install Terraform >= 1.11")
	}
}

// Emulator is one in-process emulator serving a test.
type Emulator struct {
	URL    string
	Server *emulator.Server
	// AssumeRoles makes ProviderConfig sign every cloud's calls with a role
	// assumed through the emulator's STS / IAM (the lifecycle matrix's
	// credentials axis).
	AssumeRoles bool
}

// NewEmulator starts an emulator for t and stops it when t ends. Options
// functions adjust the defaults (durations, seeded objects, credentials).
func NewEmulator(t testing.TB, opts ...func(*emulator.Options)) *Emulator {
	t.Helper()
	o := emulator.DefaultOptions()
	for _, f := range opts {
		f(&o)
	}
	srv := emulator.New(o)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Emulator{URL: ts.URL, Server: srv}
}

// ProviderConfig is a provider block for all three clouds pointing at the
// emulator with its default credentials (Huawei with AK/SK).
func (e *Emulator) ProviderConfig() string {
	return e.ProviderConfigRetries(3)
}

// ProviderConfigRetries is ProviderConfig with max_retries = n.
func (e *Emulator) ProviderConfigRetries(n int) string {
	return emulator.ProviderBlock{URL: e.URL, Settings: append([]string{fmt.Sprintf("max_retries = %d", n)}, testSettings...), AssumeRoles: e.AssumeRoles}.String()
}

// ProviderConfigHuaweiToken is ProviderConfig with Huawei alone,
// authenticated by token.
func (e *Emulator) ProviderConfigHuaweiToken() string {
	return emulator.ProviderBlock{URL: e.URL, Settings: append([]string{"max_retries = 3"}, testSettings...), HuaweiToken: true, Only: []string{"huaweicloud"},
		AssumeRoles: e.AssumeRoles}.String()
}

// testSettings are the provider arguments of every test configuration but
// max_retries (3 unless a test says otherwise): read_after_write_timeout long enough for the emulator's
// -visibility-lag-ms of the mode suites (2 s), and short, so that a lookup
// that must wait the bound out stays quick.
var testSettings = []string{`read_after_write_timeout = "5s"`}

// Stats returns the per-operation request counts from /_emulator/stats.
func (e *Emulator) Stats(t testing.TB) map[string]int {
	t.Helper()
	var out struct {
		Requests map[string]int `json:"requests"`
	}
	e.get(t, "/_emulator/stats", &out)
	return out.Requests
}

// State decodes /_emulator/state into v.
func (e *Emulator) State(t testing.TB, v any) {
	t.Helper()
	e.get(t, "/_emulator/state", v)
}

// AddFault arms a fault through POST /_emulator/faults.
func (e *Emulator) AddFault(t testing.TB, f core.Fault) {
	t.Helper()
	e.Post(t, "/_emulator/faults", f, nil)
}

// Post sends body as JSON to an admin path and decodes the answer into out (if non-nil).
func (e *Emulator) Post(t testing.TB, path string, body, out any) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("encoding %s body: %v", path, err)
	}
	resp, err := http.Post(e.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	decode(t, "POST "+path, resp, out)
}

// Delete sends DELETE to an admin path (disarming faults, deleting an
// object out of band).
func (e *Emulator) Delete(t testing.TB, path string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, e.URL+path, nil)
	if err != nil {
		t.Fatalf("DELETE %s: %v", path, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("DELETE %s: %v", path, err)
	}
	defer resp.Body.Close()
	decode(t, "DELETE "+path, resp, nil)
}

func (e *Emulator) get(t testing.TB, path string, out any) {
	t.Helper()
	resp, err := http.Get(e.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	decode(t, "GET "+path, resp, out)
}

func decode(t testing.TB, what string, resp *http.Response, out any) {
	t.Helper()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: HTTP %d: %s", what, resp.StatusCode, buf.String())
	}
	if out != nil {
		if err := json.Unmarshal(buf.Bytes(), out); err != nil {
			t.Fatalf("%s: decoding %s: %v", what, buf.String(), err)
		}
	}
}

// CheckNoFile asserts that nothing exists at p.
func CheckNoFile(p string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s exists (stat: %v)", p, err)
		}
		return nil
	}
}

// CheckCalls asserts the emulator's count of each operation.
func CheckCalls(t testing.TB, e *Emulator, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats := e.Stats(t)
		for op, n := range want {
			if stats[op] != n {
				return fmt.Errorf("%s called %d times, want %d (all counts: %v)", op, stats[op], n, stats)
			}
		}
		return nil
	}
}
