package plan

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/page"
	"cablesite/generator/publish"
	"cablesite/generator/state"
)

// archive makes an index of three cables in memory, and of 60 more of
// other origins, months and tags; subject is the subject of the first.
func archive(subject string) *index.Archive {
	a := index.New()
	for i := range 60 {
		created := cable.NewTime(2000+i%8, time.Month(1+i%12), 1+i%28, 0, 0)
		a.Add(&cable.Cable{ID: fmt.Sprintf("0%dPARIS%d", i%8, 100+i), Created: created, Classification: "UNCLASSIFIED", Origin: fmt.Sprintf("Embassy %c", 'A'+i%20),
			Source: cable.Location{File: "in.csv", Line: 100 + i}}, "FILLER", []string{fmt.Sprintf("T%d", i%30)}, nil, [16]byte{byte(100 + i)})
	}
	for i, c := range []struct{ id, created, class, origin, subject string }{
		{"10BEIJING1", "2010-02-08 07:11", "SECRET", "Embassy Beijing", subject},
		{"10BEIJING2", "2010-02-09 07:11", "SECRET", "Embassy Beijing", "TWO"},
		{"09ROME3", "2009-05-01 10:00", "CONFIDENTIAL", "Embassy Rome", "THREE"},
	} {
		created, _ := cable.ParseTime(c.created)
		released, _ := cable.ParseTime("2011-08-30 01:44")
		a.Add(&cable.Cable{ID: c.id, Created: created, Released: released, Classification: c.class, Origin: c.origin,
			Source: cable.Location{File: "in.csv", Line: i + 1}}, c.subject, []string{"PGOV"}, nil, [16]byte{byte(i)})
	}
	a.Finish()
	return a
}

