package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Limits are the sizes a reader can hold.
type Limits struct {
	File, Func, Params int
}

// Finding is one place over a limit.
type Finding struct {
	Pos  token.Position
	What string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s", f.Pos.Filename, f.Pos.Line, f.What)
}

// Check reports what in one Go file passes the limits. A function whose
// name says it declares a schema (…Schema…) may be long: it is one literal.
func Check(path string, src []byte, l Limits) ([]Finding, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []Finding
	if lines := fset.File(file.Pos()).LineCount(); lines > l.File {
		out = append(out, Finding{fset.Position(file.Pos()), fmt.Sprintf("file has %d lines (at most %d)", lines, l.File)})
	}
	ast.Inspect(file, func(n ast.Node) bool {
		var name string
		var typ *ast.FuncType
		var body *ast.BlockStmt
		switch fn := n.(type) {
		case *ast.FuncDecl:
			name, typ, body = fn.Name.Name, fn.Type, fn.Body
		case *ast.FuncLit:
			name, typ, body = "func literal", fn.Type, fn.Body
		default:
			return true
		}
		pos := fset.Position(n.Pos())
		if params := countParams(typ.Params); params > l.Params {
			out = append(out, Finding{pos, fmt.Sprintf("%s takes %d parameters (at most %d)", name, params, l.Params)})
		}
		if body == nil || strings.Contains(name, "Schema") {
			return true
		}
		if lines := fset.Position(body.End()).Line - pos.Line + 1; lines > l.Func {
			out = append(out, Finding{pos, fmt.Sprintf("%s has %d lines (at most %d)", name, lines, l.Func)})
		}
		return true
	})
	return out, nil
}

func countParams(fl *ast.FieldList) int {
	if fl == nil {
		return 0
	}
	n := 0
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			n++
		}
		n += len(f.Names)
	}
	return n
}
