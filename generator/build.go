// Package generator builds the site: it reads the cables, plans every page,
// writes what changed and publishes the result as one folder. Build tells
// the stages, each a package of its own, in the order the data flows:
//
//  1. publish.Open takes the output folder's lock and puts back in a whole
//     state what an interrupted build left;
//  2. scan reads every record of the inputs into an index of the archive
//     (package index), keeping no text;
//  3. plan lists every file of the site with its key (derived from the
//     page's data, package page) and decides what to write;
//  4. emit renders those files (package render) and writes them, cables
//     from their records read again, the search index as it goes;
//  5. publish puts a whole new site in place of the old one, or moves an
//     update's files in under a journal, and saves the state the next
//     build starts from (package state).
//
// A failed or interrupted build leaves the previous site whole.
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
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"cablesite/generator/cable"
	"cablesite/generator/emit"
	"cablesite/generator/index"
	"cablesite/generator/page"
	"cablesite/generator/plan"
	"cablesite/generator/publish"
	"cablesite/generator/render"
	"cablesite/generator/scan"
	"cablesite/generator/source"
	"cablesite/generator/state"
)

// ArchiveSize is the number of cables of the full archive.
const ArchiveSize = 251287

// Config says what to build and where.
type Config struct {
	Inputs []string // cable files and folders, read in this order
	// Releases are several releases of the archive, oldest first, each
	// with its own files and folders, in place of Inputs: the newest
	// release's version of each cable is shown, the others are its history.
	Releases  []Release
	Out       string     // the folder to publish into
	BaseURL   string     // absolute URL the site is published at, or ""
	Name      string     // the site's name; "Cablegate archive" when ""
	About     string     // a sentence about the site, for its home page, feed and link previews; one of ours, with the count of cables, when ""
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

// Release is one release of the archive: a label ("2010-12") and its cable
// files and folders.
type Release struct {
	Label  string
	Inputs []string
}

// ErrRejected is returned by a strict build that rejected a record.
var ErrRejected = scan.ErrRejected

// Build builds the site described by cfg. It returns a report even when it
// fails, saying how far it got.
func Build(ctx context.Context, cfg Config) (*Report, error) {
	b := &pipeline{rep: &Report{}, start: time.Now()}
	defer func() { b.rep.Elapsed = time.Since(b.start) }()
	if err := b.configure(cfg); err != nil {
		return b.rep, err
	}
	if err := ctx.Err(); err != nil {
		return b.rep, err
	}
	if b.cfg.BoundMemory {
		defer boundMemory()()
	}
	site, err := publish.Open(b.cfg.Out)
	if err != nil {
		return b.rep, err
	}
	defer site.Close()
	b.recovered(site)
	if err := b.load(); err != nil {
		return b.rep, err
	}
	if b.unchanged(site) {
		if b.cfg.Strict && len(b.rep.Rejected) > 0 {
			return b.rep, fmt.Errorf("%w: %w", ErrRejected, b.rep.Rejected[0])
		}
		return b.rep, nil
	}
	prev, live := b.previous(site)
	res, err := b.read(ctx, prev)
	if err != nil {
		return b.rep, err
	}
	p, err := b.plan(ctx, res.Archive, prev, live)
	if err != nil {
		return b.rep, err
	}
	return b.rep, b.publish(ctx, site, p, prev)
}

// pipeline is one run of Build: what its stages share.
type pipeline struct {
	cfg       Config
	rep       *Report
	start     time.Time
	phase     time.Time // when the phase that runs began
	files     []string  // the input files, in order
	releases  []scan.Release
	older     []state.Record // what the releases before the newest held, for the next build
	inputs    []state.Input  // the input files as they were before they were read, or nil
	content   *page.Content
	renderer  *render.Renderer
	configKey state.Key
	records   state.Key // what reading records depends on besides their bytes
}

// configure checks cfg and fills in its defaults.
func (b *pipeline) configure(cfg Config) error {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Name == "" {
		cfg.Name = "Cablegate archive"
	}
	var err error
	if cfg.BaseURL, err = normalizeBaseURL(cfg.BaseURL); err != nil {
		return err
	}
	if cfg.Out, err = outputFolder(cfg.Out, cfg.Log); err != nil {
		return err
	}
	b.cfg = cfg
	b.phase = time.Now()
	return nil
}

// endPhase records how long the phase that ran took, and starts the next.
func (b *pipeline) endPhase(name string) {
	b.rep.Phases = append(b.rep.Phases, Phase{name, time.Since(b.phase)})
	b.phase = time.Now()
	b.cfg.Progress.setPhase(name)
}

// recovered says what opening the site did to put it back in a whole
// state.
func (b *pipeline) recovered(site *publish.Site) {
	log, dir := b.cfg.Log, site.Dir
	if site.Stale != "" {
		fmt.Fprintf(log, "took over the lock of %s from a build that ended without letting go of it (%s)\n", dir, site.Stale)
	}
	rec := site.Recovery
	if rec.Swap != "" {
		fmt.Fprintf(log, "%s: %s\n", dir, rec.Swap)
	}
	if rec.Patched > 0 {
		fmt.Fprintf(log, "completed an interrupted update of %s: %d files\n", dir, rec.Patched)
	}
	if len(rec.Removed) > 0 {
		fmt.Fprintf(log, "removed what interrupted builds left beside %s: %s\n", dir, strings.Join(rec.Removed, ", "))
	}
	b.rep.Recovered = rec.Patched
}

// load lists the inputs and reads the templates, assets and Markdown
// pages, and what every page and record depends on.
func (b *pipeline) load() error {
	cfg := b.cfg
	var err error
	if b.renderer, err = render.New(cfg.Templates, page.Kinds); err != nil {
		return err
	}
	b.content, err = page.LoadContent(page.Settings{
		Name: cfg.Name, Description: cfg.About, BaseURL: cfg.BaseURL, Total: ArchiveSize,
		Search: !cfg.NoSearch, Assets: cfg.Assets, Pages: cfg.Pages,
	})
	if err != nil {
		return err
	}
	if err := b.listInputs(); err != nil {
		return err
	}
	if cfg.Progress != nil {
		for _, f := range b.files {
			if info, err := os.Stat(f); err == nil {
				cfg.Progress.InputSize += info.Size()
			}
		}
	}
	version, err := generatorVersion()
	if err != nil {
		return err
	}
	b.records = new(state.Hasher).Key(version).String(cfg.Released.String()).Sum()
	b.configKey, err = configKey(version, cfg, b.content.Site)
	return err
}

// unchanged reports whether the published site is the one this build
// would write, without reading the inputs: the files read are all as the
// state of the site says they were when read (size and modification time),
// what every page depends on is the same, and the site has the files it
// had, and no other (their paths' digest is the same). Then the build has
// nothing to do.
func (b *pipeline) unchanged(site *publish.Site) bool {
	if b.cfg.Full {
		return false
	}
	prev := site.PreviousHead(b.cfg.Log)
	if prev == nil || prev.ConfigKey != b.configKey || prev.RecordsKey != b.records || !slices.Equal(prev.Inputs, b.inputs) || prev.Inputs == nil {
		return false
	}
	if files, err := publish.Digest(site.Dir); err != nil || files != prev.Files {
		return false
	}
	rep := b.rep
	rep.Mode, rep.Read, rep.Reused, rep.Cables, rep.Pages = plan.ModeUnchanged, prev.Read, prev.Read, prev.Cables, prev.Files.Files
	for _, r := range prev.Rejected {
		rep.Rejected = append(rep.Rejected, errors.New(r))
	}
	rep.Notes, rep.Ignored = prev.Notes, nil
	b.endPhase("check")
	return true
}

// statInputs returns the input files as they are: their size and time of
// modification.
func statInputs(files []string) []state.Input {
	out := make([]state.Input, 0, len(files))
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return nil
		}
		out = append(out, state.Input{Path: f, Size: info.Size(), ModTime: info.ModTime().UnixNano()})
	}
	return out
}

