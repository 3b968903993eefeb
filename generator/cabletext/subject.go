package cabletext

import (
	"bytes"
	"html"
	"regexp"
	"strings"
)

// subjectLabel matches the label of a SUBJECT line at the start of a line,
// in any case, with its first letter lost ("UBJECT:"), or in capitals
// without its colon:
//
//	subject-line = [spaces] ("SUBJECT" | "UBJECT" | "SUBJ") [spaces] (":" | "-") value
//	             | [spaces] "SUBJECT" spaces value      (value not "TO ...")
var subjectLabel = regexp.MustCompile(`^[ \t]*(?:(?i:S?UBJECT|SUBJ)[ \t]*[:-]|SUBJECT[ \t]+(?:[^T \t]|T[^O]|TO[^ ]))`)

// midSubject finds a SUBJECT label that ran into the middle of a line, as in
// texts whose line breaks were lost ("... TAGS: PREL SUBJECT: ...",
// "Tags: prel, tu Subject: turkish p.m. ...").
var midSubject = regexp.MustCompile(`(?:SUBJECT|\b(?i:subject))[ \t]*:`)

// findSubject returns the cleaned subject of the text of a cable from
// origin (see cleanSubject), or "".
//
// The value of the SUBJECT line is joined with the lines that continue it
// (see continues); when the SUBJECT line holds nothing but its label, the
// subject is on the line after it. A line broken after a hyphen inside a
// word joins the next without a space ("COUNTER-" "TERRORISM").
func findSubject(text string, lines []line, origin string) string {
	for i, l := range lines {
		s := text[l.Start:l.End]
		if !strings.Contains(s, "UBJ") && !strings.Contains(s, "ubj") {
			continue // no regular expression on lines that cannot match
		}
		loc := subjectLabel.FindStringIndex(s)
		if loc == nil {
			continue
		}
		value := s[loc[1]:]
		if s[loc[1]-1] != ':' && s[loc[1]-1] != '-' {
			value = strings.TrimLeft(s[loc[0]:], " \t")[len("SUBJECT"):] // the bare label's value starts after it
		}
		if strings.TrimSpace(value) == "" && i+1 < len(lines) {
			next := text[lines[i+1].Start:lines[i+1].End]
			if isBlank(next) || startsField(next) {
				return ""
			}
			i++
			value = next
		}
		return cleanSubject(joinLines(value, subjectRest(text, lines, i)), origin)
	}
	if !strings.Contains(text, "UBJECT") && !strings.Contains(text, "ubject") {
		return ""
	}
	if loc := midSubject.FindStringIndex(text); loc != nil {
		rest := text[loc[1]:]
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[:i]
		}
		return cleanSubject(rest, origin)
	}
	return ""
}

// subjectRest returns the lines after line i of text, the SUBJECT line
// (or the line of its value), that continue the subject: at most three, while
// the line before fills the line width (40 characters or more) or the next
// is in capitals as subjects are (see goesOn), and the next does not start
// another field. In a header laid out double-spaced,
// the subject goes on after a blank line, in capitals as it began.
func subjectRest(text string, lines []line, i int) []string {
	var rest []string
	prev := strings.TrimSpace(text[lines[i].Start:lines[i].End])
	double := doubleSpaced(text, lines, i)
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		next := text[lines[j].Start:lines[j].End]
		if double && isBlank(next) && j+1 < len(lines) {
			j++
			next = text[lines[j].Start:lines[j].End]
			if strings.ToUpper(next) != next || strings.ToUpper(prev) != prev {
				break
			}
		}
		if len(prev) < 40 && !hyphenEnd(prev) && !goesOn(next) || isBlank(next) || startsField(next) {
			break
		}
		if pageBreak(next) {
			continue // the page ends inside the subject: it goes on after the next page's head
		}
		if m := nextPageHead.FindStringSubmatch(next); m != nil {
			next = m[1]
		}
		rest = append(rest, next)
		prev = strings.TrimSpace(next)
	}
	return rest
}

// goesOn reports whether line s, after a subject line too short to fill
// the line width, still continues it: a line in capitals ("SUBJECT:
// XXXXXXXXXXXX SOUNDS ALARM OVER" "UNPROTECTED RADIOACTIVE MATERIALS"),
// not the head of a page, a classification banner or a row of a
// spreadsheet.
func goesOn(s string) bool {
	t := strings.TrimSpace(s)
	if t == "" || strings.ToUpper(t) != t || letters(t) < 3 || t[0] < 'A' || t[0] > 'Z' {
		return false
	}
	for _, banner := range []string{"C O N F", "S E C R E T", "UNCLAS", "CONFIDENTIAL", "SECRET", "PAGE "} {
		if strings.HasPrefix(t, banner) {
			return false
		}
	}
	return !pageHead.MatchString(" "+t) && !labelLine.MatchString(t)
}

