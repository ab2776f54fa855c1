package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stateSizes measures compact JSON per instance, per managed type; data
// sources do not count.
func TestStateSizes(t *testing.T) {
	state := `{
  "version": 4,
  "resources": [
    {"mode": "managed", "type": "a", "instances": [
      {"attributes": {"id": "1",   "v": "xx"}},
      {"attributes": {
        "id": "22",
        "v": "xx"
      }}
    ]},
    {"mode": "data", "type": "d", "instances": [{"attributes": {"id": "1"}}]}
  ]
}`
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	if err := os.WriteFile(path, []byte(state), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := stateSizes(path)
	if err != nil {
		t.Fatal(err)
	}
	// {"id":"1","v":"xx"} is 19 bytes, {"id":"22","v":"xx"} 20.
	if len(got) != 1 || got["a"] != 19.5 {
		t.Fatalf("sizes %v, want map[a:19.5]", got)
	}
}

// The padding makes a terraform_data instance's state as large as the
// target: twice the padding (input and output) plus what an empty padding
// costs.
func TestBaselinePad(t *testing.T) {
	small, large := baselinePad("telemetry_cls_export", 1000), baselinePad("telemetry_cls_export", 3000)
	if large-small != 1000 {
		t.Fatalf("pads %d and %d: 2000 more bytes of state should take 1000 more of padding", small, large)
	}
	if got := baselinePad("telemetry_cls_export", 10); got != 1 {
		t.Fatalf("a target below the empty instance gives padding %d, want 1", got)
	}
	cfg := baselineConfig(3, map[string]float64{"b": 1000, "a": 2000})
	if strings.Count(cfg, `resource "terraform_data"`) != 2 || strings.Count(cfg, "count = 3") != 2 || strings.Index(cfg, `"a-$`) > strings.Index(cfg, `"b-$`) {
		t.Fatalf("config:\n%s", cfg)
	}
	if meanSize(map[string]float64{"a": 1000, "b": 2000}) != 1500 {
		t.Fatal("meanSize")
	}
}
