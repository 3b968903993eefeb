package cabletext_test

import (
	"html"
	"strings"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
)

// FuzzAnalyze checks that any text gives a Doc whose spans lie inside the
// text, in order, without overlap, and whose anchors are unique, and whose
// subject is one line of the text's words.
func FuzzAnalyze(f *testing.F) {
	for _, text := range cabletext.SampleTexts(f, 40) {
		f.Add(text)
	}
	f.Add("REF: A. 99 PRETORIA 12315 B. ¶C. 00 CAPE TOWN 2150\nTAGS PREL, PGOV\n¶1.(C) x\n")
	f.Add("SUBJECT: AU SUMMIT: A/S CARSON'S MEETING WITH SOMALI PRESIDENT SHEIKH SHARIF \nTEST 00000001 001.2 OF 002 CLASSIFIED BY: G. REASON: 1.4 (b) 1. (C) Summary: x 2.(S/NF) y")
	// Forms of the hand-checked tables (tags_corpus_test.go,
	// subject_corpus_test.go, refs_corpus_test.go).
	f.Add("E.O. 12958: DECL: 08/22/2017 AGS: PGOV, PREL\nTags: ovip (steinberg, james b.), prel, econ,\netra, mnuc\nSUBJECT: COUNTER-\nTERRORISM&#8217;S \"\"GOLD\"\" TALKS\nREF: A) STATE 123 AND 456 B. 0TTAWA 44 (07) C. PARSI 12 D. LIMA 00000123 002 OF 004\n\n1. (C) x")
	f.Add("UBJECT: BAHRAIN WILL REQUEST QATAR TO EXECUTE JUDGMENT REF: A. A) MANAMA 20 \nB. B) 2/22/08 GRAY-ERELI E-MAIL \n\nClassified By")
	created, _ := cable.ParseTime("2009-06-01 10:00")
	f.Fuzz(func(t *testing.T, text string) {
		d := cabletext.Analyze(&cable.Cable{ID: "09TEST1", Created: created, Text: text})
		ids := map[string]bool{}
		end := 0
		for _, p := range d.Paragraphs {
			if p.Start < end || p.End < p.Start || p.End > len(text) {
				t.Fatalf("paragraph %s spans [%d,%d) after %d in %d bytes", p.ID, p.Start, p.End, end, len(text))
			}
			if ids[p.ID] {
				t.Fatalf("anchor %s twice", p.ID)
			}
			ids[p.ID] = true
			end = p.End
		}
		end = 0
		for _, l := range d.Links {
			if l.Start < end || l.End <= l.Start || l.End > len(text) {
				t.Fatalf("link %+v after %d in %d bytes", l, end, len(text))
			}
			end = l.End
		}
		if s := d.Subject; s != strings.Join(strings.Fields(s), " ") {
			t.Fatalf("subject %q is not one line of words", s)
		}
		// The subject's words are the text's, once its character
		// references are decoded and doubled quotes undone; a word broken
		// after a hyphen at a line's end is read joined.
		plain := html.UnescapeString(strings.ReplaceAll(text, `""`, `"`))
		for _, w := range strings.Fields(d.Subject) {
			for _, part := range strings.Split(w, "-") {
				if !strings.Contains(plain, part) {
					t.Fatalf("subject %q has %q, which the text has not", d.Subject, w)
				}
			}
		}
		for _, id := range d.IDs() {
			if cable.ValidateID(id) != nil {
				t.Fatalf("reference %q is no valid ID", id)
			}
		}
	})
}
