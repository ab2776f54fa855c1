package tfresource

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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

type fakePrivate map[string][]byte

func (p fakePrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	p[k] = v
	return nil
}

func (p fakePrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }

func TestPropagationLeft(t *testing.T) {
	ctx := context.Background()
	p := fakePrivate{}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := PropagationLeft(ctx, p, time.Minute, now); got != 0 {
		t.Fatalf("no write recorded: %s", got)
	}
	MarkWritten(ctx, p, now)
	if got := PropagationLeft(ctx, p, time.Minute, now.Add(20*time.Second)); got != 40*time.Second {
		t.Fatalf("20 s after the write: %s left, want 40s", got)
	}
	if got := PropagationLeft(ctx, p, time.Minute, now.Add(2*time.Minute)); got != 0 {
		t.Fatalf("after the window: %s", got)
	}
}
