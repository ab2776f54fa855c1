package bench

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// The bench draws its scaling figures as SVG charts, written in Go with no
// library and no network, for the README (docs/images, make bench).

// chartSeries is one line of a line chart.
type chartSeries struct {
	Name   string
	Points [][2]float64 // x, y
	// Dashed draws a reference (a bound or a model), not a measurement.
	Dashed bool
	Color  string
}

// chartBar is one bar of a bar chart.
type chartBar struct {
	Label string
	Value float64
	Color string
}

const (
	chartW, chartH                       = 640, 360
	padLeft, padRight, padTop, padBottom = 70, 20, 40, 60
)

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"}

// niceMax rounds v up to 1, 2 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func svgHead(b *bytes.Buffer, title string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", chartW, chartH, chartW, chartH)
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="white"/>`+"\n", chartW, chartH)
	fmt.Fprintf(b, `<text x="%d" y="22" text-anchor="middle" font-size="15" font-weight="bold">%s</text>`+"\n", chartW/2, html.EscapeString(title))
}

// axes draws the frame, 5 y ticks up to yMax, and the axis labels.
func axes(b *bytes.Buffer, xLabel, yLabel string, yMax float64) {
	x0, y0, x1, y1 := padLeft, chartH-padBottom, chartW-padRight, padTop
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`+"\n", x0, y0, x1, y0)
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`+"\n", x0, y0, x0, y1)
	for i := 0; i <= 5; i++ {
		v := yMax * float64(i) / 5
		y := float64(y0) - float64(y0-y1)*float64(i)/5
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", x0, y, x1, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", x0-6, y+4, formatNumber(v))
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", (x0+x1)/2, chartH-15, html.EscapeString(xLabel))
	fmt.Fprintf(b, `<text x="18" y="%d" text-anchor="middle" transform="rotate(-90 18 %d)">%s</text>`+"\n", (y0+y1)/2, (y0+y1)/2, html.EscapeString(yLabel))
}

// lineChart draws series over a linear x axis from 0 to the largest x.
func lineChart(title, xLabel, yLabel string, series []chartSeries) []byte {
	var xMax, yMax float64
	for _, s := range series {
		for _, p := range s.Points {
			xMax, yMax = max(xMax, p[0]), max(yMax, p[1])
		}
	}
	xMax, yMax = niceMax(xMax), niceMax(yMax*1.05)
	var b bytes.Buffer
	svgHead(&b, title)
	axes(&b, xLabel, yLabel, yMax)
	x0, y0 := float64(padLeft), float64(chartH-padBottom)
	w, h := float64(chartW-padLeft-padRight), float64(chartH-padBottom-padTop)
	px := func(x float64) float64 { return x0 + w*x/xMax }
	py := func(y float64) float64 { return y0 - h*y/yMax }
	for i := 0; i <= 5; i++ {
		v := xMax * float64(i) / 5
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", px(v), y0+18, formatNumber(v))
	}
	for i, s := range series {
		color := s.Color
		if color == "" {
			color = palette[i%len(palette)]
		}
		var pts []string
		for _, p := range s.Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(p[0]), py(p[1])))
		}
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`+"\n", color, dash, strings.Join(pts, " "))
		if !s.Dashed {
			for _, p := range s.Points {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`+"\n", px(p[0]), py(p[1]), color)
			}
		}
		// Legend, top left inside the plot.
		ly := float64(padTop) + 14 + 18*float64(i)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`+"\n", x0+12, ly-4, x0+36, ly-4, color, dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", x0+42, ly, html.EscapeString(s.Name))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// barChart draws one bar per value, labelled with it.
func barChart(title, yLabel string, bars []chartBar) []byte {
	var yMax float64
	for _, bar := range bars {
		yMax = max(yMax, bar.Value)
	}
	yMax = niceMax(yMax * 1.1)
	var b bytes.Buffer
	svgHead(&b, title)
	axes(&b, "", yLabel, yMax)
	x0, y0 := float64(padLeft), float64(chartH-padBottom)
	w, h := float64(chartW-padLeft-padRight), float64(chartH-padBottom-padTop)
	slot := w / float64(max(1, len(bars)))
	for i, bar := range bars {
		color := bar.Color
		if color == "" {
			color = palette[i%len(palette)]
		}
		bh := h * bar.Value / yMax
		x := x0 + slot*float64(i) + slot*0.2
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", x, y0-bh, slot*0.6, bh, color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x+slot*0.3, y0-bh-5, formatNumber(bar.Value))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x+slot*0.3, y0+18, html.EscapeString(bar.Label))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// points collects the results of one series as (X, Value), in order.
func points(results []Result, scenario, series string) [][2]float64 {
	var out [][2]float64
	for _, r := range results {
		if r.Scenario == scenario && r.Series == series {
			out = append(out, [2]float64{r.X, r.Value})
		}
	}
	return out
}

// Charts are the SVG files WriteCharts writes, by file name, drawn from
// the results present (a scenario that did not run draws nothing).
func Charts(results []Result) map[string][]byte {
	out := map[string][]byte{}
	if ours := points(results, "refresh-scaling", "ours"); len(ours) > 0 {
		naive := make([][2]float64, len(ours))
		for i, p := range ours {
			naive[i] = [2]float64{p[0], p[0]} // at least one call per resource
		}
		out["refresh-calls.svg"] = lineChart("DescribeExports calls of one refresh vs N exports in state",
			"N (CLS exports in the state, one topic)", "DescribeExports calls",
			[]chartSeries{{Name: "this provider (shared paged list, measured)", Points: ours}, {Name: "one lookup per resource (N calls)", Points: naive, Dashed: true}})
	}
	if lat := points(results, "latency", "worst"); len(lat) > 0 {
		bound := make([][2]float64, 0, 64)
		last := lat[len(lat)-1][0]
		for d := 0.0; d <= last; d += last / 60 {
			bound = append(bound, [2]float64{d, math.Max(1, d/10)})
		}
		measured := make([][2]float64, len(lat))
		for i, p := range lat {
			measured[i] = [2]float64{p[0], p[1] / 1000}
		}
		out["latency.svg"] = lineChart("Export finished → apply ends, vs export duration D",
			"D, export duration (s)", "seconds (worst of the exports)",
			[]chartSeries{{Name: "measured", Points: measured}, {Name: "bound max(1 s, 10% of D)", Points: bound, Dashed: true, Color: "#d62728"}})
	}
	var bars []chartBar
	for _, r := range results {
		if r.Scenario == "download" && r.Unit == "MiB/s" {
			bars = append(bars, chartBar{Label: shortLabel(r.Figure), Value: r.Value})
		}
	}
	if len(bars) > 0 {
		out["download-throughput.svg"] = barChart("Download throughput: provider, plain copy and floor reader", "MiB/s", bars)
	}
	return out
}

// shortLabel is the part of a figure name before its first parenthesis.
func shortLabel(figure string) string {
	if i := strings.Index(figure, " ("); i > 0 {
		figure = figure[:i]
	}
	return strings.TrimSuffix(figure, " throughput")
}

// WriteCharts writes Charts(results) into dir.
func WriteCharts(dir string, results []Result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for name, svg := range Charts(results) {
		if err := os.WriteFile(filepath.Join(dir, name), svg, 0o644); err != nil {
			return names, err
		}
		names = append(names, name)
	}
	return names, nil
}
