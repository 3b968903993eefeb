package index

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cablesite/generator/cable"
	"cablesite/generator/tags"
)

// Keyed says that a name of a facet did not get its plain key (the key
// the name alone gives) because another name of the same kind has it, or
// because the key is kept for the original site's numbered pages.
type Keyed struct {
	Kind  Kind
	Name  string // the name that got another key
	Key   string // the key it got
	Plain string // the key it would have had
	Owner string // the name that has Plain, or "" when Plain is kept
}

func (k Keyed) String() string {
	page := k.Kind.Dir() + "/" + k.Key + "_0.html"
	if k.Owner == "" {
		return fmt.Sprintf("%s %q is at %s: %s_0.html is an address of the original site's numbered pages", kindName(k.Kind), k.Name, page, k.Plain)
	}
	return fmt.Sprintf("%s %q is at %s: %q has %s/%s_0.html", kindName(k.Kind), k.Name, page, k.Owner, k.Kind.Dir(), k.Plain)
}

func kindName(k Kind) string {
	return [...]string{"release day", "month", "origin", "tag", "classification"}[k]
}

// keyRule says how the names of a facet kind get their keys.
type keyRule struct {
	kind  Kind
	plain func(name string) string // the key a name gives alone
	known func(name string) bool   // names of the real archive
	// reserved reports keys that no name may have: the numbers of the
	// original site's origin and classification pages.
	reserved func(key string) bool
}

var keyRules = map[Kind]keyRule{
	Origin: {Origin, cable.Slug, func(name string) bool { return knownOrigins[name] }, isNumber},
	Class:  {Class, cable.Slug, func(name string) bool { return slices.Contains(cable.Classifications[1:], name) }, isNumber},
	Tag:    {Tag, tags.Key, tags.Known, func(string) bool { return false }},
}

// knownOrigins are the origins of the original site's numbered pages
// (original-pages.tsv).
var knownOrigins = func() map[string]bool {
	m := map[string]bool{}
	for _, o := range originals {
		for _, name := range o.origins {
			m[cable.NormalizeOrigin(name)] = true
		}
	}
	return m
}()

func isNumber(key string) bool {
	if key == "" {
		return false
	}
	for _, c := range key {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// uniqueKeys gives each name a key of its own by a rule that does not
// depend on the order names were read in, so that the address of a facet
// of the real archive never moves whatever else is read:
//
//   - the names of the real archive (known) come first, in order of name;
//     the other names follow, shortest first, then in order of name;
//   - in that order, a name takes its plain key unless a name before it
//     took it or it is reserved; then it takes the plain key followed by
//     "-2", "-3" …, the first that no name has as its plain key and no
//     name took before.
//
// It returns the key of each name and the names that did not get their
// plain key.
func uniqueKeys(r keyRule, names []string) ([]string, []Keyed) {
	plain := make([]string, len(names))
	isPlain := map[string]bool{}
	for i, n := range names {
		plain[i] = r.plain(n)
		isPlain[plain[i]] = true
	}
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		a, b := names[x], names[y]
		ka, kb := r.known(a), r.known(b)
		if ka != kb {
			if ka {
				return -1
			}
			return 1
		}
		if !ka {
			if c := cmp.Compare(len(a), len(b)); c != 0 {
				return c
			}
		}
		return strings.Compare(a, b)
	})
	keys := make([]string, len(names))
	owner := map[string]string{} // key -> the name that took it
	var moved []Keyed
	for _, i := range order {
		p := plain[i]
		if _, taken := owner[p]; !taken && !r.reserved(p) {
			keys[i], owner[p] = p, names[i]
			continue
		}
		k := p
		for n := 2; ; n++ {
			k = p + "-" + strconv.Itoa(n)
			if _, taken := owner[k]; !taken && !isPlain[k] && !r.reserved(k) {
				break
			}
		}
		keys[i], owner[k] = k, names[i]
		moved = append(moved, Keyed{Kind: r.kind, Name: names[i], Key: k, Plain: p, Owner: owner[p]})
	}
	slices.SortFunc(moved, func(a, b Keyed) int { return strings.Compare(a.Name, b.Name) })
	return keys, moved
}
