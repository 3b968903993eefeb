package tags

import (
	_ "embed"
	"strings"
)

// typos maps misspelt codes found in the archive to the code meant, where
// the rule of Correct would not find it (more than one letter wrong) or
// would find two.
var typos = map[string]string{
	"PARMS": "PARM", "ENERG": "ENRG", "MOPPS": "MOPS", "PGOVE": "PGOV", "POGOV": "PGOV",
	"PRGOV": "PGOV", "PGGV": "PGOV", "PGOC": "PGOV", "PGOF": "PGOV", "PTERE": "PTER",
	"PRELP": "PREL", "EREL": "PREL", "PECON": "ECON", "ECUN": "ECON", "ESENV": "SENV",
	"EEPET": "EPET", "IEFIN": "EFIN", "ETRO": "ETRD", "BTIU": "BTIO", "SHUM": "PHUM",
	"PHUS": "PHUM", "AU-I": "AU-1",
}

// notTags are words of TAGS lines that are no tag: handling marks that ran
// into the line.
var notTags = map[string]bool{"SIPDIS": true, "NOFORN": true}

// Found is a tag of a TAGS line and where it stands in the line:
// s[Start:End].
type Found struct {
	Tag        string
	Start, End int
	// Written is what the line has where it was read as Tag otherwise than
	// it is written: a misspelt code ("MOPPS" for MOPS), codes glued
	// together ("PHUMBA" for PHUM and BA), a topic typed in two words
	// ("COUNTER TERRORISM"), a name in another form; "" when the line has
	// the tag as it is.
	Written string
}

// token is a word of a TAGS line.
type token struct {
	word       string // upper-case, without the punctuation around it
	start, end int
	comma      bool // a comma or semicolon stands between it and the word before
	group      int  // the number of the parentheses it is in, from 1; 0 outside
}

// Parse reads the values of a TAGS line (what follows "TAGS:"), in order
// and without duplicates:
//
//   - codes are separated by spaces, commas and semicolons, and end at a
//     word that is itself a label ("SUBJECT:");
//   - a misspelt code is read as the code meant, when one is clearly meant
//     (MOPPS is MOPS; see Correct);
//   - codes glued together are split (PHUMBA is PHUM and BA;
//     KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG is nine codes);
//   - a person's name is one tag in the form LAST, FIRST: a name in
//     parentheses ("OVIP (CLINTON, HILLARY)"), the words that follow OVIP
//     ("OVIP RICE CONDOLEEZZA"), a known person's name (persons.txt), and
//     a word beside a given name (first-names.txt: "ROOD JOHN", "JOHN
//     KERRY");
//   - words that are no code, one after the other with no comma between
//     them, are topics ("HUMAN RIGHTS"), cut into the known topics where
//     they run into each other, and joined where a known topic was typed
//     in two words (COUNTER TERRORISM is COUNTERTERRORISM);
//   - handling marks (SIPDIS) are no tags.
func Parse(s string) []Found {
	p := parser{toks: tokenize(s), seen: map[string]bool{}}
	for i := 0; i < len(p.toks); {
		i = p.next(s, i)
	}
	return p.out
}

// parser holds what Parse has read.
type parser struct {
	toks      []token
	out       []Found
	seen      map[string]bool
	afterOVIP bool
}

func (p *parser) add(tag string, start, end int, written string) {
	if !p.seen[tag] {
		p.seen[tag] = true
		p.out = append(p.out, Found{tag, start, end, written})
	}
}

// next reads the tag that starts at token i of s and returns the index of
// the token after it.
func (p *parser) next(s string, i int) int {
	t := p.toks[i]
	afterOVIP := p.afterOVIP
	p.afterOVIP = false
	if notTags[t.word] {
		return i + 1
	}
	if t.group > 0 {
		if j := p.groupEnd(i); j > i+1 || !Known(t.word) {
			if p.name(s, i, j) {
				return j
			}
		}
	}
	if code, ok := resolve(t.word); ok {
		p.add(code, t.start, t.end, written(t.word, code))
		p.afterOVIP = code == "OVIP"
		return i + 1
	}
	if afterOVIP && isName(t.word) && len(t.word) >= 2 {
		j := i + 1
		for j < len(p.toks) && j < i+4 && p.nameWord(j) {
			j++
		}
		if p.name(s, i, j) {
			return j
		}
	}
	if j := p.pair(i); j > 0 {
		if one := t.word + p.toks[j].word; (topics[one] || listed(one)) && !Known(t.word) && !Known(p.toks[j].word) {
			p.add(one, t.start, p.toks[j].end, s[t.start:p.toks[j].end])
			return j + 1
		}
	}
	if parts := split(t.word); parts != nil {
		off := t.start
		for _, part := range parts {
			p.add(part, off, off+len(part), t.word)
			off += len(part)
		}
		return i + 1
	}
	if code, ok := Correct(t.word); ok {
		p.add(code, t.start, t.end, t.word)
		return i + 1
	}
	return p.topic(s, i)
}

