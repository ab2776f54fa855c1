package reliability_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// credentialSecretsCase is one cloud's TRACE-log secrets check over its
// credential sources.
type credentialSecretsCase struct {
	// config is the whole configuration for one source's block settings.
	config func(settings string) string
	// sources are the settings of every source that handles temporary
	// credentials; each is applied and destroyed.
	sources []string
	// failing are settings whose exchange the emulator refuses with
	// failCode, which the diagnostic must show.
	failing, failCode string
	// secrets must appear in no log, output or state; neither may any
	// secret or token the emulator issued.
	secrets []string
	// logged must all appear in the logs: proof that they are TRACE logs
	// of the STS or IAM calls.
	logged []string
}

// run applies and destroys with every source at TF_LOG=TRACE, applies the
// failing one, then scans the logs, the command outputs and the states.
func (c credentialSecretsCase) run(t *testing.T) {
	t.Helper()
	w := newWorkspace(t, c.config(c.sources[0]))
	r := &tracedRun{w: w}
	var states [][]byte
	for _, src := range c.sources {
		w.write(c.config(src))
		r.must(0, "apply", "-auto-approve", "-input=false")
		states = append(states, w.stateBytes())
		r.must(0, "destroy", "-auto-approve", "-input=false")
	}
	w.write(c.config(c.failing))
	if out := r.must(1, "apply", "-auto-approve", "-input=false"); !strings.Contains(out, c.failCode) {
		t.Errorf("the failing exchange does not show the vendor's code %s:\n%s", c.failCode, out)
	}
	c.scan(t, r, states)
}

func (c credentialSecretsCase) scan(t *testing.T, r *tracedRun, states [][]byte) {
	t.Helper()
	check := func(what string, data []byte) {
		for _, s := range c.secrets {
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
	for _, want := range append([]string{"[TRACE]", "cloud API response body"}, c.logged...) {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the logs hold no %q: are they TRACE logs of the STS or IAM calls?", want)
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

// fileWriter writes files (mode 0600) into a temporary directory of t and
// returns their paths.
func fileWriter(t *testing.T) (dir string, write func(name, content string) string) {
	dir = t.TempDir()
	return dir, func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
}
