// Package render turns page data into HTML through html/template.
//
// Every page kind (cable, list, directory, home, Markdown page, redirect,
// not-found) has its own template set: the shared layout base.html, the
// shared partials.html, and the kind's own file, parsed together from an
// fs.FS so that their {{define}} blocks never collide. The FS is the
// project's templates/ folder, embedded in the binary, with a user's folder
// of the same layout laid over it file by file (see Overlay).
//
// Templates receive the typed structs of pages.go. Cable text reaches them
// as plain strings and is escaped by html/template like any other value.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"sync"
)

// Kinds of page, each with its template file.
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

var kinds = []string{KindCable, KindList, KindDirectory, KindHome, KindMarkdown, KindRedirect, KindNotFound, KindSearch}

// Renderer executes the templates of every page kind.
type Renderer struct {
	sets   map[string]*template.Template
	bufs   sync.Pool
	chrome sync.Map // Chrome -> [2]template.HTML: header and footer
}

// New parses the templates in fsys: base.html, partials.html and one file
// per page kind.
func New(fsys fs.FS) (*Renderer, error) {
	r := &Renderer{sets: map[string]*template.Template{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	for _, k := range kinds {
		t, err := template.New(k).Funcs(funcs).ParseFS(fsys, "base.html", "partials.html", k)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		for _, name := range []string{"base", "site-header", "site-footer"} {
			if t.Lookup(name) == nil {
				return nil, fmt.Errorf("templates: no %q template (base.html defines base, partials.html site-header and site-footer)", name)
			}
		}
		r.sets[k] = t
	}
	return r, nil
}

// Execute renders a page of the given kind to w. A page that embeds Page
// gets its header and footer first.
func (r *Renderer) Execute(w io.Writer, kind string, page any) error {
	t, ok := r.sets[kind]
	if !ok {
		return fmt.Errorf("render: no template for %q", kind)
	}
	if p, ok := page.(interface{ page() *Page }); ok {
		pg := p.page()
		var err error
		if pg.SiteHeader, pg.SiteFooter, err = r.Chrome(Chrome{Site: pg.Site, Root: pg.Root, Section: pg.Section}); err != nil {
			return err
		}
	}
	if err := t.ExecuteTemplate(w, "base", page); err != nil {
		return fmt.Errorf("render %s: %w", kind, err)
	}
	return nil
}

// Chrome returns the header and footer of pages with the given depth and
// section. They are rendered by the "site-header" and "site-footer"
// templates once for each Chrome, then reused: most pages of a site share a
// handful of them.
func (r *Renderer) Chrome(c Chrome) (header, footer template.HTML, err error) {
	if v, ok := r.chrome.Load(c); ok {
		hf := v.([2]template.HTML)
		return hf[0], hf[1], nil
	}
	t := r.sets[KindList]
	var hf [2]template.HTML
	for i, name := range []string{"site-header", "site-footer"} {
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, c); err != nil {
			return "", "", fmt.Errorf("render %s: %w", name, err)
		}
		hf[i] = template.HTML(buf.String())
	}
	r.chrome.Store(c, hf)
	return hf[0], hf[1], nil
}

// Render renders a page of the given kind and passes its bytes to write.
// The bytes are valid only during the call.
func (r *Renderer) Render(kind string, page any, write func([]byte) error) error {
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := r.Execute(buf, kind, page); err != nil {
		return err
	}
	return write(buf.Bytes())
}
