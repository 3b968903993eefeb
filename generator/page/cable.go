package page

import (
	"strings"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/search"
	"cablesite/generator/state"
)

// Cable is the page of one cable. Its text is not in its key: it comes
// from the cable's record, whose key (Record) is, and from the cable's
// tags and references, which are.
type Cable struct {
	Frame
	ID             string
	Subject        string
	Created        string // "2010-02-08 07:11"
	Released       string // "" when unknown
	Classification string
	Origin         string
	CreatedHref    string
	ReleasedHref   string // "" when unknown
	ClassHref      string
	OriginHref     string
	Tags           []Link
	References     []Ref // the cables it cites, in the archive or not
	CitedBy        []Row
	Hashtags       string // "#cablegate #10BEIJING326"
	Share          Share  // the cable's own share links
	Format         string // the layout it was read from: "html", "csv", "text"
	Record         state.Key
	History        *History // what the releases say of it, when several were read

	// Text is what the page shows of the cable's record: it is derived from
	// Record, Tags and References (see Cable.SetText), and left out of the
	// page's key.
	Text *Text `key:"-"`
}

// Ref is one citation of a cable's REF line.
type Ref struct {
	ID    string // the cited reference ID; "" for a citation that is not a cable (a note)
	Text  string // as shown: "09BEIJING123", or "09BEIJING123: SUBJECT" when in the archive
	Href  string // the cited cable's page, or "" when it is not in the archive
	Title string
}

// Share is what the share links of a cable or a paragraph post.
type Share struct {
	// URL is the absolute address of the cable, or of the paragraph, or ""
	// when the site does not know its own address (no base URL): the
	// script then puts in the address of the page it is on, when that is
	// a web address.
	URL string
	// Post is the text of a post: what is shared ("10BEIJING326 ¶3" or
	// the cable's ID and subject), the URL when known, and the hashtags.
	Post string
}

// Text is the text of a cable as its page lays it out.
type Text struct {
	Header     string // the routing and transmission lines
	Blocks     []Block
	References []Ref // the citations of the REF line in order, cables and notes
	Signer     string
	Partial    bool   // a partial extract of the original cable
	Summary    string // what link previews and search engines show (see Summary)
	// Readings are the tags of the TAGS line read otherwise than they are
	// written, in order: a misspelt or glued code, a name in another form.
	Readings []Reading
}

// Reading is a word of the TAGS line and the tags it was read as: "MOPPS"
// as "MOPS", "PHUMBA" as "PHUM, BA".
type Reading struct {
	Written, Read string
}

// readings returns the tags of links read otherwise than written, one
// Reading for each thing written, in order.
func readings(links []cabletext.Link) []Reading {
	var out []Reading
	for _, l := range links {
		if l.Kind != cabletext.LinkTag || l.Written == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Written == l.Written {
			out[n-1].Read += ", " + l.Target
			continue
		}
		out = append(out, Reading{Written: l.Written, Read: l.Target})
	}
	return out
}

// Block is a part of a cable's text: the lines before its first
// paragraph (ID ""), or a paragraph, with its anchor.
type Block struct {
	ID       string // anchor: "par3", "parB", "t2"; "" for the lines before the first paragraph
	Label    string // "3", "B"; the ID for a block of text without a number
	Segments []Segment
}

// Segment is a run of lines of a block: lines of prose (Join), which a
// narrow screen joins into flowing text, or lines whose layout matters (a
// table, a list, a heading), kept as they are everywhere.
type Segment struct {
	Join bool
	Runs []Run
}

// Run is a stretch of a line of text, linked when Href is set (a tag of
// the TAGS line, a cited cable of the REF line).
type Run struct {
	Text  string
	Href  string
	Title string // for a tag read otherwise than written: "read as MOPS"
}

// SetText lays out the text of the cable c as read again from its record
// (rec, analysed as d): the blocks, their links, the header, the summary.
// Links go where c's Tags and References lead, and nowhere else, so that
// the text depends on what the page's key holds.
func (c *Cable) SetText(rec *cable.Cable, d *cabletext.Doc) {
	t := &Text{Header: rec.Header, Signer: d.Signer, Partial: d.PartialExtract, Readings: readings(d.Links)}
	refs := map[string]Ref{} // the cited cables of the archive
	for _, r := range c.References {
		if r.ID != "" && r.Href != "" {
			refs[r.ID] = r
		}
	}
	cut := c.linker(rec.Text, d.Links, refs)
	text := rec.Text
	first := len(text)
	if len(d.Paragraphs) > 0 {
		first = d.Paragraphs[0].Start
	}
	if lead := strings.TrimRight(text[:first], " \t\r\n"); strings.TrimSpace(lead) != "" {
		start := len(text[:first]) - len(strings.TrimLeft(text[:first], "\r\n"))
		t.Blocks = append(t.Blocks, Block{Segments: segments(text, start, len(lead), cut)})
	}
	for _, p := range d.Paragraphs {
		label := p.Label
		if label == "" {
			label = p.ID
		}
		t.Blocks = append(t.Blocks, Block{ID: p.ID, Label: label, Segments: segments(text, p.Start, p.End, cut)})
	}
	for _, r := range d.References {
		if r.ID == "" {
			t.References = append(t.References, Ref{Text: r.Text})
			continue
		}
		ref, ok := refs[r.ID]
		if !ok {
			ref = Ref{ID: r.ID, Text: r.ID}
		}
		t.References = append(t.References, ref)
	}
	t.Summary = Summary(rec.Text, d, c.Subject)
	c.Text = t
	c.Description = t.Summary
}

