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

// A rule's import ID: the name (which may hold spaces and CJK, never a
// colon), optionally after a region and a colon.
func TestParseExporterRuleID(t *testing.T) {
	ok := map[string]exporterRuleID{
		"ecs-cpu":               {RuleName: "ecs-cpu"},
		"cn-hangzhou:ecs-cpu":   {Region: "cn-hangzhou", RuleName: "ecs-cpu"},
		"cn-shanghai:CPU 导出 规则": {Region: "cn-shanghai", RuleName: "CPU 导出 规则"},
	}
	for in, want := range ok {
		got, err := parseExporterRuleID(in)
		if err != nil || got != want {
			t.Errorf("parse(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("round trip of %q gave %q", in, got.String())
		}
	}
	for _, in := range []string{"", ":", ":name", "cn-hangzhou:", "a:b:c", "CN_HZ:name"} {
		if _, err := parseExporterRuleID(in); err == nil {
			t.Errorf("parse(%q) accepted a bad ID", in)
		}
	}
}
