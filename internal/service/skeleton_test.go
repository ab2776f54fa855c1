// Package service_test checks that every resource package keeps the file
// skeleton CONTRIBUTING.md describes, so a maintainer who knows one knows
// them all.
package service_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// method is one method declaration: its receiver type and its file.
type method struct{ recv, name, file string }

// parsePackage returns the methods of a package's non-test files, its
// functions by name, and the file each function is declared in.
func parsePackage(t *testing.T, dir string) ([]method, map[string]*ast.FuncDecl, map[string]string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var methods []method
	funcs := map[string]*ast.FuncDecl{}
	fileOf := map[string]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fd.Recv == nil {
				funcs[fd.Name.Name] = fd
				fileOf[fd.Name.Name] = filepath.Base(f)
				continue
			}
			recv := fd.Recv.List[0].Type
			if s, ok := recv.(*ast.StarExpr); ok {
				recv = s.X
			}
			if id, ok := recv.(*ast.Ident); ok {
				methods = append(methods, method{recv: id.Name, name: fd.Name.Name, file: filepath.Base(f)})
			}
		}
	}
	return methods, funcs, fileOf
}

// TestResourceSkeleton: in every internal/service package, a resource's
// CRUD is in <name>.go, its Schema and IdentitySchema in <name>_schema.go,
// ModifyPlan in <name>_plan.go and ImportState in <name>_import.go; every
// type the provider configures gets its client through client(); the
// error details are apiErrorDetail(err, hint) and waitErrorDetail(err,
// timeout, next) in diag.go; find.go, id.go and service.go exist.
func TestResourceSkeleton(t *testing.T) {
	dirs, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		methods, funcs, fileOf := parsePackage(t, dir)
		for _, f := range []string{"find.go", "id.go", "service.go", "diag.go"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: no %s", dir, f)
			}
		}
		checkDetails(t, dir, funcs, fileOf)
		byRecv := map[string]map[string]string{}
		for _, m := range methods {
			if byRecv[m.recv] == nil {
				byRecv[m.recv] = map[string]string{}
			}
			byRecv[m.recv][m.name] = m.file
		}
		for recv, ms := range byRecv {
			if _, configured := ms["Configure"]; configured {
				if _, ok := ms["client"]; !ok {
					t.Errorf("%s: %s is configured but has no client(region, diags) method", dir, recv)
				}
			}
			create, isResource := ms["Create"]
			if !isResource {
				continue
			}
			checked++
			base := strings.TrimSuffix(create, ".go")
			want := map[string]string{"Read": base + ".go", "Update": base + ".go", "Delete": base + ".go",
				"Schema": base + "_schema.go", "IdentitySchema": base + "_schema.go",
				"ModifyPlan": base + "_plan.go", "ImportState": base + "_import.go"}
			for name, file := range want {
				if got, ok := ms[name]; ok && got != file {
					t.Errorf("%s: %s.%s is in %s; the skeleton puts it in %s", dir, recv, name, got, file)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no resource found: the test looks in the wrong place")
	}
}

// checkDetails: the detail builders have one name and one shape.
func checkDetails(t *testing.T, dir string, funcs map[string]*ast.FuncDecl, fileOf map[string]string) {
	t.Helper()
	shapes := map[string]string{"apiErrorDetail": "err error, hint string", "waitErrorDetail": "err error, timeout time.Duration, next string"}
	for name, params := range shapes {
		fd, ok := funcs[name]
		if !ok {
			if name == "apiErrorDetail" {
				t.Errorf("%s: no apiErrorDetail", dir)
			}
			continue
		}
		if file := fileOf[name]; file != "diag.go" {
			t.Errorf("%s: %s is in %s, not diag.go", dir, name, file)
		}
		if got := fieldList(fd.Type.Params); got != params {
			t.Errorf("%s: %s(%s), want (%s)", dir, name, got, params)
		}
	}
	for _, other := range []string{"vendorDetail"} {
		if _, ok := funcs[other]; ok {
			t.Errorf("%s: %s does apiErrorDetail's job under another name", dir, other)
		}
	}
}

func fieldList(fl *ast.FieldList) string {
	var parts []string
	for _, f := range fl.List {
		typ := ""
		switch x := f.Type.(type) {
		case *ast.Ident:
			typ = x.Name
		case *ast.SelectorExpr:
			typ = x.X.(*ast.Ident).Name + "." + x.Sel.Name
		}
		for _, n := range f.Names {
			parts = append(parts, n.Name+" "+typ)
		}
	}
	return strings.Join(parts, ", ")
}
