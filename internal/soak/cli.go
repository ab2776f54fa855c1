package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// tfState is what the soak reads of terraform show -json.
type tfState struct {
	outputs, exports, baremetal map[string]bool
	reports                     map[string]int
}

type cli struct {
	bin, dir string
	env      []string
}

func (c *cli) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, c.bin, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return buf.String(), err
}

func (c *cli) state(ctx context.Context) tfState {
	st := tfState{outputs: map[string]bool{}, exports: map[string]bool{}, baremetal: map[string]bool{}, reports: map[string]int{}}
	out, err := c.run(ctx, "show", "-json")
	if err != nil {
		return st
	}
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &doc) != nil {
		return st
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	for _, r := range doc.Values.RootModule.Resources {
		switch r.Type {
		case "telemetry_cms_exporter_output":
			st.outputs[str(r.Values, "dest_name")] = true
		case "telemetry_cls_export":
			st.exports[strings.ToLower(str(r.Values, "export_id"))] = true
		case "telemetry_baremetal_log_export":
			st.baremetal[strings.ToLower(str(r.Values, "export_id"))] = true
		case "telemetry_cms_custom_event":
			events, _ := r.Values["events"].([]any)
			st.reports[str(r.Values, "id")] = len(events)
		}
	}
	return st
}

func cliEnv(work, providerDir string) []string {
	rc := filepath.Join(work, "terraformrc")
	text := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cloud-telemetry/telemetry\" = %q\n  }\n  direct {}\n}\n", providerDir)
	_ = os.WriteFile(rc, []byte(text), 0o644)
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "ALICLOUD_") || strings.HasPrefix(name, "ALIBABA_CLOUD_") ||
			strings.HasPrefix(name, "TENCENTCLOUD_") || strings.HasPrefix(name, "HW_") || strings.HasPrefix(name, "TELEMETRY_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}
