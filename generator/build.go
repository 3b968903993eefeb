// Package generator builds the site: it reads the cables, indexes them,
// renders every page and publishes the result as one folder.
//
// A build runs in passes so that no cable's text is held longer than it takes
// to render it:
//
//  1. scan: every record of the inputs is read and analysed (in parallel, in
//     input order); what the indexes need of each cable goes into an
//     index.Archive, and the text is dropped. A record whose bytes the
//     previous build read already is not parsed again.
//  2. plan: every page of the site is listed with a key, a hash of all that
//     the page shows; comparing keys with the previous build's finds the
//     pages that changed.
//  3. emit: the pages to write are rendered, each cable read again from
//     where pass 1 found it, and written.
//
// A first build, or one after the templates or the generator changed,
// writes the whole site into a staging folder that replaces the published
// one at the end; a rebuild writes only the pages that changed, through a
// journal (package output). Either way a failed or interrupted build leaves
// the previous site whole. What the next build needs is saved beside the
// site (package state).
package generator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/output"
	"cablesite/generator/render"
	"cablesite/generator/search"
	"cablesite/generator/source"
	"cablesite/generator/state"
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
	Assets    fs.FS      // copied into assets/, each under a name with its hash
	Pages     fs.FS      // Markdown pages (*.md), each written as NAME.html
	Workers   int        // goroutines; all cores when 0
	Full      bool       // write every page, as if there were no previous build
	NoSearch  bool       // leave out the search page and its index
	// BoundMemory keeps the heap within WorkingMemory of the live data
	// (see boundMemory); it changes the runtime's memory limit for the
	// process while the build runs.
	BoundMemory bool
	Log         io.Writer // notices during the build; nil for none
	Progress    *Progress // counters updated during the build; nil for none
}

// Progress counts what a build has done so far, for a progress display.
type Progress struct {
	mu        sync.Mutex
	phase     string
	Read      atomic.Int64 // records read
	ToWrite   atomic.Int64 // pages to write, once known
	Written   atomic.Int64 // pages written
	InputSize int64        // bytes of input
	ReadBytes atomic.Int64 // bytes of input read
}

// Phase returns the name of the pass running.
func (p *Progress) Phase() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.phase
}

func (p *Progress) setPhase(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.phase = name
	p.mu.Unlock()
}

// Report says what a build did.
type Report struct {
	Read       int // records read, duplicates included
	Reused     int // records not parsed again: the previous build had read them
	Cables     int // cables in the site
	Pages      int // pages (files) of the site
	Written    int64
	Removed    int      // files of the previous site that the site no longer has
	Changed    []string // in an update, the paths written
	Bytes      int64
	Mode       string // "full", "update" (only what changed), or "unchanged"
	Rejected   []error
	Duplicates []index.Duplicate
	Ignored    []source.Ignored // files and folders of the inputs passed over, and why
	Keyed      []index.Keyed    // names of origins, classifications and tags that did not get their plain address
	Recovered  int              // files moved by completing an interrupted update
	// Search says what the search index holds, when it was written whole;
	// SearchFiles and SearchBytes count the files of the index written
	// (included in Written and Bytes).
	Search      *search.Stats
	SearchFiles int
	SearchBytes int64
	// Citations counts the references of cables to cables (from their REF
	// lines); CitationsInArchive those to cables in the site.
	Citations, CitationsInArchive int
	Phases                        []Phase
	Elapsed                       time.Duration
}

// Phase is one pass of a build and how long it took.
type Phase struct {
	Name     string
	Duration time.Duration
}

// Summary is the line a build ends with.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d cables read, %d pages written, %d rejected", r.Read, r.Written, len(r.Rejected))
}

// ErrRejected is returned by a strict build that rejected a record.
var ErrRejected = errors.New("rejected records (strict)")

// StateFile is where the build of the site in dir keeps what the next
// build needs: a hidden file beside the site, not in it.
func StateFile(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".state")
}

// updateShare is the share of the site's pages up to which a rebuild
// writes only the pages that changed; past it, it writes the whole site.
const updateShare = 4 // one page in four