// previous returns the state of the published site, when a rebuild may
// update it, and the files the site has (listed in the background).
func (b *pipeline) previous(site *publish.Site) (*state.State, *publish.Listing) {
	if b.cfg.Full {
		return nil, nil
	}
	prev := site.Previous(b.cfg.Log)
	if prev == nil {
		return nil, nil
	}
	if prev.ConfigKey != b.configKey {
		if prev.RecordsKey != b.records {
			// Nothing of it serves (another generator): a whole new site.
			return nil, nil
		}
		// Every page changes: the records may still be read as before.
		prev.Pages = nil
		return prev, nil
	}
	return prev, site.List()
}

// read reads the inputs into an index of the archive (scan).
func (b *pipeline) read(ctx context.Context, prev *state.State) (*scan.Result, error) {
	b.cfg.Progress.setPhase("reading")
	opt := scan.Options{Source: source.Options{Released: b.cfg.Released}, Workers: b.cfg.Workers, Strict: b.cfg.Strict}
	if prev != nil && prev.RecordsKey == b.records {
		opt.Cache = scan.NewCache(prev)
	}
	if pr := b.cfg.Progress; pr != nil {
		opt.Read = func(n int) {
			pr.Read.Add(1)
			pr.ReadBytes.Add(int64(n))
		}
	}
	res, err := scan.Archive(ctx, b.releases, opt)
	if prev != nil {
		opt.Cache = nil
		prev.DropRecords() // the records and the file they came from go
	}
	if now := statInputs(b.files); !slices.Equal(now, b.inputs) {
		b.inputs = nil // a file changed while it was read: read all again next time
	}
	rep := b.rep
	rep.Read, rep.Reused, rep.Rejected = res.Read, res.Reused, res.Rejected
	rep.Ignored = append(rep.Ignored, res.Ignored...)
	if err != nil {
		return nil, err
	}
	a := res.Archive
	b.older = res.Older
	if len(res.Gone) > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d cables of earlier releases are not in the newest, and not shown: %s", len(res.Gone), strings.Join(res.Gone[:min(len(res.Gone), 10)], ", ")))
	}
	rep.Duplicates, rep.Keyed, rep.Cables = a.Duplicates, a.Keyed, a.Len()
	rep.Citations, rep.CitationsInArchive = a.Citations, a.CitationsInArchive()
	b.endPhase("read")
	if a.Len() == 0 {
		return nil, errors.New("no cable was read: nothing to build")
	}
	return res, nil
}