// linker returns the function that cuts text[start:end] into runs at the
// links (of the text's analysis) that fall inside it, in order: a tag
// links to its page as c's Tags do, a cited cable as refs do; a link
// across the edge of a block, or to nothing, stays text.
func (c *Cable) linker(text string, links []cabletext.Link, refs map[string]Ref) func(start, end int) []Run {
	tags := map[string]string{}
	for _, l := range c.Tags {
		tags[l.Text] = l.Href
	}
	href := func(l cabletext.Link) string {
		switch l.Kind {
		case cabletext.LinkTag:
			return tags[l.Target]
		case cabletext.LinkCable:
			return refs[l.Target].Href
		}
		return ""
	}
	return func(start, end int) []Run {
		for len(links) > 0 && links[0].End <= start {
			links = links[1:]
		}
		var out []Run
		pos := start
		for len(links) > 0 && links[0].Start < end {
			l := links[0]
			links = links[1:]
			if l.Start < pos || l.End > end {
				continue
			}
			to := href(l)
			if to == "" {
				continue
			}
			if l.Start > pos {
				out = append(out, Run{Text: text[pos:l.Start]})
			}
			run := Run{Text: text[l.Start:l.End], Href: to}
			if l.Written != "" {
				run.Title = "read as " + l.Target
			}
			out = append(out, run)
			pos = l.End
		}
		if end > pos {
			out = append(out, Run{Text: text[pos:end]})
		}
		return out
	}
}

// segments cuts text[start:end] into segments of lines (see Segment), each
// cut into runs by runs. Lines of prose that follow one another make a
// joined segment; every other line, and the line break after a joined
// segment, is kept as it is. A line is prose when it starts with a letter
// or a sign that opens prose; a table row, a list item or a numbered line
// starts with a blank, a dash or a digit, and a heading line with a label
// ("TAGS:", "E.O. 12958:").
func segments(text string, start, end int, runs func(start, end int) []Run) []Segment {
	type line struct {
		start, end int // without the line feed
		prose      bool
	}
	var lines []line
	for pos := start; pos < end; {
		e := strings.IndexByte(text[pos:end], '\n')
		next := end
		if e < 0 {
			e = end
		} else {
			e += pos
			next = e + 1
		}
		l := strings.TrimRight(text[pos:e], "\r")
		lines = append(lines, line{pos, e, isProse(l)})
		pos = next
	}
	var out []Segment
	keepFrom := start // the start of the text kept since the last joined segment
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && lines[j].prose && (j == i || continuesProse(text[lines[j].start:lines[j].end])) {
			j++
		}
		if j-i < 2 {
			i = max(j, i+1)
			continue
		}
		if lines[i].start > keepFrom {
			out = append(out, Segment{Runs: runs(keepFrom, lines[i].start)})
		}
		out = append(out, Segment{Join: true, Runs: runs(lines[i].start, lines[j-1].end)})
		keepFrom = lines[j-1].end
		i = j
	}
	if end > keepFrom {
		out = append(out, Segment{Runs: runs(keepFrom, end)})
	}
	return out
}

// isProse reports whether a line may be joined with prose around it: it
// holds letters, and starts with neither a blank (a row of a table) nor a
// label (a heading line).
func isProse(line string) bool {
	if line == "" || line[0] == ' ' || line[0] == '\t' || isLabel(line) {
		return false
	}
	return strings.ContainsFunc(line, func(r rune) bool {
		return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
	})
}

// isLabel reports whether a line starts with the label of a heading line:
// a capital, then up to 24 capitals, digits, spaces and the signs
// .()/&-, then a colon at the end or before a blank ("TAGS:", "E.O.
// 12958:").
func isLabel(line string) bool {
	if line[0] < 'A' || line[0] > 'Z' {
		return false
	}
	for i := 1; i < len(line) && i <= 25; i++ {
		c := line[i]
		switch {
		case c == ':':
			return i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' || line[i+1] == '\r'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(".()/& -", c) >= 0:
		default:
			return false
		}
	}
	return false
}

// continuesProse reports whether a line goes on with the prose of the one
// before it: it starts with a letter, or with a sign that prose goes on
// with (a quote, a parenthesis), not with a dash or a digit, which start
// the items of a list.
func continuesProse(line string) bool {
	c := line[0]
	switch {
	case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= 0x80:
		return true
	case c == '"' || c == '\'' || c == '(' || c == '/' || c == '$' || c == '&':
		return true
	}
	return false
}

// Summary is what link previews and search engines show of a cable: the
// first sentences of its first numbered paragraph, without the paragraph's
// number and classification mark and without a "SUMMARY:" heading; in a
// cable without numbered paragraphs, of its first block of text that is
// not a heading line (routing, classification, E.O. 12958, TAGS, SUBJECT,
// REF). At most MaxSummary bytes, cut at a word; the subject when the
// text has no such sentence.
func Summary(text string, d *cabletext.Doc, subject string) string {
	return cabletext.Summary(text, d, subject, MaxSummary)
}

// MaxSummary is the most bytes of a summary.
const MaxSummary = 200

// SearchBlocks returns the text as the search index counts it: each
// block's anchor and text, blank ones left out. It is what the page shows
// and what render.CableText reads back from it.
func (t *Text) SearchBlocks() []search.Block {
	var out []search.Block
	for _, b := range t.Blocks {
		var s strings.Builder
		for _, seg := range b.Segments {
			for _, r := range seg.Runs {
				s.WriteString(r.Text)
			}
		}
		if text := s.String(); !search.Blank(text) {
			out = append(out, search.Block{Anchor: b.ID, Text: text})
		}
	}
	return out
}