// Build builds the site described by cfg. It returns a report even when it
// fails, saying how far it got.
func Build(ctx context.Context, cfg Config) (*Report, error) {
	start := time.Now()
	rep := &Report{}
	defer func() { rep.Elapsed = time.Since(start) }()
	phase := func(name string, since time.Time) {
		rep.Phases = append(rep.Phases, Phase{name, time.Since(since)})
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.BoundMemory {
		defer boundMemory()()
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	baseURL, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return rep, err
	}
	cfg.BaseURL = baseURL
	if cfg.Out, err = outputFolder(cfg.Out, cfg.Log); err != nil {
		return rep, err
	}
	r, err := render.New(cfg.Templates)
	if err != nil {
		return rep, err
	}
	files, ignored, err := source.Files(cfg.Inputs, cfg.Out)
	if err != nil {
		return rep, err
	}
	if cfg.Progress != nil {
		for _, f := range files {
			if info, err := os.Stat(f); err == nil {
				cfg.Progress.InputSize += info.Size()
			}
		}
	}
	lock, err := output.Acquire(cfg.Out)
	if err != nil {
		return rep, err
	}
	defer lock.Release()
	if lock.Stale != "" {
		fmt.Fprintf(cfg.Log, "took over the lock of %s from a build that ended without letting go of it (%s)\n", cfg.Out, lock.Stale)
	}
	if err := recoverSite(cfg.Out, rep, cfg.Log); err != nil {
		return rep, err
	}

	version, err := generatorVersion()
	if err != nil {
		return rep, err
	}
	recordsKey := new(state.Hasher).Key(version).String(cfg.Released.String()).Sum()
	configKey, err := configKey(version, cfg)
	if err != nil {
		return rep, err
	}
	prev := previousState(cfg)
	// The files of the published site are listed while the inputs are read:
	// a rebuild writes again any page that went missing.
	var live *liveFiles
	if prev != nil && prev.ConfigKey == configKey {
		live = walkLive(cfg.Out)
	}
	var cache recordCache
	if prev != nil && prev.RecordsKey == recordsKey {
		cache = make(recordCache, len(prev.Records))
		for i := range prev.Records {
			cache[prev.Records[i].Hash] = &prev.Records[i]
		}
	}

	// Pass 1: read and index.
	t := time.Now()
	cfg.Progress.setPhase("reading")
	arch := index.New()
	opt := source.Options{Released: cfg.Released}
	res, err := scan(ctx, files, opt, cache, cfg.Workers, func(s *Scanned) error {
		if cfg.Progress != nil {
			cfg.Progress.Read.Add(1)
			cfg.Progress.ReadBytes.Add(int64(len(s.Record.Bytes())))
		}
		if s.Err != nil {
			rep.Rejected = append(rep.Rejected, s.Err)
			if cfg.Strict {
				return fmt.Errorf("%w: %w", ErrRejected, s.Err)
			}
			return nil
		}
		rep.Read++
		if s.Cached != nil {
			rep.Reused++
		}
		arch.Add(s.Cable, s.Subject(), s.Tags(), s.Refs(), s.Hash)
		return nil
	})
	if err != nil {
		return rep, err
	}
	cache = nil
	arch.Finish()
	var idx *searchIndex
	if live != nil {
		idx = newSearchIndex(arch, prev, cfg.Out)
	} else {
		idx = newSearchIndex(arch, nil, cfg.Out)
	}
	idx.off = cfg.NoSearch
	if prev != nil {
		prev.Records = nil
	}
	rep.Ignored = append(ignored, res.Ignored...)
	rep.Keyed = arch.Keyed
	rep.Duplicates = arch.Duplicates
	rep.Cables = arch.Len()
	rep.Citations, rep.CitationsInArchive = arch.Citations, arch.CitationsInArchive()
	phase("read", t)
	if arch.Len() == 0 {
		return rep, errors.New("no cable was read: nothing to build")
	}

	// Pass 2: plan.
	t = time.Now()
	cfg.Progress.setPhase("planning")
	b := &builder{cfg: cfg, arch: arch, r: r, opt: opt, configKey: configKey, idx: idx}
	if err := b.prepare(); err != nil {
		return rep, err
	}
	pages, err := b.plan(ctx)
	if err != nil {
		return rep, err
	}
	rep.Pages = len(pages)
	next := &state.State{RecordsKey: recordsKey, ConfigKey: configKey}
	// pageKeys fills in next.Pages: the key of each page by its path's key.
	pageKeys := func() {
		next.Pages = make(map[state.Key]state.Key, len(pages))
		for i := range pages {
			next.Pages[pages[i].pathKey] = pages[i].key
		}
	}
	var changed []page
	var removed []string
	update := live != nil
	if update {
		pageKeys()
		<-live.done
		if live.err != nil {
			return rep, live.err
		}
		have := make(map[state.Key]bool, len(live.keys))
		for _, k := range live.keys {
			have[k] = true
		}
		// The other files of the index are changed in place: the shards
		// and vocabulary must all be there; the rest is written again
		// when it changes.
		for i, p := range idx.paths() {
			pk := state.PathKey(p)
			k, ok := prev.Pages[pk]
			if i < idx.fixedFiles() && (!ok || !have[pk] || idx.prevOrd == nil) {
				update = false
			}
			next.Pages[pk] = k
		}
		for i, f := range live.paths {
			if _, ok := next.Pages[live.keys[i]]; !ok {
				removed = append(removed, f)
			}
		}
		live = nil
		for i := range pages {
			pk := pages[i].pathKey
			k, ok := prev.Pages[pk]
			if ok && k == pages[i].key && have[pk] {
				continue
			}
			p := pages[i]
			if p.kind == pageCable && ok && k == p.key {
				p.b = 1 // the same page, gone from the site
			}
			changed = append(changed, p)
		}
		update = update && len(changed) <= len(pages)/updateShare
	}
	phase("plan", t)

	// Pass 3: write.
	t = time.Now()
	last := "write" // the name of the last phase
	cfg.Progress.setPhase("writing")
	switch {
	case update && len(changed) == 0 && len(removed) == 0:
		rep.Mode = "unchanged"
		if rep.Reused != rep.Read {
			// Records changed that no page shows (a duplicate's
			// replaced record): the next build need not read them again.
			next.BuildID = prev.BuildID
			next.Search = prev.Search
			if err := next.SaveRecords(StateFile(cfg.Out), records(arch, idx.ords)); err != nil {
				return rep, err
			}
		}
	case update:
		rep.Mode = "update"
		next.BuildID = prev.BuildID
		p, err := output.NewPatch(cfg.Out)
		if err != nil {
			return rep, err
		}
		if cfg.Progress != nil {
			cfg.Progress.ToWrite.Store(int64(len(changed)))
		}
		if err := idx.start(false, cfg.Workers); err != nil {
			p.Abort()
			return rep, err
		}
		err = b.emit(ctx, changed, p)
		if err == nil {
			rep.Search, err = b.finishIndex(p, prev.Pages)
		}
		rep.Written, rep.Bytes, rep.Changed = p.Files(), p.Bytes(), p.Written()
		if err != nil {
			p.Abort()
			return rep, err
		}
		for f, k := range idx.keys {
			next.Pages[state.PathKey(f)] = k
		}
		if next.Search, err = idx.st.MarshalBinary(); err != nil {
			p.Abort()
			return rep, err
		}
		for _, f := range removed {
			if err := p.Remove(f); err != nil {
				p.Abort()
				return rep, err
			}
		}
		rep.Removed = len(removed)
		tmp := StateFile(cfg.Out) + ".next"
		if err := next.SaveRecords(tmp, records(arch, idx.ords)); err != nil {
			p.Abort()
			return rep, err
		}
		if err := ctx.Err(); err != nil {
			p.Abort()
			os.Remove(tmp)
			return rep, err
		}
		if err := p.Commit([][2]string{{tmp, StateFile(cfg.Out)}}); err != nil {
			return rep, err
		}
	default:
		rep.Mode = "full"
		next.BuildID = newBuildID()
		w, err := output.Create(cfg.Out)
		if err != nil {
			return rep, err
		}
		if cfg.Progress != nil {
			cfg.Progress.ToWrite.Store(int64(len(pages)))
		}
		if err := idx.start(true, cfg.Workers); err != nil {
			w.Abort()
			return rep, err
		}
		defer idx.close()
		err = b.emit(ctx, pages, w)
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			phase("write", t)
			t, last = time.Now(), "index"
			cfg.Progress.setPhase("indexing")
			rep.Search, err = b.finishIndex(w, nil)
		}
		if err != nil {
			idx.stopMerge()
		}
		rep.Written, rep.Bytes = w.Files(), w.Bytes()
		if err == nil {
			next.Search, err = idx.st.MarshalBinary()
		}
		if err != nil {
			w.Abort()
			return rep, err
		}
		// The state of the previous site stays until the new one is saved:
		// it names the previous site's build, so it is never taken for the
		// new site's, and a swap that fails leaves both as they were.
		if err := w.Commit(next.BuildID); err != nil {
			return rep, err
		}
		pageKeys()
		for f, k := range idx.keys {
			next.Pages[state.PathKey(f)] = k
		}
		if err := next.SaveRecords(StateFile(cfg.Out), records(arch, idx.ords)); err != nil {
			return rep, err
		}
	}
	phase(last, t)
	rep.SearchFiles, rep.SearchBytes = int(idx.files.Load()), idx.bytes.Load()
	cfg.Progress.setPhase("done")
	return rep, nil
}

