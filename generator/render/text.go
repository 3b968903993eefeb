package render

import (
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
// Spans of the text that d links become linked Pieces.
func Blocks(text string, d *cabletext.Doc, link LinkFunc) []Block {
	var blocks []Block
	links := d.Links
	piece := func(start, end int) []Piece {
		var ps []Piece
		for len(links) > 0 && links[0].End <= start {
			links = links[1:]
		}
		pos := start
		for len(links) > 0 && links[0].Start < end {
			l := links[0]
			if l.Start < pos || l.End > end {
				links = links[1:]
				continue // a link across a block edge stays text
			}
			href, title := link(l)
			if href != "" {
				if l.Start > pos {
					ps = append(ps, Piece{Text: text[pos:l.Start]})
				}
				ps = append(ps, Piece{Text: text[l.Start:l.End], Href: href, Title: title})
				pos = l.End
			}
			links = links[1:]
		}
		if pos < end {
			ps = append(ps, Piece{Text: text[pos:end]})
		}
		return ps
	}
	first := len(text)
	if len(d.Paragraphs) > 0 {
		first = d.Paragraphs[0].Start
	}
	if pre := strings.TrimRight(text[:first], " \t\r\n"); strings.TrimSpace(pre) != "" {
		start := len(text[:first]) - len(strings.TrimLeft(text[:first], "\r\n"))
		blocks = append(blocks, Block{Pieces: piece(start, len(pre))})
	}
	for _, p := range d.Paragraphs {
		blocks = append(blocks, Block{ID: p.ID, Label: p.Label, Pieces: piece(p.Start, p.End)})
	}
	return blocks
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

// encodeURIComponent escapes s as JavaScript's encodeURIComponent does:
// everything but letters, digits and - _ . ! ~ * ' ( ).
func encodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) * 3 / 2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
