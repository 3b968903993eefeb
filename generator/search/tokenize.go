// Package search builds the site's full-text index: static files that a
// page loads with <script> elements (which browsers allow from file://,
// where they refuse fetch), read by assets/search.js.
//
// The index has these parts, all under search/ in the site:
//
//   - term shards (t/): the posting list of every term (a word of the
//     cables, "tag:prel", "id:10beijing326"), the terms spread over the
//     shards by a hash that the page computes too, so that a query loads
//     one shard per word;
//   - vocabulary files (v/): the words by their first three letters, with
//     their document counts, for prefix queries;
//   - files of eight cables (d/): their ID, subject, date, origin,
//     classification and tags, for the result list. Not their text: the
//     search page reads a cable's text from its page, for passages and the
//     check of phrases, so the site does not hold it twice;
//   - runs.js: the cables are numbered by origin, classification and date,
//     so that the origin, classification and year of every cable is a list
//     of runs of numbers: filters and counts cost no posting lists;
//   - dates (c/): the creation day of every cable, for newest-first order;
//   - meta.js: the counts and names that the page needs first.
//
// Tokenize is the one definition of a word, shared with the page's script;
// testdata/search/tokens.json holds the cases that both must agree on.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTermLetters is the number of letters and digits of a word that count:
// the rest of a longer word is ignored.
const MaxTermLetters = 40

// MaxTermBytes is the most bytes of a term that count: a word has at most
// MaxTermLetters letters of at most four bytes; a facet term ("tag:" and a
// code) is cut there, by the page's script too.
const MaxTermBytes = 4*MaxTermLetters + 64

// Folding lists the letters that fold to other letters, as pairs of a letter
// and its folding separated by spaces: accents go, ligatures open. Letters
// not listed fold to their lower case, or to its folding if it has one.
// assets/search.js holds the same string.
const Folding = "Àa Áa Âa Ãa Äa Åa Æae Çc Èe Ée Êe Ëe Ìi Íi Îi Ïi Ðd Ñn Òo Óo Ôo Õo Öo Øo Ùu Úu Ûu Üu Ýy Þth ßss " +
	"àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy " +
	"Āa āa Ăa ăa Ąa ąa Ćc ćc Ĉc ĉc Ċc ċc Čc čc Ďd ďd Đd đd Ēe ēe Ĕe ĕe Ėe ėe Ęe ęe Ěe ěe Ĝg ĝg Ğg ğg Ġg ġg Ģg ģg " +
	"Ĥh ĥh Ħh ħh Ĩi ĩi Īi īi Ĭi ĭi Įi įi İi ıi Ĳij ĳij Ĵj ĵj Ķk ķk ĸk Ĺl ĺl Ļl ļl Ľl ľl Ŀl ŀl Łl łl Ńn ńn Ņn ņn Ňn ňn " +
	"ŉn Ŋn ŋn Ōo ōo Ŏo ŏo Őo őo Œoe œoe Ŕr ŕr Ŗr ŗr Řr řr Śs śs Ŝs ŝs Şs şs Šs šs Ţt ţt Ťt ťt Ŧt ŧt Ũu ũu Ūu ūu " +
	"Ŭu ŭu Ůu ůu Űu űu Ųu ųu Ŵw ŵw Ŷy ŷy Ÿy Źz źz Żz żz Žz žz ſs"

// fold maps the letters of Fold to their foldings.
var fold = func() map[rune]string {
	m := map[rune]string{}
	for _, f := range strings.Fields(Folding) {
		r, n := utf8.DecodeRuneInString(f)
		m[r] = f[n:]
	}
	return m
}()

// Tokenize calls fn with each word of s, in order, folded: a word is a run
// of letters and digits (Unicode categories L and N), in which
//
//   - letters fold to lower case without accents (Folding);
//   - combining marks (category M) are dropped;
//   - a period or apostrophe (' or ’) between two letters or digits joins
//     them: "U.S." is "us", "E.O." is "eo", "don't" is "dont", "1.5" is "15";
//   - any other character ends the word: "anti-american" is two words;
//   - only the first MaxTermLetters letters and digits count.
//
// The slice passed to fn is reused: fn must copy what it keeps.
func Tokenize(s string, fn func(word []byte)) {
	var buf wordBuf
	tokenize(s, &buf, func(w []byte, _ termHash) { fn(w) })
}

// wordBuf holds a word of at most MaxTermLetters letters and digits.
type wordBuf [4 * MaxTermLetters]byte

// tokenize is Tokenize with the buffer of the words given, which a caller
// that tokenizes many texts keeps (passed to fn, a buffer of its own would
// be allocated every time); fn gets the word's hashes too, computed as its
// bytes are.
func tokenize(s string, buf *wordBuf, fn func(word []byte, h termHash)) {
	n, letters := 0, 0 // bytes of the word in buf, and its letters
	h := newTermHash()
	for i := 0; i < len(s); {
		c := s[i]
		if f := wordByte[c]; f != 0 {
			i++
			if letters < MaxTermLetters {
				buf[n] = f
				n++
				h = h.add(f)
			}
			letters++
			continue
		}
		if c < utf8.RuneSelf {
			i++
			if (c == '.' || c == '\'') && letters > 0 && startsWord(s[i:]) {
				continue
			}
			if n > 0 {
				fn(buf[:n], h)
			}
			n, letters, h = 0, 0, newTermHash()
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch runeKind(r, s[i:], letters) {
		case runeSkipped:
			continue
		case runeEnds:
			if n > 0 {
				fn(buf[:n], h)
			}
			n, letters, h = 0, 0, newTermHash()
			continue
		}
		if letters < MaxTermLetters {
			m := n
			n += len(appendFolded(buf[n:n], r)) // in buf: it has room for 4 bytes
			for _, b := range buf[m:n] {
				h = h.add(b)
			}
		}
		letters++
	}
	if n > 0 {
		fn(buf[:n], h)
	}
}

// What a character beyond ASCII is to a word (runeKind).
const (
	runeLetter  = iota // a letter or digit: part of the word
	runeSkipped        // a combining mark, or ’ joining two words: dropped
	runeEnds           // anything else: ends the word
)

// runeKind returns what r, beyond ASCII, is to a word of letters letters
// so far, followed by rest.
func runeKind(r rune, rest string, letters int) int {
	switch {
	case unicode.IsMark(r):
		return runeSkipped
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return runeLetter
	case r == '’' && letters > 0 && startsWord(rest):
		return runeSkipped
	}
	return runeEnds
}

// appendFolded appends the folding of letter or digit r to dst: its
// Folding, or its lower case's (Å, the Ångström sign, is å, then a), or
// its lower case.
func appendFolded(dst []byte, r rune) []byte {
	if f, ok := fold[r]; ok {
		return append(dst, f...)
	}
	lr := unicode.ToLower(r)
	if f, ok := fold[lr]; ok {
		return append(dst, f...)
	}
	return utf8.AppendRune(dst, lr)
}

// wordByte maps the ASCII letters and digits to their folding (lower case)
// and every other byte to 0.
var wordByte = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	return t
}()

// startsWord reports whether s starts with a letter or digit.
func startsWord(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Words returns the words of s (see Tokenize).
func Words(s string) []string {
	var out []string
	Tokenize(s, func(w []byte) { out = append(out, string(w)) })
	return out
}
