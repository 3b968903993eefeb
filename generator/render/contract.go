package render

import (
	"errors"
	"io"

	"github.com/PuerkitoBio/goquery"

	"cablesite/generator/search"
)

// The contract between a cable's page and what reads it back: the page's
// own script (assets/site.js), which sends the text of the page to the
// search page that frames it (assets/search.js shows passages from it and
// checks phrases in it), and CableText, with which an update of the search
// index reads the text it indexed before. templates/cable.html writes it:
//
//	<article class="cable" data-id="REFERENCE-ID">
//	  …
//	  <section class="text">
//	    <div class="p">            the lines before the first paragraph, if any
//	      <pre>…</pre>
//	    </div>
//	    <div class="p" id="par1">  each paragraph, with its anchor
//	      …<pre>TEXT</pre>…
//	    </div>
//
// The text of a block is the text content of its pre element, which holds
// nothing but the text (links of tags and references, and spans that a
// narrow screen reflows, add no text). site.js holds the same selectors,
// in its object "contract"; TestContract checks that the two agree and that
// both read the same blocks from the pages of the corpus.
const (
	ContractCable = "article.cable" // the cable; data-id holds its reference ID
	ContractText  = "section.text"  // child of the cable: its text
	ContractBlock = "div"           // children of the text: its blocks; id the anchor
	ContractPre   = "pre"           // child of a block: its text
	ContractID    = "data-id"       // the attribute of the cable that holds its ID
)

// CableText reads back the text of a cable's page: the blocks of its text
// section, each with its anchor ("" for the lines before the first
// paragraph) and the text of its pre element, leaving out blank ones. It
// is what the search page reads of a cable (site.js sends it the same
// blocks), and what an update of the index counts as the cable's text
// before it changed.
func CableText(page io.Reader) ([]search.Block, error) {
	doc, err := goquery.NewDocumentFromReader(page)
	if err != nil {
		return nil, err
	}
	sec := doc.Find(ContractCable + " > " + ContractText)
	if sec.Length() != 1 {
		return nil, errors.New("not a cable's page: no text section")
	}
	var out []search.Block
	sec.ChildrenFiltered(ContractBlock).Each(func(_ int, p *goquery.Selection) {
		id, _ := p.Attr("id")
		if t := p.ChildrenFiltered(ContractPre).Text(); !search.Blank(t) {
			out = append(out, search.Block{Anchor: id, Text: t})
		}
	})
	return out, nil
}
