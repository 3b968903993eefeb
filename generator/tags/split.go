package tags

import (
	"slices"
	"strings"
	"sync"

	"cablesite/generator/cable"
)

// split cuts a word of glued codes into the fewest known codes (subject,
// program, country and organisation codes), at least one of them a
// subject or program code (a word of two country codes is more likely a
// code of its own: ECIN is not Ecuador and India), or returns nil when it
// cannot.
func split(w string) []string {
	if len(w) < 4 || len(w) > 64 || !isName(w) {
		return nil
	}
	// best[i] is the fewest parts w[:i] splits into, from[i] where the
	// last part starts.
	n := len(w)
	best := make([]int, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
		for l := 2; l <= min(i, 6); l++ {
			if best[i-l] < 0 || !gluable(w[i-l:i]) {
				continue
			}
			if best[i] < 0 || best[i-l]+1 < best[i] {
				best[i], from[i] = best[i-l]+1, i-l
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
		subject = subject || Of(parts[k]) == Subject
	}
	if !subject {
		return nil
	}
	return parts
}

// gluable reports whether part can be one of several codes glued together:
// a country code of two letters, a subject or program code of four, an
// organisation's code of three to six.
func gluable(part string) bool {
	switch Of(part) {
	case Country:
		return len(part) == 2
	case Subject:
		return len(part) == 4
	case Organization:
		return len(part) >= 3
	}
	return false
}

// Correct returns the code that w, a word of a TAGS line that is no known
// code, misspells: the one subject, program or organisation code of at
// least four letters, with w's first letter, that w becomes with one
// letter added, dropped or changed, or two neighbours swapped (KWWMN is
// KWMN, UNDESCO is UNESCO, ENIV is EINV, MRCRE is MTCRE). Words that are
// often acronyms of their own are read with more care: a word of three
// letters only as one of the common codes with one letter more inside it
// (PRL is PREL; TIP is not KTIP), a word of four with a letter changed not
// at all (ETRA is no ETRD, LTTE no LLTE). When two codes
// are that close, or none is, it reports false: no guess between two.
func Correct(w string) (string, bool) {
	if c, ok := typos[w]; ok {
		return c, true
	}
	if len(w) < 3 || len(w) > 7 || Known(w) || !isName(w) || topics[w] {
		return "", false
	}
	found := ""
	for _, c := range correctable() {
		e := cable.OneEdit(w, c)
		if e == cable.NoEdit || c[0] != w[0] {
			continue
		}
		if len(w) == 3 && (!common[c] || w[2] != c[3]) || len(w) == 4 && e == cable.Changed {
			continue
		}
		if found != "" {
			return "", false
		}
		found = c
	}
	return found, found != ""
}

// common are the codes most TAGS lines have, which a short word most
// likely misspells.
var common = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`PREL PGOV ECON PHUM PTER PINR ETRD MARR EFIN PARM ENRG MOPS EINV SNAR
		ASEC SOCI KDEM KCRM KNNP MASS EAID EPET SENV MNUC PINS ELAB EAGR KJUS KPAO PREF`) {
		common[c] = true
	}
}

// correctable are the codes a misspelling is read as: the subject and
// organisation codes of four letters or more of the lists, made on first
// use (after the package's init has read the lists).
var correctable = sync.OnceValue(func() []string {
	var out []string
	for code, k := range kinds {
		if (k == Subject || k == Organization) && len(code) >= 4 && isName(code) {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
})
