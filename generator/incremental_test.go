package generator

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/linkcheck"
	"cablesite/generator/publish"
	"cablesite/generator/render"
	"cablesite/generator/search"
	"cablesite/generator/search/check"
)

// copyDir copies the files of src into a new folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkLinks(t *testing.T, dir string) {
	t.Helper()
	res, err := linkcheck.Check(context.Background(), dir, linkcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Errorf("broken: %s", p)
	}
}

// TestRebuild checks that a rebuild writes only the pages that show what
// changed, and that the site it leaves is the one a full build writes.
func TestRebuild(t *testing.T) {
	in := copyDir(t, sample(t))
	cfg := config(t, in)
	rep := mustBuild(t, cfg)
	if rep.Mode != "full" || rep.Reused != 0 {
		t.Fatalf("first build: mode %s, reused %d", rep.Mode, rep.Reused)
	}
	if _, err := os.Stat(publish.StateFile(cfg.Out)); err != nil {
		t.Fatalf("no state beside the site: %v", err)
	}

	// Nothing changed: nothing is parsed or written. (The record that
	// another replaced is read again: the state keeps those in the site.)
	rep = mustBuild(t, cfg)
	if rep.Mode != "unchanged" || rep.Written != 0 || rep.Reused != rep.Read-len(rep.Duplicates) {
		t.Errorf("unchanged rebuild: mode %s, written %d, reused %d of %d", rep.Mode, rep.Written, rep.Reused, rep.Read)
	}

	// The text of one cable changed, not its subject: only its page.
	seed := filepath.Join(in, "txt", "10BEIJING326.txt")
	edit(t, seed, "approximately 10,000 women and children", "approximately 20,000 women and children")
	rep = mustBuild(t, cfg)
	if rep.Mode != "update" || rep.Reused != rep.Read-1-len(rep.Duplicates) {
		t.Errorf("one text changed: mode %s, written %d, reused %d of %d", rep.Mode, rep.Written, rep.Reused, rep.Read)
	}
	// Its page, its file in the search index, the shards of the two words
	// that changed ("10" is in fewer cables, "20" in more) with their
	// vocabulary files, and the feed, which shows the cable's summary.
	checkWritten(t, rep, "cable/2010/02/10BEIJING326.html", "search/d/", "search/t/", "search/v/", "feed.xml")
	if rep.Written > 7 {
		t.Errorf("one text changed: %d files written: %q", rep.Written, rep.Changed)
	}
	page, _ := os.ReadFile(filepath.Join(cfg.Out, "cable/2010/02/10BEIJING326.html"))
	if !strings.Contains(string(page), "approximately 20,000 women") {
		t.Error("the changed cable's page was not rewritten")
	}

	// Its subject changed: its page and every list that shows it.
	edit(t, seed, "SUBJECT: IOM DEEMS CHINA", "SUBJECT: IOM FINDS CHINA")
	rep = mustBuild(t, cfg)
	// Its page; the first pages of its release day, creation month,
	// origin, classification and four tags.
	if rep.Mode != "update" || rep.Written > 9+6 {
		t.Errorf("one subject changed: mode %s, written %d, want 9 pages and a few files of the index: %q", rep.Mode, rep.Written, rep.Changed)
	}
	checkWritten(t, rep, "cable/2010/02/10BEIJING326.html", "tag/KTIP_0.html", "search/d/", "search/t/", "search/v/")
	tagPage, _ := os.ReadFile(filepath.Join(cfg.Out, "tag/KTIP_0.html"))
	if !strings.Contains(string(tagPage), "IOM FINDS CHINA") {
		t.Error("a tag page still shows the old subject")
	}

	rebuildRemovals(t, cfg, in, seed)

	// The updated site is the one a full build writes.
	full := cfg
	full.Out = filepath.Join(t.TempDir(), "public")
	mustBuild(t, full)
	compareSites(t, cfg.Out, full.Out)
	compareIndexes(t, cfg.Out, full.Out)

	// Another template: every page again.
	changed := cfg
	changed.Templates = render.Overlay(fstest.MapFS{"notfound.html": {Data: []byte(`{{define "content"}}<h1>Lost</h1>{{end}}`)}}, cfg.Templates)
	if rep = mustBuild(t, changed); rep.Mode != "full" {
		t.Errorf("new templates: mode %s", rep.Mode)
	}
}

