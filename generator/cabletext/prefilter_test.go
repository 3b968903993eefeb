package cabletext

import (
	"slices"
	"strings"
	"testing"
)

// FuzzPrefilters checks that the quick looks before two regular expressions
// (mayBeHeadingLine, findMidRefEnd) never skip a match: isHeadingLine and
// findMidRefEnd answer as the expressions alone do; and that appendFields
// folds spaces as strings.Fields does. It is seeded with the lines of the
// sample's cables of 2009.
func FuzzPrefilters(f *testing.F) {
	for _, text := range SampleTexts(f, 10) {
		lines := strings.Split(text, "\n")
		for _, l := range lines[:min(len(lines), 30)] {
			f.Add(l)
		}
	}
	for _, s := range []string{
		"TUESDAY, 03 JULY 2001, 12:03", "BEIJING 000326", "R 021443Z FEB 10", "---------------", "STATE 12345 1 OF 2",
		"REF: A. STATE 123 B. BEIJING 456 Classified By: Ambassador", "REF: STATE 1 1. (C) Summary: x", "REF: X 2. Per our talk ",
		"Sensitive but unclassified", "ſummary:", "Saturday, 4", "1.", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := len(s) <= 80 && headingLine.MatchString(strings.ToUpper(s))
		if got := len(s) <= 80 && mayBeHeadingLine(s) && headingLine.MatchString(strings.ToUpper(s)); got != want {
			t.Errorf("heading line %q: %v with the quick look, %v without", s, got, want)
		}
		if got, want := findMidRefEnd(s), midRefEnd.FindStringIndex(s); !slices.Equal(got, want) {
			t.Errorf("end of a REF block in %q: %v with the quick look, %v without", s, got, want)
		}
		var b strings.Builder
		b.WriteString("x")
		appendFields(&b, s)
		if got, want := b.String(), strings.Join(append([]string{"x"}, strings.Fields(s)...), " "); got != want {
			t.Errorf("fields of %q: %q, want %q", s, got, want)
		}
	})
}
