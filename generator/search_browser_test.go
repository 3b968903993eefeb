package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/render"
	"cablesite/generator/search"
)

// refDoc is a cable of a built index, read back from its file, with its
// words: the reference that the page's answers are checked against.
type refDoc struct {
	n     uint32
	doc   *search.Doc
	spans [][]string // the words of the subject and of each paragraph
	words map[string]bool
}

// readIndexDocs reads the files of the cables of the index in dir.
func readIndexDocs(t *testing.T, dir string) []refDoc {
	t.Helper()
	var docs []refDoc
	root := filepath.Join(dir, "search", "d")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		parts := strings.Split(strings.TrimSuffix(filepath.ToSlash(rel), ".js"), "/")
		hi, _ := strconv.Atoi(parts[0])
		lo, _ := strconv.Atoi(parts[1])
		g := uint32(hi<<9 | lo)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		group, err := search.ParseGroupFile(data, g)
		if err != nil {
			return err
		}
		for i, raw := range group {
			if raw == nil {
				continue
			}
			doc, err := search.ParseDoc(raw)
			if err != nil {
				return err
			}
			page, err := os.Open(filepath.Join(dir, filepath.FromSlash(doc.URL)))
			if err != nil {
				return err
			}
			doc.Blocks, err = render.CableText(page)
			page.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", doc.URL, err)
			}
			r := refDoc{n: g*search.GroupSize + uint32(i), doc: doc, words: map[string]bool{}}
			r.spans = append(r.spans, search.Words(doc.Subject))
			for _, b := range doc.Blocks {
				r.spans = append(r.spans, search.Words(b.Text))
			}
			for _, s := range r.spans {
				for _, w := range s {
					r.words[w] = true
				}
			}
			docs = append(docs, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func (r *refDoc) hasPhrase(ws []string) bool {
	return slices.ContainsFunc(r.spans, func(s []string) bool { return hasSeq(s, ws) })
}

// hasSeq reports whether the words s hold the words ws in a row.
func hasSeq(s, ws []string) bool {
	for i := 0; i+len(ws) <= len(s); i++ {
		if slices.Equal(s[i:i+len(ws)], ws) {
			return true
		}
	}
	return false
}

func (r *refDoc) hasPrefix(p string) bool {
	for w := range r.words {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// searchResult is what the search page shows.
type searchResult struct {
	Status   string   `json:"status"`
	IDs      []string `json:"ids"`
	Links    []string `json:"links"`  // the ¶ link of each result's passage
	Loaded   []string `json:"loaded"` // files of the index loaded
	Millis   float64  `json:"ms"`     // from the start of navigation to the results
	Passages []string `json:"passages"`
	Origins  []string `json:"origins"` // the origin facet's entries: "Embassy Rome 3"
	Chips    []string `json:"chips"`   // the filters shown: "Origin: Embassy Rome ✕"
}

// searchSession is a search page of a built site open in headless
// Chromium, with the index read back in Go to check its answers against.
type searchSession struct {
	t    *testing.T
	ctx  context.Context
	base string // the search page's URL
	docs []refDoc
}

// openSearch builds the sample site and opens its search page from disk.
func openSearch(t *testing.T) (*searchSession, Config) {
	exe := chromium(t)
	cfg := config(t, sample(t))
	mustBuild(t, cfg)
	docs := readIndexDocs(t, cfg.Out)
	if len(docs) < 250 {
		t.Fatalf("%d cables in the index", len(docs))
	}
	return &searchSession{t: t, ctx: browser(t, exe), base: "file://" + filepath.ToSlash(filepath.Join(cfg.Out, "search.html")), docs: docs}, cfg
}

// run opens the search page with a query and returns what it shows.
func (s *searchSession) run(query string) searchResult {
	t := s.t
	t.Helper()
	err := chromedp.Do(s.ctx,
		chromedp.Navigate(s.base+query),
		chromedp.Poll[chromedp.Void](`window.cablesite && window.cablesite.timing.done`, chromedp.WithPollingTimeout(20*time.Second)),
	)
	if err != nil {
		t.Fatalf("search %s: %v", query, err)
	}
	js, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](`JSON.stringify({
		status: document.getElementById("search-status").textContent,
		ids: Array.from(document.querySelectorAll("#search-results .r-id")).map(a => a.textContent),
		links: Array.from(document.querySelectorAll("#search-results .result")).map(li => { const a = li.querySelector(".r-par"); return a ? a.getAttribute("href") : ""; }),
		passages: Array.from(document.querySelectorAll("#search-results .r-passage")).map(p => p.textContent),
		loaded: cablesite.loaded,
		ms: cablesite.timing.results,
		origins: Array.from(document.querySelectorAll("#search-facets section:first-of-type .facet-list li")).map(li => li.textContent.replace(/\s+/g, " ").trim()),
		chips: Array.from(document.querySelectorAll("#search-facets .chips li")).map(li => li.textContent.replace(/\s+/g, " ").trim())
	})`))
	if err != nil {
		t.Fatal(err)
	}
	var r searchResult
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// count returns the number of cables a status line says match.
func (s *searchSession) count(status string) int {
	s.t.Helper()
	f := strings.Fields(status)
	if len(f) == 0 {
		s.t.Fatalf("status %q", status)
	}
	if f[0] == "No" {
		return 0
	}
	if f[0] == "Up" && len(f) > 2 {
		f = f[2:] // "Up to N": at most N (phrases checked on the cables shown)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(f[0], ",", ""))
	if err != nil {
		s.t.Fatalf("status %q has no count", status)
	}
	return n
}

// want returns the IDs of the cables of the index that keep keeps.
func (s *searchSession) want(keep func(r *refDoc) bool) map[string]bool {
	ids := map[string]bool{}
	for i := range s.docs {
		if keep(&s.docs[i]) {
			ids[s.docs[i].doc.ID] = true
		}
	}
	return ids
}

// check runs a query and checks its count and results against keep.
func (s *searchSession) check(name, query string, keep func(r *refDoc) bool) searchResult {
	t := s.t
	t.Helper()
	r := s.run(query)
	ids := s.want(keep)
	if got := s.count(r.Status); got != len(ids) && !(strings.HasPrefix(r.Status, "Up to") && got > len(ids)) {
		t.Errorf("%s: the page counts %d cables (%q), want %d", name, got, r.Status, len(ids))
	}
	if len(ids) > 0 && len(r.IDs) != min(len(ids), 20) {
		t.Errorf("%s: %d results shown, want %d", name, len(r.IDs), min(len(ids), 20))
	}
	for _, id := range r.IDs {
		if !ids[id] {
			t.Errorf("%s: %s should not be a result", name, id)
		}
	}
	t.Logf("%s: %s; %d files loaded, results at %.0f ms", name, r.Status, len(r.Loaded), r.Millis)
	return r
}

// TestSearchBrowser opens the sample site's search page from disk in
// headless Chromium and checks its answers against the index read back in
// Go: the shared table of words, a phrase, a prefix, words with filters,
// an excluded word, a reference ID, and the paragraph a result links to.
func TestSearchBrowser(t *testing.T) {
	s, cfg := openSearch(t)
	check := s.check
	s.checkScriptWords()
	phrase := []string{"prime", "minister"}
	hasPhrase := func(d *refDoc) bool { return d.hasPhrase(phrase) }
	r := check("phrase", `?q=`+url.QueryEscape(`"prime minister"`), hasPhrase)
	s.checkPhraseLink(r)
	check("prefix", `?q=nucle*`, func(d *refDoc) bool { return d.hasPrefix("nucle") })
	check("words and filters", `?q=minister&origin=`+url.QueryEscape("Embassy Rome")+`&year=2009`, func(d *refDoc) bool {
		return d.words["minister"] && d.doc.Origin == "Embassy Rome" && strings.HasPrefix(d.doc.Date, "2009")
	})
	check("tag and class", `?q=oil&tag=PREL&class=SECRET`, func(d *refDoc) bool {
		return d.words["oil"] && slices.Contains(d.doc.Tags, "PREL") && d.doc.Class == "SECRET"
	})
	excluded := func(d *refDoc) bool { return d.words["iran"] && !d.words["nuclear"] }
	r = check("excluded word", `?q=iran+-nuclear`, excluded)
	s.checkOrigins("excluded word", r, excluded)
	// A phrase whose cables with both words are all checked for it, while
	// the first page fills: the counts are those of the cables with the
	// phrase, not of those with the words.
	council := []string{"security", "council"}
	hasCouncil := func(d *refDoc) bool { return d.hasPhrase(council) }
	rc := check("phrase, all checked", `?q=`+url.QueryEscape(`"security council"`), hasCouncil)
	if strings.HasPrefix(rc.Status, "Up to") {
		t.Errorf("phrase, all checked: %q", rc.Status)
	}
	s.checkOrigins("phrase, all checked", rc, hasCouncil)
	// The passage of a cable whose text has the phrase shows it, wherever
	// in its paragraph.
	for i, id := range rc.IDs {
		for _, d := range s.docs {
			if d.doc.ID == id && slices.ContainsFunc(d.spans[1:], func(s []string) bool { return hasSeq(s, council) }) &&
				(i >= len(rc.Passages) || !hasSeq(search.Words(rc.Passages[i]), council)) {
				t.Errorf("phrase, all checked: the passage of %s lacks the phrase", id)
			}
		}
	}
	check("no match", `?q=zzzzqqq`, func(d *refDoc) bool { return false })

	s.checkGonePage(cfg.Out)
	s.checkNewestFirst()
	s.checkIDGoes()
}

// checkScriptWords checks that search.js cuts words as the shared table
// says, and keys terms as package search does.
func (s *searchSession) checkScriptWords() {
	t := s.t
	t.Helper()
	ctx := s.ctx
	// The words of the shared table are the same in the page's script.
	data, err := os.ReadFile(filepath.Join(testcorpus.ModuleRoot(t), "testdata", "search", "tokens.json"))
	if err != nil {
		t.Fatal(err)
	}
	s.run("")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify((`+string(data)+`).map(c => cablesite.words(c.in)))`))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		In    string   `json:"in"`
		Words []string `json:"words"`
	}
	json.Unmarshal(data, &cases)
	var jsWords [][]string
	json.Unmarshal([]byte(got), &jsWords)
	for i, c := range cases {
		if i >= len(jsWords) || !slices.Equal(jsWords[i], c.Words) {
			t.Errorf("search.js words(%q) = %q, want %q", c.In, jsWords[i], c.Words)
		}
	}
	// And so are the keys of terms.
	for _, term := range []string{"embassy", "москва", "tag:prel", "id:10beijing326"} {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]uint32](`cablesite.keyOf(`+strconv.Quote(term)+`)`))
		k := search.KeyOfString(term)
		if err != nil || len(got) != 2 || got[0] != uint32(k>>32) || got[1] != uint32(k) {
			t.Errorf("keyOf(%q) = %v, %v; want %x", term, got, err, uint64(k))
		}
	}

}

// checkOrigins checks that the counts by origin are those of the
// results.
func (s *searchSession) checkOrigins(name string, r searchResult, match func(*refDoc) bool) {
	t := s.t
	t.Helper()
	docs := s.docs
	byOrigin := map[string]int{}
	for id := range s.want(match) {
		for _, d := range docs {
			if d.doc.ID == id {
				byOrigin[d.doc.Origin]++
			}
		}
	}
	for _, o := range r.Origins {
		i := strings.LastIndexByte(o, ' ')
		if n, _ := strconv.Atoi(o[i+1:]); byOrigin[o[:i]] != n {
			t.Errorf("%s: origin facet %q, want %d", name, o, byOrigin[o[:i]])
		}
	}
	if len(r.Origins) == 0 {
		t.Errorf("%s: no counts by origin", name)
	}

}

// checkPhraseLink checks the first result of a phrase: its passage has the
// phrase, and its paragraph link leads to a paragraph that has it.
func (s *searchSession) checkPhraseLink(r searchResult) {
	t := s.t
	t.Helper()
	ctx := s.ctx
	// A result's paragraph link leads to a paragraph that has the phrase.
	if len(r.Links) == 0 || r.Links[0] == "" {
		t.Fatalf("phrase: the first result has no paragraph link: %+v", r)
	}
	if !strings.Contains(strings.ToLower(r.Passages[0]), "prime minister") {
		t.Errorf("phrase: the first passage lacks the phrase: %q", r.Passages[0])
	}
	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#search-results .result:first-child .r-par")), chromedp.WaitVisible(chromedp.CSS(":target")))
	if err != nil {
		t.Fatal(err)
	}
	target, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname.split("/").pop() + location.hash + " " + document.querySelector(":target").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(target, r.IDs[0]+".html#") || !strings.Contains(strings.ToLower(strings.Join(strings.Fields(target), " ")), "prime minister") {
		t.Errorf("phrase: the paragraph link of %s led to %.200q", r.IDs[0], target)
	}

}

// checkGonePage removes the page of the first result of a query: the
// result still shows, and says that its text could not be read; the others
// keep their passages.
func (s *searchSession) checkGonePage(out string) {
	t := s.t
	t.Helper()
	run, docs := s.run, s.docs
	oil := run(`?q=oil`)
	if len(oil.IDs) < 2 {
		t.Fatalf("oil: %d results", len(oil.IDs))
	}
	for _, d := range docs {
		if d.doc.ID == oil.IDs[0] {
			if err := os.Remove(filepath.Join(out, filepath.FromSlash(d.doc.URL))); err != nil {
				t.Fatal(err)
			}
		}
	}
	gone := run(`?q=oil`)
	t.Logf("without the page of %s: %q", oil.IDs[0], gone.Passages[0])
	if !slices.Equal(gone.IDs, oil.IDs) {
		t.Errorf("without a cable's page, the results are %v, want %v", gone.IDs, oil.IDs)
	}
	if len(gone.Passages) != len(oil.Passages) || !strings.HasPrefix(gone.Passages[0], "The text could not be read") ||
		!slices.Equal(gone.Passages[1:], oil.Passages[1:]) {
		t.Errorf("without the page of %s, the passages are %q", oil.IDs[0], gone.Passages)
	}

}

// checkNewestFirst checks that dates never increase down a list in date
// order.
func (s *searchSession) checkNewestFirst() {
	t := s.t
	t.Helper()
	run, docs := s.run, s.docs
	r := run(`?q=embassy&sort=new`)
	dates := []string{}
	for _, id := range r.IDs {
		for _, d := range docs {
			if d.doc.ID == id {
				dates = append(dates, d.doc.Date[:10]) // ordered by day
			}
		}
	}
	if !sort.IsSorted(sort.Reverse(sort.StringSlice(dates))) || len(dates) == 0 {
		t.Errorf("newest first: %v", dates)
	}

}

// checkIDGoes checks that a reference ID, even typed with spaces, goes
// straight to the cable.
func (s *searchSession) checkIDGoes() {
	t := s.t
	t.Helper()
	ctx, base := s.ctx, s.base
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?q="+url.QueryEscape("10 BEIJING 326"))); err != nil {
		t.Fatal(err)
	}
	var loc string
	for i := 0; i < 100; i++ {
		loc, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
		if strings.HasSuffix(loc, ".html") && !strings.Contains(loc, "search.html") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasSuffix(loc, "/cable/2010/02/10BEIJING326.html") {
		t.Errorf("the ID led to %s", loc)
	}
}

// TestSearchFilters checks the filters that the browse pages' search boxes
// give and that people type: a month, a release day, an origin and a
// classification by their address keys or in another case, and filters
// that name nothing the archive has, which the page says, with the
// closest names.
func TestSearchFilters(t *testing.T) {
	s, _ := openSearch(t)
	s.check("month", `?q=minister&month=2009-03`, func(d *refDoc) bool {
		return d.words["minister"] && strings.HasPrefix(d.doc.Date, "2009-03")
	})
	s.check("month alone", `?month=2010-02`, func(d *refDoc) bool { return strings.HasPrefix(d.doc.Date, "2010-02") })
	s.check("release day", `?released=2011-08-30`, func(d *refDoc) bool { return strings.HasPrefix(d.doc.Released, "2011-08-30") })
	beijing := func(d *refDoc) bool { return d.doc.Origin == "Embassy Beijing" }
	for _, q := range []string{"?origin=embassy-beijing", "?origin=Embassy+Beijing", "?origin=EMBASSY+BEIJING"} {
		r := s.check("origin "+q, q, beijing)
		if len(r.Chips) != 1 || !strings.HasPrefix(r.Chips[0], "Origin: Embassy Beijing") {
			t.Errorf("%s: filters shown %q", q, r.Chips)
		}
	}
	s.check("classification key", `?class=secret-noforn`, func(d *refDoc) bool { return d.doc.Class == "SECRET//NOFORN" })
	for q, says := range map[string]string{
		"?origin=embassy-bejing":  "No origin called “embassy-bejing”; the closest: Embassy Beijing",
		"?class=TOP+SECRET":       "No classification called “TOP SECRET”",
		"?tag=PRELX":              "No tag called “PRELX”; the closest: PREL",
		"?month=Feb+2010":         "“Feb 2010” is not a month",
		"?released=2010-11":       "“2010-11” is not a day",
		"?q=oil&origin=Nowhere+X": "No origin called “Nowhere X”",
	} {
		r := s.run(q)
		if !strings.HasPrefix(r.Status, says) || len(r.IDs) != 0 {
			t.Errorf("%s: %q, %d results; want %q", q, r.Status, len(r.IDs), says)
		}
	}
}