// outputFolder returns the folder to build into: dir, or the folder it
// links to when it is a symbolic link (that may not exist yet), so that the
// link goes on leading to the site: a swap at the link's path would put a
// folder in its place.
func outputFolder(dir string, log io.Writer) (string, error) {
	dir = filepath.Clean(dir)
	target := dir
	for hops := 0; ; hops++ {
		info, err := os.Lstat(target)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			break
		}
		if hops == 40 {
			return "", fmt.Errorf("output %s: too many links", dir)
		}
		to, err := os.Readlink(target)
		if err != nil {
			return "", fmt.Errorf("output: %w", err)
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(target), to)
		}
		target = filepath.Clean(to)
	}
	if target != dir {
		fmt.Fprintf(log, "%s is a link: building into %s\n", dir, target)
	}
	return target, nil
}

// recoverSite puts the site in dir back in a whole state after builds that
// were interrupted (see output.Recover), and says what it did.
func recoverSite(dir string, rep *Report, log io.Writer) error {
	rec, err := output.Recover(dir)
	if rec != nil {
		if rec.Swap != "" {
			fmt.Fprintf(log, "%s: %s\n", dir, rec.Swap)
		}
		if rec.Patched > 0 {
			fmt.Fprintf(log, "completed an interrupted update of %s: %d files\n", dir, rec.Patched)
		}
		if len(rec.Removed) > 0 {
			fmt.Fprintf(log, "removed what interrupted builds left beside %s: %s\n", dir, strings.Join(rec.Removed, ", "))
		}
		rep.Recovered = rec.Patched
	}
	return err
}

