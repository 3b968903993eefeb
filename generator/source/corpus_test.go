package source_test

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/source"
	tagcodes "cablesite/generator/tags"
)

// tableRow reads the cable table of an original page with a regular
// expression: an oracle that shares nothing with the goquery reader.
var tableRow = regexp.MustCompile(`(?s)<a href='/cable/\d{4}/\d{2}/(?P<id>[^.']+)\.html'>.*?` +
	`<a href='/date/[^']*'>(?P<created>[^<]+)</a>.*?` +
	`<a href='/reldate/[^']*'>(?P<released>[^<]+)</a>.*?` +
	`<a href='/classification/[^']*'[^>]*>(?P<class>[^<]+)</a>.*?` +
	`<a href='/origin/[^']*'>(?P<origin>[^<]+)</a>`)

var siteTag = regexp.MustCompile(`<a href='/tag/([^']*)_0\.html'>`)

// TestCorpusHTML reads every page of cablegate-html.tar.xz and checks that
// it gives the ID, Created, Released, Classification and Origin of its
// cable table, and (for nearly all) the tags its TAGS line links, read as
// package tags reads them (glued codes split, misspellings mended, names
// joined): the tags found here may add the codes of a TAGS line's second
// line, which the site did not link.
func TestCorpusHTML(t *testing.T) {
	dir := testcorpus.Unpacked(t, "cablegate-html.tar.xz")
	files, _, err := source.Files([]string{filepath.Join(dir, "cable")})
	if err != nil {
		t.Fatal(err)
	}
	if want := 6712; testcorpus.Full(t) && len(files) != want || len(files) < 270 {
		t.Fatalf("found %d pages, want 6712 (the corpus) or 276 (its sample)", len(files))
	}
	type result struct{ tagsLinked, tagsSame bool }
	results := make([]result, len(files))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var mismatches []string
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				linked, same, miss := checkCorpusPage(t, files[i])
				results[i] = result{linked, same}
				if miss != "" {
					mu.Lock()
					mismatches = append(mismatches, miss)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	linked, same := 0, 0
	for _, r := range results {
		if r.tagsLinked {
			linked++
			if r.tagsSame {
				same++
			}
		}
	}
	t.Logf("%d pages; tags as linked on %d of %d pages that link tags", len(files), same, linked)
	for _, m := range mismatches {
		t.Log(m)
	}
	if testcorpus.Full(t) && linked < 6000 || float64(same) < 0.99*float64(linked) {
		t.Errorf("tags as the page links them on %d of %d pages, want 99%%", same, linked)
	}
}

// checkCorpusPage reads one page of the original site and checks its
// cable's table and path; it returns whether the page links tags, whether
// they are those the cable is read with, and what differs when they are
// not.
func checkCorpusPage(t *testing.T, file string) (linked, same bool, miss string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Error(err)
		return false, false, ""
	}
	c, err := source.ParseHTML(file, data, source.Options{})
	if err != nil {
		t.Errorf("%v", err)
		return false, false, ""
	}
	page := string(data)
	m := tableRow.FindStringSubmatch(page[strings.Index(page, "<table class='cable'>"):])
	if m == nil {
		t.Errorf("%s: the oracle finds no table", file)
		return false, false, ""
	}
	want := [5]string{m[1], m[2], m[3], html.UnescapeString(m[4]), html.UnescapeString(m[5])}
	got := [5]string{c.ID, c.Created.String(), c.Released.String(), c.Classification, c.Origin}
	if got != want {
		t.Errorf("%s: read %q, its table says %q", file, got, want)
	}
	if want := "cable/" + c.Created.Std().Format("2006/01") + "/" + c.ID + ".html"; !strings.HasSuffix(filepath.ToSlash(file), want) {
		t.Errorf("%s: cable.Path gives %s", file, want)
	}
	body := page[strings.LastIndex(page, "<pre>"):]
	var links []string
	for _, m := range siteTag.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(links, m[1]) {
			links = append(links, m[1])
		}
	}
	if len(links) == 0 {
		return false, false, ""
	}
	tags := cabletext.Analyze(c).Tags
	same = true
	for _, f := range tagcodes.Parse(strings.Join(links, " ")) {
		same = same && slices.Contains(tags, f.Tag)
	}
	if !same {
		miss = file + ": tags " + strings.Join(tags, " ") + ", the page links " + strings.Join(links, " ")
	}
	return true, same, miss
}

// TestCorpusSamples reads the samples of the corpus in every layout.
func TestCorpusSamples(t *testing.T) {
	files, _, err := source.Files([]string{testcorpus.Path(t, "samples")})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		format                   cable.Format
		created, released, class string
		origin                   string
	}{
		"66BUENOSAIRES2481": {cable.FormatCSV, "1966-12-28 18:48", "2011-08-30 01:44", "UNCLASSIFIED", "Embassy Buenos Aires"},
		"72TEHRAN1164":      {cable.FormatCSV, "1972-02-25 09:30", "2011-08-30 01:44", "UNCLASSIFIED", "Embassy Tehran"},
		"10BEIJING326":      {cable.FormatText, "2010-02-08 07:11", "2011-08-23 00:00", "UNCLASSIFIED", "Embassy Beijing"},
		"01HAVANA4690":      {cable.FormatText, "2001-12-14 00:00", "2011-08-30 01:44", "UNCLASSIFIED", "US Interests Section Havana"},
		"02BOGOTA3281":      {cable.FormatText, "2002-04-11 00:00", "2011-08-30 01:44", "SECRET", "Embassy Bogota"},
	}
	released, _ := cable.ParseTime("2011-08-30 01:44")
	seen := 0
	for _, f := range files {
		r, err := source.Open(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for {
			rec, err := r.Next()
			if err != nil {
				break
			}
			c, err := rec.Parse(source.Options{Released: released})
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			seen++
			w, ok := want[c.ID]
			if !ok {
				continue
			}
			got := [5]string{string(c.Format), c.Created.String(), c.Released.String(), c.Classification, c.Origin}
			if got != [5]string{string(w.format), w.created, w.released, w.class, w.origin} {
				t.Errorf("%s: got %q", c.ID, got)
			}
		}
		r.Close()
	}
	if seen != 11 {
		t.Errorf("read %d cables from the samples, want 11", seen)
	}
}