// listed reports whether code is on one of the lists of codes.
func listed(code string) bool {
	_, ok := kinds[code]
	return ok
}

// written returns w when it differs from the tag it was read as, else "".
func written(w, tag string) string {
	if w == tag {
		return ""
	}
	return w
}

// nameWord reports whether token j can go on a person's name: a word of
// letters that is no code, no glued codes and no misspelt code.
func (p *parser) nameWord(j int) bool {
	t := p.toks[j]
	_, typo := typos[t.word]
	return isName(t.word) && !Known(t.word) && !typo && split(t.word) == nil && !topicStart(p.toks, j)
}

// groupEnd returns the index after the last token of the parentheses that
// token i is in.
func (p *parser) groupEnd(i int) int {
	j := i
	for j < len(p.toks) && p.toks[j].group == p.toks[i].group {
		j++
	}
	return j
}

// name adds the person named by tokens i to j, in the form LAST, FIRST:
// the words before the first comma are the last name, or else the first
// word is. It reports false, adding nothing, when the words are no name
// (a code among them, or one word that is no known name).
func (p *parser) name(s string, i, j int) bool {
	if j-i < 2 && persons[p.toks[i].word] == "" {
		return false
	}
	var last, first []string
	for k := i; k < j; k++ {
		w := p.toks[k].word
		if !isName(w) || (Known(w) && (k == i || len(w) > 2)) {
			return false
		}
		if len(w) == 1 {
			w += "."
		}
		if k > i && (p.toks[k].comma || len(first) > 0 || !hasComma(p.toks[i:j])) {
			first = append(first, w)
		} else {
			last = append(last, w)
		}
	}
	p.addPerson(s, i, j, last, first)
	return true
}

// addPerson adds the person whose last and first names tokens i to j of s
// hold, as LAST, FIRST, or as persons.txt has the name in full; what was
// written is kept when it says more than punctuation apart.
func (p *parser) addPerson(s string, i, j int, last, first []string) {
	name := strings.Join(last, " ")
	if len(first) > 0 {
		name += ", " + strings.Join(first, " ")
	}
	if full := persons[strings.TrimSuffix(name, ".")]; full != "" {
		name = full
	}
	start, end := p.toks[i].start, p.toks[j-1].end
	if end < len(s) && s[end] == '.' {
		end++
	}
	as := strings.Join(strings.Fields(s[start:end]), " ")
	if bare := strings.NewReplacer(",", "", ".", "").Replace; bare(as) == bare(name) {
		as = ""
	}
	p.add(name, start, end, as)
}

// pair returns the index of the token after token i when the two stand
// together: no comma between them, in the same parentheses; else -1.
func (p *parser) pair(i int) int {
	j := i + 1
	if j >= len(p.toks) || p.toks[j].comma || p.toks[j].group != p.toks[i].group {
		return -1
	}
	return j
}

// joinWords returns the words of toks with a space between them.
func joinWords(toks []token) string {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.word
	}
	return strings.Join(words, " ")
}

// hasComma reports whether a comma stands between any two of toks.
func hasComma(toks []token) bool {
	for _, t := range toks[1:] {
		if t.comma {
			return true
		}
	}
	return false
}

// topic adds the topic that starts at token i: the longest known topic
// that starts there, or else the words that are no code after it, up to a
// comma or the start of a known topic (at most five). It returns the index
// of the token after the topic.
func (p *parser) topic(s string, i int) int {
	t := p.toks[i]
	if j := p.pair(i); j > 0 && isName(t.word) && len(t.word) >= 2 && !topicStart(p.toks, i) {
		w := p.toks[j].word
		switch {
		case !firstNames[t.word] && firstNames[w]:
			// A family name and a given name, bare: "ROOD JOHN", and
			// the initial after them.
			end := j + 1
			if end < len(p.toks) && len(p.toks[end].word) == 1 && !p.toks[end].comma {
				end++
			}
			if p.name(s, i, end) {
				return end
			}
		case firstNames[t.word] && isName(w) && len(w) >= 2 && !firstNames[w] && !Known(w):
			// A given name first: "JOHN KERRY" is KERRY, JOHN.
			p.addPerson(s, i, j+1, []string{w}, []string{t.word})
			return j + 1
		}
	}
	for n := 3; n >= 2; n-- {
		// A known person's name, wherever it stands ("PREL BIDEN JOSEPH").
		if i+n <= len(p.toks) && persons[joinWords(p.toks[i:i+n])] != "" && !hasComma(p.toks[i:i+n]) {
			if p.name(s, i, i+n) {
				return i + n
			}
		}
	}
	if n := knownTopic(p.toks, i); n > 0 {
		p.add(joinWords(p.toks[i:i+n]), t.start, p.toks[i+n-1].end, "")
		return i + n
	}
	j := i + 1
	for j < len(p.toks) && j < i+5 && topicWord(t.word) && !p.toks[j].comma && p.toks[j].group == t.group &&
		!Known(p.toks[j].word) && split(p.toks[j].word) == nil && !topicStart(p.toks, j) {
		if _, ok := typos[p.toks[j].word]; ok {
			break
		}
		if w := p.toks[j].word; !topicWord(w) && !(connector[w] && j+1 < len(p.toks) && topicWord(p.toks[j+1].word)) {
			break
		}
		j++
	}
	p.add(joinWords(p.toks[i:j]), t.start, p.toks[j-1].end, "")
	return j
}

