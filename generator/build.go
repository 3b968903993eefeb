// Package generator builds the site: it reads the cables, indexes them,
// renders every page and publishes the result as one folder.
//
// A build runs in passes so that no cable's text is held longer than it takes
// to render it:
//
//  1. scan: every record of the inputs is read and analysed (in parallel, in
//     input order); what the indexes need of each cable goes into an
//     index.Archive, and the text is dropped.
//  2. cables: each cable is read again from where pass 1 found it, and its
//     page is rendered with what only the whole archive knows (which cited
//     cables exist, which cables cite it).
//  3. lists: the browse pages, directories, home page, Markdown pages,
//     redirects for the original site's numbered pages, and the assets.
//
// Everything is written into a staging folder (package output) that replaces
// the published folder only when the whole build has succeeded.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sync"
	"time"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/output"
	"cablesite/generator/render"
	"cablesite/generator/source"
)

// ArchiveSize is the number of cables of the full archive.
const ArchiveSize = 251287

// Config says what to build and where.
type Config struct {
	Inputs    []string   // cable files and folders, read in this order
	Out       string     // the folder to publish into
	BaseURL   string     // absolute URL the site is published at, or ""
	Strict    bool       // any rejected record fails the build
	Released  cable.Time // release time of cables whose source has none
	Templates fs.FS      // base.html, partials.html and one file per page kind
	Assets    fs.FS      // copied into assets/ (style.css and site.js fingerprinted)
	Pages     fs.FS      // Markdown pages (*.md), each written as NAME.html
	Workers   int        // goroutines; all cores when 0
	Log       io.Writer  // notices during the build; nil for none
}

// Report says what a build did.
type Report struct {
	Read       int // records read, duplicates included
	Cables     int // cables in the site
	Written    int64
	Bytes      int64
	Rejected   []error
	Duplicates []index.Duplicate
	Ignored    []string // files that hold no cables
	Elapsed    time.Duration
}

// Summary is the line a build ends with.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d cables read, %d pages written, %d rejected", r.Read, r.Written, len(r.Rejected))
}

// ErrRejected is returned by a strict build that rejected a record.
var ErrRejected = errors.New("rejected records (strict)")

// Build builds the site described by cfg. It returns a report even when it
// fails, saying how far it got.
func Build(ctx context.Context, cfg Config) (*Report, error) {
	start := time.Now()
	rep := &Report{}
	defer func() { rep.Elapsed = time.Since(start) }()
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	baseURL, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return rep, err
	}
	cfg.BaseURL = baseURL
	r, err := render.New(cfg.Templates)
	if err != nil {
		return rep, err
	}
	files, err := source.Files(cfg.Inputs)
	if err != nil {
		return rep, err
	}

	// Pass 1: read and index.
	arch := index.New()
	opt := source.Options{Released: cfg.Released}
	res, err := scan(ctx, files, opt, cfg.Workers, func(s *Scanned) error {
		if s.Err != nil {
			rep.Rejected = append(rep.Rejected, s.Err)
			if cfg.Strict {
				return fmt.Errorf("%w: %w", ErrRejected, s.Err)
			}
			return nil
		}
		rep.Read++
		arch.Add(s.Cable, s.Doc.Subject, s.Doc.Tags, s.Doc.IDs(), 0)
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Ignored = res.Ignored
	arch.Finish()
	rep.Duplicates = arch.Duplicates
	rep.Cables = arch.Len()
	if arch.Len() == 0 {
		return rep, errors.New("no cable was read: nothing to build")
	}

	w, err := output.Create(cfg.Out)
	if err != nil {
		return rep, err
	}
	ok := false
	defer func() {
		if !ok {
			w.Abort()
		}
		rep.Written, rep.Bytes = w.Files(), w.Bytes()
	}()
	b := &builder{cfg: cfg, arch: arch, r: r, w: w, opt: opt}
	if err := b.prepare(); err != nil {
		return rep, err
	}

	// Pass 2: cable pages.
	t2 := time.Now()
	if err := b.cables(ctx); err != nil {
		return rep, err
	}
	fmt.Fprintf(cfg.Log, "debug: scan %s, cables %s\n", t2.Sub(start), time.Since(t2))
	t3 := time.Now()
	// Pass 3: everything else.
	if err := b.rest(ctx); err != nil {
		return rep, err
	}
	fmt.Fprintf(cfg.Log, "debug: rest %s\n", time.Since(t3))
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	rep.Written, rep.Bytes = w.Files(), w.Bytes()
	if err := w.Commit(); err != nil {
		return rep, err
	}
	ok = true
	return rep, nil
}

// builder holds what the passes after the scan share.
type builder struct {
	cfg  Config
	arch *index.Archive
	r    *render.Renderer
	w    *output.Writer
	opt  source.Options
	site *render.Site
	// rejected collects records that could be read in pass 1 but not in
	// pass 2 (a file changed or vanished during the build).
	mu       sync.Mutex
	rejected []error
	pages    []markdownPage
}

// parallel calls fn(i) for i in [0, n) on workers goroutines, stopping at
// the first error or when ctx is done.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next  = make(chan int)
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					cancel()
				}
			}
		}()
	}
loop:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break loop
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}
