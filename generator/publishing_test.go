package generator

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// sitemapFile and atomFeed are what the tests read of a sitemap file, a
// sitemap index and an Atom feed, by their XML names.
type sitemapFile struct {
	XMLName xml.Name
	URLs    []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// TestPublishing builds the sample archive with a base URL under a
// sub-path and checks what tells search engines, feed readers and social
// networks about the site: the sitemap index and its files list every
// cable page once, and the first page of every list; robots.txt names the
// sitemap; the feed is Atom that parses, linked from the home page; every
// page has the card and the icons; the 404 page's links work at any depth.
func TestPublishing(t *testing.T) {
	cfg := config(t, sample(t))
	cfg.BaseURL = "https://cables.example.org/mirror/"
	cfg.Name = "Mirror of <the> cables"
	mustBuild(t, cfg)
	out := cfg.Out
	base := cfg.BaseURL

	urls := readSitemap(t, out, base)
	cables := 0
	err := filepath.WalkDir(filepath.Join(out, "cable"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if isForwarding(t, p) {
			return nil // a canonical ID's page, which forwards to the cable's
		}
		cables++
		if urls[base+filepath.ToSlash(rel)] != 1 {
			t.Errorf("%s is listed %d times in the sitemap", rel, urls[base+filepath.ToSlash(rel)])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "about.html", "origin/index.html", "origin/embassy-beijing_0.html", "tag/PGOV_0.html"} {
		if urls[base+p] != 1 {
			t.Errorf("%s is listed %d times in the sitemap", p, urls[base+p])
		}
	}
	if urls[base+"origin/132_0.html"] != 0 || urls[base+"404.html"] != 0 {
		t.Error("the sitemap lists a forwarding page or the 404 page")
	}
	t.Logf("sitemap: %d URLs, %d of them cables", len(urls), cables)

	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !bytes.Contains(robots, []byte("Sitemap: "+base+"sitemap.xml\n")) {
		t.Errorf("robots.txt:\n%s", robots)
	}
	checkFeed(t, out, base)
	checkImages(t, out)

	for _, p := range []string{"index.html", "cable/2010/02/10BEIJING326.html", "origin/embassy-beijing_0.html", "about.html", "search.html", "404.html"} {
		doc := open(t, out, p)
		if img, _ := doc.Find(`meta[property="og:image"]`).Attr("content"); img != base+"card.png" {
			t.Errorf("%s: og:image %q", p, img)
		}
		if c, _ := doc.Find(`meta[name="twitter:card"]`).Attr("content"); c != "summary_large_image" {
			t.Errorf("%s: twitter:card %q", p, c)
		}
		if name, _ := doc.Find(`meta[property="og:site_name"]`).Attr("content"); name != cfg.Name {
			t.Errorf("%s: og:site_name %q", p, name)
		}
		if doc.Find(`link[rel=icon][href$="favicon.ico"]`).Length() != 1 || doc.Find(`link[rel=icon][href$="favicon.svg"]`).Length() != 1 {
			t.Errorf("%s does not link the icons", p)
		}
	}
	if href, _ := open(t, out, "index.html").Find(`link[rel=alternate][type="application/atom+xml"]`).Attr("href"); href != "feed.xml" {
		t.Errorf("the home page links the feed as %q", href)
	}
	// A host serves 404.html at any depth: its links are absolute.
	open(t, out, "404.html").Find("a[href], link[href]").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); !strings.HasPrefix(h, base) && !strings.HasPrefix(h, "#") {
			t.Errorf("404.html links %q, not under %s", h, base)
		}
	})
}

// readSitemap reads sitemap.xml and the sitemap files it names, and
// returns how many times each URL is listed.
func readSitemap(t *testing.T, out, base string) map[string]int {
	t.Helper()
	var index sitemapFile
	readXML(t, filepath.Join(out, "sitemap.xml"), &index)
	if index.XMLName.Local != "sitemapindex" || len(index.Sitemaps) == 0 {
		t.Fatalf("sitemap.xml is a %s of %d sitemaps", index.XMLName.Local, len(index.Sitemaps))
	}
	urls := map[string]int{}
	lastmod := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	for _, s := range index.Sitemaps {
		if !strings.HasPrefix(s.Loc, base) {
			t.Fatalf("sitemap.xml names %s", s.Loc)
		}
		var f sitemapFile
		readXML(t, filepath.Join(out, strings.TrimPrefix(s.Loc, base)), &f)
		if f.XMLName.Local != "urlset" || len(f.URLs) > 50000 {
			t.Errorf("%s is a %s of %d URLs", s.Loc, f.XMLName.Local, len(f.URLs))
		}
		for _, u := range f.URLs {
			urls[u.Loc]++
			if u.Lastmod != "" && !lastmod.MatchString(u.Lastmod) {
				t.Errorf("%s: lastmod %q", u.Loc, u.Lastmod)
			}
			if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(u.Loc, base))); err != nil {
				t.Errorf("the sitemap lists %s, which the site does not have", u.Loc)
			}
		}
	}
	return urls
}

