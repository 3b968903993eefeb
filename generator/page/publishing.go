package page

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"time"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/state"
)

// The files that tell search engines, feed readers and social networks
// about a published site: sitemap.xml (a sitemap index) and its sitemap
// files, robots.txt, feed.xml (Atom), the card that link previews show
// and the site's icon. They are XML or images, not HTML pages: each has a
// struct of its data, from which its key is derived like a page's, and a
// method that writes it (Bytes) or a renderer (render.Card, render.Icon).

// SitemapURLs is the most URLs a sitemap file may list (the protocol's
// limit).
const SitemapURLs = 50000

// SitemapItem is a page listed in the sitemap: a page of the site by its
// path, or a cable by its entry.
type SitemapItem struct {
	Path    string // "" for a cable
	Entry   int32  // the cable's entry, when Path is ""
	Lastmod cable.Time
}

// SitemapItems returns the pages the sitemap lists, in order: the home
// page, the Markdown pages, the search page, the directories and the
// first page of every browse list, then every cable. Each comes with the
// time it last changed: a cable's release, a list's newest release.
func (b *Builder) SitemapItems(markdown []string, search bool) []SitemapItem {
	a := b.arch
	var newest cable.Time
	for i := range a.Entries {
		if r := a.Entries[i].Released; r.Compare(newest) > 0 {
			newest = r
		}
	}
	items := []SitemapItem{{Path: "index.html", Lastmod: newest}}
	for _, m := range markdown {
		items = append(items, SitemapItem{Path: m + ".html"})
	}
	if search {
		items = append(items, SitemapItem{Path: "search.html", Lastmod: newest})
	}
	for _, k := range a.Kinds() {
		items = append(items, SitemapItem{Path: k.Dir() + "/index.html", Lastmod: newest})
		for _, f := range a.Facets(k) {
			var last cable.Time
			for _, e := range f.Entries {
				if r := a.Entries[e].Released; r.Compare(last) > 0 {
					last = r
				}
				if k != index.Date {
					break // the others list the newest release first
				}
			}
			items = append(items, SitemapItem{Path: f.PagePath(0), Lastmod: last})
		}
	}
	for i := range a.Entries {
		items = append(items, SitemapItem{Entry: int32(i), Lastmod: a.Entries[i].Released})
	}
	return items
}

// Sitemap is one sitemap file: sitemap/N.xml.
type Sitemap struct {
	URLs []SitemapURL
}

// SitemapURL is a URL of a sitemap or of a sitemap index, with the time
// it last changed (W3C datetime, "" when unknown).
type SitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// SitemapPath returns the path of sitemap file n.
func SitemapPath(n int) string { return fmt.Sprintf("sitemap/%d.xml", n) }

// Sitemap returns sitemap file n, of the items that SitemapItems gave.
func (b *Builder) Sitemap(items []SitemapItem, n int) *Sitemap {
	items = items[n*SitemapURLs : min(len(items), (n+1)*SitemapURLs)]
	s := &Sitemap{URLs: make([]SitemapURL, len(items))}
	for i, it := range items {
		p := it.Path
		if p == "" {
			p = b.arch.Entries[it.Entry].Path()
		}
		s.URLs[i] = SitemapURL{Loc: b.URL(p), Lastmod: w3c(it.Lastmod)}
	}
	return s
}

// Bytes returns the file.
func (s *Sitemap) Bytes() ([]byte, error) {
	return marshalXML(struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []SitemapURL `xml:"url"`
	}{URLs: s.URLs})
}

// SitemapIndex is sitemap.xml: the sitemap files.
type SitemapIndex struct {
	Sitemaps []SitemapURL
}

// SitemapIndex returns sitemap.xml for the items that SitemapItems gave.
func (b *Builder) SitemapIndex(items []SitemapItem) *SitemapIndex {
	s := &SitemapIndex{}
	for n := 0; n*SitemapURLs < len(items); n++ {
		var last cable.Time
		for _, it := range items[n*SitemapURLs : min(len(items), (n+1)*SitemapURLs)] {
			if it.Lastmod.Compare(last) > 0 {
				last = it.Lastmod
			}
		}
		s.Sitemaps = append(s.Sitemaps, SitemapURL{Loc: b.URL(SitemapPath(n)), Lastmod: w3c(last)})
	}
	return s
}

// Bytes returns the file.
func (s *SitemapIndex) Bytes() ([]byte, error) {
	return marshalXML(struct {
		XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []SitemapURL `xml:"sitemap"`
	}{Sitemaps: s.Sitemaps})
}

// Robots is robots.txt: every page may be crawled; the sitemap index is
// named when the site knows its address.
type Robots struct {
	Sitemap string // absolute URL of sitemap.xml, or ""
}

// Robots returns robots.txt.
func (b *Builder) Robots(sitemap bool) *Robots {
	r := &Robots{}
	if sitemap {
		r.Sitemap = b.URL("sitemap.xml")
	}
	return r
}

// Bytes returns the file.
func (r *Robots) Bytes() []byte {
	s := "User-agent: *\nAllow: /\n"
	if r.Sitemap != "" {
		s += "\nSitemap: " + r.Sitemap + "\n"
	}
	return []byte(s)
}

// FeedEntries is the most cables the feed lists.
const FeedEntries = 500