// labelLine matches a line that opens with a label: "DERIVED FROM:",
// "REASON:".
var labelLine = regexp.MustCompile(`^[A-Z][A-Z ./]{1,24}:`)

// nextPageHead matches a line that starts with the head of a telegram's
// next page with its number (pageNumber, pageHeadPattern), and the text
// after it: "PAGE 02 HARARE
// 06677 01 OF 03 291400Z OPPOSITION LEADER".
var nextPageHead = regexp.MustCompile(`^[ \t]*` + pageNumber + pageHeadPattern + `[ \t]*(.*)$`)

// pageBreak reports whether line s ends a telegram's page: its
// classification alone, as at the foot of each page.
func pageBreak(s string) bool {
	switch strings.TrimSpace(s) {
	case "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "LIMITED OFFICIAL USE":
		return true
	}
	return false
}

// joinLines joins the lines of a subject with a space, or with nothing
// after a line that ends in a hyphen inside a word.
func joinLines(first string, rest []string) string {
	out := strings.TrimRight(first, " \t\\")
	for _, r := range rest {
		r = strings.TrimSpace(r)
		if hyphenEnd(out) {
			out += strings.TrimRight(r, " \t\\")
		} else {
			out += " " + strings.TrimRight(r, " \t\\")
		}
	}
	return out
}

// hyphenEnd reports whether s ends with a hyphen right after a letter: a
// word broken at the line's end ("COUNTER-"), not a dash (" -").
func hyphenEnd(s string) bool {
	s = strings.TrimRight(s, " \t")
	n := len(s)
	if n < 2 || s[n-1] != '-' {
		return false
	}
	c := s[n-2]
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
}

// doubleSpaced reports whether the lines before line i of text, the
// SUBJECT line, are each followed by a blank line, as in cables whose
// header was laid out double-spaced (07LONDON4045 of the April 2011
// build: "TAGS …", "", "SUBJECT: … COHEN'S", "", "VISIT TO THE UK, …").
func doubleSpaced(text string, lines []line, i int) bool {
	if i < 4 {
		return false
	}
	blank := func(k int) bool { return isBlank(text[lines[k].Start:lines[k].End]) }
	return blank(i-1) && !blank(i-2) && blank(i-3) && !blank(i-4)
}

// fieldStart matches the start of a line that opens a new part of the cable
// rather than continuing the one before: a REF line, a classification
// statement, a numbered or marked paragraph, a summary.
var fieldStart = regexp.MustCompile(`^[ \t]*(?:(?i:REF|REFS|REFTEL|REF\(S\)|REFERENCES?)\b|(?i:CLASSIFIED BY)|(?i:BEGIN SUMMARY)|(?i:SUMMARY)[ \t]*:|\((?:U|C|S|SBU|S/NF|C/NF)\)|¶|[0-9]+\.[ \t(]|[A-Z]\.[ \t]|E\.O\.|TAGS\b|(?i:SENSITIVE BUT UNCLASSIFIED)|-{3,}|={3,})`)

func startsField(s string) bool { return fieldStart.MatchString(s) }

// classMark matches a classification mark at the start of a subject: (C),
// (SBU), (U), (S/NF), (C/REL ...).
var classMark = regexp.MustCompile(`^(?i)\((?:U|C|S|SBU|FOUO|LOU|TS|NF|U/FOUO|S/NF|C/NF|S//NF|C//NF|C/REL[^)]{0,20}|S/REL[^)]{0,20}|SBU/NF|U/SBU)\)[ \t]*`)

// runOn matches the start of text that ran on into a subject whose line
// breaks were lost. Most such texts start after a blank (afterBlank); a few
// run on from anything (glued: "BAHRAINREF:", "11-13REF:",
// "CAIROClassified By:", "...C O N F I D E N T I A L").
var runOn = regexp.MustCompile(`\s(?:` + strings.Join(afterBlank, "|") + `)|` + strings.Join(glued, "|"))

var afterBlank = []string{
	`(?i:CLASSIFIED BY)\s*:`, // the classification statement
	`(?i:REF|REFS|REFTELS?|REF\(S\)|REFERENCES?)\s*:`,
	`(?i:SENSITIVE BUT UNCLASSIFIED)\b`, // the handling note of SBU cables
	`(?i:THIS IS AN ACTION REQUEST)\b`,
	`TAGS\s*:`,
	`E\.O\.\s*[0-9]+\s*:`,
	`1\.\s*(?:\(|(?i:SUMMARY)\b)`, // the first paragraph: "1. (C)", "1.Summary"
	`/{3,}`,
	// A row of cables.csv: "46151 11/28/2005 7:02 05DUSHANBE1870".
	`[0-9]+\s+[0-9]{1,2}/[0-9]{1,2}/(?:19|20)[0-9]{2}\s+[0-9]{1,2}:[0-9]{2}\b`,
	// The first line of a page: "UNCLAS YEREVAN 000494".
	`(?:UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET)\s+(?:SECTION\s+[0-9]+\s+OF\s+[0-9]+\s+)?[A-Z][A-Z ]*\s[0-9]{6}`,
}

