package emit

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"cablesite/generator/index"
	"cablesite/generator/page"
	"cablesite/generator/plan"
	"cablesite/generator/publish"
	"cablesite/generator/render"
	"cablesite/generator/search"
	"cablesite/generator/search/build"
	"cablesite/generator/search/number"
	"cablesite/generator/search/update"
	"cablesite/generator/state"
	"cablesite/generator/tags"
)

// indexer is a build's part in the search index (package search): while
// the pages are written, the builder of a whole new index or the update of
// the published one.
type indexer struct {
	num     *number.Numbering
	live    string // the published site
	builder *build.Builder
	update  *update.Update
	workers chan *indexWorker
	mu      sync.Mutex
	keys    map[string]state.Key // files of the index written, by path
	files   atomic.Int64         // files of the index written
	bytes   atomic.Int64         // and their bytes

	// The merge of a whole index, which starts once every cable is
	// indexed, while the other pages are written.
	merge struct {
		once sync.Once
		done chan struct{}
		st   *build.Stats
		err  error
	}
}

// indexWorker is what one goroutine uses to index cables.
type indexWorker struct {
	c, old search.Counter
	part   *build.Part
}

// newIndexer gets the index ready for the pages to be written: a new index,
// spilling into a temporary folder beside the site, or an update of the
// published one in live.
func newIndexer(p *plan.Plan, live string, workers int) (*indexer, error) {
	x := &indexer{num: p.Index, live: live, keys: map[string]state.Key{}}
	x.workers = make(chan *indexWorker, workers)
	if p.Mode != plan.ModeFull {
		x.update = update.New(x.num.St)
		for i := 0; i < workers; i++ {
			x.workers <- &indexWorker{}
		}
		return x, nil
	}
	x.num.St.Layout = search.LayoutFor(len(x.num.Ords))
	tmp, err := publish.TempDir(live, "index")
	if err != nil {
		return nil, err
	}
	b, err := build.NewBuilder(tmp, int(x.num.St.Slots()), workers)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	x.builder = b
	for i := 0; i < workers; i++ {
		x.workers <- &indexWorker{part: b.Part()}
	}
	return x, nil
}

// close stops the merge, if it runs, and removes what the index built in
// temporary files.
func (x *indexer) close() {
	if x != nil && x.builder != nil {
		x.stopMerge()
		x.builder.Close()
	}
}

// startMerge starts the merge of a whole index's runs into its shards and
// vocabulary, written into w, once every cable has been indexed.
func (x *indexer) startMerge(w Writer) {
	if x.builder == nil {
		return
	}
	x.merge.once.Do(func() {
		x.merge.done = make(chan struct{})
		go func() {
			defer close(x.merge.done)
			x.merge.st, x.merge.err = x.mergeRuns(x.writer(w, nil))
		}()
	})
}

// waitMerge waits for the merge that startMerge started and returns what
// it wrote.
func (x *indexer) waitMerge() (*build.Stats, error) {
	if x.merge.done == nil {
		return nil, nil
	}
	<-x.merge.done
	return x.merge.st, x.merge.err
}

// stopMerge stops the merge, if it runs, and waits for it: before a
// failed build's output is removed.
func (x *indexer) stopMerge() {
	if x != nil && x.builder != nil {
		x.builder.Cancel()
		x.waitMerge()
	}
}

// mergeRuns writes the last runs of the parts and merges all runs into
// the shards and vocabulary, through write.
func (x *indexer) mergeRuns(write func(string, []byte) error) (*build.Stats, error) {
	// The parts write their last runs at once.
	errs := make(chan error, len(x.workers))
	n := 0
	for len(x.workers) > 0 {
		iw := <-x.workers
		n++
		go func() { errs <- iw.part.Flush() }()
	}
	var err error
	for range n {
		err = cmp.Or(err, <-errs)
	}
	if err != nil {
		return nil, err
	}
	return x.builder.Write(x.num.St.Layout, write)
}

// writer returns the function that writes a file of the index into w:
// only if its bytes changed from the published file's key in prevKeys
// (nil for a whole index), keeping its key.
func (x *indexer) writer(w Writer, prevKeys map[state.Key]state.Key) func(string, []byte) error {
	return func(p string, data []byte) error {
		k := state.Of(data)
		if prevKeys != nil && prevKeys[state.PathKey(p)] == k {
			return nil
		}
		x.mu.Lock()
		x.keys[p] = k
		x.mu.Unlock()
		x.files.Add(1)
		x.bytes.Add(int64(len(data)))
		return w.WriteFile(p, data)
	}
}

// group writes file g of cables of the index, job j, and the pages of
// those of its cables that j.B marks (bit i for cable i of the group),
// reading each cable once; it indexes the cables as it goes. In an update,
// j.C marks the cables whose pages show something new: the terms of the
// others are those of the published index.
func (e *emitter) group(j *plan.Job) error {
	x := e.ix
	_, data := e.p.Page(j)
	e.p.SetKey(j, data)
	dg := data.(*page.DocGroup)
	members := x.num.Members(j.A)
	for i, n := range members {
		if n < 0 {
			continue
		}
		bit := uint8(1) << i
		fresh := j.C&int32(bit) != 0
		if x.builder == nil && !fresh && x.num.PrevOrd[n] == int64(x.num.Ords[n]) && j.B&int32(bit) == 0 {
			continue // in an update: its terms are in the index already
		}
		c := e.p.Builder.Cable(n)
		if j.B&int32(bit) != 0 {
			e.p.SetKey(e.p.CableJob(n), c)
		}
		c, err := e.cable(n, c, j.B&int32(bit) != 0)
		if err != nil {
			return err
		}
		dg.Docs[i].Blocks = c.Text.SearchBlocks()
		if err := x.index(n, dg.Docs[i], fresh); err != nil {
			return err
		}
	}
	buf := e.Out.Buffer()
	*buf = search.GroupFile(*buf, dg.Group, dg.Docs)
	x.files.Add(1)
	x.bytes.Add(int64(len(*buf)))
	return e.Out.WriteBuffer(search.GroupPath(dg.Group), buf)
}

