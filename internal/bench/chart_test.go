package bench

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// elements counts the SVG elements by name, failing on malformed XML.
func elements(t *testing.T, svg []byte) map[string]int {
	t.Helper()
	counts := map[string]int{}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return counts
		}
		if err != nil {
			t.Fatalf("malformed SVG: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			counts[se.Name.Local]++
		}
	}
}

func TestChartsFromResults(t *testing.T) {
	results := []Result{
		atMost("refresh-scaling", "N=10", 1, "", 2).at("ours", 10),
		atMost("refresh-scaling", "N=250", 3, "", 4).at("ours", 250),
		atMost("refresh-scaling", "N=500", 5, "", 6).at("ours", 500),
		atMost("latency", "D=2s", 300, "ms", 1000).at("worst", 2),
		atMost("latency", "D=60s", 3500, "ms", 6000).at("worst", 60),
		reported("download", "provider throughput", 900, "MiB/s"),
		reported("download", "plain copy throughput (GET + io.Copy to a file)", 1000, "MiB/s"),
		reported("apply", "wall time", 19.9, "s"),
	}
	charts := Charts(results)
	if len(charts) != 3 {
		t.Fatalf("charts %v, want refresh-calls, latency and download-throughput", keys(charts))
	}
	refresh := elements(t, charts["refresh-calls.svg"])
	// Two series: measured (with a marker per point) and N calls (dashed, no markers).
	if refresh["polyline"] != 2 || refresh["circle"] != 3 {
		t.Errorf("refresh chart elements %v", refresh)
	}
	if !strings.Contains(string(charts["refresh-calls.svg"]), "one lookup per resource") {
		t.Error("the refresh chart lacks the per-resource reference")
	}
	lat := string(charts["latency.svg"])
	if elements(t, charts["latency.svg"])["circle"] != 2 || !strings.Contains(lat, "max(1 s, 10% of D)") || !strings.Contains(lat, `stroke-dasharray`) {
		t.Errorf("latency chart:\n%s", lat)
	}
	dl := elements(t, charts["download-throughput.svg"])
	if dl["rect"] != 3 { // background + two bars
		t.Errorf("download chart elements %v", dl)
	}
	if got := Charts([]Result{reported("apply", "wall time", 1, "s")}); len(got) != 0 {
		t.Errorf("charts without their scenarios: %v", keys(got))
	}
}

func TestNiceMax(t *testing.T) {
	for in, want := range map[float64]float64{0: 1, 0.7: 1, 3: 5, 5: 5, 6: 10, 230: 500, 1000: 1000, 1001: 2000} {
		if got := niceMax(in); got != want {
			t.Errorf("niceMax(%v) = %v, want %v", in, got, want)
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
