package cls

import (
	"strings"
	"testing"
)

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

func TestParseImportID(t *testing.T) {
	const topic = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
	good := map[string]importID{
		topic + ":export-1":                   {"", exportID{topic, "export-1"}},
		topic + "#export-1":                   {"", exportID{topic, "export-1"}},
		"ap-guangzhou/" + topic + ":export-1": {"ap-guangzhou", exportID{topic, "export-1"}},
		"ap-shanghai/" + topic + "#export-1":  {"ap-shanghai", exportID{topic, "export-1"}},
		// A prefix without a region's shape is part of the topic id, as before.
		"Topic/x:export-1": {"", exportID{"Topic/x", "export-1"}},
	}
	for in, want := range good {
		got, err := parseImportID(in)
		if err != nil || got != want {
			t.Errorf("parseImportID(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", topic, "ap-guangzhou/", "ap-guangzhou/" + topic, "ap-guangzhou/:export-1", "ap-guangzhou/" + topic + ":a:b", "not-an-id"} {
		if _, err := parseImportID(in); err == nil {
			t.Errorf("parseImportID(%q) accepted a malformed id", in)
		}
	}
	if _, err := parseImportID("not-an-id"); err == nil || !strings.Contains(err.Error(), "region/topic_id:export_id") {
		t.Errorf("the error does not name the region form: %v", err)
	}
}
