package generator

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"cablesite"
	"cablesite/generator/cable"
	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/linkcheck"
	"cablesite/generator/search"
	"cablesite/generator/search/check"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// config returns a build of the given inputs into a fresh folder.
func config(t *testing.T, inputs ...string) Config {
	t.Helper()
	released, _ := cable.ParseTime("2011-08-30 01:44")
	return Config{
		Inputs:    inputs,
		Out:       filepath.Join(t.TempDir(), "public"),
		Released:  released,
		Templates: cablesite.Templates(),
		Assets:    cablesite.Assets(),
		Pages:     cablesite.Pages(),
	}
}

// sample is the project's sample archive.
func sample(t *testing.T) string {
	return filepath.Join(testcorpus.ModuleRoot(t), "content", "cables")
}

func mustBuild(t *testing.T, cfg Config) *Report {
	t.Helper()
	rep, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return rep
}

func open(t *testing.T, dir, page string) *goquery.Document {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(page)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestBuildSample builds the sample archive and checks the site: its
// paths, the cable page of the seed cable, the browse pages, the
// redirects of the original site's numbered pages, and every link.
func TestBuildSample(t *testing.T) {
	cfg := config(t, sample(t))
	rep := mustBuild(t, cfg)
	if rep.Read != 301 || rep.Cables != 300 || len(rep.Rejected) != 0 {
		t.Errorf("read %d, cables %d, rejected %v", rep.Read, rep.Cables, rep.Rejected)
	}
	if len(rep.Duplicates) != 1 || rep.Duplicates[0].ID != "72TEHRAN1164" || !strings.HasSuffix(rep.Duplicates[0].Kept.File, "72TEHRAN1164.html") {
		t.Errorf("duplicates %v, want 72TEHRAN1164 kept from its page", rep.Duplicates)
	}
	out := cfg.Out
	for _, p := range []string{
		"index.html", "404.html", "about.html", "reading.html", "sharing.html", "_redirects", ".cablesite",
		"cable/2010/02/10BEIJING326.html", "cable/1966/12/66BUENOSAIRES2481.html", "cable/2001/02/01PRETORIA1173.html",
		"cable/2008/06/08SCTION02OF02SAOPAULO335.html",
		"reldate/index.html", "reldate/2011-08-23_0.html", "date/index.html", "date/2010-02_0.html",
		"origin/index.html", "origin/embassy-beijing_0.html", "tag/index.html", "tag/PGOV_0.html",
		"classification/index.html", "classification/unclassified_0.html", "classification/confidential_0.html",
		"origin/132_0.html", "classification/5_0.html",
	} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}

	checkSeedPage(t, out)
	checkLists(t, out, rep)
	checkSiteWhole(t, out, rep)
	// No staging folder is left beside the site.
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.new-*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// checkSeedPage checks the page of the seed cable of the sample: its
// heading, metadata and paragraphs, then its share links and tags.
func checkSeedPage(t *testing.T, out string) {
	t.Helper()
	doc := open(t, out, "cable/2010/02/10BEIJING326.html")
	if got := strings.TrimSpace(doc.Find("h1").Text()); got != "10BEIJING326 IOM DEEMS CHINA TAKING POSITIVE STEPS TO FIGHT HUMAN TRAFFICKING" {
		t.Errorf("h1 %q", got)
	}
	meta := map[string]string{}
	doc.Find("dl.meta div").Each(func(_ int, s *goquery.Selection) {
		dd := s.Find("dd")
		href, _ := dd.Find("a").Attr("href")
		meta[s.Find("dt").Text()] = strings.TrimSpace(dd.Text()) + " -> " + href
	})
	for label, want := range map[string]string{
		"Reference ID":   "10BEIJING326 -> ",
		"Created":        "2010-02-08 07:11 -> ../../../date/2010-02_0.html",
		"Released":       "2011-08-23 00:00 -> ../../../reldate/2011-08-23_0.html",
		"Classification": "UNCLASSIFIED -> ../../../classification/unclassified_0.html",
		"Origin":         "Embassy Beijing -> ../../../origin/embassy-beijing_0.html",
	} {
		if meta[label] != want {
			t.Errorf("metadata %s: %q, want %q", label, meta[label], want)
		}
	}
	for i := 1; i <= 6; i++ {
		id := "par" + string(rune('0'+i))
		para := doc.Find("#" + id)
		if para.Length() != 1 {
			t.Errorf("no #%s", id)
			continue
		}
		if href, _ := para.Find("a").First().Attr("href"); href != "#"+id || para.Find("a").First().AttrOr("aria-label", "") != "Paragraph "+id[3:] {
			t.Errorf("¶ of %s links %q", id, href)
		}
		if !strings.HasPrefix(strings.TrimSpace(para.Find("pre").Text()), string(rune('0'+i))+". (SBU)") {
			t.Errorf("#%s holds %q", id, para.Find("pre").Text())
		}
		if n := para.Find("a, button").Length(); n != 1 {
			t.Errorf("#%s has %d links and buttons, want its ¶ alone (site.js adds the share button)", id, n)
		}
	}
	checkSeedShare(t, doc)
}

// checkSeedShare checks the share menu, share links and tags of the page
// of the seed cable.
func checkSeedShare(t *testing.T, doc *goquery.Document) {
	t.Helper()
	// One share menu in the page, and the cable's own share links, whose
	// posts carry the ID, the subject and the hashtags, and no relative
	// address (the site has no base URL).
	if n := doc.Find("#share-menu").Length() + doc.Find("template#share-button").Length(); n != 2 {
		t.Errorf("share menu and button template: %d", n)
	}
	var posts []string
	doc.Find(".share-cable a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		posts = append(posts, href)
	})
	if len(posts) != 3 {
		t.Errorf("cable share links %q", posts)
	}
	for _, s := range posts {
		if !strings.Contains(s, "10BEIJING326%3a%20IOM%20DEEMS%20CHINA") || !strings.HasSuffix(s, "%23cablegate%20%2310BEIJING326") || strings.Contains(s, ".html") {
			t.Errorf("share link %s: want the ID, the subject and the hashtags, no relative path", s)
		}
	}
	if got := doc.Find(".tools code").Text(); got != "#cablegate #10BEIJING326" {
		t.Errorf("hashtags %q", got)
	}
	var tags []string
	doc.Find("p.tags a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		tags = append(tags, s.Text()+" "+href)
	})
	if strings.Join(tags, ", ") != "CH ../../../tag/CH_0.html, KWMN ../../../tag/KWMN_0.html, KTIP ../../../tag/KTIP_0.html, PGOV ../../../tag/PGOV_0.html" {
		t.Errorf("tags %q", tags)
	}
	if got := doc.Find("section.text pre a[href='../../../tag/KTIP_0.html']").Length(); got != 1 {
		t.Errorf("the TAGS line of the text links KTIP %d times", got)
	}

}

