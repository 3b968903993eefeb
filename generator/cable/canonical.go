package cable

import (
	_ "embed"
	"regexp"
	"sort"
	"strings"
)

//go:embed origins.txt
var originsFile string

// origins are the origin parts of the archive's reference IDs ("BEIJING",
// "STATE", "USUNNEWYORK"), sorted.
var origins = func() []string {
	var o []string
	for _, l := range strings.Split(originsFile, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			o = append(o, l)
		}
	}
	sort.Strings(o)
	return o
}()

// Origins returns the origin parts of the archive's reference IDs, sorted.
// The slice must not be changed.
func Origins() []string { return origins }

// KnownOrigin reports whether code is the origin part of reference IDs of
// the archive.
func KnownOrigin(code string) bool {
	i := sort.SearchStrings(origins, code)
	return i < len(origins) && origins[i] == code
}

// sectioned matches the malformed IDs of the archive that took in the
// section line of a multi-part cable: 08ECTION01OF02MANAMA492 is section 1
// of 2 of 08MANAMA492.
//
//	sectioned = yy section part [A-Z]{1,2} part origin number
//	section   = SECTION, misspelt (ECTION, SCTION, SECTIO, SECTIKN ...)
var sectioned = regexp.MustCompile(`^(\d\d)([A-Z]{4,8})([0-9Q]{2})[A-Z]{0,2}([0-9Q]{2})([A-Z]+)(\d+)$`)

// Canonical returns the ID that a malformed ID of the archive stands for
// (08ECTION01OF02MANAMA492 -> 08MANAMA492, 07SECTION02OF03EIJING483 ->
// 07BEIJING483), or "" when id is not one of them.
func Canonical(id string) string {
	m := sectioned.FindStringSubmatch(id)
	if m == nil || distance(m[2], "SECTION") > 2 {
		return ""
	}
	origin := m[5]
	if !KnownOrigin(origin) {
		// The section line ate into the origin too: EIJING is BEIJING.
		found := ""
		for _, o := range origins {
			if e := OneEdit(origin, o); e != NoEdit && e != Swapped {
				if found != "" {
					found = ""
					break
				}
				found = o
			}
		}
		if found != "" {
			origin = found
		}
	}
	return m[1] + origin + m[6]
}

// distance is the Levenshtein distance of two short strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
