package cabletext_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/source"
)

// FuzzAnalyze checks that any text gives a Doc whose spans lie inside the
// text, in order, without overlap, and whose anchors are unique, and whose
// subject is one line of the text's words.
func FuzzAnalyze(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(testcorpus.ModuleRoot(f), "content", "cables", "html", "cable", "2009", "*", "*.html"))
	for _, file := range files[:min(len(files), 40)] {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		c, err := source.ParseHTML(file, data, source.Options{})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(c.Text)
	}
	f.Add("REF: A. 99 PRETORIA 12315 B. ¶C. 00 CAPE TOWN 2150\nTAGS PREL, PGOV\n¶1.(C) x\n")
	f.Add("SUBJECT: AU SUMMIT: A/S CARSON'S MEETING WITH SOMALI PRESIDENT SHEIKH SHARIF \nTEST 00000001 001.2 OF 002 CLASSIFIED BY: G. REASON: 1.4 (b) 1. (C) Summary: x 2.(S/NF) y")
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
		for _, w := range strings.Fields(d.Subject) {
			if !strings.Contains(text, w) {
				t.Fatalf("subject %q has %q, which the text has not", d.Subject, w)
			}
		}
		for _, id := range d.IDs() {
			if cable.ValidateID(id) != nil {
				t.Fatalf("reference %q is no valid ID", id)
			}
		}
	})
}
