package desc

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func TestPlain(t *testing.T) {
	if got := Plain("Set `a` or `b_wo`."); got != "Set a or b_wo." {
		t.Fatalf("Plain = %q", got)
	}
}

func TestSplit(t *testing.T) {
	s := schema.Schema{
		Description: "The `x` resource.",
		Attributes: map[string]schema.Attribute{
			"a": schema.StringAttribute{Optional: true, Description: "Like `b`."},
			"p": schema.StringAttribute{Optional: true, Description: "No markdown."},
			"n": schema.ListNestedAttribute{Optional: true, Description: "List of `n`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"inner": schema.Int64Attribute{Optional: true, Description: "Inner `i`."},
				}}},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(context.Background(), timeouts.Opts{Create: true, CreateDescription: "Default `30m`."}),
		},
	}
	Split(&s)
	if s.Description != "The x resource." || s.MarkdownDescription != "The `x` resource." {
		t.Errorf("schema: %q / %q", s.Description, s.MarkdownDescription)
	}
	a := s.Attributes["a"].(schema.StringAttribute)
	if a.Description != "Like b." || a.MarkdownDescription != "Like `b`." || !a.Optional {
		t.Errorf("a: %+v", a)
	}
	p := s.Attributes["p"].(schema.StringAttribute)
	if p.Description != "No markdown." || p.MarkdownDescription != "" {
		t.Errorf("p: %+v", p)
	}
	inner := s.Attributes["n"].(schema.ListNestedAttribute).NestedObject.Attributes["inner"].(schema.Int64Attribute)
	if inner.Description != "Inner i." || inner.MarkdownDescription != "Inner `i`." {
		t.Errorf("inner: %+v", inner)
	}
	create := s.Blocks["timeouts"].(schema.SingleNestedBlock).Attributes["create"].(schema.StringAttribute)
	if create.Description != "Default 30m." || create.MarkdownDescription != "Default `30m`." {
		t.Errorf("timeouts.create: %q / %q", create.Description, create.MarkdownDescription)
	}
}
