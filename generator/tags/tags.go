// Package tags knows the codes of the TAGS line, the State Department's
// classification of a cable by subject, country, organisation and person:
// what kind each code is, what it means, and how to read a TAGS line whose
// codes were glued together, misspelt or mixed with a person's name.
//
// The lists of subject and organisation codes come from the cablemap
// project (subject-tags.txt, organization-tags.txt); the meanings of the
// codes and the country names are ours (subjects.tsv, countries.tsv,
// organizations.tsv), and so is the list of codes of the archive that are
// on neither list (other-tags.txt).
package tags

import (
	_ "embed"
	"strings"
)

// Kind is what a tag names.
type Kind uint8

// The kinds of tag.
const (
	Other        Kind = iota // a word or code of no known kind
	Subject                  // a subject or program: PGOV, KTIP
	Country                  // a country or region: CH, XF
	Organization             // an organisation: NATO, UNSC
	Person                   // a person: CLINTON HILLARY
)

// Kinds lists the kinds in the order the site shows them.
var Kinds = []Kind{Subject, Country, Organization, Person, Other}

func (k Kind) String() string {
	return [...]string{"other", "subject", "country", "organisation", "person"}[k]
}

// Title names the kind in headings.
func (k Kind) Title() string {
	return [...]string{"Other codes", "Subjects", "Countries and regions", "Organisations", "People"}[k]
}

var (
	//go:embed subject-tags.txt
	subjectFile string
	//go:embed organization-tags.txt
	organizationFile string
	//go:embed subjects.tsv
	subjectMeanings string
	//go:embed countries.tsv
	countryNames string
	//go:embed organizations.tsv
	organizationNames string
	//go:embed other-tags.txt
	otherFile string
)

var (
	kinds    = map[string]Kind{}
	meanings = map[string]string{}
)

func init() {
	for _, l := range strings.Split(organizationFile, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			kinds[strings.ToUpper(l)] = Organization
		}
	}
	for _, l := range strings.Split(subjectFile, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			kinds[l] = Subject
		}
	}
	table := func(data string, k Kind) {
		for _, l := range strings.Split(data, "\n") {
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			code, meaning, _ := strings.Cut(l, "\t")
			if k != Organization || kinds[code] == Other {
				kinds[code] = k
			}
			meanings[code] = meaning
		}
	}
	table(subjectMeanings, Subject)
	table(organizationNames, Organization)
	table(countryNames, Country)
	for _, l := range lines(otherFile) {
		if _, ok := kinds[l]; !ok {
			kinds[l] = Other
		}
	}
}

// Of returns the kind of a tag. A code that no list knows is a program
// (subject) code when it is K and three letters, the TAGS convention; a
// person when it holds a space (a name such as CLINTON HILLARY); else Other.
func Of(tag string) Kind {
	if k, ok := kinds[tag]; ok {
		return k
	}
	if isProgram(tag) {
		return Subject
	}
	if strings.Contains(tag, " ") {
		return Person
	}
	return Other
}

// Known reports whether tag is a code of a known kind.
func Known(tag string) bool {
	_, ok := kinds[tag]
	return ok || isProgram(tag)
}

// isProgram reports whether tag has the form of a program code: K and three
// letters (KTIP, KOCI).
func isProgram(tag string) bool {
	if len(tag) != 4 || tag[0] != 'K' {
		return false
	}
	for i := 1; i < 4; i++ {
		if tag[i] < 'A' || tag[i] > 'Z' {
			return false
		}
	}
	return true
}

// families name the field of a subject code by its first letter.
var families = map[byte]string{
	'A': "administration of missions",
	'B': "business",
	'C': "consular affairs",
	'E': "economic affairs",
	'K': "a program or special topic",
	'M': "military affairs",
	'O': "operations",
	'P': "political affairs",
	'S': "social affairs",
	'T': "science and technology",
}

// Meaning says what a tag stands for: "Internal government affairs",
// "China"; "" when the glossary does not say.
func Meaning(tag string) string { return meanings[tag] }

// Family names the field of a subject tag by its first letter ("political
// affairs" for PGOV), or "".
func Family(tag string) string {
	if Of(tag) != Subject || tag == "" {
		return ""
	}
	return families[tag[0]]
}

// Describe returns a line about a tag, for the title of its links:
// "PGOV: Internal government affairs (subject)", "KOCI: a subject tag of a
// program or special topic".
func Describe(tag string) string {
	k := Of(tag)
	if m := Meaning(tag); m != "" {
		return tag + ": " + m + " (" + k.String() + ")"
	}
	if f := Family(tag); f != "" {
		return tag + ": a subject tag of " + f
	}
	return tag + " (" + k.String() + ")"
}

// Key is the form of a tag used in file names: its letters, digits and
// hyphens, with a hyphen for each run of other characters (a person's
// "CLINTON, HILLARY" is "CLINTON-HILLARY", "STEINBERG, JAMES B." is
// "STEINBERG-JAMES-B").
func Key(tag string) string {
	var b strings.Builder
	gap := false
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' {
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteByte(c)
			gap = false
		} else {
			gap = true
		}
	}
	return b.String()
}