// index adds the terms of entry n (doc) to a whole index, or, in an
// update, records what changed since the published index for a cable that
// is new, renumbered or fresh (its page shows something new).
func (x *indexer) index(n int32, doc *search.Doc, fresh bool) error {
	ord := x.num.Ords[n]
	prev := int64(-1)
	if x.builder == nil && x.num.PrevOrd != nil {
		prev = x.num.PrevOrd[n]
	}
	if x.builder == nil && prev == int64(ord) && !fresh {
		return nil
	}
	iw := <-x.workers
	defer func() { x.workers <- iw }()
	iw.c.Reset()
	doc.Count(&iw.c)
	if x.builder != nil {
		return iw.part.Add(ord, &iw.c)
	}
	if prev < 0 {
		x.update.Change(ord, nil, &iw.c)
		return nil
	}
	old, err := x.readOld(uint32(prev))
	if err != nil {
		return err
	}
	iw.old.Reset()
	old.Count(&iw.old)
	if uint32(prev) == ord {
		x.update.Change(ord, &iw.old, &iw.c)
	} else {
		x.update.Change(uint32(prev), &iw.old, nil)
		x.update.Change(ord, nil, &iw.c)
	}
	return nil
}

// readOld returns cable n of the published index, with the text that was
// indexed, read back from its published page.
func (x *indexer) readOld(n uint32) (*search.Doc, error) {
	fail := func(err error) (*search.Doc, error) {
		return nil, fmt.Errorf("search index: update: %w (build with -full to write the whole index)", err)
	}
	p := search.DocPath(n)
	data, err := os.ReadFile(filepath.Join(x.live, filepath.FromSlash(p)))
	if err != nil {
		return fail(err)
	}
	d, err := search.ParseDocFile(data, n)
	if err != nil {
		return fail(err)
	}
	if err := publish.CheckPath(d.URL); err != nil {
		return fail(fmt.Errorf("%s: cable %d: %w", p, n, err))
	}
	f, err := os.Open(filepath.Join(x.live, filepath.FromSlash(d.URL)))
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	if d.Blocks, err = render.CableText(f); err != nil {
		return fail(fmt.Errorf("%s: %w", d.URL, err))
	}
	return d, nil
}

// finish writes the rest of the index after the cables' files: the shards
// and vocabulary (all of them, or those an update changes), the dates,
// runs and meta files. Only files whose bytes change are written.
func (x *indexer) finish(w Writer, p *plan.Plan) (*Result, error) {
	if x == nil {
		return &Result{}, nil
	}
	write := x.writer(w, p.IndexKeys)
	res := &Result{}
	if x.builder != nil {
		x.startMerge(w) // unless the last cable started it
		st, err := x.waitMerge()
		if err != nil {
			return nil, err
		}
		x.num.St.AvgLen = st.AvgLen
		res.Search = st
	} else if err := x.finishUpdate(write); err != nil {
		return nil, err
	}
	st := x.num.St
	for k := 0; k < st.DatesFiles(); k++ {
		if err := write(search.DatesPath(k), st.DatesFile(k)); err != nil {
			return nil, err
		}
	}
	if err := write(search.RunsPath, st.RunsFile()); err != nil {
		return nil, err
	}
	if err := write(search.MetaPath, st.MetaFile(searchMeta(p.Builder.Archive()))); err != nil {
		return nil, err
	}
	var err error
	if res.SearchState, err = st.MarshalBinary(); err != nil {
		return nil, err
	}
	res.IndexKeys, res.IndexFiles, res.IndexBytes = x.keys, int(x.files.Load()), x.bytes.Load()
	return res, nil
}

// finishUpdate takes the terms of the cables that the site no longer has
// out of the index, and writes the shards and vocabulary files that the
// update changes.
func (x *indexer) finishUpdate(write func(string, []byte) error) error {
	var old search.Counter
	for _, n := range x.num.Gone {
		d, err := x.readOld(n)
		if err != nil {
			return err
		}
		old.Reset()
		d.Count(&old)
		x.update.Change(n, &old, nil)
	}
	read := func(p string) ([]byte, error) {
		return os.ReadFile(filepath.Join(x.live, filepath.FromSlash(p)))
	}
	_, err := x.update.Write(read, write)
	return err
}

// searchMeta gathers what the search page lists of the whole archive.
func searchMeta(a *index.Archive) search.Meta {
	m := search.Meta{Docs: a.Len(), Keys: map[string]string{}}
	for _, k := range []index.Kind{index.Origin, index.Class} {
		for _, f := range a.Facets(k) {
			m.Keys[f.Name] = f.Key
		}
	}
	fs := slices.Clone(a.Facets(index.Tag))
	slices.SortStableFunc(fs, func(a, b *index.Facet) int {
		return cmp.Or(cmp.Compare(len(b.Entries), len(a.Entries)), strings.Compare(a.Name, b.Name))
	})
	for _, f := range fs {
		m.Tags = append(m.Tags, [2]string{f.Name, tags.Describe(f.Name)})
		m.TagDocs = append(m.TagDocs, len(f.Entries))
	}
	return m
}
