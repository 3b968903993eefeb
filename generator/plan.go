package generator

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime/debug"
	"slices"
	"sort"
	"sync/atomic"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/output"
	"cablesite/generator/render"
	"cablesite/generator/search"
	"cablesite/generator/source"
	"cablesite/generator/state"
)

// pageKind says how a page of the plan is made.
type pageKind uint8

const (
	pageCable  pageKind = iota // a: entry; b: 1 when the published page shows the same (written again because it went missing)
	pageList                   // a: facet kind, b: facet, c: page number
	pageLegacy                 // a: legacy, b: page number
	pageAlias                  // a: entry whose malformed ID has a canonical one
	pageSmall                  // made already: a: index into builder.small
	pageDoc                    // a: group of cables of the search index, whose file it is
	pageGroup                  // (in emit only) a: group, b: its cables whose pages to write too (bit i for cable i), c: those of them whose page shows something new
)

// page is one file of the site, with the key of what it shows. A site has
// hundreds of thousands: a page is numbers that say what it is, not its
// path (see builder.path).
type page struct {
	key     state.Key
	pathKey state.Key // state.PathKey of its path
	kind    pageKind
	a, b, c int32
}

// smallPage is a page made during the plan, with its bytes.
type smallPage struct {
	path string
	data []byte
}

