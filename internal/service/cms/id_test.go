package cms

import "testing"

func TestParseExporterOutputID(t *testing.T) {
	ok := map[string]exporterOutputID{
		"prod-sls":             {DestName: "prod-sls"},
		"cn-hangzhou:prod-sls": {Region: "cn-hangzhou", DestName: "prod-sls"},
		"ap-southeast-1:a_b":   {Region: "ap-southeast-1", DestName: "a_b"},
	}
	for in, want := range ok {
		got, err := parseExporterOutputID(in)
		if err != nil || got != want {
			t.Errorf("parse(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("round trip of %q gave %q", in, got.String())
		}
	}
	for _, in := range []string{"", ":", ":name", "cn-hangzhou:", "a:b:c", "bad name", "CN_HZ:name", "cn-hangzhou:-x"} {
		if _, err := parseExporterOutputID(in); err == nil {
			t.Errorf("parse(%q) accepted a bad ID", in)
		}
	}
}
