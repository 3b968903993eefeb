// Package linkcheck checks that a built site holds together: every internal
// link and anchor of every HTML page resolves to a file of the site and,
// where it has a fragment, to an element with that id.
//
// Pages are read with goquery. A link is internal when it has no scheme and
// no host; it must be relative (a site opened from disk or served under a
// sub-path cannot follow "/cable/…") and must name a file, not a folder.
// The only page allowed root-relative links is 404.html, which a host serves
// at any depth.
package linkcheck

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
)

// Problem is one link that does not resolve.
type Problem struct {
	Page   string // path of the page from the site root
	Link   string // the link as written
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s: %s", p.Page, p.Link, p.Reason) }

// Result is what Check found.
type Result struct {
	Pages    int // HTML pages read
	Links    int // internal links checked
	Anchors  int // of which with a fragment
	Problems []Problem
}

// page is what Check keeps of one page: its ids and its internal links.
type page struct {
	ids   map[string]bool
	links []string
}

// Check checks every HTML page under dir.
func Check(ctx context.Context, dir string) (*Result, error) {
	var files []string
	all := map[string]bool{}
	dirs := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			dirs[rel] = true
			return nil
		}
		all[rel] = true
		if strings.HasSuffix(rel, ".html") {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	sort.Strings(files)
	pages := make([]*page, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pages[i], errs[i] = read(filepath.Join(dir, filepath.FromSlash(files[i])))
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	byPath := make(map[string]*page, len(files))
	res := &Result{Pages: len(files)}
	for i, f := range files {
		if errs[i] != nil {
			res.Problems = append(res.Problems, Problem{Page: f, Reason: errs[i].Error()})
			continue
		}
		byPath[f] = pages[i]
	}
	for _, f := range files {
		pg := byPath[f]
		if pg == nil {
			continue
		}
		for _, link := range pg.links {
			res.Links++
			if reason := resolve(f, link, all, dirs, byPath, res); reason != "" {
				res.Problems = append(res.Problems, Problem{Page: f, Link: link, Reason: reason})
			}
		}
	}
	return res, nil
}

// resolve checks one link of page f and returns what is wrong with it, or "".
func resolve(f, link string, all, dirs map[string]bool, byPath map[string]*page, res *Result) string {
	u, err := url.Parse(link)
	if err != nil {
		return "not a URL"
	}
	target := f
	if u.Path != "" {
		if strings.HasPrefix(u.Path, "/") {
			if f != "404.html" {
				return "root-relative: breaks from disk and under a sub-path"
			}
			target = strings.TrimPrefix(path.Clean(u.Path), "/")
		} else {
			target = path.Join(path.Dir(f), u.Path)
		}
		if target == ".." || strings.HasPrefix(target, "../") {
			return "leaves the site"
		}
		if dirs[target] || target == "." || strings.HasSuffix(u.Path, "/") {
			return "names a folder, not a file"
		}
		if !all[target] {
			return "no such file"
		}
	}
	if u.Fragment == "" {
		return ""
	}
	res.Anchors++
	pg := byPath[target]
	if pg == nil {
		if strings.HasSuffix(target, ".html") {
			return "" // a page that failed to parse, reported already
		}
		return "fragment on a file that is not a page"
	}
	if !pg.ids[u.Fragment] {
		return "no element with id " + u.Fragment
	}
	return ""
}

// read parses one page and collects its ids and internal links.
func read(name string) (*page, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		return nil, err
	}
	pg := &page{ids: map[string]bool{}}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		pg.ids[id] = true
	})
	doc.Find("a[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		pg.ids[name] = true
	})
	add := func(link string) {
		link = strings.TrimSpace(link)
		if link == "" || isExternal(link) {
			return
		}
		pg.links = append(pg.links, link)
	}
	doc.Find("a[href], link[href], area[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		add(href)
	})
	doc.Find("script[src], img[src], iframe[src], source[src]").Each(func(_ int, s *goquery.Selection) {
		src, _ := s.Attr("src")
		add(src)
	})
	doc.Find(`meta[http-equiv="refresh" i]`).Each(func(_ int, s *goquery.Selection) {
		content, _ := s.Attr("content")
		if i := strings.Index(strings.ToLower(content), "url="); i >= 0 {
			add(content[i+4:])
		}
	})
	return pg, nil
}

// isExternal reports whether a link leaves the site: it has a scheme
// (https:, mailto:) or a host ("//example.org").
func isExternal(link string) bool {
	if strings.HasPrefix(link, "//") {
		return true
	}
	u, err := url.Parse(link)
	return err == nil && u.Scheme != ""
}
