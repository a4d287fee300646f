package web

import "strconv"

// barChart is a horizontal bar chart of completion rates, drawn by the
// template as inline SVG: no script, readable without colour (each bar
// carries its number), and described for screen readers by the table
// next to it and the chart's title.
type barChart struct {
	Title  string
	Width  int
	Height int
	Bars   []bar
}

type bar struct {
	Label string
	Value string // "45%" or "–"
	Y     int    // top of the bar's row
	W     int    // bar length in px
	TextY int
}

const (
	chartLabelW = 140 // px for the row label, about 18 characters at 14px
	chartBarW   = 130 // px for 100%; the chart fits a 320px-wide phone at 1:1
	chartRowH   = 26
)

// newBarChart charts the rows' completion rates; nil when there is nothing
// to chart. A province has about a hundred units; all are drawn, sorted as
// the table is, so the chart and the table read the same way.
func newBarChart(rows []reportRow, lang string) *barChart {
	if len(rows) == 0 {
		return nil
	}
	ch := &barChart{Title: uiText("report.chart").In(lang), Width: chartLabelW + chartBarW + 46, Height: len(rows)*chartRowH + 4}
	for i, r := range rows {
		b := bar{Label: shorten(r.Label, 18), Y: i*chartRowH + 4, TextY: i*chartRowH + 20, Value: "–"}
		if r.CompletionRate >= 0 {
			b.W = r.CompletionRate * chartBarW / 100
			b.Value = strconv.Itoa(r.CompletionRate) + "%"
		}
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

// shorten cuts a label to n characters with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