// knownTopic returns the number of tokens, from i, of the longest known
// topic of several words that starts there, or 0.
func knownTopic(toks []token, i int) int {
	words := toks[i].word
	best := 0
	for n := 2; n <= 4 && i+n <= len(toks); n++ {
		if toks[i+n-1].comma {
			break
		}
		words += " " + toks[i+n-1].word
		if topics[words] {
			best = n
		}
	}
	return best
}

// IsTopic reports whether words, upper-case and one space apart, are a
// known topic of several words ("COUNTRY CLEARANCE").
func IsTopic(words string) bool { return strings.Contains(words, " ") && topics[words] }

// topicStart reports whether a known topic of several words starts at
// token j and not inside the words before it.
func topicStart(toks []token, j int) bool { return knownTopic(toks, j) > 0 }

// topicWord reports whether w is a word of a topic typed in words rather
// than a code: a word of five letters or more (codes have two to four).
func topicWord(w string) bool { return len(w) >= 5 && isName(w) }

// connector are the short words inside a topic: "MEETINGS WITH AMBASSADOR".
var connector = map[string]bool{"WITH": true, "AND": true, "OF": true, "FOR": true, "ON": true, "THE": true, "IN": true, "TO": true}

// resolve returns the code a word stands for: itself when known, or the
// code it misspells by the table of typos.
func resolve(w string) (string, bool) {
	if Known(w) {
		return w, true
	}
	if c, ok := typos[w]; ok {
		return c, true
	}
	return "", false
}

// isName reports whether w can be a word of a person's name: letters.
func isName(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// tokenize cuts a TAGS line into words, up to the first label.
func tokenize(s string) []token {
	var toks []token
	comma, depth, groups := false, 0, 0
	i := 0
	for i < len(s) {
		for i < len(s) && isSep(s[i]) {
			comma = comma || s[i] == ',' || s[i] == ';'
			i++
		}
		j := i
		for j < len(s) && !isSep(s[j]) {
			j++
		}
		if i == j {
			break
		}
		raw := s[i:j]
		if strings.HasSuffix(raw, ":") || stopWords[strings.ToUpper(raw)] {
			break // the next field ran into the TAGS line
		}
		a, b := 0, len(raw)
		for a < b && strings.IndexByte(`.()[]"'`, raw[a]) >= 0 {
			if raw[a] == '(' {
				depth++
				groups++
			}
			a++
		}
		for b > a && strings.IndexByte(`.()[]"'`, raw[b-1]) >= 0 {
			b--
		}
		group := 0
		if depth > 0 {
			group = groups
		}
		if w := strings.ToUpper(raw[a:b]); isCode(w) {
			toks = append(toks, token{w, i + a, i + b, comma, group})
			comma = false
		}
		for k := b; k < len(raw); k++ {
			switch raw[k] {
			case ')':
				depth = max(depth-1, 0)
				comma = true
			}
		}
		i = j
	}
	return toks
}

// stopWords are labels of the fields after the TAGS line, written without
// their colon.
var stopWords = map[string]bool{"SUBJECT": true, "SUBJ": true}

func isSep(c byte) bool {
	return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\r' || c == '\n' || c == '/'
}

// isCode reports whether w can be a tag: letters, digits and inner
// hyphens, starting with a letter, at most 64 bytes.
func isCode(w string) bool {
	if w == "" || len(w) > 64 || w[0] < 'A' || w[0] > 'Z' || w[len(w)-1] == '-' {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

var (
	//go:embed topics.txt
	topicFile string
	//go:embed persons.txt
	personFile string
	//go:embed first-names.txt
	firstNameFile string
)

// firstNames are the given names of first-names.txt.
var firstNames = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range lines(firstNameFile) {
		for _, w := range strings.Fields(l) {
			m[w] = true
		}
	}
	return m
}()

// topics are the known topics (topics.txt); persons maps each name of
// persons.txt, and each shorter form of it (without its initials, without
// its comma), to the name.
var topics, persons = func() (map[string]bool, map[string]string) {
	t, p := map[string]bool{}, map[string]string{}
	for _, l := range lines(topicFile) {
		t[l] = true
	}
	for _, l := range lines(personFile) {
		forms := []string{l, strings.ReplaceAll(l, ",", "")}
		last, first, _ := strings.Cut(l, ", ")
		if f := strings.Fields(first); len(f) > 1 {
			forms = append(forms, last+", "+f[0], last+" "+f[0])
		}
		for _, f := range forms {
			p[strings.TrimSuffix(f, ".")] = l
		}
	}
	return t, p
}()

// lines returns the lines of a list file that are neither empty nor
// comments.
func lines(file string) []string {
	var out []string
	for _, l := range strings.Split(file, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}
