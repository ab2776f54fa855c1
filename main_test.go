package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestQuietUnlessLogged(t *testing.T) {
	all := func(level string) map[string]string {
		return map[string]string{"TF_LOG_PROVIDER": level, "TF_LOG_SDK": level, "TF_LOG_SDK_PROTO": level, "TF_LOG_SDK_FRAMEWORK": level}
	}
	with := func(m map[string]string, k, v string) map[string]string { m[k] = v; return m }
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing logged: every logger off", map[string]string{}, all("OFF")},
		{"a level chosen for one is kept", map[string]string{"TF_LOG_SDK_FRAMEWORK": "DEBUG"}, with(all("OFF"), "TF_LOG_SDK_FRAMEWORK", "DEBUG")},
		{"TF_LOG: its level", map[string]string{"TF_LOG": "debug"}, with(all("DEBUG"), "TF_LOG", "debug")},
		{"TF_LOG=JSON is TRACE", map[string]string{"TF_LOG": "JSON"}, with(all("TRACE"), "TF_LOG", "JSON")},
		{"TF_LOG_PROVIDER wins", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "INFO"}, with(with(all("INFO"), "TF_LOG", "TRACE"), "TF_LOG_PROVIDER", "INFO")},
		{"an unknown level: untouched", map[string]string{"TF_LOG": "LOUD"}, map[string]string{"TF_LOG": "LOUD"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			quietUnlessLogged(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if len(env) != len(tc.want) {
				t.Errorf("environment %v, want %v", env, tc.want)
			}
			for k, v := range tc.want {
				if env[k] != v {
					t.Errorf("%s = %q, want %q", k, env[k], v)
				}
			}
		})
	}
}

// TestProviderDependsOnNoTooling keeps the test and tooling packages (the
// emulator, the bench, the soak, the acceptance helpers, the commands under
// internal/tools, the lifecycle matrix and the vendor contracts) out of the
// provider binary: none of them may be among the dependencies of this package.
func TestProviderDependsOnNoTooling(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		var stderr []byte
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -deps .: %v\n%s", err, stderr)
	}
	const module = "github.com/cloud-telemetry/terraform-provider-telemetry/"
	forbidden := []string{"internal/bench", "internal/soak", "internal/tools", "internal/emulator", "internal/acctest", "internal/lifecycle", "internal/vendorcontract"}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatal("go list -deps . listed no packages")
	}
	for _, pkg := range deps {
		rel, ok := strings.CutPrefix(pkg, module)
		if !ok {
			continue
		}
		for _, f := range forbidden {
			if rel == f || strings.HasPrefix(rel, f+"/") {
				t.Errorf("the provider binary depends on %s (under %s): tooling and test packages must stay out of it", pkg, f)
			}
		}
	}
}
