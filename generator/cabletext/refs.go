package cabletext

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"cablesite/generator/cable"
)

// originAliases maps names that cables use for an office to the origin part
// of its reference IDs.
var originAliases = map[string]string{
	"SECSTATE":       "STATE",
	"RIO":            "RIODEJANEIRO",
	"CASA":           "CASABLANCA",
	"HK":             "HONGKONG",
	"HCMC":           "HOCHIMINHCITY",
	"SECSTATEWASHDC": "STATE",
	"DEPT":           "STATE",
	"DEPARTMENT":     "STATE",
	"USUN":           "USUNNEWYORK",
	"USUNNY":         "USUNNEWYORK",
	"USEU":           "USEUBRUSSELS",
	"UNVIE":          "UNVIEVIENNA",
	"NATO":           "USNATO",
	"AIT":            "AITTAIPEI",
	"HOCHIMINH":      "HOCHIMINHCITY",
}

// ResolveOrigin returns the origin part of a reference ID for the name that
// a citation gives ("BEIJING", "SECSTATE", "USUN NEW YORK", "RIO DE JAN"), or
// "" when the name is no known origin. A name is looked up without its
// spaces, dots, hyphens and apostrophes ("PORT-AU-PRINCE", "N'DJAMENA"),
// and without "CITY" after a capital ("MEXICO CITY"), then among the aliases, then as the unique prefix (five letters
// or more) of a known origin, then as the misspelling of one (see
// misspeltOrigin).
func ResolveOrigin(name string) string {
	key := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '\t', '\n', '\r', '-', '\'', '’':
			return -1
		}
		return r
	}, strings.ToUpper(name))
	if key == "" {
		return ""
	}
	if cable.KnownOrigin(key) {
		return key
	}
	if city, ok := strings.CutSuffix(key, "CITY"); ok && cable.KnownOrigin(city) {
		return city // "MEXICO CITY", "KUWAIT CITY"
	}
	if a, ok := originAliases[key]; ok {
		return a
	}
	if len(key) < 5 {
		return ""
	}
	found := ""
	for _, o := range cable.Origins() {
		if strings.HasPrefix(o, key) {
			if found != "" {
				return ""
			}
			found = o
		}
	}
	if found == "" {
		found = misspeltOrigin(key)
	}
	return found
}

// misspeltOrigin returns the one known origin that key misspells by a
// letter dropped, added (doubled) or two neighbours swapped ("ISLAMABD",
// "PARSI", "MOSOCW"), or "" when none is that close, or two are.
func misspeltOrigin(key string) string {
	byLength := originsByLength()
	if len(key)+2 > len(byLength) {
		return ""
	}
	found := ""
	for _, o := range byLength[len(key)-1 : len(key)+2] {
		for _, c := range o {
			if e := cable.OneEdit(key, c); e == cable.NoEdit || e == cable.Changed {
				continue
			}
			if a, ok := originAliases[c]; ok {
				c = a // "SECTATE": SECSTATE, which is STATE
			}
			if found != "" && found != c {
				return ""
			}
			found = c
		}
	}
	return found
}

// originsByLength returns the known origins and their aliases by their
// length: [n] holds
// those of n letters. It has room for one more than the longest.
var originsByLength = sync.OnceValue(func() [][]string {
	out := make([][]string, 2)
	names := slices.Concat(cable.Origins(), slices.Sorted(maps.Keys(originAliases)))
	for _, o := range names {
		for len(out) <= len(o)+1 {
			out = append(out, nil)
		}
		out[len(o)] = append(out[len(o)], o)
	}
	return out
})

// refLabel matches the label that opens a REF block at the start of a line:
//
//	ref-line = [blanks] label [blanks] [A-Z] [blanks] (":" | ".") rest
//	         | [blanks] label blanks rest      (no colon: "REF A. STATE 123", "REFTEL LIMA 123")
//	label    = "REF" | "REFS" | "REF(S)" | "REFTEL" | "REFTELS" | "REFERENCE" | "REFERENCES", in any case
var refLabel = regexp.MustCompile(`^[ \t]*(?:(?i:REFS?|REF\(S\)|REFTELS?|REFERENCES?)[ \t]*(?:[A-Z][ \t]*)?[:.]|(?:REFS?|REF\(S\)|REFTELS?|Ref\(s\)|Reftels?)[ \t]+[A-Z0-9(\[])`)