var glued = []string{`REF(?:S|TELS?)?:`, `(?:Classified By|CLASSIFIED BY)\s*:`, `C O N F I D E N T I A L`, `S E C R E T`}

// againLabel matches the SUBJECT label inside a subject: the line given
// twice, the second time in full.
var againLabel = regexp.MustCompile(`\sSUBJECT\s*:\s*`)

// pageHead matches the head of a cable's second page after its origin,
// which runs on into a subject with the page's text: "(TRIPOLI)
// 00000561 001.2 OF 002".
var pageHead = regexp.MustCompile(`\s[0-9]{6,8}\s+[0-9]{3}(?:\.[0-9]+)?\s+OF\s+[0-9]{3}\b`)

// cutRunOn returns subject s without the text of the cable that ran on into
// it (runOn, pageHead); origin is the origin of the cable's ID ("TRIPOLI"),
// which the head of a page starts with.
func cutRunOn(s, origin string) string {
	// The regular expressions take microseconds a subject: each runs only
	// on subjects that have what it needs (a word, six digits).
	if strings.Contains(s, "SUBJECT") {
		if loc := againLabel.FindStringIndex(s); loc != nil {
			if first, again := s[:loc[0]], s[loc[1]:]; strings.HasPrefix(again, first) {
				s = again
			} else {
				s = first
			}
		}
	}
	if mayRunOn(s) {
		if loc := runOn.FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
	}
	if digitRun(s) >= 6 {
		if loc := pageHead.FindStringIndex(s); loc != nil {
			s = dropOrigin(s[:loc[0]], origin)
		}
	}
	return strings.TrimSpace(s)
}

// runOnWords are, in lower case, words of which every text that runOn
// matches has one; those of colonWords only with a colon. A pattern added
// to runOn needs its word here.
var (
	runOnWords = [][]byte{[]byte("this is an action request"), []byte("1."), []byte("///"), []byte("/19"), []byte("/20"),
		[]byte("unclas"), []byte("confidential"), []byte("secret"), []byte("c o n f i d e n t i a l"), []byte("s e c r e t")}
	colonWords = [][]byte{[]byte("classified by"), []byte("ref"), []byte("tags"), []byte("e.o.")}
)

// mayRunOn reports whether s has one of runOnWords or colonWords, in any
// case.
func mayRunOn(s string) bool {
	var buf [256]byte
	if len(s) > len(buf) {
		return true
	}
	lower := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, w := range runOnWords {
		if bytes.Contains(lower, w) {
			return true
		}
	}
	if strings.IndexByte(s, ':') < 0 {
		return false
	}
	for _, w := range colonWords {
		if bytes.Contains(lower, w) {
			return true
		}
	}
	return false
}

// digitRun returns the length of the longest run of digits in s.
func digitRun(s string) int {
	longest, n := 0, 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
			longest = max(longest, n)
		} else {
			n = 0
		}
	}
	return longest
}

// dropOrigin removes from the end of s the last words of origin that it
// ends with: "BUENOS AIRES" or "AIRES" for "BUENOSAIRES", "RPO DUBAI" for
// "IRANRPODUBAI".
func dropOrigin(s, origin string) string {
	rest, tail := strings.TrimRight(s, " "), ""
	for origin != "" && rest != "" {
		i := strings.LastIndexByte(rest, ' ')
		tail = strings.ToUpper(rest[i+1:]) + tail
		if !strings.HasSuffix(origin, tail) {
			break
		}
		rest = rest[:max(i, 0)]
	}
	return rest
}

// idOrigin returns the origin that a cable's ID names: "TRIPOLI" for
// "09TRIPOLI561".
func idOrigin(id string) string {
	return strings.TrimRight(strings.TrimLeft(id, "0123456789"), "0123456789")
}

// cleanSubject folds the spaces of a subject, drops a classification mark
// before it, line-continuation backslashes and the text that ran on into it
// (cutRunOn), and decodes character references ("&#8217;", typed into the
// text of some cables); origin is that of the cable's ID.
func cleanSubject(s, origin string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s) // character references: "&#8217;"
	}
	words := strings.Fields(s)
	kept := words[:0]
	for _, w := range words {
		if w != `\` { // some cables end their lines with a backslash
			kept = append(kept, w)
		}
	}
	s = strings.Join(kept, " ")
	s = classMark.ReplaceAllString(s, "")
	if strings.Contains(s, `""`) {
		s = strings.ReplaceAll(s, `""`, `"`) // the doubled quotes of a spreadsheet's cell
	}
	s = cutRunOn(s, origin)
	if t := strings.TrimRight(s, ` ,"`); len(t) < len(s) && strings.Contains(s[len(t):], ",,") {
		s = t // quotes and commas of a spreadsheet's cells: `KUDOS ,,"" ,,""`
	}
	return s
}
