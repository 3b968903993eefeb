package source

import (
	"bytes"
	"errors"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"cablesite/generator/cable"
)

// A page of the original site holds, after a long navigation sidebar, the
// cable table and two <pre> blocks:
//
//	<table class='cable'>
//	  <tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>
//	  <tr><td><a>ID</a></td><td><a>2010-02-24 10:10</a></td><td><a>…</a></td><td><a>SECRET</a></td><td><a>Embassy Abu Dhabi</a></td></tr>
//	  [<tr><td colspan='5'>Appears in these articles: …</td></tr>]
//	</table>
//	<code><pre>header</pre></code>
//	<code><pre>text</pre></code>
//
// Inside <pre> the site wrote newlines as &#x000A;, linked the codes of the
// TAGS line (<a href='/tag/PREL_0.html'>PREL</a>) and put an anchor before
// each numbered paragraph (<a id='par1' href='#par1'>¶</a>). The pages are not
// well-formed: raw & and < occur in the text, mostly as a literal <br>.

// cableTable marks where the cable table starts; the sidebar before it is
// not parsed.
var cableTable = [][]byte{[]byte("<table class='cable'>"), []byte(`<table class="cable">`)}

// ParseHTML reads a page of the original site. name is used in errors.
func ParseHTML(name string, data []byte, opt Options) (*cable.Cable, error) {
	start, line := 0, 0
	for _, marker := range cableTable {
		if i := bytes.Index(data, marker); i >= 0 {
			start, line = i, 1+bytes.Count(data[:i], []byte{'\n'})
			break
		}
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data[start:]))
	if err != nil {
		return nil, errorf(name, 0, "", "not HTML: %v", err)
	}
	var cells []string
	doc.Find("table.cable tr").EachWithBreak(func(_ int, tr *goquery.Selection) bool {
		tds := tr.Find("td")
		if tds.Length() != 5 {
			return true
		}
		tds.Each(func(_ int, td *goquery.Selection) {
			cells = append(cells, strings.TrimSpace(td.Text()))
		})
		return false
	})
	if cells == nil {
		return nil, errorf(name, line, "", "no cable table (a table.cable row of five cells: Reference ID, Created, Released, Classification, Origin)")
	}
	c := &cable.Cable{
		ID:             cells[0],
		Classification: cells[3],
		Origin:         cells[4],
		Format:         cable.FormatHTML,
	}
	if c.Created, err = cable.ParseTime(cells[1]); err != nil {
		return nil, &Error{File: name, Line: line, Field: "created", ID: cable.NormalizeID(c.ID), Err: err}
	}
	if c.Released, err = cable.ParseTime(cells[2]); err != nil {
		return nil, &Error{File: name, Line: line, Field: "released", ID: cable.NormalizeID(c.ID), Err: err}
	}
	if i := bytes.LastIndex(data[start:], []byte("<pre")); i >= 0 && !bytes.Contains(data[start+i:], []byte("</pre>")) {
		return nil, &Error{File: name, Line: line, Field: "text", ID: cable.NormalizeID(c.ID), Err: errors.New("the page ends inside a <pre> block: the file is cut short")}
	}
	pres := doc.Find("pre")
	switch pres.Length() {
	case 0:
		return nil, &Error{File: name, Line: line, Field: "text", ID: cable.NormalizeID(c.ID), Err: errors.New("no <pre> block after the cable table")}
	case 1:
		c.Text = preText(pres.Get(0))
	default:
		c.Header = preText(pres.Get(0))
		c.Text = preText(pres.Get(1))
	}
	c.GivenSubject = pageSubject(data[:start], c.ID)
	if err := finish(c, name, line, opt); err != nil {
		return nil, err
	}
	return c, nil
}

// viewing starts the heading of a page of the original site: "<h3>Viewing
// cable 10ABUDHABI103, UAE REQUEST FOR USG ASSISTANCE IN ...</h3>".
var viewing = []byte("<h3>Viewing cable ")

// pageSubject returns the subject that the heading of a page gives, or "":
// the subject of a cable whose text has no SUBJECT line the site could
// read.
func pageSubject(head []byte, id string) string {
	i := bytes.LastIndex(head, viewing)
	if i < 0 {
		return ""
	}
	h := head[i+len(viewing):]
	end := bytes.Index(h, []byte("</h3>"))
	if end < 0 {
		return ""
	}
	_, subject, ok := strings.Cut(html.UnescapeString(string(h[:end])), ", ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(subject)
}

// preText turns the content of a <pre> block back into the cable's plain
// text: the site's paragraph anchors are dropped, its tag links give their
// text, and any other element (a literal <br> of the cable, say) is written
// back as the tag it was.
func preText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.Data == "a" {
					if isParagraphAnchor(c) {
						continue
					}
					walk(c)
					continue
				}
				b.WriteString("<" + c.Data + ">")
				walk(c)
				if c.FirstChild != nil {
					b.WriteString("</" + c.Data + ">")
				}
			}
		}
	}
	walk(n)
	return b.String()
}

// isParagraphAnchor reports whether n is the site's <a id='parN'>¶</a>.
func isParagraphAnchor(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "id" && strings.HasPrefix(a.Val, "par") {
			return n.FirstChild == nil || (n.FirstChild.Type == html.TextNode && n.FirstChild.Data == "¶")
		}
	}
	return false
}