// midRef finds a REF label that ran into the middle of a line (after a
// SUBJECT, when line breaks were lost), also glued to the subject's last
// word ("VISIT TO BAHRAINREF: MANAMA 510").
var midRef = regexp.MustCompile(`(?:REF(?:S|TELS?|\(S\))?|\b(?:Refs?|Ref\(s\)|Reftels?))[ \t]*:`)

// refEnd matches a line that closes the REF block: a new field or a
// paragraph.
var refEnd = regexp.MustCompile(`^[ \t]*(?:(?i:CLASSIFIED BY)|(?i:SUBJECT)|(?i:SUMMARY)|(?i:BEGIN SUMMARY)|\((?:U|C|S|SBU|S/NF|C/NF)\)|[0-9]+\.[ \t(]|TAGS\b|E\.O\.)`)

// midRefEnd finds, inside a REF block whose line breaks were lost, where
// the fields after it start: the classification statement, a note on
// handling, a numbered paragraph, a summary.
var midRefEnd = regexp.MustCompile(`(?i:classified\s+by)|(?i:sensitive but unclassified)|(?:^|\s)1\.\s*\((?:U|C|S|SBU|S/NF|C/NF)\)|(?:^|\s)(?:1\.\s*)?(?i:summary)\s*[:.]|(?:^|\s)[1-9]\.\s+(?:[A-Z][a-z]+|Per)\s`)

// findMidRefEnd returns midRefEnd.FindStringIndex(s), looking first for
// what each of its forms holds: "classified", "sensitive", "summary" in
// any case, or a digit and a period. Bytes beyond ASCII, which may fold to
// letters of those words, send s to the expression.
func findMidRefEnd(s string) []int {
	may := false
	for i := 0; i < len(s) && !may; i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			may = true
		case '1' <= c && c <= '9':
			may = i+1 < len(s) && s[i+1] == '.'
		case c == 'c' || c == 'C':
			may = hasPrefixFold(s[i:], "CLASSIFIED")
		case c == 's' || c == 'S':
			may = hasPrefixFold(s[i:], "SENSITIVE") || hasPrefixFold(s[i:], "SUMMARY")
		}
	}
	if !may {
		return nil
	}
	return midRefEnd.FindStringIndex(s)
}

// findReferences reads the REF block of the text: it starts at a REF label
// before the first numbered paragraph, and runs on over the lines that
// follow until a blank line that no further list item follows, a line that
// opens another field, or 30 lines.
func findReferences(text string, lines []line, self string, created cable.Time, paras []Paragraph) ([]Reference, []Link) {
	limit := len(text)
	for _, p := range paras {
		if p.Label != "" && p.Label[0] >= '0' && p.Label[0] <= '9' {
			limit = p.Start
			break
		}
	}
	start, first := -1, -1
	for i, l := range lines {
		if l.Start >= limit {
			break
		}
		s := text[l.Start:l.End]
		if !strings.Contains(s, "REF") && !strings.Contains(s, "Ref") {
			continue // no regular expression on lines that cannot match
		}
		if loc := refLabel.FindStringIndex(s); loc != nil {
			if c := s[loc[1]-1]; c != ':' && c != '.' {
				loc[1]-- // the label without a colon ends before the citation's first letter
			}
			start, first = l.Start+loc[1], i
			break
		}
		if loc := midRef.FindStringIndex(s); loc != nil {
			start, first = l.Start+loc[1], i
			break
		}
	}
	if start < 0 {
		return nil, nil
	}
	end := lines[first].End
	label := lastLabel(text[start:end])
	for i := first + 1; i < len(lines) && i <= first+30; i++ {
		s := text[lines[i].Start:lines[i].End]
		if next := lastLabel(s); label != 0 && next == label+1 && startLabel(s) != 0 {
			// "(C) BEIJING 123" after "(B) ...": the next item, not a
			// paragraph marked confidential.
			label, end = next, lines[i].End
			continue
		} else if next != 0 {
			label = next
		}
		if isBlank(s) {
			k := i + 1
			for k < len(lines) && isBlank(text[lines[k].Start:lines[k].End]) {
				k++
			}
			if k < len(lines) && k <= first+30 && (nextItem(text[lines[k].Start:lines[k].End], label) || itemGoesOn(text[lines[i-1].Start:lines[i-1].End], text[lines[k].Start:lines[k].End])) {
				i = k - 1
				continue
			}
			break
		}
		if refEnd.MatchString(s) {
			break
		}
		end = lines[i].End
	}
	if loc := findMidRefEnd(text[start:end]); loc != nil {
		end = start + loc[0] // the line breaks were lost: the block ends where the next field starts
	}
	year := ""
	if !created.IsZero() {
		year = strconv.Itoa(created.Year() % 100)
		if len(year) == 1 {
			year = "0" + year
		}
	}
	text = withoutPageHeads(text, start, end)
	refs, links := citations(text, start, end, self, year)
	return withNotes(text, start, end, refs, links), links
}

