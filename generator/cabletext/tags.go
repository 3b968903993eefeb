package cabletext

import (
	"regexp"
	"strings"

	"cablesite/generator/tags"
)

// tagsLabel matches the label of a TAGS line at the start of a line, in
// any case, with or without its colon, and with its T lost:
//
//	tags-line = [spaces] ("TAGS" | "TAG" | "AGS") [spaces] [":"] spaces values
var tagsLabel = regexp.MustCompile(`^[ \t\x{a0}]*(?i:TAGS?|AGS)[ \t\x{a0}]*(:?)[ \t\x{a0}]*`)

// midTags finds a TAGS label that ran into the middle of a line when line
// breaks were lost ("E.O. 12958: DECL: 08/19/2018 TAGS: PREL ...",
// "DECL: 02/07/2016TAGS: PREL", "DECL: 08/22/2017 AGS: PGOV", "DECL:
// 03/20/2019 TAG PTER"): with its colon after a word's end (in capitals
// anywhere), or without it after the declassification date or N/A.
var midTags = regexp.MustCompile(`(?:TAGS|\b(?i:tags?)|\bAGS)[ \t\x{a0}]*(:)[ \t\x{a0}]*|(?i:DECL)[ \t]*:?[ \t]*[0-9/.-]+[ \t]+(?i:TAGS?)[ \t\x{a0}]+()|N/A[ \t]+(?i:TAGS?)[ \t\x{a0}]+()`)

// findTags returns the tags of the TAGS line and the links over them. The
// TAGS line is the first line that starts with a TAGS label or holds one
// (a label without its colon only in capitals, before a known code, or in
// the header's first lines). It goes
// on over the lines after it while it ends with a comma or a topic that
// the next line ends, and over the lines after it that hold nothing but codes ("TAGS: UNGA AORC PGOV CN
// GH\nSZ, SP, JA, TU, IS"); it stops at a blank line, a SUBJECT or REF
// line. Its values are read by tags.Parse.
func findTags(text string, lines []line) ([]string, []Link) {
	for i, l := range lines {
		s := text[l.Start:l.End]
		if !strings.Contains(s, "AG") && !strings.Contains(s, "ag") && !strings.Contains(s, "Ag") {
			continue // no regular expression on lines that cannot match
		}
		start, colon := tagsStart(s)
		if start < 0 {
			continue
		}
		end := tagsEnd(text, lines, i)
		base := l.Start + start
		found := tags.Parse(text[base:end])
		if len(found) == 0 || !colon && !tags.Known(found[0].Tag) && !strings.Contains(s[:start], "TAG") && i >= headerLines {
			continue
		}
		var codes []string
		var links []Link
		for _, f := range found {
			codes = append(codes, f.Tag)
			links = append(links, Link{Start: base + f.Start, End: base + f.End, Kind: LinkTag, Target: f.Tag, Written: f.Written})
		}
		return codes, links
	}
	return nil, nil
}

// headerLines is how far into a text a TAGS label in lower or mixed case,
// without its colon, is taken for one ("tAgs something"), with words that
// are no codes after it: the lines of a cable's header.
const headerLines = 30

// tagsStart returns where the values of the TAGS line s start, and whether
// its label has a colon; -1 when s has no TAGS label.
func tagsStart(s string) (int, bool) {
	if m := tagsLabel.FindStringSubmatchIndex(s); m != nil && (m[3] > m[2] || m[1] > m[0] && m[1] < len(s) && isLabelEnd(s, m)) {
		return m[1], m[3] > m[2]
	}
	if m := midTags.FindStringSubmatchIndex(s); m != nil {
		return m[1], m[3] > m[2]
	}
	return -1, false
}

// isLabelEnd reports whether the label that tagsLabel matched in s (m)
// ends where a word ends: "TAGS PREL", not "TAGSPREL" or "Tagalog".
func isLabelEnd(s string, m []int) bool {
	c := s[m[1]-1]
	return c == ' ' || c == '\t' || c == 0xa0
}

// tagsEnd returns where the TAGS line that is line i of text ends: at the
// end of the last line that continues it.
func tagsEnd(text string, lines []line, i int) int {
	end := lines[i].End
	for _, next := range lines[i+1 : min(i+4, len(lines))] {
		s := text[next.Start:next.End]
		prev := strings.TrimRight(text[lines[i].Start:end], " \t")
		if isBlank(s) || startsField(s) || subjectLabel.MatchString(s) {
			break
		}
		if !strings.HasSuffix(prev, ",") && !onlyCodes(s) && !topicGoesOn(prev, s) {
			break
		}
		end = next.End
	}
	return end
}

// topicGoesOn reports whether the last word of line prev and the first of
// line next make a known topic ("COUNTRY" "CLEARANCE").
func topicGoesOn(prev, next string) bool {
	p, n := strings.Fields(prev), strings.Fields(next)
	return len(p) > 0 && len(n) > 0 && tags.IsTopic(strings.ToUpper(p[len(p)-1]+" "+n[0]))
}

// onlyCodes reports whether a line holds codes and nothing else, up to a
// SUBJECT label that ran into it: words
// written in capitals that have the form of a code (two to six letters or
// a known organisation), at least half of them known or clearly
// misspelt.
func onlyCodes(s string) bool {
	if i := strings.Index(s, "SUBJECT"); i > 0 {
		s = s[:i] // "ECON, PHUM, UK SUBJECT: ...", when the line break was lost
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == ';' || r == 0xa0 })
	if len(words) == 0 {
		return false
	}
	known := 0
	for _, w := range words {
		w = strings.Trim(w, ".")
		if strings.ToUpper(w) != w || len(w) < 2 || len(w) > 6 && !tags.Known(w) {
			return false
		}
		if _, ok := tags.Correct(w); ok || tags.Known(w) {
			known++
		}
	}
	return 2*known >= len(words)
}
