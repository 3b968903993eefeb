// Package emit renders the files that a plan writes and writes them: each
// cable's page from its record, read again from where the scan found it,
// the other pages from the index of the archive, and the search index,
// whose terms are counted as the cables are laid out.
//
// The files go to a Writer of package publish: a new site (publish.Writer)
// or a patch of the published one (publish.Patch).
package emit

import (
	"context"
	"fmt"
	"path"
	"slices"
	"sync/atomic"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/internal/work"
	"cablesite/generator/page"
	"cablesite/generator/plan"
	"cablesite/generator/render"
	"cablesite/generator/search"
	"cablesite/generator/search/build"
	"cablesite/generator/source"
	"cablesite/generator/state"
)

// Writer is where files go: a whole new site (publish.Writer) or the
// changed files of one (publish.Patch). WriteFile keeps a copy of data,
// which the caller may reuse once it returns; WriteBuffer takes a buffer
// from Buffer, with no copy.
type Writer interface {
	WriteFile(p string, data []byte) error
	Buffer() *[]byte
	WriteBuffer(p string, buf *[]byte) error
}

// Config says what to write, and where.
type Config struct {
	Plan     *plan.Plan
	Renderer *render.Renderer
	Out      Writer
	Live     string         // the published site, which an update reads back
	Source   source.Options // how records are read again
	Workers  int
	Written  func() // called for each page written, or nil
}

// Result is what Write wrote of the search index.
type Result struct {
	Search      *build.Stats         // what a whole new index holds
	SearchState []byte               // the index's state, for the next build
	IndexKeys   map[string]state.Key // the files of the index other than the cables' files, by path
	IndexFiles  int                  // files of the index written
	IndexBytes  int64
}

// Write writes the files of the plan's Write list, then the rest of the
// search index: its shards and vocabulary (merged from the runs that the
// cables left, or the files of an update), dates, runs and meta files.
func Write(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Written == nil {
		cfg.Written = func() {}
	}
	e := &emitter{Config: cfg, p: cfg.Plan}
	if cfg.Plan.Index != nil {
		ix, err := newIndexer(cfg.Plan, cfg.Live, cfg.Workers)
		if err != nil {
			return nil, err
		}
		defer ix.close()
		e.ix = ix
	}
	if err := e.jobs(ctx); err != nil {
		e.ix.stopMerge()
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		e.ix.stopMerge()
		return nil, err
	}
	return e.ix.finish(cfg.Out, cfg.Plan)
}

// emitter is what the writing of one plan shares.
type emitter struct {
	Config
	p  *plan.Plan
	ix *indexer // nil without search
}

// jobs renders the jobs of the plan and writes them, taking jobs of
// different folders in turn so that the writers of package publish, which
// own a share of the folders each, are all kept busy. The files of cables
// of the search index go first, each with the pages of its cables: the
// index's merge runs once every cable is indexed, while the other pages
// are written.
func (e *emitter) jobs(ctx context.Context) error {
	jobs := e.groupJobs(e.p.Write)
	order := interleave(len(jobs), func(i int) string { return path.Dir(e.jobPath(&jobs[i])) })
	var groupsLeft atomic.Int64
	if e.ix != nil && e.ix.builder != nil {
		groups := slices.DeleteFunc(slices.Clone(order), func(k int32) bool { return jobs[k].Kind != plan.DocGroup })
		rest := slices.DeleteFunc(order, func(k int32) bool { return jobs[k].Kind == plan.DocGroup })
		groupsLeft.Store(int64(len(groups)))
		order = append(groups, rest...)
		if len(groups) == 0 {
			e.ix.startMerge(e.Out)
		}
	}
	return work.Parallel(ctx, len(order), e.Workers, func(k int) error {
		j := &jobs[order[k]]
		if j.Kind == plan.DocGroup {
			if err := e.group(j); err != nil {
				return err
			}
			if groupsLeft.Add(-1) == 0 {
				e.ix.startMerge(e.Out)
			}
			return nil
		}
		return e.job(j)
	})
}

// job writes the file of job j.
func (e *emitter) job(j *plan.Job) error {
	to := e.p.Path(j)
	kind, data := e.p.Page(j)
	e.p.SetKey(j, data)
	switch d := data.(type) {
	case *page.File:
		return e.write(to, d.Data)
	case *page.Redirects:
		return e.write(to, d.Bytes())
	case *page.Robots:
		return e.write(to, d.Bytes())
	case *page.Sitemap, *page.SitemapIndex:
		b, err := d.(interface{ Bytes() ([]byte, error) }).Bytes()
		if err != nil {
			return fmt.Errorf("%s: %w", to, err)
		}
		return e.write(to, b)
	case *page.Feed:
		return e.feed(to, d)
	case *page.Image:
		return e.image(to, d)
	case *page.Cable:
		if _, err := e.cable(j.A, d, true); err != nil {
			return err
		}
		return nil
	}
	return e.Renderer.Render(kind, data, func(b []byte) error { return e.write(to, b) })
}

// write writes a page and counts it.
func (e *emitter) write(to string, data []byte) error {
	e.Written()
	return e.Out.WriteFile(to, data)
}

// reread reads the record of entry n again, from where the scan found it.
func (e *emitter) reread(n int32) (*cable.Cable, error) {
	a := e.p.Builder.Archive()
	en := &a.Entries[n]
	loc := a.Source(n)
	c, err := source.At(en.Format(), loc).Parse(e.Source)
	if err != nil {
		return nil, fmt.Errorf("read %s again: %w", en.ID, err)
	}
	if c.ID != en.ID {
		return nil, fmt.Errorf("read %s again: %s now holds %s (did it change during the build?)", en.ID, loc, c.ID)
	}
	return c, nil
}