// pageHeadPattern is the head of a telegram's next page, which the text
// repeats where a page ended, after its page number if any ("PAGE 02"):
// "LIMA 00000123 002 OF 004", "TRIPOLI 00000561 001.2 OF 002", "ROME 01196
// 01 OF 02 082030Z".
const pageHeadPattern = `[A-Z]{2,}(?:[ \t][A-Z]{2,}){0,3}[ \t]+[0-9]{5,8}[ \t]+(?:[0-9]{3}(?:\.[0-9]+)?[ \t]+OF[ \t]+[0-9]{3}|[0-9]{2}[ \t]+OF[ \t]+[0-9]{2}(?:[ \t]+[0-9]{6}Z)?)`

// pageNumber is the page number before a page's head: "PAGE 02".
const pageNumber = `PAGE[ \t]+[0-9]{2,3}[ \t]+`

// refPageHead finds the page heads inside a REF block.
var refPageHead = regexp.MustCompile(`(?:` + pageNumber + `)?` + pageHeadPattern)

// withoutPageHeads returns text with the page heads inside text[start:end]
// blanked out, so that they are read as neither citation nor note.
func withoutPageHeads(text string, start, end int) string {
	if !strings.Contains(text[start:end], " OF ") {
		return text
	}
	found := refPageHead.FindAllStringIndex(text[start:end], -1)
	if found == nil {
		return text
	}
	b := []byte(text)
	for _, m := range found {
		for k := start + m[0]; k < start+m[1]; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
	}
	return string(b)
}

// nextItem reports whether line s, after a blank line, starts the next
// item of a REF block whose last label is label (0 when none): "B. STATE
// 123" after A, not "I. Key objectives" after F.
func nextItem(s string, label byte) bool {
	c := startLabel(s)
	return c != 0 && (label == 0 || c == label || c == label+1)
}

