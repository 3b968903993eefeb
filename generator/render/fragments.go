package render

import (
	"html/template"
	"strings"
)

// The fragments that a page repeats many times (the paragraphs of a cable,
// the share links of each, the rows of a list) are written here rather than
// by template actions: html/template spends about a microsecond on each
// action, and these fragments would take hundreds of actions a page. They
// are written with html/template's own escaping function, so that every
// value reaches the page escaped as the templates would escape it; the hrefs
// are paths and URLs that the generator makes, never cable text.

// esc escapes text for HTML text and for quoted attribute values, exactly
// as html/template's HTMLEscapeString does (FuzzEscape checks it), but
// copying runs of plain text at once rather than rune by rune: it escapes
// every byte of every cable.
func esc(s string) string {
	if indexEscapable(s) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	escTo(&b, s)
	return b.String()
}

// escTo writes s to b, escaped as esc escapes it.
func escTo(b *strings.Builder, s string) {
	if len(s) < shortText {
		for {
			i := indexEscapable(s)
			if i < 0 {
				b.WriteString(s)
				return
			}
			b.WriteString(s[:i])
			b.WriteString(escaped[escapes[s[i]]-1])
			s = s[i+1:]
		}
	}
	// In a long text, each byte to escape is found with strings.IndexByte,
	// which reads many bytes at once: next[k] is where the next escapable[k]
	// is, or -1.
	var next [len(escapable)]int
	for k := range next {
		next[k] = strings.IndexByte(s, escapable[k])
	}
	for pos := 0; ; {
		i, which := -1, 0
		for k, n := range next {
			if n >= 0 && (i < 0 || n < i) {
				i, which = n, k
			}
		}
		if i < 0 {
			b.WriteString(s[pos:])
			return
		}
		b.WriteString(s[pos:i])
		b.WriteString(escaped[which])
		pos = i + 1
		if j := strings.IndexByte(s[pos:], escapable[which]); j >= 0 {
			next[which] = pos + j
		} else {
			next[which] = -1
		}
	}
}

// href escapes a URL for an href attribute. As html/template does, it
// replaces a URL with a scheme other than http and https (javascript:)
// with "#ZgotmplZ".
func href(u string) string {
	if !isRelative(u) {
		if scheme := strings.ToLower(u[:strings.IndexByte(u, ':')]); scheme != "http" && scheme != "https" {
			return "#ZgotmplZ"
		}
	}
	return esc(u)
}

// escapable are the bytes that esc replaces, and escaped what it
// replaces each with.
const escapable = "\"'&<>\x00"

var escaped = [len(escapable)]string{"&#34;", "&#39;", "&amp;", "&lt;", "&gt;", "\uFFFD"}

// escapes maps each byte of escapable to its index in it plus one.
var escapes = func() (t [256]uint8) {
	for i := 0; i < len(escapable); i++ {
		t[escapable[i]] = uint8(i + 1)
	}
	return t
}()

// shortText is the length under which a text is searched byte by byte.
const shortText = 64

// indexEscapable is strings.IndexAny(s, escapable), without building the
// set of bytes at each call.
func indexEscapable(s string) int {
	if len(s) >= shortText {
		first := -1
		for k := 0; k < len(escapable); k++ {
			end := len(s)
			if first >= 0 {
				end = first
			}
			if i := strings.IndexByte(s[:end], escapable[k]); i >= 0 {
				first = i
			}
		}
		return first
	}
	for i := 0; i < len(s); i++ {
		if escapes[s[i]] != 0 {
			return i
		}
	}
	return -1
}

// Links returns links separated by spaces; a link without an href is its
// text in a span.
func Links(links []Link) template.HTML {
	var s strings.Builder
	for i, l := range links {
		if i > 0 {
			s.WriteByte(' ')
		}
		writeLink(&s, l)
	}
	return template.HTML(s.String())
}

// LinkItems returns links as the items of a list (li elements), one a line.
func LinkItems(links []Link) template.HTML {
	var s strings.Builder
	for i, l := range links {
		if i > 0 {
			s.WriteByte('\n')
		}
		s.WriteString("<li>")
		writeLink(&s, l)
		s.WriteString("</li>")
	}
	return template.HTML(s.String())
}