// plan lists the files of the site and decides what to write (plan).
func (b *pipeline) plan(ctx context.Context, a *index.Archive, prev *state.State, live *publish.Listing) (*plan.Plan, error) {
	in := plan.Input{Archive: a, Content: b.content, ConfigKey: b.configKey, NoSearch: b.cfg.NoSearch, Workers: b.cfg.Workers}
	if live != nil {
		if err := live.Wait(); err != nil {
			return nil, err
		}
		in.Previous, in.Live = prev, live
	} else if prev != nil && prev.Pages == nil {
		in.Previous = nil
	}
	p, err := plan.Make(ctx, in)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		// What the plan compared goes: the next state is made from the
		// plan's jobs.
		prev.Pages = nil
	}
	b.rep.Pages, b.rep.Mode = len(p.Jobs), p.Mode
	b.endPhase("plan")
	return p, nil
}

// publish writes what the plan says (emit) and puts it in place with the
// state for the next build (publish).
func (b *pipeline) publish(ctx context.Context, site *publish.Site, p *plan.Plan, prev *state.State) error {
	next := &state.State{RecordsKey: b.records, ConfigKey: b.configKey, Inputs: b.inputs, Read: b.rep.Read, Cables: b.rep.Cables,
		Pages: make(map[state.Key]state.Key, len(p.Jobs))}
	next.Rejected, next.Notes = b.rep.said()
	switch p.Mode {
	case plan.ModeUnchanged:
		if b.rep.Reused == b.rep.Read {
			return nil
		}
		// Records changed that no page shows (a duplicate's replaced
		// record): the next build need not read them again.
		next.BuildID, next.Search = prev.BuildID, prev.Search
		for _, j := range p.Jobs {
			next.Pages[j.PathKey] = j.Key
		}
		next.Files = files(p)
		for k, v := range p.IndexKeys {
			next.Pages[k] = v
		}
		return next.SaveRecords(publish.StateFile(site.Dir), records(p, b.older))
	case plan.ModeUpdate:
		next.BuildID = prev.BuildID
		w, err := publish.NewPatch(site.Dir)
		if err != nil {
			return err
		}
		if err := b.emit(ctx, p, w, next); err != nil {
			w.Abort()
			return err
		}
		for _, f := range p.Remove {
			if err := w.Remove(f); err != nil {
				w.Abort()
				return err
			}
		}
		b.rep.Removed, b.rep.Changed = len(p.Remove), w.Written()
		if err := ctx.Err(); err != nil {
			w.Abort()
			return err
		}
		return site.CommitUpdate(w, next, records(p, b.older))
	}
	next.BuildID = newBuildID()
	w, err := publish.Create(site.Dir)
	if err != nil {
		return err
	}
	if err := b.emit(ctx, p, w, next); err != nil {
		w.Abort()
		return err
	}
	return site.CommitFull(w, next, records(p, b.older))
}

