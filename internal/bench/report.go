package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"text/tabwriter"
)

// Table renders results as an aligned text table.
func Table(results []Result) string {
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "scenario\tfigure\tvalue\tbound\tresult")
	for _, r := range results {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.Scenario, r.Figure, formatValue(r.Value, r.Unit), r.Bound, verdict(r))
	}
	w.Flush()
	return b.String()
}

// Markdown renders results as a Markdown table (for the README).
func Markdown(results []Result) string {
	var b strings.Builder
	b.WriteString("| scenario | figure | value | bound | result |\n|---|---|---:|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.Scenario, r.Figure, formatValue(r.Value, r.Unit), r.Bound, verdict(r))
	}
	return b.String()
}

func verdict(r Result) string {
	switch {
	case r.Pass == nil:
		return "reported"
	case *r.Pass:
		return "PASS"
	default:
		return "FAIL"
	}
}

func formatValue(v float64, unit string) string {
	return strings.TrimSpace(formatNumber(v) + " " + unit)
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}

// AllPass reports whether every bounded figure met its bound.
func AllPass(results []Result) bool {
	for _, r := range results {
		if r.Pass != nil && !*r.Pass {
			return false
		}
	}
	return true
}

// WriteJSON writes results to path.
func WriteJSON(path string, results []Result) error {
	if results == nil {
		results = []Result{}
	}
	data, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