// itemGoesOn reports whether a REF line (prev) whose item the line after a
// blank one (next) completes: prev ends with a label ("D)", then "Taipei
// 03196"), a comma, or an origin whose number or the rest of whose name is
// next ("E)PARIS", then "3967"; "C) RIO", then "DE JANEIRO 1291").
func itemGoesOn(prev, next string) bool {
	p, t := strings.TrimRight(prev, " \t\\"), strings.TrimSpace(next)
	if p == "" || t == "" {
		return false
	}
	if strings.HasSuffix(p, ",") || endsWithLabel(p) {
		return true
	}
	i := strings.LastIndexFunc(p, func(r rune) bool { return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z') })
	return ResolveOrigin(p[i+1:]) != "" && (t[0] >= '0' && t[0] <= '9' || isLetter(t[0]))
}

// labelOf returns the letter of the list mark that s starts with ("(B)",
// "B)", "B.": see listMark), or 0.
func labelOf(s string) byte {
	if n := listMark(s); n > 0 && s[n-2] >= 'A' && s[n-2] <= 'Z' {
		return s[n-2]
	}
	return 0
}

// startLabel returns the letter of the label that line s starts with,
// after its blanks, a dash or a ¶ ("-      (B) State 240035"), or 0.
func startLabel(s string) byte { return labelOf(strings.TrimLeft(s, " \t-¶")) }

// lastLabel returns the letter of the last item label of s (see
// itemMarks), or 0.
func lastLabel(s string) byte {
	marks := itemMarks(s)
	for i := len(marks) - 1; i >= 0; i-- {
		if c := labelOf(strings.TrimLeft(s[marks[i][0]:marks[i][1]], markLead)); c != 0 {
			return c
		}
	}
	return 0
}

// endsWithLabel reports whether s ends with an item's label, "D)" or
// "213042,C)", with nothing after it; a mark in parentheses is more
// likely a classification ("STATE 6668 (U)").
func endsWithLabel(s string) bool {
	marks := itemMarks(s)
	if len(marks) == 0 || marks[len(marks)-1][1] != len(s) {
		return false
	}
	m := strings.TrimLeft(s[marks[len(marks)-1][0]:], markLead)
	return m[0] != '(' && labelOf(m) != 0
}

// markLead is what itemMarks counts into a mark before it: the blank,
// comma or colon where a word could start.
const markLead = " \t\n\r\f,:"

// itemMarks returns the spans of block that separate the items of a REF
// line: a semicolon, or a list mark (A. B) (C) 1.) where a word could start,
// with the space, comma or colon before it. Lettered marks go in sequence:
// after B, a mark is C, or B again right after it ("B. B)"), so that the initial of a name
// ("Jaskel - F. Evans") separates nothing.
func itemMarks(block string) [][2]int {
	var out [][2]int
	var last byte // the letter of the last lettered mark, or 0
	lastEnd := -1 // where it ends
	mark := func(at int) int {
		n := listMark(block[at:])
		if n == 0 {
			return 0
		}
		c := block[at+n-2]
		if c >= 'A' && c <= 'Z' {
			again := c == last && strings.TrimSpace(block[lastEnd:at]) == "" // "B. B)"
			if last != 0 && c != last+1 && !again {
				return 0
			}
			last, lastEnd = c, at+n
		}
		return n
	}
	for i := 0; i < len(block); {
		switch c := block[i]; {
		case c == ';':
			out = append(out, [2]int{i, i + 1})
			i++
			continue
		case i == 0 && listMark(block) > 0:
			if n := mark(0); n > 0 {
				out = append(out, [2]int{0, n})
				i = n
				continue
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == ',' || c == ':':
			if n := mark(i + 1); n > 0 {
				out = append(out, [2]int{i, i + 1 + n})
				i += 1 + n
				continue
			}
		}
		i++
	}
	return out
}

// listMark returns the length of the list mark that s starts with ("(A)",
// "A)", "A.", "1."), or 0.
func listMark(s string) int {
	mark := func(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '1' && c <= '9' }
	switch {
	case len(s) >= 3 && s[0] == '(' && mark(s[1]) && s[2] == ')':
		return 3
	case len(s) >= 2 && mark(s[0]) && (s[1] == ')' || s[1] == '.') && !(s[1] == '.' && len(s) > 2 && isLetter(s[2])):
		return 2 // but not the first letter of an abbreviation: "U.S."
	}
	return 0
}

// withNotes adds to the cited cables the items of the REF block
// text[start:end] that cite no cable (a telcon, a report), as text, all in
// the order they are written.
func withNotes(text string, start, end int, refs []Reference, links []Link) []Reference {
	type item struct {
		pos int
		ref Reference
	}
	var items []item
	k := 0
	for _, l := range links {
		// links and refs are in the same order; refs hold each ID once.
		if k < len(refs) && refs[k].ID == l.Target {
			items = append(items, item{l.Start, refs[k]})
			k++
		}
	}
	block := text[start:end]
	marks := itemMarks(block)
	bounds := []int{0}
	for _, m := range marks {
		bounds = append(bounds, m[0], m[1])
	}
	bounds = append(bounds, len(block))
	for i := 0; i+1 < len(bounds); i += 2 {
		a, b := start+bounds[i], start+bounds[i+1]
		if a >= b {
			continue
		}
		cites := false
		for _, l := range links {
			if l.Start < b && l.End > a {
				cites = true
				break
			}
		}
		note := strings.Trim(strings.Join(strings.Fields(text[a:b]), " "), " ,.:;-\\")
		for strings.HasSuffix(note, ")") && strings.Count(note, ")") > strings.Count(note, "(") {
			note = strings.TrimRight(strings.TrimSuffix(note, ")"), " ,.:;-")
		}
		for strings.HasPrefix(note, "(") && strings.Count(note, "(") > strings.Count(note, ")") {
			note = strings.TrimLeft(strings.TrimPrefix(note, "("), " ,.:;-")
		}
		if cites || letters(note) < 3 || strings.EqualFold(note, "and") {
			continue // no note: a stray connector ("C) STATE 15111; and D)")
		}
		if len(strings.Fields(note)) > 25 {
			break // prose: the block ran on into the text
		}
		items = append(items, item{a, Reference{Text: note}})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].pos < items[j].pos })
	out := make([]Reference, len(items))
	for i, it := range items {
		out[i] = it.ref
	}
	return out
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			n++
		}
	}
	return n
}

