package cabletext

import (
	"strings"
	"testing"
)

// reading is what the reader gives for a line of a table checked by hand
// (got), beside what an archivist reads in it (want) and, for a known miss,
// what the reader gave when the miss was marked.
type reading struct{ id, text, got, want, miss string }

// handCase is a line of a table checked by hand: the text of a real cable,
// named by its ID, what an archivist reads in it, and, for a known miss,
// what the reader gives instead.
type handCase struct{ id, text, want, miss string }

// checkCases reads the text of each case (with read, from its Doc) and
// checks the readings (see checkReadings).
func checkCases(t *testing.T, what string, cases []handCase, read func(*Doc) string) {
	t.Helper()
	var rs []reading
	for _, c := range cases {
		rs = append(rs, reading{c.id, c.text, read(analyzeID(c.id, c.text)), c.want, c.miss})
	}
	checkReadings(t, what, rs)
}

// checkReadings checks the readings of the table of what ("REF",
// "TAGS", "SUBJECT" lines): each as the archivist reads it, or, for a known
// miss, as marked; a miss read right now fails too, so that its mark goes.
func checkReadings(t *testing.T, what string, readings []reading) {
	t.Helper()
	misses := 0
	for _, r := range readings {
		switch {
		case r.miss != "" && r.got == r.want:
			t.Errorf("%s: now read right; drop the known miss", r.id)
		case r.miss != "":
			misses++
			if r.got != r.miss {
				t.Errorf("%s: known miss reads %q, was %q (want %q)", r.id, r.got, r.miss, r.want)
			}
		case r.got != r.want:
			t.Errorf("%s: %s %q, want %q\n%s", r.id, what, r.got, r.want, r.text)
		}
	}
	t.Logf("%d %s lines, %d known misses", len(readings), what, misses)
}

// refsRead returns the references of d as the tables write them: the
// reference IDs, and the text of what cites no cable, joined by sep.
func refsRead(d *Doc, sep string) string {
	var got []string
	for _, r := range d.References {
		if r.ID != "" {
			got = append(got, r.ID)
		} else {
			got = append(got, r.Text)
		}
	}
	return strings.Join(got, sep)
}
