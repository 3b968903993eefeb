package render

import (
	"html/template"
	"strings"

	"cablesite/generator/cabletext"
)

// LinkFunc returns the href and title of a link of a cable's text, or an
// empty href to leave its span as plain text (a reference to a cable that is
// not in the archive).
type LinkFunc func(l cabletext.Link) (href, title string)

// Blocks lays out the text of a cable: the lines before its first anchored
// paragraph (a Block with no ID), then each paragraph. Blank lines between
// paragraphs are left to the layout; lines keep their breaks and spaces.
// Spans of the text that d links become links.
//
// The text of each block reaches its template as HTML made here, escaped as
// html/template's HTMLEscapeString escapes (see esc), rather than as one
// template action per run of text and per link: a cable has dozens of links
// and runs, and each action of html/template costs a microsecond. Every
// byte of the text is escaped; a link's href comes from link and must be a
// relative path.
func Blocks(text string, d *cabletext.Doc, link LinkFunc) []Block {
	links := d.Links
	var b strings.Builder
	b.Grow(len(text) + len(text)/8 + len(links)*120)
	type span struct{ from, to int } // of b, for each block
	var spans []span
	var blocks []Block
	block := func(start, end int) {
		from := b.Len()
		for len(links) > 0 && links[0].End <= start {
			links = links[1:]
		}
		pos := start
		for len(links) > 0 && links[0].Start < end {
			l := links[0]
			links = links[1:]
			if l.Start < pos || l.End > end {
				continue // a link across a block edge stays text
			}
			to, title := link(l)
			if to == "" || !isRelative(to) {
				continue
			}
			escTo(&b, text[pos:l.Start])
			b.WriteString(`<a href="`)
			escTo(&b, to)
			if title != "" {
				b.WriteString(`" title="`)
				escTo(&b, title)
			}
			b.WriteString(`">`)
			escTo(&b, text[l.Start:l.End])
			b.WriteString(`</a>`)
			pos = l.End
		}
		escTo(&b, text[pos:end])
		spans = append(spans, span{from, b.Len()})
	}
	first := len(text)
	if len(d.Paragraphs) > 0 {
		first = d.Paragraphs[0].Start
	}
	if pre := strings.TrimRight(text[:first], " \t\r\n"); strings.TrimSpace(pre) != "" {
		start := len(text[:first]) - len(strings.TrimLeft(text[:first], "\r\n"))
		block(start, len(pre))
		blocks = append(blocks, Block{})
	}
	for _, p := range d.Paragraphs {
		block(p.Start, p.End)
		blocks = append(blocks, Block{ID: p.ID, Label: p.Label})
	}
	all := b.String()
	for i := range blocks {
		blocks[i].HTML = template.HTML(all[spans[i].from:spans[i].to])
	}
	return blocks
}

// isRelative reports whether href is a relative reference without a
// scheme: "../../../tag/PGOV_0.html", "#par1".
func isRelative(href string) bool {
	i := strings.IndexAny(href, ":/?#")
	return i < 0 || href[i] != ':'
}

// The pages that compose a post on each network from a text.
const (
	xCompose        = "https://twitter.com/intent/tweet?text="
	mastodonCompose = "https://share.joinmastodon.org/#text="
	blueskyCompose  = "https://bsky.app/intent/compose?text="
)

// NewShare returns the share helpers for a post about url: the post says
// the label, the URL and the hashtags.
func NewShare(label, url, hashtags string) Share {
	text := label + " " + url + " " + hashtags
	return Share{Label: label, URL: url, Hashtags: hashtags, Text: text, Encoded: encodeURIComponent(text)}
}

// X is the link that composes the post on X (Twitter).
func (s Share) X() string { return xCompose + s.Encoded }

// Mastodon is the link that composes the post on Mastodon.
func (s Share) Mastodon() string { return mastodonCompose + s.Encoded }

// Bluesky is the link that composes the post on Bluesky.
func (s Share) Bluesky() string { return blueskyCompose + s.Encoded }

// encodeURIComponent escapes s for the value of a URL's query parameter or
// its fragment: everything but letters, digits, - _ . ~ and the characters
// that RFC 3986 allows there as they are and that no form decoder reads as
// something else (/ : @ ! $ ' ( ) * , ;). Links stay short: a cable page has
// three of them for each paragraph.
func encodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) * 3 / 2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~/:@!$'()*,;", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
