package generator

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// chartTotal parses the SVG of a chart as XML and returns the sum of the
// last column of its table of figures and the size of its markup.
func chartTotal(t *testing.T, page string, fig *goquery.Selection) (int, int) {
	t.Helper()
	svg, err := goquery.OuterHtml(fig.Find("svg"))
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		XMLName xml.Name
		Title   string `xml:"title"`
	}
	if err := xml.Unmarshal([]byte(svg), &parsed); err != nil || parsed.XMLName.Local != "svg" || parsed.Title == "" {
		t.Errorf("%s: the chart is not SVG with a title (%v): %.200s", page, err, svg)
	}
	if fig.Find("svg a").Length() == 0 || fig.Find("svg a title").Length() != fig.Find("svg a").Length() || fig.Find("svg g rect").Length() != 0 {
		t.Errorf("%s: the bars are not links with titles", page)
	}
	total := 0
	fig.Find("table.figures tbody tr").Each(func(_ int, tr *goquery.Selection) {
		cell := tr.Find("td").Last().Text()
		if strings.HasSuffix(cell, "%") {
			cell = tr.Find("td").First().Text()
		}
		n, err := strconv.Atoi(strings.ReplaceAll(cell, ",", ""))
		if err != nil {
			t.Errorf("%s: figure %q", page, cell)
		}
		total += n
	})
	html, _ := goquery.OuterHtml(fig)
	return total, len(html)
}

// TestCharts checks the charts of the sample site: an origin's, a tag's,
// the home page's and the classification directory's are SVG whose bars
// are links, and their figures add up to the cables they count.
func TestCharts(t *testing.T) {
	cfg := config(t, sample(t))
	rep := mustBuild(t, cfg)
	for _, tc := range []struct {
		page  string
		count int // cables counted: 0 for the count the page gives
	}{
		{"origin/embassy-beijing_0.html", 0},
		{"tag/PGOV_0.html", 0},
		{"classification/index.html", rep.Cables},
		{"index.html", rep.Cables},
	} {
		doc := open(t, cfg.Out, tc.page)
		want := tc.count
		if want == 0 {
			summary := doc.Find("p.summary").Text()
			want, _ = strconv.Atoi(strings.ReplaceAll(strings.Fields(summary)[0], ",", ""))
		}
		figs := doc.Find("figure.chart")
		if figs.Length() == 0 {
			t.Errorf("%s has no chart", tc.page)
		}
		figs.Each(func(i int, fig *goquery.Selection) {
			total, size := chartTotal(t, tc.page, fig)
			if total != want && !(tc.page == "index.html" && i == 1) { // the release chart counts released cables
				t.Errorf("%s: chart %d counts %d cables, want %d", tc.page, i, total, want)
			}
			if size > 20<<10 {
				t.Errorf("%s: chart %d is %d bytes", tc.page, i, size)
			}
			t.Logf("%s: chart %d: %d cables, %d bytes", tc.page, i, total, size)
		})
	}
}
