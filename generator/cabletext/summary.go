package cabletext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Summary returns what a link preview or a search engine should show of a
// cable: the first sentences of its first numbered paragraph, without the
// paragraph's number, its classification mark and a heading such as
// "SUMMARY:"; in a cable without numbered paragraphs, of its first block of
// prose, past the heading lines (routing, classification banners, E.O.
// 12958, TAGS, SUBJECT, REF, "Classified By"). It is at most max bytes, cut
// at a sentence or else at a word; it is subject when the text has no
// prose.
func Summary(text string, d *Doc, subject string, max int) string {
	for _, p := range d.Paragraphs {
		if d.Numbered > 0 && !isNumberLabel(p.Label) {
			continue
		}
		if s := prose(text[p.Start:p.End]); len(s) >= minSummary {
			return sentences(s, max)
		}
	}
	if d.Numbered == 0 {
		// The text before the first block, when it holds prose.
		first := len(text)
		if len(d.Paragraphs) > 0 {
			first = d.Paragraphs[0].Start
		}
		if s := prose(text[:first]); len(s) >= minSummary {
			return sentences(s, max)
		}
	}
	return Clip(subject, max)
}

// minSummary is the least prose a summary is made of: "1. (C) Summary:"
// followed by nothing is not a summary.
const minSummary = 40

func isNumberLabel(label string) bool { return label != "" && label[0] >= '0' && label[0] <= '9' }

// prose returns the prose of a block of text, its spaces folded: without
// heading lines, a paragraph's number, its classification mark and heading
// word; none when the paragraph says who classified the cable. It reads no
// more of the block than a summary needs.
func prose(block string) string {
	var b strings.Builder
	n := 0 // the bytes of the lines taken, and a space between each two
	for len(block) > 0 && n < 4*minSummary+400 {
		line, rest, _ := strings.Cut(block, "\n")
		block = rest
		line = strings.TrimSpace(line)
		if line == "" || isHeadingLine(line) {
			if b.Len() > 0 && line != "" {
				break // a heading after prose ends it
			}
			continue
		}
		if n > 0 {
			n++
		}
		n += len(line)
		appendFields(&b, line)
	}
	s := b.String()
	// Marks come doubled ("¶1. (C) 1. (C) The…") and in either order
	// ("(C) 1. In a visit…"): strip them until none is left.
	for {
		t := s
		if m := numberMark.FindStringIndex(t); m != nil {
			t = t[m[1]:]
		}
		if m := leadMark.FindStringIndex(t); m != nil {
			t = t[m[1]:]
		}
		if t == s {
			break
		}
		s = t
	}
	if isHeadingLine(s) {
		// The paragraph says who classified the cable, and why.
		return ""
	}
	return strings.TrimSpace(s)
}

// numberMark is the opening of a numbered paragraph: "1.", "¶2.", "3.(C)".
var numberMark = regexp.MustCompile(`^(?:¶\s*)?[0-9]{1,3}\.\s*`)

// leadMark is what opens the prose of a paragraph without being of it: a
// classification mark, and a heading such as "SUMMARY:" or "Summary and
// comment." (as many as there are).
var leadMark = regexp.MustCompile(`^(?:\((?:U|C|S|SBU|FOUO|LOU|TS|NF|U/FOUO|S/NF|C/NF|S//NF|C//NF|S/NF/REL[^)]{0,20}|C/REL[^)]{0,20}|S/REL[^)]{0,20}|SBU/NF|U/SBU|U//FOUO|S//REL[^)]{0,20}|C//REL[^)]{0,20})\)\s*|(?i:(?:executive\s+)?summary(?:\s+and\s+(?:comment|action\s+request|recommendation))?|introduction|background|comment|begin\s+summary)\s*(?:[:.\-]+|\s-+)\s*)+`)

// isHeadingLine reports whether a line of a cable is one of its heading
// lines rather than prose.
func isHeadingLine(line string) bool {
	for _, p := range headingPrefixes {
		if hasPrefixFold(line, p) {
			return true
		}
	}
	if len(line) <= 70 && !strings.ContainsFunc(line, unicode.IsLower) && !strings.Contains(line, ". ") {
		// Routing lines are short and in capitals.
		for _, p := range routingPrefixes {
			if strings.HasPrefix(line, p) {
				return true
			}
		}
	}
	return len(line) <= 80 && mayBeHeadingLine(line) && headingLine.MatchString(strings.ToUpper(line))
}