// checkFeed reads feed.xml: Atom, of the latest cables, each with its
// summary.
func checkFeed(t *testing.T, out, base string) {
	t.Helper()
	var feed atomFeed
	readXML(t, filepath.Join(out, "feed.xml"), &feed)
	if len(feed.Entries) == 0 || len(feed.Entries) > 500 || !strings.HasPrefix(feed.ID, "urn:uuid:") || feed.Updated == "" {
		t.Fatalf("feed: %d entries, id %q, updated %q", len(feed.Entries), feed.ID, feed.Updated)
	}
	ids := map[string]bool{}
	for _, e := range feed.Entries {
		if ids[e.ID] || !strings.HasPrefix(e.ID, "urn:uuid:") {
			t.Errorf("feed entry id %q", e.ID)
		}
		ids[e.ID] = true
		if !strings.HasPrefix(e.Link.Href, base+"cable/") {
			t.Errorf("feed entry %q links %q", e.Title, e.Link.Href)
		} else if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(e.Link.Href, base))); err != nil {
			t.Errorf("feed entry %q links a page the site does not have", e.Title)
		}
		if e.Summary == "" || strings.HasPrefix(e.Summary, "E.O.") || strings.HasPrefix(e.Summary, "TAGS") {
			t.Errorf("feed entry %q: summary %q", e.Title, e.Summary)
		}
	}
	if e := feed.Entries[0]; !strings.Contains(e.Title, ": ") {
		t.Errorf("feed entry title %q", e.Title)
	}
}

// checkImages checks the card (a PNG of 1200×630) and the icons.
func checkImages(t *testing.T, out string) {
	t.Helper()
	f, err := os.Open(filepath.Join(out, "card.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("card.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
		t.Errorf("card.png is %v", b)
	}
	ico, _ := os.ReadFile(filepath.Join(out, "favicon.ico"))
	if len(ico) < 22 || binary.LittleEndian.Uint16(ico[2:]) != 1 || ico[6] != 32 {
		t.Fatal("favicon.ico is not an icon of 32 pixels")
	}
	if _, err := png.Decode(bytes.NewReader(ico[22:])); err != nil {
		t.Errorf("favicon.ico: %v", err)
	}
	var svg struct {
		XMLName xml.Name
	}
	readXML(t, filepath.Join(out, "favicon.svg"), &svg)
	if svg.XMLName.Local != "svg" {
		t.Errorf("favicon.svg is %v", svg.XMLName)
	}
}

// TestPublishingWithoutAddress checks a site for disk: no sitemap and no
// card, whose URLs must be absolute; robots.txt, the feed and the icons
// still.
func TestPublishingWithoutAddress(t *testing.T) {
	cfg := config(t, sample(t))
	mustBuild(t, cfg)
	for _, p := range []string{"sitemap.xml", "sitemap", "card.png"} {
		if _, err := os.Stat(filepath.Join(cfg.Out, p)); err == nil {
			t.Errorf("a site without a base URL has %s", p)
		}
	}
	for _, p := range []string{"robots.txt", "feed.xml", "favicon.ico", "favicon.svg"} {
		if _, err := os.Stat(filepath.Join(cfg.Out, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	var feed atomFeed
	readXML(t, filepath.Join(cfg.Out, "feed.xml"), &feed)
	if len(feed.Entries) == 0 || !strings.HasPrefix(feed.Entries[0].Link.Href, "cable/") {
		t.Errorf("feed without a base URL: %d entries", len(feed.Entries))
	}
	doc := open(t, cfg.Out, "cable/2010/02/10BEIJING326.html")
	if doc.Find(`meta[property="og:image"]`).Length() != 0 {
		t.Error("og:image without a base URL")
	}
	if c, _ := doc.Find(`meta[name="twitter:card"]`).Attr("content"); c != "summary" {
		t.Errorf("twitter:card %q", c)
	}
}

func readXML(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// isForwarding reports whether the page at p forwards to another.
func isForwarding(t *testing.T, p string) bool {
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(data, []byte(`http-equiv="refresh"`))
}
