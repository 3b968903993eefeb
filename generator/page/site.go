package page

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

	"cablesite/generator/render"
	"cablesite/generator/state"
)

// Settings are what a site is made of besides the archive.
type Settings struct {
	Name        string // the site's name, shown in every header and title
	Description string // a sentence about the site, for its home page and link previews
	BaseURL     string // "https://cables.example.org/", or ""
	Total       int    // cables in the full archive
	Search      bool   // the site has a search page and index
	Assets      fs.FS  // copied into assets/, each under a name with its hash
	Pages       fs.FS  // Markdown pages (*.md), each written as NAME.html
}

// Content is what a site holds besides the pages made from the archive:
// its settings as every page sees them, its assets and its Markdown pages.
type Content struct {
	Site     *Site
	Assets   []File
	Markdown []MarkdownSource
}

// MarkdownSource is a Markdown page, converted.
type MarkdownSource struct {
	Name  string // "about": the page is about.html
	Title string
	Body  template.HTML
}

// LoadContent reads the assets and the Markdown pages of a site.
func LoadContent(s Settings) (*Content, error) {
	c := &Content{Site: &Site{Name: s.Name, Description: s.Description, BaseURL: s.BaseURL, Total: s.Total, Search: s.Search}}
	if s.BaseURL != "" {
		c.Site.Card = s.BaseURL + CardPath
	}
	if err := c.loadAssets(s.Assets); err != nil {
		return nil, err
	}
	if err := c.loadMarkdown(s.Pages); err != nil {
		return nil, err
	}
	return c, nil
}

// loadAssets reads the assets, to be written into assets/ under names that
// carry a hash of their content ("assets/style.1a2b3c4d.css"), so that
// hosts may cache them for ever: a changed file gets a new name.
func (c *Content) loadAssets(fsys fs.FS) error {
	site := c.Site
	site.Assets = map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("assets: %w", err)
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("assets: %w", err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		out := "assets/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		site.Assets[p] = out
		c.Assets = append(c.Assets, File{Path: out, Data: data, Sum: state.Of(data)})
		return nil
	})
	if err != nil {
		return err
	}
	site.CSS, site.JS = site.Assets["style.css"], site.Assets["site.js"]
	if site.CSS == "" || site.JS == "" || site.Assets["search.js"] == "" {
		return fmt.Errorf("assets: style.css, site.js and search.js are needed")
	}
	return nil
}

// pageOrder puts the pages that explain the site first in the navigation.
var pageOrder = map[string]int{"about": 1, "reading": 2, "sharing": 3}

// loadMarkdown reads and converts the Markdown pages, in the order of the
// navigation, and lists them in the site's Nav.
func (c *Content) loadMarkdown(fsys fs.FS) error {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return fmt.Errorf("pages: %w", err)
	}
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return fmt.Errorf("pages: %w", err)
		}
		name := strings.TrimSuffix(n, ".md")
		if err := checkPageName(name); err != nil {
			return fmt.Errorf("pages: %s: %w", n, err)
		}
		title, body, err := render.Markdown(src)
		if err != nil {
			return fmt.Errorf("pages: %s: %w", n, err)
		}
		if title == "" {
			title = name
		}
		c.Markdown = append(c.Markdown, MarkdownSource{Name: name, Title: title, Body: body})
	}
	order := func(name string) int {
		if o := pageOrder[name]; o > 0 {
			return o
		}
		return 100
	}
	slices.SortStableFunc(c.Markdown, func(a, b MarkdownSource) int {
		return cmp.Or(cmp.Compare(order(a.Name), order(b.Name)), strings.Compare(a.Name, b.Name))
	})
	for _, m := range c.Markdown {
		c.Site.Nav = append(c.Site.Nav, Link{Text: m.Title, Href: m.Name + ".html"})
	}
	return nil
}

// checkPageName refuses Markdown page names that would clash with the
// site's own files.
func checkPageName(name string) error {
	switch name {
	case "index", "404", "search", "feed", "sitemap", "robots":
		return fmt.Errorf("the name %q is the site's own", name)
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("page names are lower-case letters, digits, - and _")
		}
	}
	return nil
}
