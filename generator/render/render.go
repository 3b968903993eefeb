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
)

var kinds = []string{KindCable, KindList, KindDirectory, KindHome, KindMarkdown, KindRedirect, KindNotFound}

// Renderer executes the templates of every page kind.
type Renderer struct {
	sets map[string]*template.Template
	bufs sync.Pool
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
		if t.Lookup("base") == nil {
			return nil, fmt.Errorf("templates: base.html defines no \"base\" template")
		}
		r.sets[k] = t
	}
	return r, nil
}

// Execute renders a page of the given kind to w.
func (r *Renderer) Execute(w io.Writer, kind string, page any) error {
	t, ok := r.sets[kind]
	if !ok {
		return fmt.Errorf("render: no template for %q", kind)
	}
	if err := t.ExecuteTemplate(w, "base", page); err != nil {
		return fmt.Errorf("render %s: %w", kind, err)
	}
	return nil
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
