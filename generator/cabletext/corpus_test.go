package cabletext_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"cablesite/generator/cabletext"
	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/source"
)

var siteAnchor = regexp.MustCompile(`<a id='(par[^']*)' href='#par[^']*'>¶</a>`)

// TestCorpusAnchors checks that every paragraph anchor of the original
// site's pages (#par1, #parB) is an anchor of the same paragraph here, so
// that links posted since 2010 still reach their paragraph.
func TestCorpusAnchors(t *testing.T) {
	dir := testcorpus.Unpacked(t, "cablegate-html.tar.xz")
	files, err := source.Files([]string{filepath.Join(dir, "cable")})
	if err != nil {
		t.Fatal(err)
	}
	anchors, missing, subjects := 0, 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := source.ParseHTML(f, data, source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := cabletext.Analyze(c)
		if d.Subject != "" {
			subjects++
		}
		// The layout of a page comes from AnalyzeLayout: the same but
		// for the subject.
		if l := cabletext.AnalyzeLayout(c); l.Subject != "" || !sameLayout(l, d) {
			t.Errorf("%s: AnalyzeLayout differs from Analyze", f)
		}
		ours := map[string]string{}
		for _, p := range d.Paragraphs {
			ours[p.ID] = c.Text[p.Start:min(p.End, p.Start+12)]
		}
		for _, m := range siteAnchor.FindAllSubmatch(data, -1) {
			anchors++
			if _, ok := ours[string(m[1])]; !ok {
				missing++
				if missing <= 20 {
					t.Errorf("%s: the original anchor #%s is not an anchor here", f, m[1])
				}
			}
		}
	}
	t.Logf("%d original anchors in %d pages, %d missing; %d pages with a subject", anchors, len(files), missing, subjects)
	if anchors < 50000 {
		t.Errorf("only %d anchors found in the corpus", anchors)
	}
	// The corpus notes SUBJECT in 6,502 pages.
	if subjects < 6490 {
		t.Errorf("a subject in %d pages, want about 6,500", subjects)
	}
}

// sameLayout reports whether a and b agree on all but the subject.
func sameLayout(a, b *cabletext.Doc) bool {
	x, y := *a, *b
	x.Subject, y.Subject = "", ""
	return reflect.DeepEqual(x, y)
}
