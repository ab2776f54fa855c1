package main

import "testing"

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
