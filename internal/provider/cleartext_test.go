package provider

import (
	"strings"
	"testing"
)

func TestCleartextProblem(t *testing.T) {
	allowed := []struct {
		endpoint string
		insecure bool
	}{
		{"https://metrics.cn-hangzhou.aliyuncs.com", false},
		{"http://127.0.0.1:8787", false},
		{"http://127.8.9.10:8787", false},
		{"http://[::1]:8787", false},
		{"http://localhost:8787", false},
		{"http://LOCALHOST", false},
		{"http://emulator:8787", true},
		{"", false},
	}
	for _, c := range allowed {
		if msg := cleartextProblem(c.endpoint, c.insecure); msg != "" {
			t.Errorf("%q (insecure_http=%v) refused: %s", c.endpoint, c.insecure, msg)
		}
	}
	for _, endpoint := range []string{"http://emulator:8787", "http://10.0.0.5", "HTTP://metrics.example.com", "http://128.0.0.1"} {
		msg := cleartextProblem(endpoint, false)
		if msg == "" || !strings.Contains(msg, "insecure_http") {
			t.Errorf("%q allowed or unexplained: %q", endpoint, msg)
		}
	}
}
