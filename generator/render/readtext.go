package render

import (
	"errors"
	"io"

	"github.com/PuerkitoBio/goquery"

	"cablesite/generator/search"
)

// CableText reads back the text of a cable's page as Text laid it out: the
// blocks of its text section, each with its anchor ("" for the lines
// before the first paragraph) and the text of its pre element, leaving out
// blank ones. It is what the search page reads of a cable (assets/site.js
// sends it the same blocks), and what an update of the index counts as the
// cable's text before it changed.
func CableText(page io.Reader) ([]search.Block, error) {
	doc, err := goquery.NewDocumentFromReader(page)
	if err != nil {
		return nil, err
	}
	sec := doc.Find("article.cable > section.text")
	if sec.Length() != 1 {
		return nil, errors.New("not a cable's page: no text section")
	}
	var out []search.Block
	sec.ChildrenFiltered("div.para").Each(func(_ int, p *goquery.Selection) {
		id, _ := p.Attr("id")
		if t := p.ChildrenFiltered("pre").Text(); !search.Blank(t) {
			out = append(out, search.Block{Anchor: id, Text: t})
		}
	})
	return out, nil
}
