package tfresource

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestPlanLocation(t *testing.T) {
	s, null, unknown := types.StringValue, types.StringNull(), types.StringUnknown()
	cases := []struct {
		name          string
		config, state types.String
		creating      bool
		def           types.String
		want          types.String
	}{
		{"create with the provider default", null, null, true, s("cn-east-3"), s("cn-east-3")},
		{"create with a configured value", s("cn-north-4"), null, true, s("cn-east-3"), s("cn-north-4")},
		{"configured value unknown at plan", unknown, null, true, s("cn-east-3"), unknown},
		{"provider default changed: the object stays", null, s("cn-east-3"), false, s("cn-north-4"), s("cn-east-3")},
		{"provider default unset now: the object stays", null, s("cn-east-3"), false, s(""), s("cn-east-3")},
		{"configured value that differs from state", s("cn-north-4"), s("cn-east-3"), false, s("cn-east-3"), s("cn-north-4")},
		{"replacement for another reason takes the default", null, s("cn-east-3"), true, s("cn-north-4"), s("cn-north-4")},
		{"imported without a region", null, s(""), false, s("cn-east-3"), s("cn-east-3")},
		{"provider default unknown at plan", null, null, true, unknown, unknown},
		{"provider default unknown, object exists", null, s("cn-east-3"), false, unknown, s("cn-east-3")},
	}
	for _, c := range cases {
		if got := PlanLocation(c.config, c.state, c.creating, c.def); !got.Equal(c.want) {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
