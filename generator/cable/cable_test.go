package cable

import (
	"strings"
	"testing"
)

func TestValidateID(t *testing.T) {
	for _, id := range []string{
		"10BEIJING326", "66BUENOSAIRES2481", "08ECTION01OF02MANAMA492", "08SCTION02OF02SAOPAULO335",
		"06ASTANA", "7575LIBREVILLE1895", "90STATE255195TOSEC140301",
	} {
		if err := ValidateID(id); err != nil {
			t.Errorf("ValidateID(%q) = %v, want nil (an ID of the archive)", id, err)
		}
	}
	for id, want := range map[string]string{
		"":                             "empty",
		"10BEIJING/326":                "'/'",
		"../10BEIJING326":              "two digits",
		"10..":                         "'.'",
		"10BEIJING326\x00":             "'\\x00'",
		"10beijing326":                 "'b'",
		"1234":                         "names no origin",
		"10" + strings.Repeat("A", 70): "longer than",
	} {
		err := ValidateID(id)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateID(%q) = %v, want an error with %q", id, err, want)
		}
	}
}

func TestPath(t *testing.T) {
	created, _ := ParseTime("2010-02-08 07:11")
	if got := Path("10BEIJING326", created); got != "cable/2010/02/10BEIJING326.html" {
		t.Errorf("Path = %q", got)
	}
}

func TestTime(t *testing.T) {
	tm, err := ParseTime("2010-02-08 07:11")
	if err != nil || tm.String() != "2010-02-08 07:11" || tm.Date() != "2010-02-08" || tm.Month() != "2010-02" {
		t.Errorf("ParseTime: %v %v", tm, err)
	}
	if TimeFromUnix(tm.Unix()) != tm {
		t.Errorf("TimeFromUnix(Unix) = %v", TimeFromUnix(tm.Unix()))
	}
	if z, err := ParseTime(""); err != nil || !z.IsZero() || z.String() != "" {
		t.Errorf("ParseTime(\"\") = %v, %v", z, err)
	}
	if _, err := ParseTime("08/02/2010"); err == nil {
		t.Error("ParseTime accepted 08/02/2010")
	}
}

func TestSlug(t *testing.T) {
	for name, want := range map[string]string{
		"Embassy Beijing":                     "embassy-beijing",
		"UNCLASSIFIED//FOR OFFICIAL USE ONLY": "unclassified-for-official-use-only",
		"US Delegation, Secretary":            "us-delegation-secretary",
		"American Institute Taiwan, Taipei":   "american-institute-taiwan-taipei",
		"../..":                               "",
	} {
		if got := Slug(name); got != want {
			t.Errorf("Slug(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCanonical(t *testing.T) {
	for id, want := range map[string]string{
		"08ECTION01OF02MANAMA492":   "08MANAMA492",
		"08SCTION02OF02SAOPAULO335": "08SAOPAULO335",
		"08SECTION01F03BEIRUT1568":  "08BEIRUT1568",
		"09SECTION0QF05HANOI297":    "09HANOI297",
		"06SECTIKN01OF03MINSK1223":  "06MINSK1223",
		"07SECTION02OF03EIJING483":  "07BEIJING483",
		"09SECTION02OF03QRIPOLI583": "09TRIPOLI583",
		"10BEIJING326":              "",
		"06ASTANA":                  "",
		"90STATE255195TOSEC140301":  "",
	} {
		if got := Canonical(id); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", id, got, want)
		}
	}
	if !KnownOrigin("BEIJING") || KnownOrigin("EIJING") {
		t.Error("KnownOrigin")
	}
}

func TestOneEdit(t *testing.T) {
	for _, tc := range []struct {
		word, want string
		edit       Edit
	}{
		{"ISLAMABD", "ISLAMABAD", Dropped}, {"KWWMN", "KWMN", Added}, {"PARSI", "PARIS", Swapped},
		{"MRCRE", "MTCRE", Changed}, {"PARIS", "PARIS", NoEdit}, {"PARSIS", "PARIS", Added},
		{"LIMA", "ROME", NoEdit}, {"AB", "BA", Swapped}, {"", "A", Dropped}, {"A", "", Added},
		{"EIJING", "BEIJING", Dropped}, {"ABCD", "BADC", NoEdit},
	} {
		if got := OneEdit(tc.word, tc.want); got != tc.edit {
			t.Errorf("OneEdit(%q, %q) = %d, want %d", tc.word, tc.want, got, tc.edit)
		}
	}
}