// Feed is feed.xml, an Atom feed (RFC 4287) of the cables of the latest
// releases, newest first.
type Feed struct {
	Title    string
	Subtitle string
	ID       string // urn:uuid:…
	Self     string // the feed's absolute URL, or ""
	Home     string // the home page: absolute, or "index.html"
	Updated  string
	Author   string
	Entries  []FeedEntry
}

// FeedEntry is a cable of the feed. Its summary comes from the cable's
// record, whose key (Record) is in the feed's key, as a cable page's text
// is (see Cable).
type FeedEntry struct {
	Entry   int32
	ID      string // urn:uuid:…, of the reference ID
	Title   string // "10BEIJING326: SUBJECT"
	Link    string // the cable's page: absolute, or from the root
	Updated string // its release
	Record  state.Key

	// Summary is derived from Record (see Summary) and left out of the key.
	Summary string `key:"-"`
}

// FeedPath is the path of the feed.
const FeedPath = "feed.xml"

// Feed returns feed.xml, without the entries' summaries, which come from
// the cables' records.
func (b *Builder) Feed() *Feed {
	a := b.arch
	f := &Feed{
		Title:    b.Site.Name + ": latest releases",
		Subtitle: b.About(),
		ID:       uuid("feed " + b.Site.BaseURL + " " + b.Site.Name),
		Self:     b.URL(FeedPath),
		Home:     b.URL("index.html"),
		Author:   b.Site.Name,
	}
	if f.Home == "" {
		f.Home = "index.html"
	}
	days := a.Facets(index.Reldate)
	for i := len(days) - 1; i >= 0 && len(f.Entries) < FeedEntries; i-- {
		for _, e := range days[i].Entries {
			if len(f.Entries) == FeedEntries {
				break
			}
			en := &a.Entries[e]
			link := b.URL(en.Path())
			if link == "" {
				link = en.Path()
			}
			f.Entries = append(f.Entries, FeedEntry{
				Entry: e, ID: uuid("cable " + en.ID), Title: en.ID + ": " + en.Subject,
				Link: link, Updated: w3c(en.Released), Record: en.Hash,
			})
		}
	}
	if len(f.Entries) > 0 {
		f.Updated = f.Entries[0].Updated
		return f
	}
	// No cable has a release time: the feed is as new as the newest cable.
	var newest cable.Time
	for i := range a.Entries {
		if c := a.Entries[i].Created; c.Compare(newest) > 0 {
			newest = c
		}
	}
	f.Updated = w3c(newest)
	if f.Updated == "" {
		f.Updated = "1966-01-01T00:00:00Z"
	}
	return f
}

// Bytes returns the file.
func (f *Feed) Bytes() ([]byte, error) {
	type link struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	type entry struct {
		Title     string `xml:"title"`
		Link      link   `xml:"link"`
		ID        string `xml:"id"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Summary   string `xml:"summary,omitempty"`
	}
	doc := struct {
		XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title    string   `xml:"title"`
		Subtitle string   `xml:"subtitle,omitempty"`
		Links    []link   `xml:"link"`
		ID       string   `xml:"id"`
		Updated  string   `xml:"updated"`
		Author   string   `xml:"author>name"`
		Entries  []entry  `xml:"entry"`
	}{Title: f.Title, Subtitle: f.Subtitle, ID: f.ID, Updated: f.Updated, Author: f.Author}
	if f.Self != "" {
		doc.Links = append(doc.Links, link{Rel: "self", Type: "application/atom+xml", Href: f.Self})
	}
	doc.Links = append(doc.Links, link{Rel: "alternate", Type: "text/html", Href: f.Home})
	for _, e := range f.Entries {
		doc.Entries = append(doc.Entries, entry{
			Title: e.Title, Link: link{Rel: "alternate", Type: "text/html", Href: e.Link},
			ID: e.ID, Updated: e.Updated, Published: e.Updated, Summary: e.Summary,
		})
	}
	return marshalXML(doc)
}

// Image is an image of the site made at build time: the card that link
// previews show (1200×630, with the site's name and description) or the
// site's icon.
type Image struct {
	Kind        string // "card", "icon.svg", "icon.ico"
	Name        string
	Description string
	Host        string // the site's host, shown on the card
}

// The images' paths.
const (
	CardPath    = "card.png"
	IconSVGPath = "favicon.svg"
	IconICOPath = "favicon.ico"
)

// marshalXML returns v as an XML document, indented.
func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// w3c returns t in the W3C datetime format of sitemaps and Atom
// ("2010-11-28T18:28:00Z"), or "" for the zero time.
func w3c(t cable.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Std().UTC().Format(time.RFC3339)
}

// uuid returns a name-based UUID (version 5, in a namespace of the site)
// as a URN: the same name gives the same ID on every build.
func uuid(name string) string {
	h := sha1.Sum([]byte("cablesite " + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Image returns the image of a kind: "card", "icon.svg" or "icon.ico".
func (b *Builder) Image(kind string) *Image {
	im := &Image{Kind: kind}
	if kind == "card" {
		im.Name, im.Description = b.Site.Name, b.About()
		if u, err := url.Parse(b.Site.BaseURL); err == nil {
			im.Host = strings.TrimSuffix(u.Host+u.Path, "/")
		}
	}
	return im
}
