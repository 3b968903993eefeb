package generator

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/output"
	"cablesite/generator/render"
	"cablesite/generator/search"
	"cablesite/generator/state"
	"cablesite/generator/tags"
)

// searchIndex is a build's part in the search index (package search): the
// number of every cable in it, and, while the pages are written, the
// builder of a whole new index or the update of the published one.
type searchIndex struct {
	off     bool // the site has no search: the index is not written
	st      *search.State
	ords    []uint32 // by entry
	prevOrd []int64  // by entry: its number in the published index, or -1 (nil: no published index to update)
	gone    []uint32 // numbers of the published index's cables that the build no longer has
	entryOf []int32  // by number: the entry, or -1 for a hole

	live    string // the published site
	builder *search.Builder
	update  *search.Update
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
		st   *search.Stats
		err  error
	}
}

// indexWorker is what one goroutine uses to index cables.
type indexWorker struct {
	c, old search.Counter
	part   *search.Part
}

// newSearchIndex numbers the cables of the archive. A previous build's
// numbers are kept when it left a usable index (prev is the published
// site's state, its records still loaded), so that an update rewrites only
// what changed: a cable that is new, or whose origin, classification or
// year changed, gets a new number after the others; the numbers of cables
// gone become holes. Otherwise the cables are numbered afresh.
func newSearchIndex(a *index.Archive, prev *state.State, live string) *searchIndex {
	x := &searchIndex{live: live, keys: map[string]state.Key{}}
	facets := func(e int) search.Facets {
		en := &a.Entries[e]
		return search.Facets{Origin: a.Origins[en.Origin], Class: a.Classes[en.Class], Created: en.Created.Std()}
	}
	defer func() {
		x.entryOf = make([]int32, x.st.Slots())
		for i := range x.entryOf {
			x.entryOf[i] = -1
		}
		for e, n := range x.ords {
			x.entryOf[n] = int32(e)
		}
	}()
	if prev != nil && len(prev.Search) > 0 {
		st := new(search.State)
		if err := st.UnmarshalBinary(prev.Search); err == nil && x.renumber(a, prev, st, facets) {
			return x
		}
	}
	x.ords, x.st = search.Number(a.Len(), facets)
	x.st.Layout = search.LayoutFor(a.Len())
	x.prevOrd = nil
	return x
}

// groups is the number of files of cables of the index.
func (x *searchIndex) groups() int {
	return (len(x.entryOf) + search.GroupSize - 1) / search.GroupSize
}

// members returns the entries of group g (-1 for a hole).
func (x *searchIndex) members(g int32) [search.GroupSize]int32 {
	var m [search.GroupSize]int32
	for i := range m {
		m[i] = -1
		if n := int(g)*search.GroupSize + i; n < len(x.entryOf) {
			m[i] = x.entryOf[n]
		}
	}
	return m
}

// renumber keeps the numbers of prev's records where it can; it reports
// false when prev's numbers are not consistent with st.
func (x *searchIndex) renumber(a *index.Archive, prev *state.State, st *search.State, facets func(int) search.Facets) bool {
	x.st = st
	x.ords = make([]uint32, a.Len())
	x.prevOrd = make([]int64, a.Len())
	for i := range x.prevOrd {
		x.prevOrd[i] = -1
	}
	seen := make([]bool, st.Slots())
	for i := range prev.Records {
		r := &prev.Records[i]
		if r.Ord >= st.Slots() || seen[r.Ord] || !st.Has(r.Ord) {
			return false
		}
		seen[r.Ord] = true
		// The cables are mostly where they were.
		e, ok := int32(i), i < a.Len() && a.Entries[i].ID == r.ID
		if !ok {
			e, ok = a.Lookup(r.ID)
		}
		if !ok {
			x.gone = append(x.gone, r.Ord)
			continue
		}
		x.prevOrd[e] = int64(r.Ord)
	}
	prevFacets := st.FacetsNow()
	for e := range x.ords {
		f := facets(e)
		if p := x.prevOrd[e]; p >= 0 {
			origin, class, year := prevFacets(uint32(p))
			if origin == f.Origin && class == f.Class && year == f.Created.Year() {
				x.ords[e] = uint32(p)
				continue
			}
		}
		x.ords[e] = st.Append(f)
	}
	for e, p := range x.prevOrd {
		if p >= 0 && uint32(p) != x.ords[e] {
			st.Remove(uint32(p))
		}
	}
	for _, n := range x.gone {
		st.Remove(n)
	}
	return true
}

// fixedFiles is the number of files that paths lists first, those that an
// update changes in place: the shards and vocabulary files.
func (x *searchIndex) fixedFiles() int {
	if x.off {
		return 0
	}
	return 1<<x.st.Layout.ShardBits + x.st.Layout.Vocab
}

