package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
)

// repoRoot is the repository's top directory (tests run in the package's).
var repoRoot = filepath.Join("..", "..")

// envNamePattern is what an environment variable's name looks like.
var envNamePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)

// codeEnvVars parses the Go source (tests excluded) of the packages that
// read the environment and returns every variable name they read: the
// string literals given to os.Getenv / os.LookupEnv and those of the
// EnvVars table the other reads range over. A read whose name is neither
// (a computed name outside a function that uses the table) fails the test,
// as its name cannot be checked against the docs.
func codeEnvVars(t *testing.T, dirs ...string) map[string]string {
	t.Helper()
	found := map[string]string{} // name -> where it is read
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(repoRoot, dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			collectEnvReads(t, fset, f, found)
		}
	}
	return found
}

func collectEnvReads(t *testing.T, fset *token.FileSet, f *ast.File, found map[string]string) {
	t.Helper()
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "EnvVars" {
					for _, lit := range stringLiterals(vs) {
						if envNamePattern.MatchString(lit) {
							found[lit] = fset.Position(vs.Pos()).String() + " (EnvVars)"
						}
					}
				}
			}
		case *ast.FuncDecl:
			if d.Body == nil {
				continue
			}
			usesTable := len(identUses(d.Body, "EnvVars")) > 0
			ast.Inspect(d.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !isOSEnvRead(call.Fun) || len(call.Args) == 0 {
					return true
				}
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					name, _ := strconv.Unquote(lit.Value)
					found[name] = fset.Position(lit.Pos()).String()
				} else if !usesTable {
					t.Errorf("%s: %s reads an environment variable whose name is computed outside the EnvVars table: the docs check cannot see it",
						fset.Position(call.Pos()), d.Name.Name)
				}
				return true
			})
		}
	}
}

func isOSEnvRead(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "os" && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv")
}

func stringLiterals(n ast.Node) []string {
	var out []string
	ast.Inspect(n, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, _ := strconv.Unquote(lit.Value)
			out = append(out, s)
		}
		return true
	})
	return out
}

func identUses(n ast.Node, name string) []ast.Node {
	var out []ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			out = append(out, n)
		}
		return true
	})
	return out
}

// documentedEnvVars reads the table of docs/index.md's "Credentials and
// environment variables" section: setting ("alicloud.access_key") -> the
// variables of its third column, in order.
func documentedEnvVars(t *testing.T) map[string][]string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	const heading = "\n## Credentials and environment variables\n"
	start := strings.Index(string(doc), heading)
	if start < 0 {
		t.Fatalf("docs/index.md has no section %q", strings.TrimSpace(heading))
	}
	section := string(doc)[start+len(heading):]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	row := regexp.MustCompile("(?m)^\\| `([\\w.]+)` \\| `([\\w.]+)` \\| (.*) \\|$") // a nested setting is block.nested or nested.attribute
	name := regexp.MustCompile("`([A-Z0-9_]+)`")
	out := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		for _, n := range name.FindAllStringSubmatch(m[3], -1) {
			out[m[1]+"."+m[2]] = append(out[m[1]+"."+m[2]], n[1])
		}
	}
	if len(out) == 0 {
		t.Fatal("docs/index.md's environment variable table has no rows")
	}
	return out
}

// Every environment variable the provider reads is in docs/index.md's table,
// under the setting it stands for and in the order it is read, and every
// variable the table lists is read.
func TestEnvVarsDocumented(t *testing.T) {
	read := codeEnvVars(t, "internal/provider", "internal/conns")
	documented := documentedEnvVars(t)
	docNames := map[string]string{}
	for setting, names := range documented {
		for _, n := range names {
			docNames[n] = setting
		}
	}
	var missing []string
	for name, where := range read {
		if _, ok := docNames[name]; !ok {
			missing = append(missing, name+" (read at "+where+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("environment variable %s is not in docs/index.md's table (templates/index.md.tmpl)", m)
	}
	for name, setting := range docNames {
		if _, ok := read[name]; !ok {
			t.Errorf("docs/index.md lists %s for %s, but the provider never reads it", name, setting)
		}
	}
	// The table of the code and that of the docs agree setting by setting.
	table := conns.EnvVars
	for setting, names := range table {
		if got := documented[setting]; strings.Join(got, " ") != strings.Join(names, " ") {
			t.Errorf("%s: docs/index.md lists %v, the provider reads %v (in this order)", setting, got, names)
		}
	}
	for setting := range documented {
		if _, ok := table[setting]; !ok {
			t.Errorf("docs/index.md has a row for %s, which reads no environment variable", setting)
		}
	}
}
