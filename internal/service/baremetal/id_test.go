package baremetal

import "testing"

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
