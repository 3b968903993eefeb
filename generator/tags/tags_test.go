package tags

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ from, line, want string }{
		{"10BEIJING326", "CH KWMN KTIP PGOV", "CH KWMN KTIP PGOV"},
		{"66BUENOSAIRES2481 (commas)", "EFIS, PBTS, AR ", "EFIS PBTS AR"},
		{"08ECTION01OF02MANAMA492 (glued)", "KCRM KWMN ASEC PHUMBA", "KCRM KWMN ASEC PHUM BA"},
		{"09CAIRO2178 (glued)", "KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG", "KFRD KIRF CVIS CMGT KOCI ASEC PHUM SMIG EG"},
		{"07SANJOSE426 (glued)", "ETRDEINVTINTCS", "ETRD EINV TINT CS"},
		{"01VATICAN3507 (glued, repeated)", "PREL PHUM IS EG VT VTPREL VTPREL", "PREL PHUM IS EG VT"},
		{"09BEIRUT818 (typo)", "PREL PGOV PINR PTER MASS MARR MOPPS LE SY IR", "PREL PGOV PINR PTER MASS MARR MOPS LE SY IR"},
		{"09JERUSALEM1080 (typo)", "PGOVE KWBG KPAL PTER PHUM PREL IS EG", "PGOV KWBG KPAL PTER PHUM PREL IS EG"},
		{"09STATE30049 (person)", "OVIP (CLINTON, HILLARY), PREL, AS, PK, AF, CH, ", "OVIP|CLINTON, HILLARY|PREL|AS|PK|AF|CH"},
		{"09SINGAPORE529 (person with an initial)", "OVIP (STEINBERG, JAMES B.), PREL, MNUC, ECON, SN, CH, ", "OVIP|STEINBERG, JAMES B.|PREL|MNUC|ECON|SN|CH"},
		{"a TAGS line in the archive", "OVIP RICE CONDOLEEZZA KISL PGOV PHUM LE", "OVIP|RICE, CONDOLEEZZA|KISL|PGOV|PHUM|LE"},
		{"04ANKARA348 (lower case, run-in subject)", "prel, pgov, pins, tu Subject: turkish p.m.", "PREL PGOV PINS TU"},
		{"two countries are no glued codes", "ECIN PREL", "ECIN PREL"},
		{"organisations with hyphens", "PGOV ZANU-PF AFL-CIO", "PGOV ZANU-PF AFL-CIO"},
		{"05BUENOSAIRES496 (a topic in words)", "PGOV PREL AR SNAR OFDA MEETINGS WITH AMBASSADOR", "PGOV|PREL|AR|SNAR|OFDA|MEETINGS WITH AMBASSADOR"},
		{"03COLOMBO189 (a word, then a code)", "PGOV PREL PTER PINR PARM CE IN ECONOMICS LTTE", "PGOV|PREL|PTER|PINR|PARM|CE|IN|ECONOMICS|LTTE"},
		{"a topic, then after a comma another", "PHUM, HUMAN RIGHTS, DOMESTIC POLITICS", "PHUM|HUMAN RIGHTS|DOMESTIC POLITICS"},
		{"codes unknown to the lists stay apart", "PREL ZP ZR XK XL", "PREL|ZP|ZR|XK|XL"},
		{"04WELLINGTON613", "PGOV PREL PARM NZ", "PGOV PREL PARM NZ"},
		{"a known name, not after OVIP", "PREL BIDEN JOSEPH PGOV", "PREL|BIDEN, JOSEPH|PGOV"},
		{"names bare, a family name and a given name", "PM NOVO GUILLERMO REMON PEDRO CONSULAR AFFAIRS", "PM|NOVO, GUILLERMO|REMON, PEDRO|CONSULAR AFFAIRS"},
		{"a name with the given name first", "PREL JOHN KERRY PGOV", "PREL|KERRY, JOHN|PGOV"},
		{"05PRAGUE337", "MASS PREL EZ UP BO RS", "MASS PREL EZ UP BO RS"},
	} {
		var got []string
		for _, f := range Parse(tc.line) {
			got = append(got, f.Tag)
			// The span is the tag as written: the code, its misspelling,
			// or the words of a name.
			span := strings.ToUpper(tc.line[f.Start:f.End])
			words := func(s string) string {
				return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" ,().", r) }), " ")
			}
			if words(span) != words(f.Tag) && !strings.Contains(strings.ToUpper(f.Written), span) {
				t.Errorf("%s: %s spans %q", tc.from, f.Tag, span)
			}
		}
		sep := " "
		if strings.Contains(tc.want, "|") {
			sep = "|"
		}
		if g := strings.Join(got, sep); g != tc.want {
			t.Errorf("%s: Parse(%q) = %q, want %q", tc.from, tc.line, g, tc.want)
		}
	}
}

func TestKinds(t *testing.T) {
	for tag, want := range map[string]Kind{
		"PGOV": Subject, "KTIP": Subject, "KOCI": Subject, "CH": Country, "SZ": Country, "XF": Country,
		"NATO": Organization, "UNSC": Organization, "EU": Organization, "CLINTON HILLARY": Person, "DISENGAGEMENT": Other,
	} {
		if got := Of(tag); got != want {
			t.Errorf("Of(%q) = %s, want %s", tag, got, want)
		}
	}
	for tag, want := range map[string]string{
		"CH": "China", "SZ": "Switzerland", "GM": "Germany", "PGOV": "Internal government affairs",
		"KTIP": "Trafficking in persons", "ACKM": "", "UNSC": "United Nations Security Council",
	} {
		if got := Meaning(tag); got != want {
			t.Errorf("Meaning(%q) = %q, want %q", tag, got, want)
		}
	}
	for tag, want := range map[string]string{
		"CH": "CH: China (country)", "ACKM": "ACKM: a subject tag of administration of missions",
		"KOCI": "KOCI: a subject tag of a program or special topic", "DISENGAGEMENT": "DISENGAGEMENT (other)",
	} {
		if got := Describe(tag); got != want {
			t.Errorf("Describe(%q) = %q, want %q", tag, got, want)
		}
	}
	for tag, want := range map[string]string{"CLINTON, HILLARY": "CLINTON-HILLARY", "STEINBERG, JAMES B.": "STEINBERG-JAMES-B", "ZANU-PF": "ZANU-PF", "AU-1": "AU-1"} {
		if got := Key(tag); got != want {
			t.Errorf("Key(%q) = %q, want %q", tag, got, want)
		}
	}
}

// FuzzParse checks that the tags Parse finds stand where it says.
func FuzzParse(f *testing.F) {
	f.Add("KCRM KWMN ASEC PHUMBA")
	f.Add("OVIP (STEINBERG, JAMES B.), PREL, MNUC, ECON, SN, CH, ")
	f.Add("prel, pgov, pins, tu Subject: turkish")
	f.Fuzz(func(t *testing.T, line string) {
		end := 0
		seen := map[string]bool{}
		for _, found := range Parse(line) {
			if found.Start < end || found.End <= found.Start || found.End > len(line) {
				t.Fatalf("%+v after %d in %d bytes", found, end, len(line))
			}
			if k := Key(found.Tag); seen[found.Tag] || k == "" || strings.ContainsAny(k, "/\\.\x00") {
				t.Fatalf("tag %q", found.Tag)
			}
			seen[found.Tag] = true
			end = found.End
		}
	})
}