// checkLists checks a list page, the forwarding of the original site's
// numbered pages and of a malformed ID's canonical one, and the tags.
func checkLists(t *testing.T, out string, rep *Report) {
	t.Helper()
	// A list page: 50 rows at most, newest first, and a pager.
	doc := open(t, out, "classification/confidential_0.html")
	rows := doc.Find("table.cables tbody tr")
	if rows.Length() != 50 {
		t.Errorf("confidential_0 has %d rows", rows.Length())
	}
	prev := "9999"
	rows.Each(func(_ int, s *goquery.Selection) {
		rel := s.Find("td[data-label=Released]").Text() + s.Find("td[data-label=Created]").Text()
		if rel > prev {
			t.Errorf("row %s is newer than the one before it", s.AttrOr("id", ""))
		}
		prev = rel
	})
	if next, _ := doc.Find(".pager a[rel=next]").Attr("href"); next != "confidential_1.html" {
		t.Errorf("next page %q", next)
	}

	// The original site's numbered pages forward to the new ones.
	doc = open(t, out, "origin/132_0.html")
	if c, _ := doc.Find(`meta[http-equiv=refresh]`).Attr("content"); c != "0; url=embassy-beijing_0.html" {
		t.Errorf("origin/132_0.html forwards with %q", c)
	}
	redirects, _ := os.ReadFile(filepath.Join(out, "_redirects"))
	for _, want := range []string{"/origin/132_* /origin/embassy-beijing_:splat 301!", "/classification/1_* /classification/confidential_:splat 301!"} {
		if !bytes.Contains(redirects, []byte(want+"\n")) {
			t.Errorf("_redirects lacks %q", want)
		}
	}

	// A malformed ID keeps its page; its canonical ID leads there.
	doc = open(t, out, "cable/2008/07/08MANAMA492.html")
	if c, _ := doc.Find(`meta[http-equiv=refresh]`).Attr("content"); c != "0; url=08ECTION01OF02MANAMA492.html" {
		t.Errorf("08MANAMA492.html forwards with %q", c)
	}
	if !bytes.Contains(redirects, []byte("/cable/2008/07/08MANAMA492.html /cable/2008/07/08ECTION01OF02MANAMA492.html 301!\n")) {
		t.Error("_redirects lacks the canonical ID of 08ECTION01OF02MANAMA492")
	}

	// Tags: grouped by kind, with what they mean.
	doc = open(t, out, "tag/index.html")
	var groups []string
	doc.Find("section.group h2").Each(func(_ int, s *goquery.Selection) { groups = append(groups, s.Text()) })
	if len(groups) < 3 || !strings.HasPrefix(groups[0], "Subjects (") || !strings.HasPrefix(groups[1], "Countries and regions (") {
		t.Errorf("tag groups %q", groups)
	}
	if got := doc.Find(`a[href="KTIP_0.html"]`).AttrOr("title", ""); got != "KTIP: Trafficking in persons (subject)" {
		t.Errorf("KTIP title %q", got)
	}
	doc = open(t, out, "tag/CH_0.html")
	if got := doc.Find(".kind").Text() + " " + doc.Find("p.summary").Text(); !strings.Contains(got, "Country tag") || !strings.Contains(got, "China.") {
		t.Errorf("tag page CH says %q", got)
	}
	if rep.Citations == 0 || rep.CitationsInArchive == 0 || rep.CitationsInArchive > rep.Citations {
		t.Errorf("citations %d, in the archive %d", rep.Citations, rep.CitationsInArchive)
	}

}