// writeLink writes a link; without an href, its text in a span of its
// class, or marked absent (a cited cable that is not in the archive).
func writeLink(s *strings.Builder, l Link) {
	if l.Href == "" {
		if l.Class != "" {
			s.WriteString(`<span class="` + esc(l.Class) + `">` + esc(l.Text) + `</span>`)
			return
		}
		s.WriteString(`<span class="absent" title="not in this archive">` + esc(l.Text) + `</span>`)
		return
	}
	s.WriteString(`<a href="` + href(l.Href) + `"`)
	if l.Title != "" {
		s.WriteString(` title="` + esc(l.Title) + `"`)
	}
	s.WriteString(`>` + esc(l.Text) + `</a>`)
}

// ShareLinks returns the share helpers of a cable or a paragraph: a link to
// copy its address, and links that open a post about it on X, Mastodon and
// Bluesky.
func ShareLinks(sh Share) template.HTML {
	var s strings.Builder
	writeShare(&s, sh)
	return template.HTML(s.String())
}

func writeShare(s *strings.Builder, sh Share) {
	// The markup is as small as it can be: a cable has a share helper per
	// paragraph, and they make a third of its page. The script (site.js)
	// finds what it needs in the links themselves: the address to copy in
	// the copy link's href, the post in each network's text parameter.
	url := href(sh.URL)
	s.WriteString(`<span class="share"><a class="copy" href="`)
	s.WriteString(url)
	s.WriteString(`">link</a> `)
	text := esc(sh.Encoded)
	for i, net := range networks {
		s.WriteString(`<a href="`)
		s.WriteString(net.compose)
		s.WriteString(text)
		s.WriteString(`">`)
		s.WriteString(net.name)
		s.WriteString(`</a>`)
		if i < len(networks)-1 {
			s.WriteByte(' ')
		}
	}
	s.WriteString(`</span>`)
}

// networks are the sites that share links post to, with the address of
// the page that composes a post from a text.
var networks = []struct{ name, compose string }{
	{"X", xCompose},
	{"Mastodon", mastodonCompose},
	{"Bluesky", blueskyCompose},
}

// Rows returns a table of cables, a row each: reference ID, subject,
// created, released, classification and origin, each linked.
func Rows(rows []Row) template.HTML {
	var s strings.Builder
	s.Grow(len(rows)*900 + 300)
	s.WriteString(`<table class="cables">` + "\n")
	s.WriteString(`<thead><tr><th scope="col">Reference ID</th><th scope="col">Subject</th><th scope="col">Created</th><th scope="col">Released</th><th scope="col">Classification</th><th scope="col">Origin</th></tr></thead>` + "\n")
	s.WriteString("<tbody>")
	for _, r := range rows {
		s.WriteString("\n")
		s.WriteString(string(RowHTML(r)))
	}
	s.WriteString("\n</tbody>\n</table>")
	return template.HTML(s.String())
}

// RowHTML returns the tr element of one row of Rows.
func RowHTML(r Row) template.HTML {
	var s strings.Builder
	s.Grow(1024)
	cell := func(class, label, to, text string) { writeCell(&s, class, label, to, text) }
	s.WriteString(`<tr id="`)
	s.WriteString(esc(r.ID))
	s.WriteString("\">\n")
	cell("id", "Reference ID", r.Href, esc(r.ID))
	if r.Subject == "" {
		cell("subject", "Subject", r.Href, "(no subject)")
	} else {
		cell("subject", "Subject", r.Href, esc(r.Subject))
	}
	cell("date", "Created", r.CreatedHref, esc(r.Created))
	if r.ReleasedHref != "" {
		cell("date", "Released", r.ReleasedHref, esc(r.Released))
	} else {
		cell("date", "Released", "", "unknown")
	}
	cell("class", "Classification", r.ClassHref, esc(r.Class))
	cell("origin", "Origin", r.OriginHref, esc(r.Origin))
	s.WriteString(`</tr>`)
	return template.HTML(s.String())
}