// token is a word, a number or a punctuation mark of a REF block.
type token struct {
	start, end int
	kind       byte // 'w' word, 'n' number, 'p' punctuation
	space      bool // white space stands before it
}

func tokenize(text string, start, end int) []token {
	var toks []token
	space := true
	for i := start; i < end; {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			space = true
			i++
			continue
		case c == '#' && i+1 < end && text[i+1] >= '0' && text[i+1] <= '9':
			i++ // "BAGHDAD #3565": the number sign is no part of the citation
			continue
		case c >= '0' && c <= '9':
			j := i
			for j < end && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			toks = append(toks, token{i, j, 'n', space})
			i = j
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			j := i
			for j < end && (isLetter(text[j]) || inWord(text[j]) && j+1 < end && isLetter(text[j+1])) {
				j++
			}
			if w := text[i:j]; (w == "ST" || w == "St") && j+2 < end && text[j] == '.' && text[j+1] == ' ' && isLetter(text[j+2]) {
				j++ // "ST. PETERSBURG": the abbreviation is part of the name
			}
			toks = append(toks, token{i, j, 'w', space})
			i = j
		default:
			j := i + 1
			for j < end && text[j] >= 0x80 && text[j] < 0xC0 {
				j++ // the rest of a UTF-8 sequence
			}
			toks = append(toks, token{i, j, 'p', space})
			i = j
		}
		space = false
	}
	return toks
}

// citations finds the cited cables in text[start:end]:
//
//	citation = [year] origin-words number [ "(" yy ")" ]
//
// where year is two digits, or four ("2007 LIMA 123"), before the origin,
// or two in parentheses after the number ("LIMA 123 (07)"); origin-words
// are one to five upper-case words that name a known origin, and number is
// the cable's serial number (its leading zeros dropped). The three may be
// glued together ("09BEIJING2", "2007LIMA123"). A citation without a year
// takes the citing cable's (see citedYear). A number that follows a
// citation after "AND" or a comma is another cable of its origin and year
// ("STATE 123 AND 456"); any other number that follows no origin is not a
// cable and is kept as text with the words before it.
func citations(text string, start, end int, self, year string) ([]Reference, []Link) {
	toks := tokenize(text, start, end)
	var refs []Reference
	var links []Link
	seen := map[string]bool{}
	lastEnd := start // where the last citation ended: citations do not overlap
	lastOrigin, lastYear := "", ""
	for i, t := range toks {
		if t.kind != 'n' || i == 0 || t.end-t.start > 7 || !numberStands(text, toks, i) {
			continue
		}
		origin, from := citedOrigin(text, toks, i, lastEnd)
		givenYear := ""
		if origin == "" && !t.space && text[toks[i-1].start:toks[i-1].end] == "O" && toks[i-1].space {
			origin, from = citedOrigin(text, toks, i-1, lastEnd) // "LAGOS O1512": a letter O for a zero
		}
		if origin == "" {
			if o, f, yy := parenYear(text, toks, i, lastEnd); o != "" {
				origin, from, givenYear = o, f, yy // "STATE (01) 201265"
			}
		}
		if origin == "" && lastOrigin != "" && followsCitation(text, toks, i, lastEnd) {
			// "STATE 123 AND 456", "STATE 123, 456": the origin and year
			// of the citation before.
			origin, from, givenYear = lastOrigin, i, lastYear
		}
		if origin == "" && lastOrigin != "" && bareItem(text, toks, i, lastEnd) {
			// "B. 2962" after "A. MANILA 2969": the origin before. A
			// first item with no origin ("A. (A) 44297") names none: the
			// citing post's own is a guess, often wrong.
			origin, from = lastOrigin, i
		}
		if origin == "" {
			continue
		}
		yy, from, stop := citedYear(text, toks, i, from, lastEnd)
		if yy == "" {
			yy = givenYear
		}
		lastOrigin, lastYear = origin, yy
		num := strings.TrimLeft(text[t.start:t.end], "0")
		before := false
		if yy == "" {
			yy, before = sameYear(year, self, origin, num)
		}
		if yy == "" || num == "" {
			continue
		}
		id := yy + origin + num
		if id == self || cable.ValidateID(id) != nil {
			continue
		}
		if !seen[id] {
			seen[id] = true
			refs = append(refs, Reference{ID: id, Text: text[toks[from].start:stop], YearBefore: before})
		}
		links = append(links, Link{Start: toks[from].start, End: stop, Kind: LinkCable, Target: id})
		lastEnd = stop
	}
	return refs, links
}

