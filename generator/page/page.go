// Package page holds the data of every page of the site, one typed struct
// per kind of page, and the one function that gathers each from the index
// of the archive (see Builder).
//
// A page's struct holds everything the page shows, and nothing else: the
// templates receive it as it is, and its key, which decides whether a
// rebuild writes the page again, is derived from it (Key, by state.KeyOf):
// a field added to a page changes its key without anyone listing it. The
// only fields left out of a key are tagged `key:"-"`, and each says what it
// is derived from: the text of a cable and the summary of a feed entry
// from the key of its record, the header and footer of a page from the
// site and the page's depth, the site from the build's settings (in every
// file's key through the config key). A list's rows are in its key by
// their own keys (`key:"each"`), so that a rebuild derives the keys of the
// lists from the keys of the rows, each row's made once (Builder.ListKey).
//
// Paths in page data are slash-separated; hrefs are relative to the page
// they are on (Root leads from a page to the site root), so that the site
// works from disk and under any sub-path of a host.
package page

import (
	"html/template"

	"cablesite/generator/render"
	"cablesite/generator/state"
)

// Template names: the file of templates/ that renders each kind of page.
const (
	KindCable     = "cable.html"
	KindList      = "list.html"
	KindDirectory = "directory.html"
	KindHome      = "home.html"
	KindMarkdown  = "page.html"
	KindRedirect  = "redirect.html"
	KindNotFound  = "notfound.html"
	KindSearch    = "search.html"
)

// Kinds lists the templates of every kind of page.
var Kinds = []string{KindCable, KindList, KindDirectory, KindHome, KindMarkdown, KindRedirect, KindNotFound, KindSearch}

// Site is what every page knows of the site as a whole: the settings of the
// build, the same on every page and for every archive, so that a cable
// added changes no page's Site.
type Site struct {
	Name        string            // shown in the header and in titles
	Description string            // of the site, for its home page and link previews
	BaseURL     string            // "https://cables.example.org/", or "" when unknown
	Card        string            // absolute URL of the card link previews show, or "" without a base URL
	Total       int               // cables in the full archive (251,287)
	CSS         string            // path of the style sheet from the root ("assets/style.1a2b3c4d.css")
	JS          string            // path of the script from the root
	Assets      map[string]string // path from the root of each asset, by its name in assets/
	Nav         []Link            // the Markdown pages, for the header and footer; Href from the root
	Search      bool              // the site has a search page
}

// Frame is what every HTML page has; the page of each kind embeds it.
type Frame struct {
	// Site is the same for every page of a build, and derived from its
	// settings: it is in the build's config key, which every file's key
	// holds (see plan.Plan.KeyOf), and left out of the page's.
	Site        *Site  `key:"-"`
	Path        string // path of the page from the root: "cable/2010/02/10BEIJING326.html"
	Root        string // relative path from the page to the root: "../../../"
	Title       string
	Description string
	Canonical   string // absolute URL, or "" without a base URL
	Section     string // the header link to mark as current: "reldate", "origin", …

	// Header and Footer are the site's header and footer as the templates
	// "site-header" and "site-footer" render them for the page's Site,
	// Root and Section, which they are derived from: the renderer fills
	// them, once for each depth and section (see render.Renderer).
	Header template.HTML `key:"-"`
	Footer template.HTML `key:"-"`
}

// ChromeOf returns what the page's header and footer depend on (see
// render.Framed).
func (f *Frame) ChromeOf() render.Chrome {
	return render.Chrome{Site: f.Site, Root: f.Root, Section: f.Section}
}

// SetChrome gives the page its header and footer (see render.Framed).
func (f *Frame) SetChrome(header, footer template.HTML) { f.Header, f.Footer = header, footer }

// Key returns the key of a page's data: see the package comment.
func Key(p any) state.Key { return state.KeyOf(p) }

// Link is a labelled link; Href is relative to the page it is on.
type Link struct {
	Text  string
	Href  string
	Title string // tooltip, may be empty
	Count int    // a count to show beside the link, when > 0
	Class string // extra CSS class, may be empty
	Note  string // a word about the link, shown beside it, may be empty
}

// Row is one cable in a list of cables. Its hrefs are paths from the site
// root, written after Root, the way from the page to the root.
type Row struct {
	Root         string
	ID           string
	Href         string // the cable's page
	Subject      string
	Created      string // the day, "2010-02-08"
	CreatedHref  string
	Released     string // the day, or "" when unknown
	ReleasedHref string
	Class        string
	ClassHref    string
	Origin       string
	OriginHref   string
}

// Pager links the pages of a list; it has no links on a list of one page.
type Pager struct {
	Pages       int    // how many pages the list has
	First, Prev string // hrefs, "" on the first page
	Next, Last  string // hrefs, "" on the last page
	Links       []PagerLink
}

// PagerLink is a numbered link of a pager: to a page, the page itself
// (Current), or a gap in the numbers (Gap).
type PagerLink struct {
	Text    string
	Href    string
	Current bool
	Gap     bool
}

// Group is a titled group of links on a directory page.
type Group struct {
	ID    string // anchor id
	Title string
	Links []Link
}
