package cls

import "testing"

func TestParseExportID(t *testing.T) {
	const topic = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
	good := map[string]exportID{
		topic + ":export-1": {topic, "export-1"},
		topic + "#export-1": {topic, "export-1"},
		topic + ":0c1d2e3f": {topic, "0c1d2e3f"},
	}
	for in, want := range good {
		got, err := parseExportID(in)
		if err != nil || got != want {
			t.Errorf("parseExportID(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if again, err := parseExportID(got.String()); err != nil || again != got {
			t.Errorf("round trip of %q: %+v, %v", in, again, err)
		}
		if got.String() != topic+":"+want.ExportID {
			t.Errorf("String() = %q uses the wrong separator", got.String())
		}
	}
	for _, in := range []string{"", topic, topic + ":", ":export-1", topic + ":a:b", topic + "#a#b", topic + ":a#b"} {
		if _, err := parseExportID(in); err == nil {
			t.Errorf("parseExportID(%q) accepted a malformed id", in)
		}
	}
}
