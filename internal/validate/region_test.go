package validate

import "testing"

func TestRegionPattern(t *testing.T) {
	for _, ok := range []string{"cn-hangzhou", "ap-southeast-1", "cn-east-3", "eu-central-1"} {
		if !RegionPattern.MatchString(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "cn", "CN-Hangzhou", "cn_hangzhou", "cn-", "-cn-east", "cn east 3", "cn-hangzhou\n"} {
		if RegionPattern.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestQuoted(t *testing.T) {
	if got := Quoted([]string{"asc", "desc"}); got != "`asc`, `desc`" {
		t.Fatalf("Quoted = %q", got)
	}
}