// cable lays out the page of entry n, whose data without its text is c,
// from its record read again, and writes it when write is set. It returns
// the page, text included.
func (e *emitter) cable(n int32, c *page.Cable, write bool) (*page.Cable, error) {
	rec, err := e.reread(n)
	if err != nil {
		return nil, err
	}
	c.SetText(rec, cabletext.AnalyzeLayout(rec))
	if err := e.history(n, c, rec); err != nil {
		return nil, err
	}
	if !write {
		return c, nil
	}
	err = e.Renderer.Render(page.KindCable, c, func(b []byte) error { return e.write(c.Path, b) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.ID, err)
	}
	return c, nil
}

// groupJobs turns the files of cables of the search index to write into
// jobs that write them with the pages of their cables that are to be
// written too (B: bit i for cable i of the group; C: those of them whose
// page shows something new): each cable is read once. The pages of cables
// whose file of the index is not written stay jobs of their own.
func (e *emitter) groupJobs(jobs []plan.Job) []plan.Job {
	due := map[int32]int{} // group -> index of its job
	var out []plan.Job
	for _, j := range jobs {
		if j.Kind == plan.DocGroup {
			due[j.A] = len(out)
			out = append(out, plan.Job{Key: j.Key, PathKey: j.PathKey, Kind: plan.DocGroup, A: j.A, N: j.N})
		}
	}
	if len(due) == 0 {
		return jobs
	}
	for _, j := range jobs {
		switch j.Kind {
		case plan.DocGroup:
		case plan.Cable:
			n := e.p.Index.Ords[j.A]
			if g, ok := due[int32(n/search.GroupSize)]; ok {
				out[g].B |= 1 << (n % search.GroupSize)
				if j.B == 0 {
					out[g].C |= 1 << (n % search.GroupSize)
				}
				continue
			}
			out = append(out, j)
		default:
			out = append(out, j)
		}
	}
	return out
}

// jobPath is the path of the file a job writes, or of the first page of a
// file of cables of the index with pages.
func (e *emitter) jobPath(j *plan.Job) string {
	if j.Kind == plan.DocGroup && j.B != 0 {
		for i, n := range e.p.Index.Members(j.A) {
			if j.B&(1<<i) != 0 && n >= 0 {
				return e.p.Builder.Archive().Entries[n].Path()
			}
		}
	}
	return e.p.Path(j)
}

// interleave returns 0..n-1 ordered so that items of the same group (the
// same output folder) are spread out: the first item of each group, then the
// second of each, and so on.
func interleave(n int, group func(i int) string) []int32 {
	idx := map[string]int{}
	var groups [][]int32
	for i := 0; i < n; i++ {
		g := group(i)
		k, ok := idx[g]
		if !ok {
			k = len(groups)
			idx[g] = k
			groups = append(groups, nil)
		}
		groups[k] = append(groups[k], int32(i))
	}
	order := make([]int32, 0, n)
	for round := 0; len(order) < n; round++ {
		for _, g := range groups {
			if round < len(g) {
				order = append(order, g[round])
			}
		}
	}
	return order
}

// feed writes the feed, each entry with the summary of its cable, read
// again from its record.
func (e *emitter) feed(to string, f *page.Feed) error {
	for i := range f.Entries {
		en := &f.Entries[i]
		rec, err := e.reread(en.Entry)
		if err != nil {
			return err
		}
		subject := e.p.Builder.Archive().Entries[en.Entry].Subject
		en.Summary = page.Summary(rec.Text, cabletext.AnalyzeLayout(rec), subject)
	}
	b, err := f.Bytes()
	if err != nil {
		return fmt.Errorf("%s: %w", to, err)
	}
	return e.write(to, b)
}

// image draws an image of the site and writes it.
func (e *emitter) image(to string, im *page.Image) error {
	switch im.Kind {
	case "card":
		b, err := render.Card(im.Name, im.Description, im.Host)
		if err != nil {
			return err
		}
		return e.write(to, b)
	case "icon.svg":
		return e.write(to, render.IconSVG())
	case "icon.ico":
		return e.write(to, render.IconICO())
	}
	return fmt.Errorf("%s: no image of kind %q", to, im.Kind)
}

// history fills in what changed of the cable of entry n, whose page is c
// and newest record rec, between the releases: each change's versions are
// read again from where the scan found them.
func (e *emitter) history(n int32, c *page.Cable, rec *cable.Cable) error {
	if c.History == nil || len(c.History.Changes) == 0 {
		return nil
	}
	a := e.p.Builder.Archive()
	newest := a.Entries[n].Hash
	for i, vs := range page.Versions(a, n) {
		old, err := e.readVersion(vs[0], a.Entries[n].ID)
		if err != nil {
			return err
		}
		next := rec
		if vs[1].Hash != newest {
			if next, err = e.readVersion(vs[1], a.Entries[n].ID); err != nil {
				return err
			}
		}
		c.History.Changes[i].SetDiff(old, next, cabletext.Analyze(old), cabletext.Analyze(next))
	}
	return nil
}

// readVersion reads an earlier release's version of a cable.
func (e *emitter) readVersion(v index.Version, id string) (*cable.Cable, error) {
	c, err := source.At(v.Format, v.Source).Parse(e.Source)
	if err != nil {
		return nil, fmt.Errorf("read %s of an earlier release again: %w", id, err)
	}
	if c.ID != id {
		return nil, fmt.Errorf("read %s of an earlier release again: %s now holds %s", id, v.Source, c.ID)
	}
	return c, nil
}
