package page

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/render"
)

// Chart is a bar chart drawn at build time: an SVG image of bars, each a
// link, with a title and a description for screen readers, and the same
// figures as a table. Coordinates are in the units of the SVG's viewBox;
// templates/partials.html ("chart") draws it, the style sheet colours it
// by the classes of its segments (light, dark and print).
type Chart struct {
	ID            string // unique on its page, for the ids of its title and description
	Title         string
	Desc          string
	ViewBox       string // "-32 0 424 116": the plot and room for the labels at its ends
	Width, Height int
	Bars          []Bar
	Ticks         []Tick // labels under the bars
	Legend        []Legend
	Table         ChartTable
}

// Bar is a bar of a chart: a link, with its label (its tooltip), made of
// stacked segments.
type Bar struct {
	Href  string
	Label string
	X, W  int
	Segs  []Seg
}

// Seg is a segment of a bar, coloured by its class ("c0"…"c5"); X and W
// are its bar's.
type Seg struct {
	X, Y, W, H int
	Class      string
}

// Tick is a label under the bars, at X.
type Tick struct {
	X    int
	Text string
}

// Legend names the class of a chart's segments.
type Legend struct {
	Class string
	Text  string
}

// ChartTable is what a chart shows, as a table.
type ChartTable struct {
	Head []Cell
	Rows []ChartRow
}

// ChartRow is a row of a chart's table: what its bar is, and its figures.
type ChartRow struct {
	Label string
	Cells []Cell
}

// Cell is a cell of a chart's table.
type Cell struct {
	Text string
}

// cells returns the cells of texts.
func cells(texts ...string) []Cell {
	out := make([]Cell, len(texts))
	for i, t := range texts {
		out[i] = Cell{t}
	}
	return out
}

// The charts' geometry, in the units of their viewBox: the plot's width
// and height and the room under it for the labels. A phone shows a unit
// at about a pixel: the labels, 10 units high, stay legible.
const (
	chartPlot   = 100
	chartLabels = 16
	chartWidth  = 360
)

// series is a chart's data: for each bar, its label, link and counts by
// class (one class for an unstacked chart).
type series struct {
	labels []string
	hrefs  []string
	counts [][]int
}

