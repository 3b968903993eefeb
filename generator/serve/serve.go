// Package serve serves a built site over HTTP as its host would: with the
// headers and redirects of netlify.toml, the rules of the site's
// _redirects file (splats, placeholders, forced rules), 404.html with the
// status 404, and the site under the path of its base URL. A preview
// (Server.Live) also reloads the pages it sent when the site changes: a
// script that only the server's responses carry, never the site's files.
package serve

import (
	"bytes"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Server serves the site in Dir.
type Server struct {
	Dir    string
	Prefix string // the path the site is served under: "/" or "/mirror/"
	Rules  *Rules // of netlify.toml
	Live   bool   // reload the pages when Changed is called

	mu        sync.RWMutex
	redirects []Redirect // of the site's _redirects, then of Rules
	version   int
	waiting   []chan struct{}
	closed    bool
}

// The paths of the live reload, outside any site.
const (
	reloadScript = "/__cablesite/reload.js"
	reloadEvents = "/__cablesite/events"
)

// reloadJS asks the server to be told when the site changes, and then
// reloads the page; a page in a frame (the search page reads cables' text
// from their pages in frames) leaves that to the page that frames it.
const reloadJS = `(function () {
  if (window.top !== window) { return; }
  var es = new EventSource("` + reloadEvents + `");
  es.onmessage = function () { location.reload(); };
})();
`

// Load reads the site's _redirects, as it is now: call it again once the
// site changed.
func (s *Server) Load() error {
	var rules []Redirect
	data, err := os.ReadFile(filepath.Join(s.Dir, "_redirects"))
	switch {
	case err == nil:
		if rules, err = ParseRedirects(data); err != nil {
			return err
		}
	case !os.IsNotExist(err):
		return err
	}
	if s.Rules != nil {
		rules = append(rules, s.Rules.Redirects...)
	}
	s.mu.Lock()
	s.redirects = rules
	s.mu.Unlock()
	return nil
}

// Changed tells the pages that wait for it that the site changed.
func (s *Server) Changed() {
	s.mu.Lock()
	s.version++
	for _, c := range s.waiting {
		close(c)
	}
	s.waiting = nil
	s.mu.Unlock()
}

// Close ends the waits for changes, so that the server can shut down.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	for _, c := range s.waiting {
		close(c)
	}
	s.waiting = nil
	s.mu.Unlock()
}

// ServeHTTP serves a request as the host would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.Live {
		switch r.URL.Path {
		case reloadScript:
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			fmt.Fprint(w, reloadJS)
			return
		case reloadEvents:
			s.events(w, r)
			return
		}
	}
	prefix := s.prefix()
	p := r.URL.Path
	if !strings.HasPrefix(p+"/", prefix) {
		s.notFound(w, r, p)
		return
	}
	s.headers(w, p)
	rel := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(p, prefix)), "/")
	file := s.file(rel)
	s.mu.RLock()
	rules := s.redirects
	s.mu.RUnlock()
	for _, rule := range rules {
		vals, ok := match(rule.From, p)
		if !ok {
			continue
		}
		if file != "" && !rule.Force {
			break // a file shadows the rules that are not forced
		}
		to := fill(rule.To, vals)
		switch rule.Status {
		case 200, 404, 410:
			target := s.file(strings.TrimPrefix(strings.TrimPrefix(to, prefix), "/"))
			if target == "" {
				continue
			}
			s.serveFile(w, r, target, rule.Status)
		default:
			http.Redirect(w, r, to, rule.Status)
		}
		return
	}
	if file == "" {
		s.notFound(w, r, p)
		return
	}
	s.serveFile(w, r, file, http.StatusOK)
}

// prefix returns the path the site is served under, with a final slash.
func (s *Server) prefix() string {
	p := s.Prefix
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// file returns the file of the site that serves the path rel, or "": a
// file, a folder's index.html, or rel.html (the host's pretty URLs). The
// host's own files (_redirects, _headers) and the build's (dot files) are
// not served.
func (s *Server) file(rel string) string {
	if rel == "" || rel == "." {
		rel = "index.html"
	}
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") || seg == "_redirects" || seg == "_headers" {
			return ""
		}
	}
	for _, cand := range []string{rel, rel + "/index.html", rel + ".html"} {
		name := filepath.Join(s.Dir, filepath.FromSlash(cand))
		if info, err := os.Stat(name); err == nil && info.Mode().IsRegular() {
			return name
		}
	}
	return ""
}

// headers sets the headers of the rules whose paths match p.
func (s *Server) headers(w http.ResponseWriter, p string) {
	if s.Rules == nil {
		return
	}
	for _, h := range s.Rules.Headers {
		if _, ok := match(h.For, p); ok {
			for k, v := range h.Values {
				w.Header().Set(k, strings.Join(strings.Fields(v), " "))
			}
		}
	}
}

// notFound serves the site's 404.html, or a line, with the status 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, p string) {
	if f := s.file("404.html"); f != "" {
		s.headers(w, p)
		s.serveFile(w, r, f, http.StatusNotFound)
		return
	}
	http.NotFound(w, r)
}

// serveFile serves a file with a status; an HTML page of a preview gets
// the reload script.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string, status int) {
	ctype := mime.TypeByExtension(filepath.Ext(name))
	switch filepath.Ext(name) {
	case ".ico":
		ctype = "image/x-icon"
	case ".xml":
		ctype = "application/xml; charset=utf-8"
	}
	if ctype != "" {
		w.Header().Set("Content-Type", ctype)
	}
	if status == http.StatusOK && !(s.Live && strings.HasSuffix(name, ".html")) {
		f, err := os.Open(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		info, _ := f.Stat()
		http.ServeContent(w, r, name, info.ModTime(), f)
		return
	}
	data, err := os.ReadFile(name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if s.Live && strings.HasSuffix(name, ".html") {
		data = injectReload(data)
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// injectReload puts the reload script at the end of a page's body.
func injectReload(page []byte) []byte {
	tag := []byte(`<script src="` + reloadScript + `" defer></script>`)
	if i := bytes.LastIndex(page, []byte("</body>")); i >= 0 {
		return append(append(append([]byte{}, page[:i]...), tag...), page[i:]...)
	}
	return append(page, tag...)
}

// events streams a message to the page each time the site changes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "no streaming", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 1000\n\n")
	flusher.Flush()
	for {
		c, ok := s.wait()
		if !ok {
			return
		}
		for waiting := true; waiting; {
			select {
			case <-c:
				waiting = false
			case <-r.Context().Done():
				return
			case <-time.After(30 * time.Second):
				fmt.Fprint(w, ": still here\n\n") // keeps proxies from closing the stream
				flusher.Flush()
			}
		}
		s.mu.RLock()
		closed := s.closed
		s.mu.RUnlock()
		if closed {
			return
		}
		fmt.Fprint(w, "data: reload\n\n")
		flusher.Flush()
	}
}

// wait returns a channel closed at the next change; false once the server
// is closed.
func (s *Server) wait() (chan struct{}, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	c := make(chan struct{})
	s.waiting = append(s.waiting, c)
	return c, true
}

// isSite checks that dir holds a built site.
func isSite(dir string) error {
	if _, err := fs.Stat(os.DirFS(dir), "index.html"); err != nil {
		return fmt.Errorf("serve: %s has no index.html: not a built site", dir)
	}
	return nil
}

// New returns the server of the site in dir, under prefix, with the rules
// of netlify.toml (nil for none), its _redirects read.
func New(dir, prefix string, rules *Rules, live bool) (*Server, error) {
	if err := isSite(dir); err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, Prefix: prefix, Rules: rules, Live: live}
	return s, s.Load()
}