// parenYear returns the origin, the first token and the year of a
// citation that gives its year in parentheses between origin and number
// ("STATE (01) 201265"), when toks[i] is such a number.
func parenYear(text string, toks []token, i, lastEnd int) (string, int, string) {
	if i < 4 || toks[i-1].kind != 'p' || text[toks[i-1].start] != ')' || toks[i-2].kind != 'n' || digits(toks[i-2]) != 2 || toks[i-3].kind != 'p' || text[toks[i-3].start] != '(' {
		return "", 0, ""
	}
	origin, from := citedOrigin(text, toks, i-3, lastEnd)
	return origin, from, text[toks[i-2].start:toks[i-2].end]
}

// bareItem reports whether the number toks[i] is an item of a REF list by
// itself: only list labels stand between it and the citation before, and
// a label, a separator, "AND" or the end after it ("¶B. 2962 AND
// PREVIOUS"). A year (1990, 2008) is none.
func bareItem(text string, toks []token, i, lastEnd int) bool {
	if d := text[toks[i].start:toks[i].end]; len(d) == 4 && (d[:2] == "19" || d[:2] == "20") {
		return false
	}
	labels := 0
	for k := i - 1; k >= 0 && toks[k].start >= lastEnd; k-- {
		w := text[toks[k].start:toks[k].end]
		switch {
		case toks[k].kind == 'w' && len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z':
			labels++
		case toks[k].kind == 'p' && strings.Contains(".)(¶-:", w):
		default:
			return false
		}
	}
	if labels == 0 {
		return false
	}
	if i+1 == len(toks) {
		return true
	}
	next := text[toks[i+1].start:toks[i+1].end]
	switch {
	case next == "," || next == ";" || next == "(" || strings.EqualFold(next, "AND"):
		return true
	case toks[i+1].kind == 'w' && len(next) == 1 && i+2 < len(toks) && strings.Contains(".)", text[toks[i+2].start:toks[i+2].end]):
		return true // the next label: "B)"
	}
	return false
}

// followsCitation reports whether number toks[i] follows the citation
// that ended at lastEnd with nothing but a comma, an ampersand, "and" or a
// slash between them, and no word after it: a further number of the same
// origin.
func followsCitation(text string, toks []token, i, lastEnd int) bool {
	n := 0
	for k := i - 1; k >= 0 && toks[k].start >= lastEnd; k-- {
		switch w := text[toks[k].start:toks[k].end]; w {
		case ",", "&", "AND", "and", "And", "/":
			n++
		default:
			return false
		}
	}
	if n == 0 || n > 2 {
		return false
	}
	// Not the year of the next citation: "STATE 123, 09 STATE 456".
	d := text[toks[i].start:toks[i].end]
	yearLike := len(d) == 2 || len(d) == 4 && (d[:2] == "19" || d[:2] == "20")
	return !(yearLike && i+1 < len(toks) && toks[i+1].kind == 'w' && toks[i+1].space && toks[i+1].end-toks[i+1].start > 1)
}