// mayBeHeadingLine reports whether headingLine may match line in capitals:
// each of its forms starts with a day's name, a digit or a rule's
// character, or ends with a digit. A line with bytes beyond ASCII, which
// ToUpper may change in other ways, may.
func mayBeHeadingLine(line string) bool {
	for i := 0; i < len(line); i++ {
		if line[i] >= utf8.RuneSelf {
			return true
		}
	}
	if line == "" {
		return false
	}
	if c := line[0]; '0' <= c && c <= '9' || strings.IndexByte("-=_*. ", c) >= 0 {
		return true
	}
	if last := strings.TrimRight(line, "\t\n\f\r "); last != "" && '0' <= last[len(last)-1] && last[len(last)-1] <= '9' {
		return true
	}
	for _, day := range weekdays {
		if hasPrefixFold(line, day) {
			return true
		}
	}
	return false
}

var weekdays = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}

// appendFields appends the words of s (as strings.Fields splits them) to
// b, one space before each but the first of b.
func appendFields(b *strings.Builder, s string) {
	for len(s) > 0 {
		i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
		if i < 0 {
			return
		}
		s = s[i:]
		j := strings.IndexFunc(s, unicode.IsSpace)
		if j < 0 {
			j = len(s)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[:j])
		s = s[j:]
	}
}

// hasPrefixFold reports whether s begins with prefix, an upper-case ASCII
// string, in any case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// headingPrefixes open the heading lines of a cable.
var headingPrefixes = []string{
	"E.O.", "EO ", "E. O.", "E.0.", "TAGS", "AGS:", "SUBJECT", "SUBJ:", "REF:", "REFS:", "REF ", "REFTEL", "CLASSIFIED BY",
	"CLASSIFIED  BY", "DERIVED FROM", "DECL:", "DECLASSIFY ON", "REASON:", "REASONS:", "SIPDIS", "NOFORN", "NOCONTRACT",
	"UNCLAS ", "UNCLASSIFIED", "C O N F I D E N T I A L", "S E C R E T", "U N C L A S", "LIMITED OFFICIAL USE",
	"FOR OFFICIAL USE ONLY", "SENSITIVE BUT UNCLASSIFIED", "EXDIS", "LIMDIS", "STADIS",
	"THIS RECORD IS A PARTIAL EXTRACT", "THE FULL TEXT OF THE ORIGINAL", "VZCZC",
}

// routingPrefixes open the routing lines of a cable, which are short and
// in capitals: a line of prose may open with the same words.
var routingPrefixes = []string{
	"FM ", "TO ", "INFO ", "FOR ", "PASS TO", "DEPT FOR", "DEPARTMENT FOR", "STATE FOR", "ACTION ", "PAGE ", "SECTION ",
	"CONFIDENTIAL", "SECRET", "SENSITIVE", "ZNR ", "ZNY ", "ZZH", "RR ", "OO ", "PP ", "DE RUE", "R ", "O ", "P ", "Z ",
	"HANDLE ", "CODEL", "ADDRESSEES", "A. ", "B. ", "C. ", "D. ",
}

// headingLine matches the other heading lines: a date line ("Tuesday, 03
// July 2001, 12:03"), a message number ("BEIJING 000326"), a date-time
// group, a line of dashes or other rules.
var headingLine = regexp.MustCompile(`^(?:(?:MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY),? |[A-Z .'-]+ 0*[0-9]+\s*$|[0-9]{6}Z|[A-Z]+ [0-9]{3,}(?: [0-9]+ OF [0-9]+)?$|[-=_*. ]+$)`)

// sentences returns the first sentences of s within max bytes, or s cut
// at a word when its first sentence is longer.
func sentences(s string, max int) string {
	if len(s) <= max {
		return s
	}
	end := 0
	for i := 0; i < len(s) && i < max; i++ {
		if (s[i] == '.' || s[i] == '?' || s[i] == '!') && (i+1 == len(s) || s[i+1] == ' ') && !abbreviation(s[:i]) {
			end = i + 1
		}
	}
	if end >= max/3 {
		return s[:end]
	}
	return Clip(s, max)
}

// abbreviation reports whether s ends with a word that a full stop after
// it marks as an abbreviation rather than the end of a sentence.
func abbreviation(s string) bool {
	i := strings.LastIndexAny(s, " (") + 1
	w := s[i:]
	switch {
	case len(w) == 1: // an initial: "J. Smith", "U.S" before its last stop
		return true
	case strings.Contains(w, "."): // "U.S", "E.O"
		return true
	}
	switch strings.ToUpper(w) {
	case "MR", "MRS", "MS", "DR", "AMB", "GEN", "SEN", "REP", "GOV", "PRES", "ST", "NO", "VS", "ETC", "INC", "CO", "LT", "COL", "MAJ", "CAPT", "ADM", "PROF", "SGT", "JAN", "FEB", "AUG", "SEPT", "OCT", "NOV", "DEC", "DEPT", "GOVT", "APPROX":
		return true
	}
	return false
}