// path returns the path of page p.
func (b *builder) path(p *page) string {
	switch p.kind {
	case pageCable:
		return b.arch.Entries[p.a].Path()
	case pageList:
		return b.arch.Facets(index.Kind(p.a))[p.b].PagePath(int(p.c))
	case pageLegacy:
		return b.legacies[p.a].Path(int(p.b))
	case pageAlias:
		en := &b.arch.Entries[p.a]
		return cable.Path(cable.Canonical(en.ID), en.Created)
	case pageDoc, pageGroup:
		return search.GroupPath(uint32(p.a))
	}
	return b.small[p.a].path
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
// templates, assets and Markdown pages, the base URL.
func configKey(version state.Key, cfg Config) (state.Key, error) {
	h := new(state.Hasher).Key(version).String(cfg.BaseURL)
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

// plan lists every page of the site with its key. Cable, list and legacy
// pages get a key made from what they show, without rendering them; the few
// other pages are rendered here, and their key is that of their bytes.
func (b *builder) plan(ctx context.Context) ([]page, error) {
	a := b.arch
	b.rowKeys = make([]state.Key, a.Len())
	err := parallel(ctx, a.Len(), b.cfg.Workers, func(i int) error {
		b.rowKeys[i] = b.rowKey(int32(i))
		return nil
	})
	if err != nil {
		return nil, err
	}
	var pages []page
	for i := range a.Entries {
		pages = append(pages, page{kind: pageCable, a: int32(i)})
	}
	if !b.idx.off {
		for g := 0; g < b.idx.groups(); g++ {
			for _, e := range b.idx.members(int32(g)) {
				if e >= 0 {
					pages = append(pages, page{kind: pageDoc, a: int32(g)})
					break
				}
			}
		}
	}
	for _, k := range index.Kinds {
		for fi, f := range a.Facets(k) {
			for p := 0; p < f.Pages(); p++ {
				pages = append(pages, page{kind: pageList, a: int32(k), b: int32(fi), c: int32(p)})
			}
		}
	}
	// A malformed ID (08ECTION01OF02MANAMA492) keeps its page, and its
	// canonical ID (08MANAMA492), when no cable of the archive has it, gets
	// a page that leads there.
	aliased := map[string]bool{}
	for i := range a.Entries {
		id := a.Entries[i].ID
		if canon := cable.Canonical(id); canon != "" && !aliased[canon] {
			if _, ok := a.Lookup(canon); !ok {
				aliased[canon] = true
				pages = append(pages, page{kind: pageAlias, a: int32(i)})
				b.aliases = append(b.aliases, int32(i))
			}
		}
	}
	b.legacies = a.Legacies()
	for li, l := range b.legacies {
		for p := 0; p < l.Facet.Pages(); p++ {
			pages = append(pages, page{kind: pageLegacy, a: int32(li), b: int32(p)})
		}
	}
	if b.small, err = b.smallPages(); err != nil {
		return nil, err
	}
	for i := range b.small {
		pages = append(pages, page{kind: pageSmall, a: int32(i)})
	}
	dirs := make([]string, len(pages))
	err = parallel(ctx, len(pages), b.cfg.Workers, func(i int) error {
		p := &pages[i]
		if p.kind == pageSmall {
			p.key = state.Of(b.small[p.a].data)
		} else {
			p.key = b.pageKey(p)
		}
		to := b.path(p)
		p.pathKey = state.PathKey(to)
		dirs[i] = path.Dir(to)
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.rowKeys = nil
	// Two pages at one path would be a bug, or names that clash (an origin
	// called "132" and the original site's origin 132).
	seen := make(map[state.Key]int32, len(pages))
	files := map[string]int{}
	for i := range pages {
		k := pages[i].pathKey
		if j, ok := seen[k]; ok {
			return nil, fmt.Errorf("two pages at %s (%d and %d of the plan)", b.path(&pages[i]), j, i)
		}
		seen[k] = int32(i)
		files[dirs[i]]++
	}
	if err := output.CheckDirCounts(files); err != nil {
		return nil, err
	}
	return pages, nil
}

// rowKey hashes what the row of entry e in a list shows.
func (b *builder) rowKey(e int32) state.Key {
	en := &b.arch.Entries[e]
	reldate, date, origin, class := b.arch.EntryFacets(e)
	h := new(state.Hasher).String(en.ID).String(en.Subject).String(en.Created.String()).String(en.Released.String()).
		String(date.Key).String(origin.Key).String(origin.Name).String(class.Key).String(class.Name)
	if reldate != nil {
		h.String(reldate.Key)
	}
	return h.Sum()
}

// pageKey hashes what page p shows.
func (b *builder) pageKey(p *page) state.Key {
	a := b.arch
	h := new(state.Hasher).Key(b.configKey).Int(int64(p.kind)).String(b.path(p))
	switch p.kind {
	case pageCable:
		e := p.a
		en := &a.Entries[e]
		h.Key(en.Hash).Key(b.rowKeys[e])
		for _, t := range a.EntryTags(e) {
			h.String(a.Tags[t])
		}
		for _, ref := range a.EntryRefs(e) {
			id := a.RefIDs[ref]
			h.String(id)
			if j, ok := a.Lookup(id); ok {
				h.Key(b.rowKeys[j])
			}
		}
		for _, j := range a.CitedBy(e) {
			h.Key(b.rowKeys[j])
		}
	case pageList:
		f := a.Facets(index.Kind(p.a))[p.b]
		h.String(f.Key).String(f.Name).Int(int64(p.c)).Int(int64(f.Pages())).Int(int64(len(f.Entries)))
		for _, e := range f.Page(int(p.c)) {
			h.Key(b.rowKeys[e])
		}
	case pageLegacy:
		l := b.legacies[p.a]
		h.String(l.Facet.PagePath(int(p.b))).String(l.Facet.Name)
	case pageAlias:
		h.String(a.Entries[p.a].ID)
	case pageDoc:
		for _, e := range b.idx.members(p.a) {
			if e < 0 {
				h.Int(-1)
				continue
			}
			h.Key(a.Entries[e].Hash).Key(b.rowKeys[e])
			for _, t := range a.EntryTags(e) {
				h.String(a.Tags[t])
			}
		}
	}
	return h.Sum()
}

// fileWriter is where emit writes: a whole new site (output.Writer) or the
// changed pages of one (output.Patch). WriteFile keeps a copy of data, not
// data, which the caller may reuse once it returns; WriteBuffer takes a
// buffer from Buffer, with no copy.
type fileWriter interface {
	WriteFile(p string, data []byte) error
	Buffer() *[]byte
	WriteBuffer(p string, buf *[]byte) error
}

// emit renders the given pages and writes them, taking pages of different
// folders in turn so that the writers of package output, which own a share
// of the folders each, are all kept busy.
func (b *builder) emit(ctx context.Context, pages []page, w fileWriter) error {
	pages = b.groupJobs(pages)
	order := interleave(len(pages), func(i int) string { return path.Dir(b.jobPath(&pages[i])) })
	// A whole index is merged once every cable is indexed: the cables go
	// first, and the merge runs while the other pages are written.
	var groupsLeft atomic.Int64
	if b.idx.builder != nil {
		groups := slices.DeleteFunc(slices.Clone(order), func(k int32) bool { return pages[k].kind != pageGroup })
		rest := slices.DeleteFunc(order, func(k int32) bool { return pages[k].kind == pageGroup })
		groupsLeft.Store(int64(len(groups)))
		order = append(groups, rest...)
	}
	var written func()
	if pr := b.cfg.Progress; pr != nil {
		written = func() { pr.Written.Add(1) }
	} else {
		written = func() {}
	}
	pw := progressWriter{w, written} // the pages; the merge's files are not counted
	return parallel(ctx, len(order), b.cfg.Workers, func(k int) error {
		p := &pages[order[k]]
		to := b.path(p)
		write := func(data []byte) error { return pw.WriteFile(to, data) }
		switch p.kind {
		case pageCable:
			return b.cable(p.a, write)
		case pageGroup:
			if err := b.group(p.a, uint8(p.b), uint8(p.c), pw); err != nil {
				return err
			}
			if groupsLeft.Add(-1) == 0 {
				b.idx.startMerge(w)
			}
			return nil
		case pageList:
			f := b.arch.Facets(index.Kind(p.a))[p.b]
			return b.r.Render(render.KindList, b.listPage(f, int(p.c)), write)
		case pageLegacy:
			return b.r.Render(render.KindRedirect, b.legacyPage(b.legacies[p.a], int(p.b)), write)
		case pageAlias:
			return b.r.Render(render.KindRedirect, b.aliasPage(p.a), write)
		default:
			return write(b.small[p.a].data)
		}
	})
}

// progressWriter counts the files written for the progress display.
type progressWriter struct {
	w       fileWriter
	written func()
}

func (p progressWriter) WriteFile(path string, data []byte) error {
	p.written()
	return p.w.WriteFile(path, data)
}

func (p progressWriter) Buffer() *[]byte { return p.w.Buffer() }

func (p progressWriter) WriteBuffer(path string, buf *[]byte) error {
	p.written()
	return p.w.WriteBuffer(path, buf)
}

// reread reads the cable of entry e again, from where the scan found it.
func (b *builder) reread(e int32) (*cable.Cable, error) {
	en := &b.arch.Entries[e]
	loc := b.arch.Source(e)
	c, err := source.At(en.Format(), loc).Parse(b.opt)
	if err != nil {
		return nil, fmt.Errorf("read %s again: %w", en.ID, err)
	}
	if c.ID != en.ID {
		return nil, fmt.Errorf("read %s again: %s now holds %s (did it change during the build?)", en.ID, loc, c.ID)
	}
	return c, nil
}

// cable renders the page of entry e, reading the cable again.
func (b *builder) cable(e int32, write func([]byte) error) error {
	c, err := b.reread(e)
	if err != nil {
		return err
	}
	return b.renderCableTo(e, c, cabletext.AnalyzeLayout(c), write)
}

// renderCable renders the page of entry e from its cable c, read again,
// and its analysis, and writes it with w.
func (b *builder) renderCable(e int32, c *cable.Cable, d *cabletext.Doc, w fileWriter) error {
	to := b.arch.Entries[e].Path()
	return b.renderCableTo(e, c, d, func(data []byte) error { return w.WriteFile(to, data) })
}

func (b *builder) renderCableTo(e int32, c *cable.Cable, d *cabletext.Doc, write func([]byte) error) error {
	page, err := b.cablePage(e, c.Header, c.Text, d)
	if err != nil {
		return fmt.Errorf("%s: %w", c.ID, err)
	}
	return b.r.Render(render.KindCable, page, write)
}

// groupJobs turns the files of groups of cables of the search index to write
// into jobs that write them with the pages of their cables that are to be
// written too: each cable is read once. The pages of cables whose group's
// file is not written stay jobs of their own.
func (b *builder) groupJobs(pages []page) []page {
	due := map[int32]int{} // group -> index of its job
	var out []page
	for _, p := range pages {
		if p.kind == pageDoc {
			due[p.a] = len(out)
			out = append(out, page{key: p.key, kind: pageGroup, a: p.a})
		}
	}
	if len(due) == 0 {
		return pages
	}
	for _, p := range pages {
		switch p.kind {
		case pageDoc:
		case pageCable:
			n := b.idx.ords[p.a]
			if j, ok := due[int32(n/search.GroupSize)]; ok {
				out[j].b |= 1 << (n % search.GroupSize)
				if p.b == 0 {
					out[j].c |= 1 << (n % search.GroupSize)
				}
				continue
			}
			out = append(out, p)
		default:
			out = append(out, p)
		}
	}
	return out
}

// jobPath is the path of the page a job writes, or of the first of them.
func (b *builder) jobPath(p *page) string {
	if p.kind == pageGroup && p.b != 0 {
		for i, e := range b.idx.members(p.a) {
			if p.b&(1<<i) != 0 && e >= 0 {
				return b.arch.Entries[e].Path()
			}
		}
	}
	return b.path(p)
}

// smallPages renders the pages that are few (home, directories, Markdown
// pages, 404, _redirects) and reads the assets, sorted by path.
func (b *builder) smallPages() ([]smallPage, error) {
	var out []smallPage
	add := func(p string) func([]byte) error {
		return func(data []byte) error {
			out = append(out, smallPage{p, append([]byte(nil), data...)})
			return nil
		}
	}
	for p, data := range b.assetData {
		out = append(out, smallPage{p, data})
	}
	for _, k := range index.Kinds {
		p := k.Dir() + "/index.html"
		if err := b.r.Render(render.KindDirectory, b.directory(k), add(p)); err != nil {
			return nil, err
		}
	}
	if err := b.r.Render(render.KindHome, b.home(), add("index.html")); err != nil {
		return nil, err
	}
	for _, p := range b.pages {
		mp, err := b.markdown(p)
		if err != nil {
			return nil, err
		}
		if err := b.r.Render(render.KindMarkdown, mp, add(mp.Path)); err != nil {
			return nil, err
		}
	}
	if b.site.Search {
		if err := b.r.Render(render.KindSearch, b.searchPage(), add("search.html")); err != nil {
			return nil, err
		}
	}
	if err := b.r.Render(render.KindNotFound, b.notFound(), add("404.html")); err != nil {
		return nil, err
	}
	out = append(out, smallPage{"_redirects", b.redirects()})
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}