// numberStands reports whether the number toks[i] may be a cable's serial
// number: after a space, or glued to the origin before it ("BEIJING2"), and
// not followed by letters ("3400A"), a dash or a slash, nor after a slash
// (a date, a range), nor cut short by an ellipsis.
func numberStands(text string, toks []token, i int) bool {
	t := toks[i]
	if !t.space && toks[i-1].kind != 'w' && !inSerials(text, toks, i) {
		return false
	}
	if i+1 < len(toks) && !toks[i+1].space && toks[i+1].kind != 'p' {
		return false
	}
	if i+1 < len(toks) && !toks[i+1].space && (text[toks[i+1].start] == '-' || text[toks[i+1].start] == '/') {
		// A date ("12/24/08"), a range; but a year after the number
		// ("QUITO 4525-91", "PANAMA 00789/08") or a list of numbers
		// ("KABUL 936/935") is part of citations.
		if yy, _ := suffixYear(text, toks, i); yy == "" && !inSerials(text, toks, i) {
			return false
		}
	}
	if strings.HasPrefix(text[t.end:], "..") || strings.HasPrefix(text[t.end:], "…") {
		// Where the text was cut short: "LIMA 2..." is no LIMA 2, "STATE
		// 2084..." may be STATE 208461; a number padded with zeros ("THE
		// HAGUE 0092...") is whole.
		return text[t.start] == '0' && t.end-t.start >= 4
	}
	return t.space || text[toks[i-1].start] != '/' || inSerials(text, toks, i) // "12/24"
}

// digits is the number of digits of number token t.
func digits(t token) int { return t.end - t.start }

// inSerials reports whether the number toks[i] is one of a list of serial
// numbers joined by slashes ("692/317/274/162"): it and its neighbours
// across a slash have three digits or more, which no date has.
func inSerials(text string, toks []token, i int) bool {
	if digits(toks[i]) < 3 {
		return false
	}
	slash := func(k int) bool { return k >= 0 && k < len(toks) && !toks[k].space && text[toks[k].start] == '/' }
	next := slash(i+1) && i+2 < len(toks) && toks[i+2].kind == 'n' && !toks[i+2].space && digits(toks[i+2]) >= 3
	prev := !toks[i].space && slash(i-1) && i >= 2 && toks[i-2].kind == 'n' && digits(toks[i-2]) >= 3
	return next || prev
}

// suffixYear returns the two digits of a year written after the number
// toks[i] ("QUITO 4525-91", "PANAMA 00789/08", "AMMAN 07718 99,"), and
// where it ends; "" when there is none.
func suffixYear(text string, toks []token, i int) (string, int) {
	if i+2 < len(toks) && !toks[i+1].space && !toks[i+2].space && toks[i+2].kind == 'n' && digits(toks[i+2]) == 2 {
		sep := text[toks[i+1].start]
		after := i+3 >= len(toks) || toks[i+3].space || text[toks[i+3].start] != sep && toks[i+3].kind == 'p'
		if (sep == '-' || sep == '/' && digits(toks[i]) >= 3) && after {
			return text[toks[i+2].start:toks[i+2].end], toks[i+2].end
		}
	}
	if i+1 < len(toks) && toks[i+1].space && toks[i+1].kind == 'n' && digits(toks[i+1]) == 2 && digits(toks[i]) >= 4 && text[toks[i].start] == '0' {
		if k := i + 2; k >= len(toks) || toks[k].kind == 'p' && (text[toks[k].start] == ',' || text[toks[k].start] == ';') {
			return text[toks[i+1].start:toks[i+1].end], toks[i+1].end // "AMMAN 07718 99,"
		}
	}
	return "", 0
}