// checkSiteWhole checks that every link of the site resolves and that its
// search index reads back whole, then that a damaged index is caught.
func checkSiteWhole(t *testing.T, out string, rep *Report) {
	t.Helper()
	// Every internal link and anchor resolves.
	res, err := linkcheck.Check(context.Background(), out, linkcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Errorf("broken: %s", p)
	}
	if res.Pages < 900 || res.Anchors < 3000 {
		t.Errorf("checked %d pages and %d anchors only", res.Pages, res.Anchors)
	}
	// The search index reads back whole: every cable has its file, every
	// word its list.
	sum, err := check.Check(out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cables != rep.Cables || sum.Words < 10000 || rep.SearchFiles < sum.Cables/search.GroupSize {
		t.Errorf("search index: %+v for %d cables, %d files written", sum, rep.Cables, rep.SearchFiles)
	}
	// A damaged index is caught, every fault of it: a shard cut short, a
	// cable's file gone, runs.js and a file of dates missing.
	shard := filepath.Join(out, "search", "t", "00", "03.js")
	data, _ := os.ReadFile(shard)
	os.WriteFile(shard, data[:len(data)/2], 0o644)
	check := func(want ...string) {
		t.Helper()
		sum, err := check.Check(out)
		if err != nil {
			t.Fatal(err)
		}
		problems := strings.Join(sum.Problems, "\n")
		for _, w := range want {
			if !strings.Contains(problems, w) {
				t.Errorf("the check of a damaged index does not say %q:\n%s", w, problems)
			}
		}
	}
	for _, f := range []string{"d/0/5.js", "runs.js"} {
		if err := os.Remove(filepath.Join(out, "search", filepath.FromSlash(f))); err != nil {
			t.Fatal(err)
		}
	}
	check("search/t/00/03.js: ", "search/d/0/5.js: no file for cables [40 41 42 43 44 45 46 47] of the runs", "search/runs.js: missing")
	os.Remove(filepath.Join(out, "search", "c", "0.js"))
	check("search/c/0.js: missing", "search/meta.js: 300 cables, but the index has files of 292")
}

// TestBuildBaseURL checks the links that need the site's address.
func TestBuildBaseURL(t *testing.T) {
	cfg := config(t, testcorpus.Path(t, "samples", "seed"))
	cfg.BaseURL = "https://cables.example.org/mirror"
	mustBuild(t, cfg)
	doc := open(t, cfg.Out, "cable/2010/02/10BEIJING326.html")
	url := "https://cables.example.org/mirror/cable/2010/02/10BEIJING326.html"
	if got, _ := doc.Find("link[rel=canonical]").Attr("href"); got != url {
		t.Errorf("canonical %q", got)
	}
	if got, _ := doc.Find("meta[property='og:url']").Attr("content"); got != url {
		t.Errorf("og:url %q", got)
	}
	if got, _ := doc.Find(".share-cable a").First().Attr("href"); !strings.Contains(got, "%20"+strings.ReplaceAll(strings.ReplaceAll(url, ":", "%3a"), "/", "%2f")+"%20%23cablegate") {
		t.Errorf("share link %q lacks the cable's address", got)
	}
	redirects, _ := os.ReadFile(filepath.Join(cfg.Out, "_redirects"))
	if !bytes.Contains(redirects, []byte("/mirror/classification/5_* /mirror/classification/unclassified_:splat 301!")) {
		t.Errorf("_redirects ignores the sub-path:\n%s", redirects)
	}
	if _, err := Build(context.Background(), Config{BaseURL: "cables.example.org", Templates: cfg.Templates}); err == nil {
		t.Error("a base URL without a scheme was accepted")
	}
}

// TestBuildBadInput feeds malformed and hostile cables and checks that each
// is rejected with its file and line, that the rest is built, that hostile
// text is shown as text, and that -strict stops the build.
func TestBuildBadInput(t *testing.T) {
	dir := t.TempDir()
	// A visitor's name in the TAGS line is a tag, however long: its
	// search term is cut (it once made the merge of the index fail).
	long := strings.Repeat("Q", 60) + " " + strings.Repeat("W", 60) + " " + strings.Repeat("J", 60) + " " + strings.Repeat("Z", 60)
	files := map[string]string{
		"a.csv": `"1","2/8/2010 7:11","10EVIL1","Embassy <b>Evil</b>","SECRET","","h","SUBJECT: <script>alert(1)</script>
TAGS: PGOV OVIP ` + long + `
1. (C) "><img src=x onerror=alert(1)> and &amp; stay text.
"
"2","13/45/2010 7:11","10EVIL2","Embassy Evil","SECRET","","h","t"
"3","2/8/2010 7:11","../../../tmp/x","Embassy Evil","SECRET","","h","t"
`,
		"b.txt":    "10EVIL3\nSUBJECT\nnot a date\nSECRET\nEmbassy Evil\n",
		"c.html":   "<html><body><p>No cable here</p></body></html>",
		"notes.md": "# notes\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config(t, dir)
	rep := mustBuild(t, cfg)
	var got []string
	for _, e := range rep.Rejected {
		got = append(got, strings.TrimPrefix(e.Error(), dir+string(filepath.Separator)))
	}
	want := []string{
		`a.csv:5: created: "13/45/2010 7:11" is not M/D/YYYY H:MM`,
		`a.csv:6: reference ID: reference ID "../../../TMP/X" does not start with two digits of year`,
		`b.txt:3: created: "not a date" is not a date such as "Fri Dec 14 00:00:00 +0100 2001"`,
		`c.html: no cable table (a table.cable row of five cells: Reference ID, Created, Released, Classification, Origin)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Read != 1 || len(rep.Ignored) != 1 || rep.Summary() != "1 cables read, "+strconv.FormatInt(rep.Written, 10)+" pages written, 4 rejected" {
		t.Errorf("report %+v: %s", rep, rep.Summary())
	}
	if tags, _ := filepath.Glob(filepath.Join(cfg.Out, "tag", "QQQQ*")); len(tags) != 1 {
		t.Errorf("pages of the long tag: %v", tags)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(cfg.Out), "tmp")); err == nil {
		t.Error("an ID with ../ wrote outside the site")
	}
	page, err := os.ReadFile(filepath.Join(cfg.Out, "cable/2010/02/10EVIL1.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>Evil</b>"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page holds %q unescaped", bad)
		}
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) || !bytes.Contains(page, []byte("&amp;amp; stay text")) {
		t.Error("the hostile text is not shown as text")
	}

	strict := config(t, dir)
	strict.Strict = true
	if _, err := Build(context.Background(), strict); !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "a.csv:5: created") {
		t.Errorf("strict build: %v", err)
	}
	if _, err := os.Stat(strict.Out); err == nil {
		t.Error("a failed strict build published a site")
	}
}

// TestBuildKeepsSiteOnFailure checks that a build that fails or is
// interrupted leaves the site built before it whole.
func TestBuildKeepsSiteOnFailure(t *testing.T) {
	cfg := config(t, testcorpus.Path(t, "samples"))
	mustBuild(t, cfg)
	before, _ := os.ReadFile(filepath.Join(cfg.Out, "index.html"))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, cfg); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v", err)
	}
	broken := cfg
	broken.Templates = os.DirFS(t.TempDir()) // no templates
	if _, err := Build(context.Background(), broken); err == nil {
		t.Error("a build without templates succeeded")
	}
	after, err := os.ReadFile(filepath.Join(cfg.Out, "index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the previous site changed: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg.Out), ".public.new-*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// A folder that is not a site is never replaced.
	foreign := config(t, testcorpus.Path(t, "samples"))
	os.MkdirAll(foreign.Out, 0o755)
	os.WriteFile(filepath.Join(foreign.Out, "thesis.tex"), []byte("mine"), 0o644)
	if _, err := Build(context.Background(), foreign); err == nil || !strings.Contains(err.Error(), "refusing to replace") {
		t.Errorf("build over a foreign folder: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(foreign.Out, "thesis.tex")); string(data) != "mine" {
		t.Error("a foreign folder was touched")
	}
}
