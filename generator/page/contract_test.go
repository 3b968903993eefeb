package page_test

import (
	"bytes"
	"slices"
	"testing"

	"cablesite"
	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/internal/corpuspages"
	"cablesite/generator/page"
	"cablesite/generator/render"
	"cablesite/generator/search"
)

// TestContract lays out every original page of the corpus as the site's
// page of that cable, through the templates, and reads it back as the
// search page and an update of the index read it (render.CableText): each
// block has the anchor and the words that the index counts for it
// (Text.SearchBlocks), which are the words of the cable's text: the lines
// before the first paragraph, then each paragraph.
func TestContract(t *testing.T) {
	r, err := render.New(cablesite.Templates(), page.Kinds)
	if err != nil {
		t.Fatal(err)
	}
	content, err := page.LoadContent(page.Settings{Name: "Test", Total: 1, Search: true, Assets: cablesite.Assets(), Pages: cablesite.Pages()})
	if err != nil {
		t.Fatal(err)
	}
	blocks, failed := 0, 0
	var buf bytes.Buffer
	pages := corpuspages.Each(t, func(f string, _ []byte, c *cable.Cable) {
		d := cabletext.Analyze(c)
		a := index.New()
		a.Add(c, d.Subject, d.Tags, d.IDs(), [16]byte{})
		a.Finish()
		p := page.NewBuilder(a, content.Site).Cable(0)
		p.SetText(c, cabletext.AnalyzeLayout(c))
		buf.Reset()
		if err := r.Execute(&buf, page.KindCable, p); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got, err := render.CableText(&buf)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		indexed := p.Text.SearchBlocks()
		// What the index counts is the cable's text, block by block.
		var want []search.Block
		first := len(c.Text)
		if len(d.Paragraphs) > 0 {
			first = d.Paragraphs[0].Start
		}
		if lead := c.Text[:first]; !search.Blank(lead) {
			want = append(want, search.Block{Text: lead})
		}
		for _, p := range d.Paragraphs {
			if s := c.Text[p.Start:p.End]; !search.Blank(s) {
				want = append(want, search.Block{Anchor: p.ID, Text: s})
			}
		}
		blocks += len(want)
		same := func(a, b search.Block) bool {
			return a.Anchor == b.Anchor && slices.Equal(search.Words(a.Text), search.Words(b.Text))
		}
		if !slices.EqualFunc(got, indexed, same) || !slices.EqualFunc(indexed, want, same) {
			if failed++; failed <= 10 {
				t.Errorf("%s: the page reads %d blocks, the index counts %d, the text has %d, or other words", f, len(got), len(indexed), len(want))
			}
		}
	})
	if failed > 0 {
		t.Errorf("%d of %d pages read back other words", failed, pages)
	}
	t.Logf("%d pages, %d blocks read back with their words", pages, blocks)
}