// citedOrigin returns the origin that the words before number toks[i]
// name, the longest run of them that names one, and the first of them.
func citedOrigin(text string, toks []token, i, lastEnd int) (string, int) {
	glued := !toks[i].space
	for k := 5; k >= 1; k-- {
		a := i - k
		if a < 0 || (glued && k > 1) {
			continue
		}
		ok := toks[a].start >= lastEnd
		for m := a; ok && m < i; m++ {
			if toks[m].kind != 'w' || (m > a && !toks[m].space) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if o := ResolveOrigin(text[toks[a].start:toks[i-1].end]); o != "" {
			return o, a
		}
		if a > 0 && toks[a-1].kind == 'n' && !toks[a].space && text[toks[a-1].start:toks[a].start] == "0" && toks[a-1].start >= lastEnd {
			// "0TTAWA 44": a zero typed for the letter O.
			if o := ResolveOrigin("O" + text[toks[a].start:toks[i-1].end]); o != "" {
				return o, a - 1
			}
		}
	}
	return "", -1
}

// citedYear returns the two digits of the year a citation gives, before
// its origin (from is its first word), in parentheses after its number
// (toks[i]) or in the date after it, with the start of the citation and its end; "" when it gives
// none.
func citedYear(text string, toks []token, i, from, lastEnd int) (yy string, first, stop int) {
	first, stop = from, toks[i].end
	if from > 0 {
		y := toks[from-1]
		digits := text[y.start:y.end]
		glued := !toks[from].space
		if y.kind == 'n' && y.start >= lastEnd && (len(digits) == 2 || len(digits) == 4 && (digits[:2] == "19" || digits[:2] == "20")) && (toks[from].space || glued) {
			return digits[len(digits)-2:], from - 1, stop
		}
	}
	// "O4 SAN JOSE 2872": a letter O typed for a zero.
	if from > 1 {
		o, y := toks[from-2], toks[from-1]
		if o.kind == 'w' && o.end-o.start == 1 && text[o.start] == 'O' && y.kind == 'n' && y.end-y.start == 1 && !y.space && toks[from].space && o.start >= lastEnd {
			return "0" + text[y.start:y.end], from - 2, stop
		}
	}
	if yy, end := suffixYear(text, toks, i); yy != "" {
		return yy, first, end
	}
	// "BOGOTA 3361 12 NOV 2009": the date of the cable after its number.
	if yy, end := dateAfter(text, toks, i); yy != "" {
		return yy, first, end
	}
	// "LIMA 123 (07)"
	if i+3 < len(toks) && text[toks[i+1].start:toks[i+1].end] == "(" && toks[i+2].kind == 'n' && toks[i+2].end-toks[i+2].start == 2 && text[toks[i+3].start:toks[i+3].end] == ")" {
		return text[toks[i+2].start:toks[i+2].end], first, toks[i+3].end
	}
	return "", first, stop
}

// months are the abbreviations of the months' names in dates of REF
// lines.
var months = map[string]bool{"JAN": true, "FEB": true, "MAR": true, "APR": true, "MAY": true, "JUN": true,
	"JUL": true, "AUG": true, "SEP": true, "SEPT": true, "OCT": true, "NOV": true, "DEC": true}

// dateAfter returns the two digits of the year of a date that follows the
// number toks[i] ("12 NOV 2009", "07 JUN 06"), and where the date ends;
// "" when no date follows.
func dateAfter(text string, toks []token, i int) (string, int) {
	if i+3 >= len(toks) {
		return "", 0
	}
	day, month, year := toks[i+1], toks[i+2], toks[i+3]
	if day.kind != 'n' || !day.space || day.end-day.start > 2 || month.kind != 'w' || !months[strings.ToUpper(text[month.start:month.end])] || year.kind != 'n' {
		return "", 0
	}
	switch y := text[year.start:year.end]; {
	case len(y) == 4 && (y[:2] == "19" || y[:2] == "20"):
		return y[2:], year.end
	case len(y) == 2:
		return y, year.end
	}
	return "", 0
}

// sameYear is the year of a citation that gives none: the citing cable's
// (year), but for a citation of the citing post itself with a number higher
// than the citing cable's own, which is from the year before, since a
// post's numbers grow through the year (a telegram cites those sent before
// it).
func sameYear(year, self, origin, num string) (string, bool) {
	if year == "" {
		return "", false
	}
	own := strings.TrimPrefix(self, year)
	if !strings.HasPrefix(own, origin) || len(own) == len(self) {
		return year, false
	}
	ownNum := strings.TrimLeft(strings.TrimPrefix(own, origin), "0")
	if len(num) > len(ownNum) || len(num) == len(ownNum) && num > ownNum {
		y, err := strconv.Atoi(year)
		if err != nil {
			return year, false
		}
		return fmt.Sprintf("%02d", (y+99)%100), true
	}
	return year, false
}

// inWord reports whether c joins the letters of a word on both sides of
// it: "U.S.", "PORT-AU-PRINCE", "N'DJAMENA".
func inWord(c byte) bool { return c == '.' || c == '-' || c == '\'' }

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
