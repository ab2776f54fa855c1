package baremetal

import (
	"strings"
	"testing"
)

func TestExportIDRoundTrip(t *testing.T) {
	for _, s := range []string{"p/s/e", "0a1b2c3d4e5f60718293a4b5c6d7e8f9/3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c/1", "emulator-project/srv.1_x/ab12"} {
		id, err := parseExportID(s)
		if err != nil {
			t.Fatalf("parseExportID(%q): %v", s, err)
		}
		if id.String() != s {
			t.Errorf("round trip %q -> %q", s, id.String())
		}
	}
	id, _ := parseExportID("p/s/e")
	if id != (exportID{ProjectID: "p", ServerID: "s", ExportID: "e"}) {
		t.Errorf("parts %+v", id)
	}
}

func TestExportIDRejects(t *testing.T) {
	for _, s := range []string{"", "p/s", "p/s/e/x", "/s/e", "p//e", "p/s/", "p#s#e"} {
		if _, err := parseExportID(s); err == nil {
			t.Errorf("parseExportID(%q) succeeded", s)
		}
	}
}

func TestIDPartPattern(t *testing.T) {
	for s, want := range map[string]bool{
		"3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c": true, "_SRV:x": true, ".x": true, "..x": true, "a..": true, "a b": true,
		"": false, ".": false, "..": false, "a/b": false, "/": false,
	} {
		if got := idPartPattern.MatchString(s); got != want {
			t.Errorf("idPartPattern(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseImportID(t *testing.T) {
	good := map[string]importID{
		"p/s/e":           {"", exportID{"p", "s", "e"}},
		"cn-east-3/p/s/e": {"cn-east-3", exportID{"p", "s", "e"}},
		"ap-southeast-1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c/1": {"ap-southeast-1", exportID{"0a1b2c3d4e5f60718293a4b5c6d7e8f9", "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c", "1"}},
	}
	for in, want := range good {
		got, err := parseImportID(in)
		if err != nil || got != want {
			t.Errorf("parseImportID(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		// The resource ID never holds the region.
		if got.String() != want.exportID.String() {
			t.Errorf("parseImportID(%q).String() = %q", in, got.String())
		}
	}
	for _, in := range []string{"", "p/s", "Not_A_Region/p/s/e", "cn-east-3//s/e", "cn-east-3/p/s/", "/p/s/e", "cn-east-3/p/s/e/x"} {
		if _, err := parseImportID(in); err == nil {
			t.Errorf("parseImportID(%q) succeeded", in)
		}
	}
	if _, err := parseImportID("p/s"); err == nil || !strings.Contains(err.Error(), "region/project_id/physical_server_id/export_id") {
		t.Errorf("the error does not name the region form: %v", err)
	}
}