// paths lists the files of the index other than the cables' files.
func (x *searchIndex) paths() []string {
	if x.off {
		return nil
	}
	var ps []string
	for s := 0; s < 1<<x.st.Layout.ShardBits; s++ {
		ps = append(ps, search.ShardPath(s))
	}
	for v := 0; v < x.st.Layout.Vocab; v++ {
		ps = append(ps, search.VocabPath(v))
	}
	for k := 0; k < x.st.DatesFiles(); k++ {
		ps = append(ps, search.DatesPath(k))
	}
	return append(ps, "search/meta.js", "search/runs.js")
}

// start gets the index ready for the pages to be written: a new index
// (whole), spilling into a temporary folder beside the site, or an update
// of the published one.
func (x *searchIndex) start(whole bool, workers int) error {
	if x.off {
		return nil
	}
	x.workers = make(chan *indexWorker, workers)
	if whole {
		x.update = nil
		x.st.Layout = search.LayoutFor(len(x.ords))
		tmp, err := output.TempDir(x.live, "index")
		if err != nil {
			return err
		}
		b, err := search.NewBuilder(tmp, int(x.st.Slots()), workers)
		if err != nil {
			os.RemoveAll(tmp)
			return err
		}
		x.builder = b
		for i := 0; i < workers; i++ {
			x.workers <- &indexWorker{part: b.Part()}
		}
		return nil
	}
	x.update = search.NewUpdate(x.st)
	for i := 0; i < workers; i++ {
		x.workers <- &indexWorker{}
	}
	return nil
}

// close stops the merge, if it runs, and removes what the index built in
// temporary files.
func (x *searchIndex) close() {
	if x.builder != nil {
		x.stopMerge()
		x.builder.Close()
	}
}

