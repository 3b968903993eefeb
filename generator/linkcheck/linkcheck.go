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
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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

// Progress counts the pages a check has read, for a progress display.
type Progress struct {
	Pages atomic.Int64 // pages to read, once the site is listed
	Read  atomic.Int64 // pages read
}

// Options say how to check.
type Options struct {
	Workers  int       // goroutines reading pages; all cores when 0
	Progress *Progress // may be nil
}

// site is what a check knows of the whole site: its files and folders,
// and the ids of each page once read. It keeps no page's links: each is
// checked as its page is read, but for a fragment on another page, whose
// ids may not be known yet; those wait in later.
type site struct {
	files map[string]int32 // path → index of the page, or -1 for a file that is not a page
	dirs  map[string]bool
	pages []string
	ids   [][]uint64 // of each page: the hashes of its ids, sorted; nil until read
	bad   []bool     // the page could not be parsed

	mu       sync.Mutex
	problems []Problem
	later    []anchor
	links    atomic.Int64
	anchors  atomic.Int64
}

// anchor is a link to a fragment of another page, checked once every page
// is read.
type anchor struct {
	page, target int32
	frag         uint64
	link         string
}

// Check checks every HTML page under dir, which must be a built site (it
// has an index.html). Memory grows with the number of pages and their ids,
// not with their links.
func Check(ctx context.Context, dir string, opt Options) (*Result, error) {
	s, err := list(dir)
	if err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress.Pages.Store(int64(len(s.pages)))
	}
	err = work(ctx, len(s.pages), opt.Workers, func(i int) {
		s.readPage(dir, int32(i))
		if opt.Progress != nil {
			opt.Progress.Read.Add(1)
		}
	})
	if err != nil {
		return nil, err
	}
	for _, a := range s.later {
		if s.bad[a.target] {
			continue // reported already
		}
		if !hasID(s.ids[a.target], a.frag) {
			s.problems = append(s.problems, Problem{Page: s.pages[a.page], Link: a.link, Reason: "no element with id " + fragmentOf(a.link)})
		}
	}
	slices.SortStableFunc(s.problems, func(a, b Problem) int { return strings.Compare(a.Page, b.Page) })
	return &Result{Pages: len(s.pages), Links: int(s.links.Load()), Anchors: int(s.anchors.Load()), Problems: s.problems}, nil
}

// ErrNotSite reports a folder that is not a built site.
var ErrNotSite = errors.New("not a built site")

// list lists the files and folders of the site in dir.
func list(dir string) (*site, error) {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		if _, derr := os.Stat(dir); derr != nil {
			return nil, fmt.Errorf("check: %w", derr)
		}
		return nil, fmt.Errorf("check: %s is %w: it has no index.html (cablesite build -o %s makes one)", dir, ErrNotSite, dir)
	}
	s := &site{files: map[string]int32{}, dirs: map[string]bool{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			s.dirs[rel] = true
			return nil
		}
		s.files[rel] = -1
		if strings.HasSuffix(rel, ".html") {
			s.pages = append(s.pages, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	sort.Strings(s.pages)
	for i, p := range s.pages {
		s.files[p] = int32(i)
	}
	s.ids = make([][]uint64, len(s.pages))
	s.bad = make([]bool, len(s.pages))
	return s, nil
}

// work calls fn for 0..n-1 on workers goroutines, until ctx is done.
func work(ctx context.Context, n, workers int, fn func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// readPage reads page i, keeps its ids and checks its links.
func (s *site) readPage(dir string, i int32) {
	f := s.pages[i]
	ids, links, err := read(filepath.Join(dir, filepath.FromSlash(f)))
	if err != nil {
		s.bad[i] = true
		s.report(Problem{Page: f, Reason: err.Error()})
		return
	}
	s.ids[i] = ids // each page's ids are set by one goroutine, read once all are
	var later []anchor
	for _, link := range links {
		s.links.Add(1)
		target, frag, reason := s.resolve(f, link)
		switch {
		case reason != "":
			s.report(Problem{Page: f, Link: link, Reason: reason})
		case frag == "":
		case target == i:
			s.anchors.Add(1)
			if !hasID(ids, hashID(frag)) {
				s.report(Problem{Page: f, Link: link, Reason: "no element with id " + frag})
			}
		default:
			s.anchors.Add(1)
			later = append(later, anchor{page: i, target: target, frag: hashID(frag), link: link})
		}
	}
	if len(later) > 0 {
		s.mu.Lock()
		s.later = append(s.later, later...)
		s.mu.Unlock()
	}
}

func (s *site) report(p Problem) {
	s.mu.Lock()
	s.problems = append(s.problems, p)
	s.mu.Unlock()
}

// resolve checks the path of one link of page f: it returns the page the
// link leads to and its fragment, or what is wrong with it.
func (s *site) resolve(f, link string) (target int32, frag, reason string) {
	u, err := url.Parse(link)
	if err != nil {
		return 0, "", "not a URL"
	}
	to := f
	if u.Path != "" {
		if strings.HasPrefix(u.Path, "/") {
			if f != "404.html" {
				return 0, "", "root-relative: breaks from disk and under a sub-path"
			}
			to = strings.TrimPrefix(path.Clean(u.Path), "/")
		} else {
			to = path.Join(path.Dir(f), u.Path)
		}
		if to == ".." || strings.HasPrefix(to, "../") {
			return 0, "", "leaves the site"
		}
		if s.dirs[to] || to == "." || strings.HasSuffix(u.Path, "/") {
			return 0, "", "names a folder, not a file"
		}
	}
	n, ok := s.files[to]
	if !ok {
		return 0, "", "no such file"
	}
	if u.Fragment != "" && n < 0 {
		return 0, "", "fragment on a file that is not a page"
	}
	return n, u.Fragment, ""
}

// hashID is the hash of an id that a site keeps (64 bits: the ids of a
// site of a million pages do not collide).
func hashID(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

func hasID(ids []uint64, h uint64) bool {
	_, ok := slices.BinarySearch(ids, h)
	return ok
}

// fragmentOf returns the fragment of a link.
func fragmentOf(link string) string {
	_, frag, _ := strings.Cut(link, "#")
	return frag
}

// read parses one page and returns the hashes of its ids, sorted, and its
// internal links.
func read(name string) ([]uint64, []string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		return nil, nil, err
	}
	var ids []uint64
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		ids = append(ids, hashID(id))
	})
	doc.Find("a[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		ids = append(ids, hashID(name))
	})
	slices.Sort(ids)
	var links []string
	add := func(link string) {
		link = strings.TrimSpace(link)
		if link == "" || isExternal(link) {
			return
		}
		links = append(links, link)
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
	return ids, links, nil
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
