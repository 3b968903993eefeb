// Package cabletext reads what the text of a cable says about itself: its
// subject, its TAGS, the cables it cites on its REF line, its numbered
// paragraphs and its signer.
//
// Analyze takes a cable.Cable (metadata, header and text, as a reader in
// package source produced it) and returns a Doc. A Doc points into the text
// with byte offsets rather than copying it, so that a renderer can lay the
// text out line by line and link the tags, references and paragraphs where
// they stand.
package cabletext

import (
	"strings"
	"sync"
	"unicode/utf8"

	"cablesite/generator/cable"
)

// Doc is what Analyze finds in the text of a cable. Subject and Tags are
// strings of their own, which may outlive the text; Reference.Text points
// into the text.
type Doc struct {
	Subject        string
	Tags           []string    // normalised, without duplicates, in order of appearance
	References     []Reference // citations found on the REF line, in order
	Paragraphs     []Paragraph // anchored blocks of the text, in order
	Numbered       int         // paragraphs numbered 1., 2., ... (lettered ones not counted)
	Signer         string
	PartialExtract bool
	// Links are the spans of the text that name a tag or a cited cable, in
	// order and without overlap.
	Links []Link
}

// Paragraph is a block of the text with an anchor: a numbered or lettered
// paragraph (anchor "par1", "parB", as on the original site), or, in a cable
// without numbered paragraphs, a block between blank lines (anchor "t1").
// It spans Text[Start:End].
type Paragraph struct {
	ID         string // anchor id, unique in the cable
	Label      string // "1", "B"; "" for a text block
	Start, End int
}

// LinkKind says what a Link points at.
type LinkKind uint8

// The kinds of link in a cable's text.
const (
	LinkTag   LinkKind = iota + 1 // Target is a tag
	LinkCable                     // Target is a reference ID
)

// Link is a span Text[Start:End] that names something with a page.
type Link struct {
	Start, End int
	Kind       LinkKind
	Target     string
	// Written is, for a tag read otherwise than it is written (a misspelt
	// or glued code, a name in another form), what the text has; "" for
	// the rest.
	Written string
}

// Reference is one citation of the REF line: a cable, with the reference ID
// it resolves to, or something else (a telcon, an e-mail, a report), with
// an empty ID. Text is the citation as written.
type Reference struct {
	ID   string
	Text string
	// YearBefore says that the citation gave no year and cites the citing
	// post with a higher number than the citing cable's own: its year is
	// the one before the citing cable's (see sameYear).
	YearBefore bool
}

// IDs returns the resolved reference IDs of d, without duplicates.
func (d *Doc) IDs() []string {
	var ids []string
	seen := map[string]bool{}
	for _, r := range d.References {
		if r.ID != "" && !seen[r.ID] {
			seen[r.ID] = true
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// MaxSubject is the most bytes of a subject kept: a subject is shown in
// every list of cables that holds its cable, and no subject of the archive
// is longer than a few hundred bytes (09BAKU478's, 222), so what goes on
// past this is text that a missing line break ran into the SUBJECT line.
const MaxSubject = 1000

// Clip cuts s to at most n bytes, at a word when there is one in its second
// half, and ends it with "…" when it cut.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	for len(cut) > 0 && !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// partialNote is the sentence the archive puts in front of cables of which
// only an extract survives.
const partialNote = "This record is a partial extract of the original cable"

// Analyze reads the text of c.
func Analyze(c *cable.Cable) *Doc { return analyzeText(c, true) }

// AnalyzeLayout is Analyze without the subject (Doc.Subject is left
// empty): what laying out the text of a cable needs, when its subject is
// known already.
func AnalyzeLayout(c *cable.Cable) *Doc { return analyzeText(c, false) }

func analyzeText(c *cable.Cable, subject bool) *Doc {
	d := &Doc{}
	lp := linePool.Get().(*[]line)
	defer linePool.Put(lp)
	lines := splitLines((*lp)[:0], c.Text)
	*lp = lines
	d.PartialExtract = strings.Contains(c.Header, partialNote) || strings.Contains(c.Text, partialNote)
	if subject {
		origin := idOrigin(c.ID)
		d.Subject = findSubject(c.Text, lines, origin)
		if d.Subject == "" {
			d.Subject = cleanSubject(c.GivenSubject, origin)
		}
		d.Subject = strings.Clone(Clip(d.Subject, MaxSubject))
	}
	var tagLinks []Link
	d.Tags, tagLinks = findTags(c.Text, lines)
	for i, t := range d.Tags {
		d.Tags[i] = strings.Clone(t)
	}
	d.Paragraphs, d.Numbered = findParagraphs(c.Text, lines)
	refs, refLinks := findReferences(c.Text, lines, c.ID, c.Created, d.Paragraphs)
	d.References = refs
	for _, id := range c.CSVReferences {
		if !containsRef(d.References, id) {
			d.References = append(d.References, Reference{ID: id, Text: id})
		}
	}
	d.Links = mergeLinks(tagLinks, refLinks)
	d.Signer = findSigner(c.Text, lines)
	return d
}

func containsRef(refs []Reference, id string) bool {
	for _, r := range refs {
		if r.ID == id {
			return true
		}
	}
	return false
}

// mergeLinks merges two ordered lists of links, dropping any that overlaps
// one already taken.
func mergeLinks(a, b []Link) []Link {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]Link, 0, len(a)+len(b))
	i, j, end := 0, 0, 0
	for i < len(a) || j < len(b) {
		var l Link
		if j >= len(b) || (i < len(a) && a[i].Start <= b[j].Start) {
			l, i = a[i], i+1
		} else {
			l, j = b[j], j+1
		}
		if l.Start >= end {
			out = append(out, l)
			end = l.End
		}
	}
	return out
}

// line is one line of a text: Text[Start:End], without its newline.
type line struct{ Start, End int }

// linePool holds the slices that splitLines fills.
var linePool = sync.Pool{New: func() any { return new([]line) }}

// splitLines appends the lines of s to lines.
func splitLines(lines []line, s string) []line {
	start := 0
	for {
		i := strings.IndexByte(s[start:], '\n')
		if i < 0 {
			lines = append(lines, line{start, len(s)})
			return lines
		}
		lines = append(lines, line{start, start + i})
		start += i + 1
	}
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}