// startMerge starts the merge of a whole index's runs into its shards and
// vocabulary, written into w, once every cable has been indexed.
func (x *searchIndex) startMerge(w fileWriter) {
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
func (x *searchIndex) waitMerge() (*search.Stats, error) {
	if x.merge.done == nil {
		return nil, nil
	}
	<-x.merge.done
	return x.merge.st, x.merge.err
}

// stopMerge stops the merge, if it runs, and waits for it: before a
// failed build's output is removed.
func (x *searchIndex) stopMerge() {
	if x.builder != nil {
		x.builder.Cancel()
		x.waitMerge()
	}
}

// mergeRuns writes the last runs of the parts and merges all runs into
// the shards and vocabulary, through write.
func (x *searchIndex) mergeRuns(write func(string, []byte) error) (*search.Stats, error) {
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
	return x.builder.Write(x.st.Layout, write)
}

// writer returns the function that writes a file of the index into w:
// only if its bytes changed from the published file's key in prevKeys
// (nil for a whole index), keeping its key.
func (x *searchIndex) writer(w fileWriter, prevKeys map[state.Key]state.Key) func(string, []byte) error {
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

// doc is what the index holds of entry e, whose text and analysis are given.
func (b *builder) searchDoc(e int32, text string, d *cabletext.Doc) *search.Doc {
	a := b.arch
	en := &a.Entries[e]
	doc := &search.Doc{
		ID: en.ID, URL: en.Path(), Subject: en.Subject, Date: en.Created.String(),
		Origin: a.Origins[en.Origin], Class: a.Classes[en.Class],
		Tags: []string{},
	}
	for _, t := range a.EntryTags(e) {
		doc.Tags = append(doc.Tags, a.Tags[t])
	}
	if canon := cable.Canonical(en.ID); canon != "" && canon != en.ID {
		doc.Aliases = []string{canon}
	}
	first := len(text)
	if len(d.Paragraphs) > 0 {
		first = d.Paragraphs[0].Start
	}
	if lead := text[:first]; !search.Blank(lead) {
		doc.Blocks = append(doc.Blocks, search.Block{Text: lead})
	}
	for _, p := range d.Paragraphs {
		if t := text[p.Start:p.End]; !search.Blank(t) {
			doc.Blocks = append(doc.Blocks, search.Block{Anchor: p.ID, Text: t})
		}
	}
	return doc
}

// group writes the file of group g of the index, and the pages of those
// of its cables that render marks (bit i for cable i of the group), reading
// each cable once; it indexes the cables as it goes. In an update, fresh
// marks the cables whose pages show something new: the terms of the others
// are those of the published index.
func (b *builder) group(g int32, render, fresh uint8, w fileWriter) error {
	x := b.idx
	var docs [search.GroupSize]*search.Doc
	members := x.members(g)
	for i, e := range members {
		if e < 0 {
			continue
		}
		c, err := b.reread(e)
		if err != nil {
			return err
		}
		d := cabletext.AnalyzeLayout(c)
		if render&(1<<i) != 0 {
			if err := b.renderCable(e, c, d, w); err != nil {
				return err
			}
		}
		docs[i] = b.searchDoc(e, c.Text, d)
		if err := x.index(e, docs[i], fresh&(1<<i) != 0); err != nil {
			return err
		}
	}
	buf := w.Buffer()
	*buf = search.GroupFile(*buf, uint32(g), docs)
	x.files.Add(1)
	x.bytes.Add(int64(len(*buf)))
	return w.WriteBuffer(search.GroupPath(uint32(g)), buf)
}

// index adds the terms of entry e (doc) to a whole index, or, in an
// update, records what changed since the published index for a cable that
// is new, renumbered or fresh (its page shows something new).
func (x *searchIndex) index(e int32, doc *search.Doc, fresh bool) error {
	n := x.ords[e]
	prev := int64(-1)
	if x.builder == nil && x.prevOrd != nil {
		prev = x.prevOrd[e]
	}
	if x.builder == nil && prev == int64(n) && !fresh {
		return nil
	}
	iw := <-x.workers
	defer func() { x.workers <- iw }()
	iw.c.Reset()
	doc.Count(&iw.c)
	if x.builder != nil {
		return iw.part.Add(n, &iw.c)
	}
	if prev < 0 {
		x.update.Change(n, nil, &iw.c)
		return nil
	}
	old, err := x.readOld(uint32(prev))
	if err != nil {
		return err
	}
	iw.old.Reset()
	old.Count(&iw.old)
	if uint32(prev) == n {
		x.update.Change(n, &iw.old, &iw.c)
	} else {
		x.update.Change(uint32(prev), &iw.old, nil)
		x.update.Change(n, nil, &iw.c)
	}
	return nil
}

// readOld returns cable n of the published index, with the text that was
// indexed, read back from its published page.
func (x *searchIndex) readOld(n uint32) (*search.Doc, error) {
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
	if err := output.CheckPath(d.URL); err != nil {
		return fail(fmt.Errorf("%s: cable %d: %w", p, n, err))
	}
	page, err := os.Open(filepath.Join(x.live, filepath.FromSlash(d.URL)))
	if err != nil {
		return fail(err)
	}
	defer page.Close()
	if d.Blocks, err = render.CableText(page); err != nil {
		return fail(fmt.Errorf("%s: %w", d.URL, err))
	}
	return d, nil
}

// finish writes the rest of the index after the cables' files: the shards
// and vocabulary (all of them, or those an update changes), the dates,
// runs and meta files. prevKeys are the keys of the published files (nil
// for a whole index); only files whose bytes change are written.
func (b *builder) finishIndex(w fileWriter, prevKeys map[state.Key]state.Key) (*search.Stats, error) {
	x := b.idx
	if x.off {
		return nil, nil
	}
	write := x.writer(w, prevKeys)
	var st *search.Stats
	if x.builder != nil {
		x.startMerge(w) // unless the last cable started it
		var err error
		if st, err = x.waitMerge(); err != nil {
			return nil, err
		}
		x.st.AvgLen = st.AvgLen
	} else {
		var old search.Counter
		for _, n := range x.gone {
			d, err := x.readOld(n)
			if err != nil {
				return nil, err
			}
			old.Reset()
			d.Count(&old)
			x.update.Change(n, &old, nil)
		}
		read := func(p string) ([]byte, error) {
			return os.ReadFile(filepath.Join(x.live, filepath.FromSlash(p)))
		}
		if _, err := x.update.Write(read, write); err != nil {
			return nil, err
		}
	}
	for k := 0; k < x.st.DatesFiles(); k++ {
		if err := write(search.DatesPath(k), x.st.DatesFile(k)); err != nil {
			return nil, err
		}
	}
	if err := write("search/runs.js", x.st.RunsFile()); err != nil {
		return nil, err
	}
	if err := write("search/meta.js", x.st.MetaFile(b.searchMeta())); err != nil {
		return nil, err
	}
	return st, nil
}

// searchMeta gathers what the search page lists of the whole archive.
func (b *builder) searchMeta() search.Meta {
	m := search.Meta{Docs: b.arch.Len()}
	fs := slices.Clone(b.arch.Facets(index.Tag))
	slices.SortStableFunc(fs, func(a, b *index.Facet) int {
		return cmp.Or(cmp.Compare(len(b.Entries), len(a.Entries)), strings.Compare(a.Name, b.Name))
	})
	for _, f := range fs {
		m.Tags = append(m.Tags, [2]string{f.Name, tags.Describe(f.Name)})
		m.TagDocs = append(m.TagDocs, len(f.Entries))
	}
	return m
}
