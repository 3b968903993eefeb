package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"cablesite/generator/internal/testcorpus"
)

// changedIDs returns the IDs that the first page of the changes of a
// release lists (all of them, when it has fewer than fifty).
func changedIDs(t *testing.T, out, label string) []string {
	t.Helper()
	var ids []string
	open(t, out, "changes/"+label+"_0.html").Find("table.cables td.id a").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, s.Text())
	})
	slices.Sort(ids)
	return ids
}

// TestReleasesCorpus builds the December 2010 and April 2011 builds of the
// original site as two releases: the cables whose text or metadata differ
// between them, the layout aside, are those of the golden file
// testdata/releases/changed-2011-04.txt (36: of the 42 whose text differs
// at all, 6 differ in their spaces and line breaks only), each with its
// history; every cable says which release it first appeared in.
func TestReleasesCorpus(t *testing.T) {
	testcorpus.RequireFull(t)
	dec := testcorpus.Unpacked(t, "cablegate-2010-12.tar.xz")
	apr := testcorpus.Unpacked(t, "cablegate-html.tar.xz")
	cfg := config(t)
	cfg.Releases = []Release{{Label: "2010-12", Inputs: []string{dec}}, {Label: "2011-04", Inputs: []string{apr}}}
	rep := mustBuild(t, cfg)
	got := changedIDs(t, cfg.Out, "2011-04")
	golden := filepath.Join("testdata", "releases", "changed-2011-04.txt")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644)
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Fields(string(data)); !slices.Equal(got, want) {
		t.Errorf("changed in 2011-04: %d cables %q, want %d %q", len(got), got, len(want), want)
	}
	t.Logf("%d cables, %d changed in 2011-04", rep.Cables, len(got))

	// A change of the text: words removed and added.
	doc := open(t, cfg.Out, "cable/2010/02/10ISLAMABAD428.html")
	h := doc.Find("section.history")
	if h.Find("h2").Text() != "History" || h.Find("h3").Length() != 1 || h.Find("p.diff del").Length() == 0 || h.Find("p.diff ins").Length() == 0 {
		t.Errorf("10ISLAMABAD428: history %q", h.Text())
	}
	if r := doc.Find("p.releases").Text(); !strings.Contains(r, "since release 2010-12") || !strings.Contains(r, "last changed in release 2011-04") {
		t.Errorf("10ISLAMABAD428: releases %q", r)
	}
	// A change of the tags.
	doc = open(t, cfg.Out, "cable/2005/07/05SOFIA1207.html")
	if dt := doc.Find("section.history dl.changed dt").Text(); dt != "Tags" {
		t.Errorf("05SOFIA1207: changed %q", dt)
	}
	// A cable of the April build only, and one that did not change.
	if r := open(t, cfg.Out, "cable/1973/04/73TEHRAN2077.html").Find("p.releases").Text(); r != "In this archive since release 2011-04." {
		t.Errorf("73TEHRAN2077: %q", r)
	}
	doc = open(t, cfg.Out, "cable/2010/02/10ABUDHABI69.html")
	if r := doc.Find("p.releases").Text(); r != "In this archive since release 2010-12." || doc.Find("section.history").Length() != 0 {
		t.Errorf("10ABUDHABI69: %q, with a history: %v", r, doc.Find("section.history").Length() != 0)
	}
	if n := open(t, cfg.Out, "changes/index.html").Find("ul.facets a").Length(); n != 1 {
		t.Errorf("changes/index.html lists %d releases", n)
	}
}

// TestReleases builds two small releases of plain-text cables: one that
// stays, one whose text changes, one whose subject changes, one new in the
// second release and one that the second release no longer has; then
// builds again with nothing changed.
func TestReleases(t *testing.T) {
	seed, err := os.ReadFile(testcorpus.Path(t, "samples", "seed", "10BEIJING326.txt"))
	if err != nil {
		t.Fatal(err)
	}
	one, two := t.TempDir(), t.TempDir()
	write := func(dir, id, from, to string) {
		text := strings.ReplaceAll(string(seed), "10BEIJING326", id)
		if from == "" {
			from = to
		}
		text = strings.ReplaceAll(text, from, to)
		if err := os.WriteFile(filepath.Join(dir, id+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(one, "10BEIJING326", "", "")
	write(two, "10BEIJING326", "", "")
	write(one, "10BEIJING327", "", "")
	write(two, "10BEIJING327", "approximately 10,000 women", "approximately 20,000 women")
	write(one, "10BEIJING328", "", "")
	write(two, "10BEIJING328", "IOM DEEMS CHINA", "IOM FINDS CHINA")
	write(two, "10BEIJING329", "", "")
	write(one, "10BEIJING330", "", "")
	cfg := config(t)
	cfg.Releases = []Release{{Label: "r1", Inputs: []string{one}}, {Label: "r2", Inputs: []string{two}}}
	rep := mustBuild(t, cfg)
	if got := changedIDs(t, cfg.Out, "r2"); !slices.Equal(got, []string{"10BEIJING327", "10BEIJING328"}) {
		t.Errorf("changed in r2: %q", got)
	}
	if !slices.ContainsFunc(rep.Notes, func(n string) bool {
		return strings.Contains(n, "1 cables of earlier releases are not in the newest") && strings.Contains(n, "10BEIJING330")
	}) {
		t.Errorf("notes %q", rep.Notes)
	}
	doc := open(t, cfg.Out, "cable/2010/02/10BEIJING327.html")
	if del, ins := doc.Find("p.diff del").Text(), doc.Find("p.diff ins").Text(); !strings.Contains(del, "10,000") || !strings.Contains(ins, "20,000") {
		t.Errorf("10BEIJING327: removed %q, added %q", del, ins)
	}
	doc = open(t, cfg.Out, "cable/2010/02/10BEIJING328.html")
	if dd := doc.Find("dl.changed dd").Text(); !strings.Contains(dd, "IOM DEEMS CHINA") || !strings.Contains(dd, "IOM FINDS CHINA") {
		t.Errorf("10BEIJING328: %q", dd)
	}
	if r := open(t, cfg.Out, "cable/2010/02/10BEIJING329.html").Find("p.releases").Text(); r != "In this archive since release r2." {
		t.Errorf("10BEIJING329: %q", r)
	}
	if n := open(t, cfg.Out, "index.html").Find(`a[href="changes/index.html"]`).Length(); n == 0 {
		t.Error("the home page does not link the changes")
	}
	rep = mustBuild(t, cfg)
	if rep.Mode != "unchanged" {
		t.Errorf("a second build: %s", rep.Mode)
	}
	// A third release changes the text back: it changed in both.
	three := t.TempDir()
	for _, id := range []string{"10BEIJING326", "10BEIJING327", "10BEIJING328", "10BEIJING329"} {
		write(three, id, "", "")
	}
	cfg.Releases = append(cfg.Releases, Release{Label: "r3", Inputs: []string{three}})
	mustBuild(t, cfg)
	if n := open(t, cfg.Out, "cable/2010/02/10BEIJING327.html").Find("section.history h3").Length(); n != 2 {
		t.Errorf("10BEIJING327 after three releases: %d changes", n)
	}
	if got := changedIDs(t, cfg.Out, "r3"); !slices.Equal(got, []string{"10BEIJING327", "10BEIJING328"}) {
		t.Errorf("changed in r3: %q", got)
	}
}
