package tags

import "strings"

// typos maps misspelt codes found in the archive to the code meant.
var typos = map[string]string{
	"PARMS": "PARM", "ENERG": "ENRG", "MOPPS": "MOPS", "PGOVE": "PGOV", "POGOV": "PGOV",
	"PRGOV": "PGOV", "PGGV": "PGOV", "PGOC": "PGOV", "PGOF": "PGOV", "PTERE": "PTER",
	"PRELP": "PREL", "EREL": "PREL", "PECON": "ECON", "ECUN": "ECON", "ESENV": "SENV",
	"EEPET": "EPET", "IEFIN": "EFIN", "ETRO": "ETRD", "BTIU": "BTIO", "SHUM": "PHUM",
	"PHUS": "PHUM",
}

// Found is a tag of a TAGS line and where it stands in the line: s[Start:End].
type Found struct {
	Tag        string
	Start, End int
}

// token is a word of a TAGS line.
type token struct {
	word       string // upper-case, without the punctuation around it
	start, end int
}

// Parse reads the values of a TAGS line (what follows "TAGS:"), in order
// and without duplicates:
//
//   - codes are separated by spaces, commas and semicolons, and end at a
//     word that is itself a label ("SUBJECT:");
//   - a misspelt code is read as the code meant (MOPPS is MOPS);
//   - codes glued together are split (PHUMBA is PHUM and BA;
//     KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG is nine codes);
//   - after OVIP, the words of a person's name are one tag
//     ("OVIP (RICE, CONDOLEEZZA)" gives OVIP and RICE CONDOLEEZZA);
//   - words that are no code, one after the other with no comma between
//     them, are one topic ("HUMAN RIGHTS").
func Parse(s string) []Found {
	toks := tokenize(s)
	var out []Found
	seen := map[string]bool{}
	add := func(tag string, start, end int) {
		if !seen[tag] {
			seen[tag] = true
			out = append(out, Found{tag, start, end})
		}
	}
	afterOVIP := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if code, ok := resolve(t.word); ok {
			add(code, t.start, t.end)
			afterOVIP = code == "OVIP"
			continue
		}
		if parts := split(t.word); parts != nil {
			off := t.start
			for _, p := range parts {
				add(p, off, off+len(p))
				off += len(p)
			}
			continue
		}
		if afterOVIP && isName(t.word) && len(t.word) >= 2 {
			// A name: this word and the unknown words after it, initials
			// included (STEINBERG, JAMES B.).
			j := i + 1
			for j < len(toks) && j < i+4 && isName(toks[j].word) && !Known(toks[j].word) && split(toks[j].word) == nil {
				j++
			}
			words := make([]string, 0, j-i)
			for _, w := range toks[i:j] {
				words = append(words, w.word)
			}
			add(strings.Join(words, " "), t.start, toks[j-1].end)
			i = j - 1
			continue
		}
		// A topic typed in words ("HUMAN RIGHTS", "MEETINGS WITH
		// AMBASSADOR"): the unknown words after it, up to a comma, are
		// one tag.
		j := i + 1
		for j < len(toks) && j < i+5 && topicWord(t.word) && spaced(s[toks[j-1].end:toks[j].start]) && !Known(toks[j].word) && split(toks[j].word) == nil {
			if _, ok := typos[toks[j].word]; ok {
				break
			}
			if w := toks[j].word; !topicWord(w) && !(connector[w] && j+1 < len(toks) && topicWord(toks[j+1].word)) {
				break
			}
			j++
		}
		words := make([]string, 0, j-i)
		for _, w := range toks[i:j] {
			words = append(words, w.word)
		}
		add(strings.Join(words, " "), t.start, toks[j-1].end)
		i = j - 1
	}
	return out
}

// topicWord reports whether w is a word of a topic typed in words rather
// than a code: a word of five letters or more (codes have two to four).
func topicWord(w string) bool { return len(w) >= 5 && isName(w) }

// connector are the short words inside a topic: "MEETINGS WITH AMBASSADOR".
var connector = map[string]bool{"WITH": true, "AND": true, "OF": true, "FOR": true, "ON": true, "THE": true, "IN": true, "TO": true}

// spaced reports whether the text between two words is spaces only.
func spaced(s string) bool { return strings.Trim(s, " \t") == "" && s != "" }

// resolve returns the code a word stands for: itself when known, or the
// code it misspells.
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

// split cuts a word of glued codes into the fewest known subject, program
// and country codes, at least one of them a subject or program code (a
// word of two country codes is more likely a code of its own: ECIN is not
// Ecuador and India), or returns nil when it cannot.
func split(w string) []string {
	if len(w) < 4 || len(w) > 64 {
		return nil
	}
	// best[i] is the fewest parts w[:i] splits into, from[i] where the
	// last part starts.
	n := len(w)
	best := make([]int, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
		for _, l := range []int{2, 4} {
			if i < l || best[i-l] < 0 {
				continue
			}
			part := w[i-l : i]
			k := Of(part)
			if (l == 2 && k == Country) || (l == 4 && k == Subject) {
				if best[i] < 0 || best[i-l]+1 < best[i] {
					best[i], from[i] = best[i-l]+1, i-l
				}
			}
		}
	}
	if best[n] < 2 {
		return nil
	}
	parts := make([]string, best[n])
	subject := false
	for i, k := n, best[n]-1; i > 0; i, k = from[i], k-1 {
		parts[k] = w[from[i]:i]
		subject = subject || len(parts[k]) == 4
	}
	if !subject {
		return nil
	}
	return parts
}

// tokenize cuts a TAGS line into words, up to the first label.
func tokenize(s string) []token {
	var toks []token
	i := 0
	for i < len(s) {
		for i < len(s) && isSep(s[i]) {
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
		if strings.HasSuffix(raw, ":") {
			break // the next field ran into the TAGS line
		}
		a, b := 0, len(raw)
		for a < b && strings.IndexByte(`.()[]"'`, raw[a]) >= 0 {
			a++
		}
		for b > a && strings.IndexByte(`.()[]"'`, raw[b-1]) >= 0 {
			b--
		}
		if w := strings.ToUpper(raw[a:b]); isCode(w) {
			toks = append(toks, token{w, i + a, i + b})
		}
		i = j
	}
	return toks
}

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