func content(t *testing.T) *page.Content {
	c, err := page.LoadContent(page.Settings{
		Name: "Test", Total: 3, Search: true,
		Assets: fstest.MapFS{"style.css": {Data: []byte("a{}")}, "site.js": {Data: []byte("1")}, "search.js": {Data: []byte("2")}},
		Pages:  fstest.MapFS{"about.md": {Data: []byte("# About\n\nText.\n")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMake plans a site of three cables from memory: every file, each at
// its path, with a key that changes only for the files that show what
// changed.
func TestMake(t *testing.T) {
	c := content(t)
	first, err := Make(context.Background(), Input{Archive: archive("ONE"), Content: c, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if first.Mode != ModeFull || !first.KeysLater || len(first.Write) != len(first.Jobs) {
		t.Errorf("a first plan: mode %s, keys later %v, %d of %d to write", first.Mode, first.KeysLater, len(first.Write), len(first.Jobs))
	}
	kinds := map[Kind]int{}
	paths := map[string]bool{}
	for i := range first.Jobs {
		j := &first.Jobs[i]
		kinds[j.Kind]++
		paths[first.Path(j)] = true
		_, data := first.Page(j)
		first.SetKey(j, data)
	}
	for k, want := range map[Kind]int{Cable: 63, DocGroup: 8, Home: 1, Markdown: 1, Search: 1, NotFound: 1, Redirects: 1, Asset: 3, Directory: 5} {
		if kinds[k] != want {
			t.Errorf("%d jobs of kind %d, want %d", kinds[k], k, want)
		}
	}
	for _, p := range []string{"cable/2010/02/10BEIJING1.html", "origin/embassy-beijing_0.html", "tag/PGOV_0.html", "about.html", "search/d/0/0.js", "origin/132_0.html"} {
		if !paths[p] {
			t.Errorf("no file at %s", p)
		}
	}
	// The published site, and its state, as the first build left them.
	prev := &state.State{Pages: map[state.Key]state.Key{}}
	var live []string
	for _, j := range first.Jobs {
		prev.Pages[j.PathKey] = j.Key
		live = append(live, first.Path(&j))
	}
	for _, f := range first.Index.IndexPaths() {
		prev.Pages[state.PathKey(f)] = state.Key{1}
		live = append(live, f)
	}
	prev.Search, _ = first.Index.St.MarshalBinary()
	for i := range archive("ONE").Entries {
		e := &first.Builder.Archive().Entries[i]
		prev.Numbers = append(prev.Numbers, state.Ord{ID: e.ID, Ord: first.Index.Ords[i]})
	}
	// The subject of the first cable changes: its page, the lists that
	// show it and its file of the index are written again, nothing else.
	next, err := Make(context.Background(), Input{Archive: archive("UNO"), Content: c, Previous: prev, Live: publish.ListingOf(live), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var written []string
	for i := range next.Write {
		written = append(written, next.Path(&next.Write[i]))
	}
	if next.Mode != ModeUpdate || next.KeysLater {
		t.Fatalf("mode %s, keys later %v", next.Mode, next.KeysLater)
	}
	want := map[string]bool{"cable/2010/02/10BEIJING1.html": true, "search/d/0/0.js": true, "index.html": true, "feed.xml": true}
	for _, p := range written {
		if !want[p] && !isListOrDir(p) {
			t.Errorf("%s written again", p)
		}
	}
	t.Logf("written: %q", written)
	if !contains(written, "cable/2010/02/10BEIJING1.html") || contains(written, "cable/2010/02/10BEIJING2.html") || contains(written, "about.html") {
		t.Errorf("written: %q", written)
	}
	// A file of the published site that the site no longer has goes.
	next, _ = Make(context.Background(), Input{Archive: archive("ONE"), Content: c, Previous: prev, Live: publish.ListingOf(append(live, "old.html")), Workers: 2})
	if next.Mode != ModeUpdate || len(next.Remove) != 1 || next.Remove[0] != "old.html" {
		t.Errorf("mode %s, remove %q", next.Mode, next.Remove)
	}
}

func isListOrDir(p string) bool {
	for _, dir := range []string{"reldate/", "date/", "origin/", "tag/", "classification/"} {
		if len(p) > len(dir) && p[:len(dir)] == dir {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSitemapSplit plans a site of 120,000 cables with a base URL: the
// sitemap is split into files of at most 50,000 URLs, which together list
// every cable once, and the sitemap index names each file.
func TestSitemapSplit(t *testing.T) {
	a := index.New()
	const n = 120000
	for i := range n {
		created := cable.NewTime(1990+i%20, time.Month(1+i%12), 1+i%28, 0, 0)
		a.Add(&cable.Cable{ID: fmt.Sprintf("%02dPARIS%d", (90+i%20)%100, i), Created: created, Classification: "SECRET", Origin: "Embassy Paris"}, "S", nil, nil, [16]byte{})
	}
	a.Finish()
	c, err := page.LoadContent(page.Settings{
		Name: "Test", Total: n, BaseURL: "https://example.org/",
		Assets: fstest.MapFS{"style.css": {Data: []byte("a{}")}, "site.js": {Data: []byte("1")}, "search.js": {Data: []byte("2")}},
		Pages:  fstest.MapFS{},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Make(context.Background(), Input{Archive: a, Content: c, NoSearch: true, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	files, named := 0, 0
	for i := range p.Jobs {
		j := &p.Jobs[i]
		switch _, data := p.Page(j); d := data.(type) {
		case *page.Sitemap:
			files++
			if len(d.URLs) > page.SitemapURLs {
				t.Errorf("%s lists %d URLs", p.Path(j), len(d.URLs))
			}
			for _, u := range d.URLs {
				seen[u.Loc]++
			}
		case *page.SitemapIndex:
			named = len(d.Sitemaps)
		}
	}
	if want := (len(p.Sitemap) + page.SitemapURLs - 1) / page.SitemapURLs; files != want || named != want || files < 3 {
		t.Errorf("%d sitemap files, %d named in the index, want %d", files, named, want)
	}
	for i := range a.Entries {
		if u := "https://example.org/" + a.Entries[i].Path(); seen[u] != 1 {
			t.Fatalf("%s is listed %d times", u, seen[u])
		}
	}
}

// TestListKey checks that the key of every page of every list, as the
// plan derives it from its rows' keys, is the key of the page's data.
func TestListKey(t *testing.T) {
	a := archive("ONE")
	b := page.NewBuilder(a, content(t).Site)
	n := 0
	for _, k := range a.Kinds() {
		for _, f := range a.Facets(k) {
			for pg := 0; pg < f.Pages(); pg++ {
				if got, want := b.ListKey(f, pg), page.Key(b.List(f, pg)); got != want {
					t.Errorf("%s: ListKey %x, Key(List) %x", f.PagePath(pg), got, want)
				}
				n++
			}
		}
	}
	if n < 50 {
		t.Errorf("%d list pages, want more", n)
	}
}
