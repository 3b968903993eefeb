package page

import "html/template"

// List is one page of a browse list: the cables of a release day, a month,
// an origin, a tag or a classification, fifty a page, newest first.
type List struct {
	Frame
	Kind    string // "Origin", "Subject tag", …
	Heading string // the value: "Embassy Beijing"
	Intro   string // a sentence about the list, may be empty
	Total   int    // cables in the whole list
	First   int    // number of the first row shown (from 1)
	Last    int    // number of the last row shown
	Rows    []Row  `key:"each"` // see Builder.ListKey
	Pager   Pager
	Up      Link   // the facet's directory
	Scope   Scope  // searching within the list, when the site has search
	Chart   *Chart // an origin's or a tag's cables by year, on its first page
}

// Scope is a search within a browse list: the search page's filter of the
// list's facet.
type Scope struct {
	Param string // the search page's parameter: "origin", "tag", "class", "year"
	Value string // its value
	Label string // "Search the cables of Embassy Beijing"
}

// Directory is the directory of a facet: every value with its count.
type Directory struct {
	Frame
	Heading string
	Intro   string
	Jump    []Link // A-Z or years, linking to Groups by anchor
	Groups  []Group
	Chart   *Chart // the share of each classification, on theirs
}

// Home is the front page.
type Home struct {
	Frame
	Count    int    // cables in this build
	Released int    // of which with a release date
	Latest   []Row  // the latest released cables
	Days     []Link // the latest release days
	Browse   []Link // the facet directories
	Classes  []Link
	Feed     string   // path of the feed from the root, or ""
	Charts   []*Chart // cables by year and classification, and by release
}

// Markdown is a page written in Markdown under content/.
type Markdown struct {
	Frame
	Body template.HTML
}

// Redirect sends a reader from an old path to a new one, or, when the old
// path led to several pages, names them.
type Redirect struct {
	Frame
	To      string // href relative to the old page; "" when there are Choices
	Choices []Link // the pages an old path of several leads to
}

// NotFound is the page a host serves for an address the site does not
// have. A host serves it at any depth, so its links are absolute: its Root
// is the base URL, or "/" without one.
type NotFound struct {
	Frame
}

// Search is the search page: a form that search.js runs in the browser,
// over the index in search/.
type Search struct {
	Frame
	Count  int    // cables searched
	Script string // path of search.js from the root
	Meta   string // path of the index's meta file from the root
	Browse []Link // the browse pages, for readers without scripts
}