// previousState loads the state of the previous build of the site, or
// returns nil when there is none or it does not describe the site as it is.
func previousState(cfg Config) *state.State {
	if cfg.Full {
		return nil
	}
	s, err := state.Load(StateFile(cfg.Out))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(cfg.Log, "ignoring the state of the previous build: %v\n", err)
		}
		return nil
	}
	if id := output.BuildID(cfg.Out); id == "" || id != s.BuildID {
		return nil
	}
	return s
}

// liveFiles are the files of the published site, listed in the background.
type liveFiles struct {
	done  chan struct{}
	paths []string
	keys  []state.Key // state.PathKey of each path
	err   error
}

func walkLive(dir string) *liveFiles {
	l := &liveFiles{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.err = output.Walk(dir, func(p string) {
			l.paths = append(l.paths, p)
			l.keys = append(l.keys, state.PathKey(p))
		})
	}()
	return l
}

// records yields what the next build needs of each cable, one record at a
// time (a copy of the whole index would cost as much memory again).
func records(a *index.Archive, ords []uint32) iter.Seq[*state.Record] {
	return func(yield func(*state.Record) bool) {
		var r state.Record
		for i := range a.Entries {
			e := &a.Entries[i]
			r = state.Record{
				Hash: e.Hash, ID: e.ID, Subject: e.Subject,
				Created: e.Created.Unix(), Released: e.Released.Unix(),
				Classification: a.Classes[e.Class], Origin: a.Origins[e.Origin],
				Format: string(e.Format()),
				Tags:   r.Tags[:0], Refs: r.Refs[:0],
				Ord: ords[i],
			}
			for _, t := range a.EntryTags(int32(i)) {
				r.Tags = append(r.Tags, a.Tags[t])
			}
			for _, ref := range a.EntryRefs(int32(i)) {
				r.Refs = append(r.Refs, a.RefIDs[ref])
			}
			if !yield(&r) {
				return
			}
		}
	}
}

func newBuildID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// builder holds what the passes after the scan share.
type builder struct {
	cfg       Config
	arch      *index.Archive
	r         *render.Renderer
	opt       source.Options
	site      *render.Site
	configKey state.Key
	pages     []markdownPage
	assetData map[string][]byte // the assets, by their path in the site
	rowKeys   []state.Key       // of each entry's row in lists
	legacies  []index.Legacy
	aliases   []int32 // entries whose canonical ID has a page of its own
	small     []smallPage
	idx       *searchIndex
}

// parallel calls fn(i) for i in [0, n) on workers goroutines, in about
// that order, stopping at the first error or when ctx is done.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	var (
		next  atomic.Int64 // the next i to take
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				err := fn(i)
				if err == nil && i%64 == 0 {
					err = ctx.Err()
				}
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					next.Store(int64(n)) // the others stop too
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}
