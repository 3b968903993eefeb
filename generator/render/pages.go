package render

import "html/template"

// Site is what every page knows of the site as a whole.
type Site struct {
	Name    string            // shown in the header and in titles
	BaseURL string            // "https://cables.example.org/", or "" when unknown
	Total   int               // cables in the full archive (251,287)
	Count   int               // cables in this build
	CSS     string            // path of the style sheet from the root ("assets/style.1a2b3c4d.css")
	JS      string            // path of the script from the root
	Assets  map[string]string // path from the root of each asset, by its name in assets/
	Nav     []Link            // the Markdown pages, for the header and footer
	Search  bool              // the site has a search page
}

// Link is a labelled link; Href is relative to the page it is on.
type Link struct {
	Text  string
	Href  string
	Title string // tooltip, may be empty
	Count int    // a count to show beside the link, when > 0
	Class string // extra CSS class, may be empty
	Note  string // a word about the link, shown beside it, may be empty
}

// Page is what every page has. Pages of each kind embed it.
type Page struct {
	Site        *Site
	Path        string // path of the page from the root: "cable/2010/02/10BEIJING326.html"
	Root        string // relative path from the page to the root: "../../../"
	Title       string
	Description string
	Canonical   string // absolute URL, or "" without a base URL
	Section     string // the header link to mark as current: "reldate", "origin", …

	// SiteHeader and SiteFooter are filled by the Renderer (see Chrome).
	SiteHeader, SiteFooter template.HTML
}

// page gives the Renderer the common part of any page that embeds Page.
func (p *Page) page() *Page { return p }

// Chrome is what the header and footer of a page depend on.
type Chrome struct {
	Site    *Site
	Root    string
	Section string
}

// Row is one cable in a list of cables.
type Row struct {
	ID, Href          string
	Subject           string
	Created, Released string // dates, "2010-02-08"
	CreatedHref       string
	ReleasedHref      string
	Class, ClassHref  string
	Origin            string
	OriginHref        string
}

// Pager links the pages of a list.
type Pager struct {
	Page, Pages int    // current page (from 0) and count
	First, Prev string // hrefs, "" when on the first page
	Next, Last  string // hrefs, "" when on the last page
	Links       []Link // numbered links around the current page; Href "" marks the current one, Text "…" a gap
}

// ListPage is one page of a browse list: a release day, an origin, a tag …
type ListPage struct {
	Page
	Heading string
	Kind    string // "Release date", "Origin" …
	Intro   string // a sentence about the list, may be empty
	Total   int    // cables in the whole list
	First   int    // number of the first row shown (from 1)
	Last    int    // number of the last row shown
	Rows    []Row
	Pager   Pager
	Up      Link // the facet's directory
}

// DirPage is the directory of a facet: every value with its count.
type DirPage struct {
	Page
	Heading string
	Intro   string
	Jump    []Link // A-Z or years, linking to Groups by anchor
	Groups  []Group
}

// Group is a titled group of links on a directory page.
type Group struct {
	ID    string // anchor id
	Title string
	Links []Link
}

// HomePage is the front page.
type HomePage struct {
	Page
	Latest   []Row  // the latest released cables
	Days     []Link // the latest release days
	Browse   []Link // the facet directories
	Classes  []Link
	Released int // cables with a release date
}

// CablePage is the page of one cable.
type CablePage struct {
	Page
	ID, Subject    string
	Created        string
	Released       string
	Classification string
	Origin         string
	CreatedHref    string
	ReleasedHref   string
	ClassHref      string
	OriginHref     string
	Tags           []Link
	Header         string
	Text           template.HTML // the text laid out (see render.Text)
	Hashtags       string        // "#cablegate #10BEIJING326"
	Share          Share         // for the cable as a whole
	References     []Link        // Href "" for a citation not in the archive
	CitedBy        []Row
	Signer         string
	Partial        bool
	Format         string
	Source         string
}

// Share holds the share helpers for a cable or a paragraph.
type Share struct {
	URL string // the absolute URL, or a relative one without a base URL
	// Encoded is the post, escaped for a URL's query or fragment: what is
	// shared ("10BEIJING326 ¶3"), the URL and the hashtags.
	Encoded string
}

// MarkdownPage is a page written in Markdown under content/.
type MarkdownPage struct {
	Page
	Body template.HTML
}

// RedirectPage sends a reader from an old path to a new one.
type RedirectPage struct {
	Page
	To string // href relative to the old page
}

// SearchPage is the search page: a form that search.js runs in the
// browser, over the index in search/.
type SearchPage struct {
	Page
	Script string // path of search.js from the root
	Meta   string // path of the index's meta file from the root
	Browse []Link // the browse pages, for readers without scripts
}