// draw lays out the bars of s across the chart's width, each scaled to the
// tallest bar, with a tick every step bars.
func (s series) draw(c *Chart, classes []string, step int) {
	n := len(s.labels)
	c.Width, c.Height = chartWidth, chartPlot+chartLabels
	c.ViewBox = fmt.Sprintf("-32 0 %d %d", chartWidth+64, c.Height)
	if n == 0 {
		return
	}
	tallest := 1
	for _, cs := range s.counts {
		total := 0
		for _, v := range cs {
			total += v
		}
		tallest = max(tallest, total)
	}
	slot := chartWidth / n
	for i, label := range s.labels {
		bar := Bar{Href: s.hrefs[i], X: i * slot, W: max(1, slot-max(1, slot/5))}
		y, total := chartPlot, 0
		for k, v := range s.counts[i] {
			h := v * chartPlot / tallest
			if v > 0 && h == 0 {
				h = 1 // a cable shows
			}
			if h > 0 {
				y -= h
				bar.Segs = append(bar.Segs, Seg{X: bar.X, Y: y, W: bar.W, H: h, Class: classes[k]})
			}
			total += v
		}
		bar.Label = fmt.Sprintf("%s: %s %s", label, render.Commas(total), plural(total, "cable", "cables"))
		c.Bars = append(c.Bars, bar)
		if i%step == 0 {
			c.Ticks = append(c.Ticks, Tick{X: i*slot + bar.W/2, Text: label})
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// years returns the years from the first to the last of the entries, and
// the count of entries of each class in each.
func (b *Builder) years(entries []int32, byClass bool) (first int, counts [][]int) {
	a := b.arch
	lo, hi := 9999, 0
	for _, e := range entries {
		y := a.Entries[e].Created.Year()
		lo, hi = min(lo, y), max(hi, y)
	}
	if hi < lo {
		return 0, nil
	}
	width := 1
	if byClass {
		width = len(a.Classes)
	}
	counts = make([][]int, hi-lo+1)
	for i := range counts {
		counts[i] = make([]int, width)
	}
	for _, e := range entries {
		en := &a.Entries[e]
		k := 0
		if byClass {
			k = int(en.Class)
		}
		counts[en.Created.Year()-lo][k]++
	}
	return lo, counts
}

// tickStep is how many bars apart the labels of years under n bars are.
func tickStep(n int) int {
	switch {
	case n <= 10:
		return 1
	case n <= 25:
		return 5
	default:
		return 10
	}
}

// FacetChart returns the chart of the cables of an origin or a tag by year
// of creation; each bar leads to the search page, filtered to the facet
// and the year (root leads from the page to the site's root).
func (b *Builder) FacetChart(f *index.Facet, root string) *Chart {
	first, counts := b.years(f.Entries, false)
	c := &Chart{ID: "years", Title: "Cables of " + f.Name + " by year of creation"}
	s := series{counts: counts}
	param := map[index.Kind]string{index.Origin: "origin", index.Tag: "tag"}[f.Kind]
	for i := range counts {
		y := strconv.Itoa(first + i)
		s.labels = append(s.labels, y)
		href := ""
		if b.Site.Search && counts[i][0] > 0 {
			href = root + "search.html?" + url.Values{param: {f.Name}, "year": {y}}.Encode()
		}
		s.hrefs = append(s.hrefs, href)
		c.Table.Rows = append(c.Table.Rows, ChartRow{y, cells(render.Commas(counts[i][0]))})
	}
	c.Table.Head = cells("Year", "Cables")
	s.draw(c, []string{"c0"}, tickStep(len(counts)))
	c.Desc = fmt.Sprintf("%s cables from %d to %d; the most in one year: %s.", render.Commas(len(f.Entries)), first, first+len(counts)-1, render.Commas(maxCount(counts)))
	return c
}

func maxCount(counts [][]int) int {
	m := 0
	for _, cs := range counts {
		t := 0
		for _, v := range cs {
			t += v
		}
		m = max(m, t)
	}
	return m
}

// classOrder is the order of the classifications in the stacked charts,
// from the lowest to the highest (as segments, bottom to top), by their
// index in the archive's table; the classes of the style sheet follow it.
func (b *Builder) classOrder() []int {
	a := b.arch
	order := make([]int, len(a.Classes))
	for i := range order {
		order[i] = i
	}
	rank := func(name string) int {
		switch name {
		case "UNCLASSIFIED":
			return 0
		case "UNCLASSIFIED//FOR OFFICIAL USE ONLY":
			return 1
		case "CONFIDENTIAL":
			return 2
		case "CONFIDENTIAL//NOFORN":
			return 3
		case "SECRET":
			return 4
		case "SECRET//NOFORN":
			return 5
		}
		return 6
	}
	slices.SortStableFunc(order, func(x, y int) int { return rank(a.Classes[x]) - rank(a.Classes[y]) })
	return order
}

// YearChart returns the home page's chart of the archive's cables by year
// of creation, stacked by classification; each bar leads to the year in
// the directory of months.
func (b *Builder) YearChart() *Chart {
	a := b.arch
	all := make([]int32, len(a.Entries))
	for i := range all {
		all[i] = int32(i)
	}
	first, raw := b.years(all, true)
	order := b.classOrder()
	c := &Chart{ID: "by-year", Title: "Cables by year of creation and classification"}
	s := series{}
	classes := make([]string, len(order))
	c.Table.Head = cells("Year")
	for k, ci := range order {
		classes[k] = "c" + strconv.Itoa(min(k, 5))
		c.Legend = append(c.Legend, Legend{Class: classes[k], Text: a.Classes[ci]})
		c.Table.Head = append(c.Table.Head, Cell{a.Classes[ci]})
	}
	c.Table.Head = append(c.Table.Head, Cell{"All"})
	for i, cs := range raw {
		y := strconv.Itoa(first + i)
		counts := make([]int, len(order))
		var row []Cell
		total := 0
		for k, ci := range order {
			counts[k] = cs[ci]
			total += cs[ci]
			row = append(row, Cell{render.Commas(cs[ci])})
		}
		s.labels = append(s.labels, y)
		href := "" // a year without cables has no group in the directory
		if total > 0 {
			href = "date/index.html#y" + y
		}
		s.hrefs = append(s.hrefs, href)
		s.counts = append(s.counts, counts)
		c.Table.Rows = append(c.Table.Rows, ChartRow{y, append(row, Cell{render.Commas(total)})})
	}
	s.draw(c, classes, tickStep(len(raw)))
	c.Desc = fmt.Sprintf("%s cables written from %d to %d, most of them in the last ten years; the most in one year: %s.", render.Commas(len(a.Entries)), first, first+len(raw)-1, render.Commas(maxCount(raw)))
	return c
}

// ReleaseChart returns the home page's chart of the cables by day of
// release, each bar leading to the day's list; with more than 120 release
// days, a bar is a week, leading to its first day.
func (b *Builder) ReleaseChart() *Chart {
	days := b.arch.Facets(index.Reldate)
	c := &Chart{ID: "by-release", Title: "Cables by day of release"}
	if len(days) == 0 {
		return nil
	}
	s := series{}
	c.Table.Head = cells("Day", "Cables")
	weekly := len(days) > 120
	if weekly {
		c.Title = "Cables by week of release"
		c.Table.Head[0] = Cell{"Week from"}
	}
	var week int64 = -1
	for _, f := range days {
		t, _ := cable.ParseTime(f.Key + " 00:00")
		if w := t.Unix() / (7 * 24 * 60); !weekly || w != week {
			week = w
			s.labels = append(s.labels, f.Key)
			s.hrefs = append(s.hrefs, f.PagePath(0))
			s.counts = append(s.counts, []int{0})
		}
		s.counts[len(s.counts)-1][0] += len(f.Entries)
	}
	for i, l := range s.labels {
		c.Table.Rows = append(c.Table.Rows, ChartRow{l, cells(render.Commas(s.counts[i][0]))})
	}
	s.draw(c, []string{"c0"}, max(1, (len(s.labels)*90+chartWidth-1)/chartWidth)) // a date takes about 60 units
	c.Desc = fmt.Sprintf("%s cables released from %s to %s, over %d days.", render.Commas(b.arch.Len()-b.arch.Unreleased()), days[0].Key, days[len(days)-1].Key, len(days))
	return c
}

// ClassChart returns the classification directory's chart: the share of
// each classification, as one bar per classification.
func (b *Builder) ClassChart() *Chart {
	a := b.arch
	c := &Chart{ID: "classes", Title: "Cables by classification"}
	s := series{}
	c.Table.Head = cells("Classification", "Cables", "Share")
	for k, ci := range b.classOrder() {
		f := a.ClassFacet(a.Classes[ci])
		if f == nil {
			continue
		}
		counts := make([]int, len(a.Classes))
		counts[k] = len(f.Entries)
		s.labels = append(s.labels, f.Name)
		s.hrefs = append(s.hrefs, "../"+f.PagePath(0))
		s.counts = append(s.counts, counts)
		share := fmt.Sprintf("%.1f%%", 100*float64(len(f.Entries))/float64(max(1, a.Len())))
		c.Table.Rows = append(c.Table.Rows, ChartRow{f.Name, cells(render.Commas(len(f.Entries)), share)})
	}
	classes := make([]string, len(a.Classes))
	for k := range classes {
		classes[k] = "c" + strconv.Itoa(min(k, 5))
	}
	s.draw(c, classes, 1)
	c.Ticks = nil // the names are too long to stand under their bars: the table and the tooltips give them
	for i, bar := range c.Bars {
		c.Legend = append(c.Legend, Legend{Class: bar.Segs[0].Class, Text: s.labels[i]})
	}
	c.Desc = fmt.Sprintf("The %s cables by classification, from unclassified to secret.", render.Commas(a.Len()))
	return c
}