// emit writes the files of the plan into w, and the index's keys and
// state into next.
func (b *pipeline) emit(ctx context.Context, p *plan.Plan, w interface {
	emit.Writer
	Files() int64
	Bytes() int64
}, next *state.State) error {
	if pr := b.cfg.Progress; pr != nil {
		pr.ToWrite.Store(int64(len(p.Write)))
	}
	b.cfg.Progress.setPhase("writing")
	written := func() {}
	if pr := b.cfg.Progress; pr != nil {
		written = func() { pr.Written.Add(1) }
	}
	res, err := emit.Write(ctx, emit.Config{
		Plan: p, Renderer: b.renderer, Out: w, Live: b.cfg.Out,
		Source: source.Options{Released: b.cfg.Released}, Workers: b.cfg.Workers, Written: written,
	})
	b.rep.Written, b.rep.Bytes = w.Files(), w.Bytes()
	if err != nil {
		return err
	}
	b.endPhase("write")
	// The keys of every file, some of which emit set (see plan.KeysLater).
	for _, j := range p.Jobs {
		next.Pages[j.PathKey] = j.Key
	}
	next.Files = files(p)
	for k, v := range p.IndexKeys {
		next.Pages[k] = v
	}
	for f, k := range res.IndexKeys {
		next.Pages[state.PathKey(f)] = k
	}
	next.Search = res.SearchState
	b.rep.Search, b.rep.SearchFiles, b.rep.SearchBytes = res.Search, res.IndexFiles, res.IndexBytes
	return nil
}

// files returns the digest of the paths of the site's files.
func files(p *plan.Plan) state.Digest {
	var d state.Digest
	for i := range p.Jobs {
		d.Add(p.Path(&p.Jobs[i]))
	}
	if p.Index != nil {
		for _, f := range p.Index.IndexPaths() {
			d.Add(f)
		}
	}
	return d
}

// records yields what the next build needs of each cable, one record at a
// time (a copy of the whole index would cost as much memory again).
func records(p *plan.Plan, older []state.Record) iter.Seq[*state.Record] {
	a := p.Builder.Archive()
	return func(yield func(*state.Record) bool) {
		// The earlier releases' records first: a record of the newest
		// release with the same bytes then wins in the next build's cache.
		for i := range older {
			if !yield(&older[i]) {
				return
			}
		}
		var r state.Record
		for i := range a.Entries {
			e := &a.Entries[i]
			r = state.Record{
				Hash: e.Hash, ID: e.ID, Subject: e.Subject,
				Created: e.Created.Unix(), Released: e.Released.Unix(),
				Classification: a.Classes[e.Class], Origin: a.Origins[e.Origin],
				Format: string(e.Format()), Content: e.Content,
				Tags: r.Tags[:0], Refs: r.Refs[:0],
			}
			if p.Index != nil {
				r.Ord = p.Index.Ords[i]
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

// normalizeBaseURL checks a base URL and gives it a final slash.
func normalizeBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an absolute http(s) URL", s)
	}
	u.RawQuery, u.Fragment = "", ""
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
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

// generatorVersion identifies the generator that runs: the hash of its
// executable, so that a rebuild with another version writes every page.
func generatorVersion() (state.Key, error) {
	exe, err := os.Executable()
	if err == nil {
		if data, err := os.ReadFile(exe); err == nil {
			return state.Of(data), nil
		}
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return state.Key{}, fmt.Errorf("cannot tell the version of the generator: %v", err)
	}
	return state.Of([]byte(info.String())), nil
}

// configKey hashes what every page depends on: the generator, the
// templates, assets and Markdown pages, the site's name and address, and
// the Site that every page shows (which page keys leave out).
func configKey(version state.Key, cfg Config, site *page.Site) (state.Key, error) {
	h := new(state.Hasher).Key(version).String(cfg.BaseURL).String(cfg.Name).String(cfg.About).Key(state.KeyOf(site))
	for _, r := range cfg.Releases {
		h.String("release " + r.Label).Int(int64(len(r.Inputs)))
		for _, in := range r.Inputs {
			h.String(in)
		}
	}
	if cfg.NoSearch {
		h.String("no search")
	}
	for _, fsys := range []fs.FS{cfg.Templates, cfg.Assets, cfg.Pages} {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			h.String(p).Key(state.Of(data))
			return nil
		})
		if err != nil {
			return state.Key{}, fmt.Errorf("read templates, assets and pages: %w", err)
		}
	}
	return h.Sum(), nil
}

// listInputs lists the files of each release (one, of Inputs, unless
// Releases are given), in order.
func (b *pipeline) listInputs() error {
	rels := b.cfg.Releases
	if len(rels) == 0 {
		rels = []Release{{Inputs: b.cfg.Inputs}}
	}
	seen := map[string]bool{}
	for _, r := range rels {
		if len(rels) > 1 {
			if err := index.CheckLabel(r.Label); err != nil {
				return err
			}
			if seen[r.Label] {
				return fmt.Errorf("two releases are labelled %q", r.Label)
			}
			seen[r.Label] = true
		}
		files, ignored, err := source.Files(r.Inputs, b.cfg.Out)
		if err != nil {
			return err
		}
		b.releases = append(b.releases, scan.Release{Label: r.Label, Files: files})
		b.files = append(b.files, files...)
		b.rep.Ignored = append(b.rep.Ignored, ignored...)
	}
	b.inputs = statInputs(b.files)
	return nil
}