// PagerHTML returns the links between the pages of a list: first,
// previous, numbered pages around this one, next and last. A list of one
// page has none.
func PagerHTML(p Pager) template.HTML {
	if p.Pages <= 1 {
		return ""
	}
	var s strings.Builder
	s.Grow(200 + 60*len(p.Links))
	s.WriteString(`<nav class="pager" aria-label="Pages">`)
	if p.First != "" {
		s.WriteString(`<a href="` + href(p.First) + `" rel="first" aria-label="First page">«</a><a href="` + href(p.Prev) + `" rel="prev" aria-label="Previous page">‹</a>`)
	} else {
		s.WriteString(`<span class="off">«</span><span class="off">‹</span>`)
	}
	for _, l := range p.Links {
		switch {
		case l.Text == "…":
			s.WriteString(`<span class="gap">…</span>`)
		case l.Href != "":
			s.WriteString(`<a href="` + href(l.Href) + `">` + esc(l.Text) + `</a>`)
		default:
			s.WriteString(`<span class="here" aria-current="page">` + esc(l.Text) + `</span>`)
		}
	}
	if p.Next != "" {
		s.WriteString(`<a href="` + href(p.Next) + `" rel="next" aria-label="Next page">›</a><a href="` + href(p.Last) + `" rel="last" aria-label="Last page">»</a>`)
	} else {
		s.WriteString(`<span class="off">›</span><span class="off">»</span>`)
	}
	s.WriteString(`</nav>`)
	return template.HTML(s.String())
}

// writeCell writes a td element of a table of cables: of class (if any),
// labelled for narrow screens, holding text (HTML) linked to the href to
// (if any).
func writeCell(s *strings.Builder, class, label, to, text string) {
	s.WriteString(`<td`)
	if class != "" {
		s.WriteString(` class="`)
		s.WriteString(class)
		s.WriteString(`"`)
	}
	s.WriteString(` data-label="`)
	s.WriteString(label)
	s.WriteString(`">`)
	if to == "" {
		s.WriteString(text)
	} else {
		s.WriteString(`<a href="`)
		s.WriteString(href(to))
		s.WriteString(`">`)
		s.WriteString(text)
		s.WriteString(`</a>`)
	}
	s.WriteString("</td>\n")
}

// Metadata returns the table of a cable's metadata: reference ID, created,
// released, classification and origin, each linked to its list.
func Metadata(c *CablePage) template.HTML {
	var s strings.Builder
	s.Grow(1024)
	s.WriteString(`<table class="meta">` + "\n")
	s.WriteString(`<thead><tr><th scope="col">Reference ID</th><th scope="col">Created</th><th scope="col">Released</th><th scope="col">Classification</th><th scope="col">Origin</th></tr></thead>` + "\n")
	s.WriteString("<tbody><tr>\n")
	cell := func(label, to, text string) { writeCell(&s, "", label, to, text) }
	id := esc(c.ID)
	cell("Reference ID", c.ID+".html", id)
	cell("Created", c.CreatedHref, esc(c.Created))
	if c.ReleasedHref != "" {
		cell("Released", c.ReleasedHref, esc(c.Released))
	} else {
		cell("Released", "", "unknown")
	}
	cell("Classification", c.ClassHref, esc(c.Classification))
	cell("Origin", c.OriginHref, esc(c.Origin))
	s.WriteString("</tr></tbody>\n</table>")
	return template.HTML(s.String())
}

// OpenGraph returns the meta elements that link previews read (OpenGraph,
// and Twitter's card): the cable's title, its description and, with a
// base URL, its address.
func OpenGraph(c *CablePage) template.HTML {
	var s strings.Builder
	s.Grow(512 + len(c.Description))
	meta := func(prop, content string) {
		s.WriteString(`<meta property="`)
		s.WriteString(prop)
		s.WriteString(`" content="`)
		s.WriteString(esc(content))
		s.WriteString("\">\n")
	}
	meta("og:type", "article")
	meta("og:site_name", c.Site.Name)
	meta("og:title", c.ID+": "+c.Subject)
	meta("og:description", c.Description)
	if c.Canonical != "" {
		meta("og:url", c.Canonical)
	}
	s.WriteString(`<meta name="twitter:card" content="summary">`)
	return template.HTML(s.String())
}
