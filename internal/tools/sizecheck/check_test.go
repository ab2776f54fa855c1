package main

import (
	"fmt"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	long := func(name string, n int) string {
		return "func " + name + "() {\n" + strings.Repeat("\t_ = 1\n", n) + "}\n"
	}
	l := Limits{File: 40, Func: 10, Params: 3}
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"within limits", "package p\n" + long("f", 8), nil},
		{"function too long", "package p\n" + long("f", 9), []string{"f has 11 lines"}},
		{"schema declarations may be long", "package p\n" + long("exportSchema", 20), nil},
		{"file too long", "package p\n" + long("a", 8) + long("b", 8) + long("c", 8) + long("d", 8), []string{"file has 41 lines"}},
		{"too many parameters", "package p\nfunc f(a, b int, c string, d bool) {}\n", []string{"f takes 4 parameters"}},
		{"unnamed parameters count", "package p\nvar _ = func(int, int, int, int) {}\n", []string{"func literal takes 4 parameters"}},
		{"long literal inside a short function", "package p\nfunc f() {\n_ = func() {\n" + strings.Repeat("_ = 1\n", 10) + "}\n}\n", []string{"func literal has 12 lines", "f has 14 lines"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			found, err := Check("x.go", []byte(c.src), l)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range found {
				got = append(got, f.What)
			}
			if len(got) != len(c.want) {
				t.Fatalf("findings %q, want %d matching %q", got, len(c.want), c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(fmt.Sprint(got), w) {
					t.Errorf("findings %q lack %q", got, w)
				}
			}
		})
	}
}
