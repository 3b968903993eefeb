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
	var blocks []Block
	links := d.Links
	var b strings.Builder
	block := func(start, end int) template.HTML {
		b.Reset()
		b.Grow((end - start) * 9 / 8)
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
			b.WriteString(esc(text[pos:l.Start]))
			b.WriteString(`<a href="`)
			b.WriteString(esc(to))
			if title != "" {
				b.WriteString(`" title="`)
				b.WriteString(esc(title))
			}
			b.WriteString(`">`)
			b.WriteString(esc(text[l.Start:l.End]))
			b.WriteString(`</a>`)
			pos = l.End
		}
		b.WriteString(esc(text[pos:end]))
		return template.HTML(b.String())
	}
	first := len(text)
	if len(d.Paragraphs) > 0 {
		first = d.Paragraphs[0].Start
	}
	if pre := strings.TrimRight(text[:first], " \t\r\n"); strings.TrimSpace(pre) != "" {
		start := len(text[:first]) - len(strings.TrimLeft(text[:first], "\r\n"))
		blocks = append(blocks, Block{HTML: block(start, len(pre))})
	}
	for _, p := range d.Paragraphs {
		blocks = append(blocks, Block{ID: p.ID, Label: p.Label, HTML: block(p.Start, p.End)})
	}
	return blocks
}

// isRelative reports whether href is a relative reference without a
// scheme: "../../../tag/PGOV_0.html", "#par1".
func isRelative(href string) bool {
	i := strings.IndexAny(href, ":/?#")
	return i < 0 || href[i] != ':'
}

// NewShare returns the share helpers for a post about url: the post says
// the label, the URL and the hashtags, and the compose links of X, Mastodon
// and Bluesky carry it.
func NewShare(label, url, hashtags string) Share {
	text := label + " " + url + " " + hashtags
	q := encodeURIComponent(text)
	return Share{
		Label:    label,
		URL:      url,
		Hashtags: hashtags,
		Text:     text,
		X:        "https://twitter.com/intent/tweet?text=" + q,
		Mastodon: "https://share.joinmastodon.org/#text=" + q,
		Bluesky:  "https://bsky.app/intent/compose?text=" + q,
	}
}

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