// rebuildRemovals goes on with the rebuilds of TestRebuild: a cable
// removed, a page deleted by hand, and a cable's page deleted by hand while
// another cable of its file of the index changed.
func rebuildRemovals(t *testing.T, cfg Config, in, seed string) {
	t.Helper()
	// A cable removed: its page goes, and the lists that showed it change.
	if err := os.Remove(filepath.Join(in, "txt", "01HAVANA4690.txt")); err != nil {
		t.Fatal(err)
	}
	rep := mustBuild(t, cfg)
	if rep.Mode != "update" || rep.Removed == 0 {
		t.Errorf("one cable removed: mode %s, removed %d", rep.Mode, rep.Removed)
	}
	if _, err := os.Stat(filepath.Join(cfg.Out, "cable/2001/12/01HAVANA4690.html")); err == nil {
		t.Error("the removed cable's page is still there")
	}
	checkLinks(t, cfg.Out)

	// A page deleted by hand is written again.
	os.Remove(filepath.Join(cfg.Out, "origin/embassy-beijing_0.html"))
	if rep = mustBuild(t, cfg); rep.Written != 1 {
		t.Errorf("a missing page: written %d", rep.Written)
	}

	// A cable's page deleted by hand while another cable of its file of
	// the index changed: the index still knows what the page held, and
	// the page is written again.
	var mate *refDoc
	docs := readIndexDocs(t, cfg.Out)
	for i := range docs {
		if docs[i].doc.ID == "10BEIJING326" {
			for j := range docs {
				if j != i && docs[j].n/search.GroupSize == docs[i].n/search.GroupSize {
					mate = &docs[j]
				}
			}
		}
	}
	if mate == nil {
		t.Fatal("10BEIJING326 shares its file of the index with no cable")
	}
	os.Remove(filepath.Join(cfg.Out, filepath.FromSlash(mate.doc.URL)))
	edit(t, seed, "approximately 20,000 women and children", "approximately 30,000 women and children")
	rep = mustBuild(t, cfg)
	checkWritten(t, rep, mate.doc.URL, "cable/2010/02/10BEIJING326.html", "search/t/")

}

// compareSites fails when two sites differ but for their marker.
func compareSites(t *testing.T, a, b string) {
	t.Helper()
	fa, err := publish.Files(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := publish.Files(b)
	if err != nil {
		t.Fatal(err)
	}
	count := func(fs map[string]bool) (n int) {
		for f := range fs {
			if !strings.HasPrefix(f, "search/") {
				n++
			}
		}
		return n
	}
	if count(fa) != count(fb) {
		t.Errorf("%d pages against %d", count(fa), count(fb))
	}
	for f := range fa {
		if strings.HasPrefix(f, "search/") {
			continue // numbered otherwise: see compareIndexes
		}
		da, _ := os.ReadFile(filepath.Join(a, f))
		db, err := os.ReadFile(filepath.Join(b, f))
		if err != nil || string(da) != string(db) {
			t.Errorf("%s differs", f)
		}
	}
}

// compareIndexes fails when two sites' search indexes list other cables
// for a term, or other words.
func compareIndexes(t *testing.T, a, b string) {
	t.Helper()
	la, err := check.Read(a)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := check.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(la.Terms) != len(lb.Terms) || len(la.Vocab) != len(lb.Vocab) {
		t.Errorf("indexes of %d terms and %d words against %d and %d", len(la.Terms), len(la.Vocab), len(lb.Terms), len(lb.Vocab))
	}
	for k, ids := range la.Terms {
		if !slices.Equal(ids, lb.Terms[k]) {
			t.Errorf("term %x: %v against %v", uint64(k), ids, lb.Terms[k])
		}
	}
	for w, n := range la.Vocab {
		if lb.Vocab[w] != n {
			t.Errorf("word %s: %d cables against %d", w, n, lb.Vocab[w])
		}
	}
}

// checkWritten fails unless a rebuild wrote each of the given paths (or a
// path under each folder ending in /).
func checkWritten(t *testing.T, rep *Report, paths ...string) {
	t.Helper()
	for _, p := range paths {
		found := false
		for _, c := range rep.Changed {
			if c == p || strings.HasSuffix(p, "/") && strings.HasPrefix(c, p) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s was not written: %q", p, rep.Changed)
		}
	}
}

// TestRebuildAfterForeignChange checks that a state is not trusted for a
// site that another build replaced.
func TestRebuildAfterForeignChange(t *testing.T) {
	cfg := config(t, testcorpus.Path(t, "samples"))
	mustBuild(t, cfg)
	os.WriteFile(filepath.Join(cfg.Out, publish.Marker), []byte("build someone-else\n"), 0o644)
	if rep := mustBuild(t, cfg); rep.Mode != "full" || rep.Reused != 0 {
		t.Errorf("after the marker changed: mode %s, reused %d", rep.Mode, rep.Reused)
	}
	cfg.Full = true
	if rep := mustBuild(t, cfg); rep.Mode != "full" {
		t.Errorf("-full: mode %s", rep.Mode)
	}
}
