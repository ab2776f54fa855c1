package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Every registry page but the provider's own has a subcategory (its cloud
// and service, or Guides), so that the registry groups it: set in the page's
// template (templates/), `subcategory:` in the front matter.
func TestDocsPagesHaveSubcategory(t *testing.T) {
	sub := regexp.MustCompile(`(?m)\A---\n(?:.*\n)*?subcategory: "([^"]+)"\n(?:.*\n)*?---\n`)
	allowed := map[string]bool{"Alibaba Cloud CloudMonitor": true, "Tencent Cloud CLS": true, "Huawei Cloud CloudDC": true, "Guides": true}
	pages, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("no pages under docs/")
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := sub.FindSubmatch(b)
		switch {
		case m == nil:
			t.Errorf("%s: no subcategory in the front matter (add `subcategory: \"<cloud> <service>\"` to its template and run make docs)", p)
		case !allowed[string(m[1])]:
			t.Errorf("%s: subcategory %q is none of %v", p, m[1], allowed)
		}
	}
}
