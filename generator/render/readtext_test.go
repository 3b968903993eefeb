package render

import (
	"slices"
	"strings"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/internal/corpuspages"
	"cablesite/generator/search"
)

// TestCableTextCorpus lays out the text of every original page of the
// corpus and reads it back as the search page does (CableText): each block
// has the anchor and the words of the part of the text that the index
// counts for it (the lines before the first paragraph, then each
// paragraph). Passages, the check of phrases and updates of the index read
// the text from the pages, and must find the words that were indexed.
func TestCableTextCorpus(t *testing.T) {
	link := func(l cabletext.Link) (string, string) { return "../../../tag/X_0.html", "a <title>" }
	share := func(id, label string) Share { return NewShare(label, "c.html#"+id, "#cablegate") }
	blocks, failed := 0, 0
	pages := corpuspages.Each(t, func(f string, _ []byte, c *cable.Cable) {
		d := cabletext.AnalyzeLayout(c)
		page := `<article class="cable"><section class="text" aria-label="Text"><h2>Text</h2>` +
			string(Text(c.Text, d, link, share)) + "</section></article>"
		got, err := CableText(strings.NewReader(page))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
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
		same := slices.EqualFunc(got, want, func(a, b search.Block) bool {
			return a.Anchor == b.Anchor && slices.Equal(search.Words(a.Text), search.Words(b.Text))
		})
		if !same {
			if failed++; failed <= 10 {
				t.Errorf("%s: the page's text reads %d blocks, the index counts %d, or other words", f, len(got), len(want))
			}
		}
	})
	if failed > 0 {
		t.Errorf("%d of %d pages read back other words", failed, pages)
	}
	t.Logf("%d pages, %d blocks read back with their words", pages, blocks)
}

func TestCableTextNotACable(t *testing.T) {
	if _, err := CableText(strings.NewReader("<html><body><p>About</p></body></html>")); err == nil {
		t.Error("a page with no cable's text read as a cable")
	}
}
