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
	due     []atomic.Bool

	live    string // the published site
	builder *search.Builder
	update  *search.Update
	workers chan *indexWorker
	mu      sync.Mutex
	keys    map[string]state.Key // files of the index written, by path
	files   atomic.Int64         // files of the index written
	bytes   atomic.Int64         // and their bytes
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
		e, ok := a.Lookup(r.ID)
		if !ok {
			x.gone = append(x.gone, r.Ord)
			continue
		}
		x.prevOrd[e] = int64(r.Ord)
	}
	for e := range x.ords {
		f := facets(e)
		if p := x.prevOrd[e]; p >= 0 {
			origin, class, year := st.Facets(uint32(p))
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
// (whole) or an update of the published one. The files of cables in emit
// are due to be written.
func (x *searchIndex) start(whole bool, workers int, tmpDir string, emit []page) error {
	x.due = make([]atomic.Bool, len(x.ords))
	if x.off {
		return nil
	}
	for i := range emit {
		if emit[i].kind == pageDoc {
			x.due[emit[i].a].Store(true)
		}
	}
	x.workers = make(chan *indexWorker, workers)
	if whole {
		x.update = nil
		x.st.Layout = search.LayoutFor(len(x.ords))
		b, err := search.NewBuilder(tmpDir, int(x.st.Slots()), workers)
		if err != nil {
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

// close removes what the index built in temporary files.
func (x *searchIndex) close() {
	if x.builder != nil {
		x.builder.Close()
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

// indexCable writes the index file of entry e, if it is due, and indexes
// the cable: the text and analysis are those of a reading of the cable.
func (b *builder) indexCable(e int32, text string, d *cabletext.Doc, w fileWriter) error {
	x := b.idx
	if x.off || !x.due[e].CompareAndSwap(true, false) {
		return nil
	}
	doc := b.searchDoc(e, text, d)
	n := x.ords[e]
	file := doc.File(n)
	x.files.Add(1)
	x.bytes.Add(int64(len(file)))
	if err := w.WriteFile(search.DocPath(n), file); err != nil {
		return err
	}
	iw := <-x.workers
	defer func() { x.workers <- iw }()
	iw.c.Reset()
	doc.Count(&iw.c)
	if x.builder != nil {
		return iw.part.Add(n, &iw.c)
	}
	prev := int64(-1)
	if x.prevOrd != nil {
		prev = x.prevOrd[e]
	}
	if prev < 0 {
		x.update.Change(n, nil, &iw.c)
		return nil
	}
	if err := x.readOld(uint32(prev), &iw.old); err != nil {
		return err
	}
	if uint32(prev) == n {
		x.update.Change(n, &iw.old, &iw.c)
	} else {
		x.update.Change(uint32(prev), &iw.old, nil)
		x.update.Change(n, nil, &iw.c)
	}
	return nil
}

// readOld counts into c the terms of cable n of the published index.
func (x *searchIndex) readOld(n uint32, c *search.Counter) error {
	p := search.DocPath(n)
	data, err := os.ReadFile(filepath.Join(x.live, filepath.FromSlash(p)))
	if err != nil {
		return fmt.Errorf("search index: update: %w (build with -full to write the whole index)", err)
	}
	old, err := search.ParseDocFile(data, n)
	if err != nil {
		return fmt.Errorf("search index: update: %w (build with -full to write the whole index)", err)
	}
	c.Reset()
	old.Count(c)
	return nil
}

// docIndexFile is the job of writing an entry's index file on its own,
// when its page is not written in the same pass.
func (b *builder) docIndexFile(e int32, w fileWriter) error {
	if !b.idx.due[e].Load() {
		return nil // written with the cable's page
	}
	c, err := b.reread(e)
	if err != nil {
		return err
	}
	return b.indexCable(e, c.Text, cabletext.Analyze(c), w)
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
	write := func(p string, data []byte) error {
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
	var st *search.Stats
	if x.builder != nil {
		for len(x.workers) > 0 {
			iw := <-x.workers
			if err := iw.part.Flush(); err != nil {
				return nil, err
			}
		}
		var err error
		if st, err = x.builder.Write(x.st.Layout, write); err != nil {
			return nil, err
		}
		x.st.AvgLen = st.AvgLen
	} else {
		var old search.Counter
		for _, n := range x.gone {
			if err := x.readOld(n, &old); err != nil {
				return nil, err
			}
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
