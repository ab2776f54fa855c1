package moduletest

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/alibaba"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// adminBodies are the request types of every admin call that creates or
// changes an object, by "METHOD path" as the guide's headings name them.
func adminBodies() map[string]any {
	out := map[string]any{
		"POST /_emulator/faults": core.Fault{},
		"POST /_emulator/modes":  core.Modes{},
	}
	for _, vendor := range []map[string]any{alibaba.AdminBodies, tencent.AdminBodies, huawei.AdminBodies} {
		for k, v := range vendor {
			out[k] = v
		}
	}
	return out
}

// jsonFields are the JSON names a request type decodes.
func jsonFields(v any) []string {
	var out []string
	typ := reflect.TypeOf(v)
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// The emulator guide documents every field of every admin call that
// creates or changes an object: each call has its "#### `METHOD path`"
// section, whose table has one "| `field` |" row per JSON field of the
// request type the handler decodes (with its default), and no row for a
// field the handler does not read.
func TestEmulatorGuideAdminFields(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "templates", "guides", "emulator.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	guide := string(b)
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\| ([^|]+) \\|")
	for call, body := range adminBodies() {
		heading := "\n#### `" + call + "`\n"
		start := strings.Index(guide, heading)
		if start < 0 {
			t.Errorf("the emulator guide has no section %q", strings.TrimSpace(heading))
			continue
		}
		section := guide[start+len(heading):]
		if end := strings.Index(section, "\n#"); end >= 0 {
			section = section[:end]
		}
		documented := map[string]bool{}
		for _, m := range row.FindAllStringSubmatch(section, -1) {
			documented[m[1]] = true
			if strings.TrimSpace(m[2]) == "" {
				t.Errorf("%s: field %s has no default", call, m[1])
			}
		}
		for _, f := range jsonFields(body) {
			if !documented[f] {
				t.Errorf("%s: field %q (%T) is not in the guide's table", call, f, body)
			}
			delete(documented, f)
		}
		for f := range documented {
			t.Errorf("%s: the guide documents field %q, which %T does not have", call, f, body)
		}
	}
}
