// Package render turns page data into HTML through html/template.
//
// Every kind of page has its own template set: the shared layout base.html,
// the shared partials.html, and the kind's own file, parsed together from
// an fs.FS so that their {{define}} blocks never collide. The FS is the
// project's templates/ folder, embedded in the binary, with a user's folder
// of the same layout laid over it file by file (see Overlay). Every element
// of every page comes from these files.
//
// Templates receive the typed structs of package page. What a page repeats
// many times (the rows of a list, the paragraphs of a cable) is a
// fragment: a template of the set that html/template escapes once and that
// is then filled value by value (see fragment.go). The header and footer,
// which depend only on the site and the page's depth, are rendered once for
// each depth and section.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"sync"
)

// Renderer executes the templates of every kind of page. It is safe for
// use by several goroutines.
type Renderer struct {
	sets   map[string]*tset
	bufs   sync.Pool
	chrome sync.Map // Chrome -> [2]template.HTML: header and footer
}

// tset is the template set of one kind of page, with its fragments.
type tset struct {
	t     *template.Template
	frags *fragmentSet
}

// New parses the templates in fsys: base.html, partials.html and the file
// of each of the given kinds of page.
func New(fsys fs.FS, kinds []string) (*Renderer, error) {
	r := &Renderer{sets: map[string]*tset{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	for _, k := range kinds {
		s := &tset{frags: &fragmentSet{frags: map[string]*fragment{}}}
		t, err := template.New(k).Funcs(funcs).Funcs(s.frags.funcs()).ParseFS(fsys, "base.html", "partials.html", k)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		for _, name := range []string{"base", "site-header", "site-footer"} {
			if t.Lookup(name) == nil {
				return nil, fmt.Errorf("templates: no %q template (base.html defines base, partials.html site-header and site-footer)", name)
			}
		}
		s.t, s.frags.t = t, t
		r.sets[k] = s
	}
	return r, nil
}

// Framed is page data with a frame (package page's Frame): the renderer
// gives it the site's header and footer before executing its template.
type Framed interface {
	// ChromeOf returns what the header and footer depend on: the site,
	// the way to its root and the section of the page.
	ChromeOf() Chrome
	// SetChrome gives the page its header and footer.
	SetChrome(header, footer template.HTML)
}

// Chrome is what the header and footer of a page depend on; the templates
// site-header and site-footer receive it.
type Chrome struct {
	Site    any // the site (a *page.Site)
	Root    string
	Section string
}

// Execute renders a page of the given kind to w.
func (r *Renderer) Execute(w io.Writer, kind string, data any) error {
	s, ok := r.sets[kind]
	if !ok {
		return fmt.Errorf("render: no template for %q", kind)
	}
	if f, ok := data.(Framed); ok {
		header, footer, err := r.chromeOf(f.ChromeOf())
		if err != nil {
			return err
		}
		f.SetChrome(header, footer)
	}
	if err := s.t.ExecuteTemplate(w, "base", data); err != nil {
		return fmt.Errorf("render %s: %w", kind, err)
	}
	return nil
}

// chromeOf returns the header and footer of pages with the given chrome,
// rendered once for each and then reused: most pages of a site share a
// handful of them.
func (r *Renderer) chromeOf(c Chrome) (header, footer template.HTML, err error) {
	if v, ok := r.chrome.Load(c); ok {
		hf := v.([2]template.HTML)
		return hf[0], hf[1], nil
	}
	var t *template.Template
	for _, s := range r.sets {
		t = s.t
		break
	}
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
func (r *Renderer) Render(kind string, data any, write func([]byte) error) error {
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := r.Execute(buf, kind, data); err != nil {
		return err
	}
	return write(buf.Bytes())
}

// Fragment fills the fragment named name of the template set of kind with
// data, as the template helper fragment does.
func (r *Renderer) Fragment(kind, name string, data any) (template.HTML, error) {
	s, ok := r.sets[kind]
	if !ok {
		return "", fmt.Errorf("render: no template for %q", kind)
	}
	return s.frags.one(name, data)
}
