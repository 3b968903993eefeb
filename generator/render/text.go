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

// ShareFunc returns the share helpers of the paragraph with the given
// anchor id and label ("par3", "3").
type ShareFunc func(id, label string) Share

// Text lays out the text of a cable as HTML: the lines before its first
// anchored paragraph in a block of their own, then each paragraph (see
// cabletext.Paragraph) in a div with its anchor id, a ¶ link to itself, its
// text and its share links. Lines keep their breaks and spaces; blank lines
// between paragraphs are left to the style sheet. Spans of the text that d
// links become links.
//
// The text reaches its template as HTML made here, escaped as
// html/template's HTMLEscapeString escapes (see esc), rather than as one
// template action per run of text, per link and per share link: a cable has
// dozens of each, and each action of html/template costs a microsecond.
// Every byte of the text is escaped; a link's href comes from link and must
// be a relative path.
func Text(text string, d *cabletext.Doc, link LinkFunc, share ShareFunc) template.HTML {
	links := d.Links
	var b strings.Builder
	b.Grow(len(text) + len(text)/8 + len(links)*120 + len(d.Paragraphs)*(len(text)/8+900))
	run := func(start, end int) {
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
	}
	first := len(text)
	if len(d.Paragraphs) > 0 {
		first = d.Paragraphs[0].Start
	}
	if pre := strings.TrimRight(text[:first], " \t\r\n"); strings.TrimSpace(pre) != "" {
		start := len(text[:first]) - len(strings.TrimLeft(text[:first], "\r\n"))
		b.WriteString(`<div class="para lead">` + "\n<pre>")
		run(start, len(pre))
		b.WriteString("</pre>\n</div>")
	}
	for _, p := range d.Paragraphs {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		id := esc(p.ID)
		b.WriteString(`<div class="para" id="`)
		b.WriteString(id)
		b.WriteString(`">` + "\n" + `<a class="pilcrow" href="#`)
		b.WriteString(id)
		b.WriteString(`" title="Link to this paragraph">¶</a>` + "\n<pre>")
		run(p.Start, p.End)
		b.WriteString("</pre>")
		if share != nil {
			label := p.Label
			if label == "" {
				label = p.ID
			}
			b.WriteString("\n" + `<p class="para-tools">`)
			writeShare(&b, share(p.ID, label))
			b.WriteString("</p>")
		}
		b.WriteString("\n</div>")
	}
	return template.HTML(b.String())
}

// isRelative reports whether href is a relative reference without a
// scheme: "../../../tag/PGOV_0.html", "#par1".
func isRelative(href string) bool {
	i := strings.IndexByte(href, ':')
	return i < 0 || strings.ContainsAny(href[:i], "/?#")
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
	return Share{URL: url, Encoded: encodeURIComponent(label + " " + url + " " + hashtags)}
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
