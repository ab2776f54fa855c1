// Command sizecheck keeps the code a reader can hold: it fails when a
// non-test Go file passes -max-file lines, when a function other than a
// schema declaration passes -max-func lines, or when a function takes more
// than -max-params parameters. make lint runs it over the repository.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	maxFile := flag.Int("max-file", 450, "most lines in a non-test Go file")
	maxFunc := flag.Int("max-func", 80, "most lines in a function (schema declarations excepted)")
	maxParams := flag.Int("max-params", 5, "most parameters of a function")
	flag.Parse()
	roots := flag.Args()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	limits := Limits{File: *maxFile, Func: *maxFunc, Params: *maxParams}
	var found []Finding
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin" || name == "dist") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f, err := Check(path, src, limits)
			found = append(found, f...)
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "sizecheck:", err)
			os.Exit(2)
		}
	}
	for _, f := range found {
		fmt.Println(f)
	}
	if len(found) > 0 {
		fmt.Fprintf(os.Stderr, "sizecheck: %d finding(s); split along the lines CONTRIBUTING names (schema, CRUD, plan, import, find/status/wait, download)\n", len(found))
		os.Exit(1)
	}
}
