// Package build writes a first build's search index: each worker counts the
// terms of the cables it lays out into a Part, which spills them, sorted by
// key, to run files in a temporary folder when its budget is full; once
// every cable is in, the runs of each partition of the key space are merged
// into its shards, and the vocabulary files are written.
package build

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"cablesite/generator/search"
)

// Builder builds the term shards and vocabulary of a whole index. Cables
// are added from several goroutines at once, each through a Part of its
// own, in any order. A Part keeps its posting lists in memory up to a
// budget and then writes them, sorted by term, to a run file in a
// temporary folder; Write merges the runs into the shards. Memory thus
// stays within the parts' budgets and the vocabulary, whatever the size of
// the archive.
type Builder struct {
	dir    string
	budget int // postings a part holds before it writes a run
	// readSize is the buffer of each run read by the merge, which decodes
	// most terms in it (at least maxTermHead).
	readSize int
	// arenaMax is the most bytes of terms a part holds (maxArena, less
	// in a test).
	arenaMax int
	dl       []uint32
	words    atomic.Uint64
	docs     atomic.Int64
	mu       sync.Mutex
	pbits    uint // 1<<pbits partitions of the key space, merged in parallel
	cancel   atomic.Bool
	runs     [][]string // run files, by partition
	seq      int
}

// NewBuilder returns a builder for cables numbered below slots, spilling
// into dir, a folder that it owns from then on (Close removes it). Its runs
// are cut into partitions of the key space, so that Write can merge them on
// about workers goroutines.
func NewBuilder(dir string, slots, workers int) (*Builder, error) {
	pbits := uint(0)
	for 1<<pbits < workers && pbits < 4 {
		pbits++
	}
	return &Builder{dir: dir, budget: 640 << 10, readSize: 64 << 10, arenaMax: maxArena, dl: make([]uint32, slots), pbits: pbits, runs: make([][]string, 1<<pbits)}, nil
}

// Tuning sets how a builder uses memory; a field left zero keeps its
// setting. Tests set small ones, to take the paths that a large archive
// takes.
type Tuning struct {
	Budget   int // postings a part holds before it writes a run (640 Ki)
	ReadSize int // bytes of the buffer of each run the merge reads (64 KiB; 1 for the least)
	ArenaMax int // bytes of terms a part holds (maxArena)
}

// Tune changes the builder's tuning, before any part is used.
func (b *Builder) Tune(t Tuning) {
	if t.Budget > 0 {
		b.budget = t.Budget
	}
	if t.ReadSize > 0 {
		b.readSize = t.ReadSize
	}
	if t.ArenaMax > 0 {
		b.arenaMax = t.ArenaMax
	}
}

// Cancel makes a Write that runs, or one to come, stop with an error.
func (b *Builder) Cancel() { b.cancel.Store(true) }

// Close removes the builder's temporary files.
func (b *Builder) Close() error { return os.RemoveAll(b.dir) }

// Part adds cables to a builder; one goroutine uses a Part at a time. It
// appends a record per posting, with the term's bytes in an arena, and
// sorts them by a radix sort when it writes a run: appending costs no
// lookup, where a table of terms would cost a cache miss or more a
// posting.
type Part struct {
	b     *Builder
	recs  []partRec
	tmp   []partRec // the radix sort's other half
	arena []byte
	docs  []uint32 // the cables added since the last run, in order
	// bigTF holds the counts of recTFMax or more.
	bigTF      map[bigTF]uint32
	w          *bufio.Writer // of the run being written
	buf, posts []byte
}

// partRec is a posting held by a part: 16 bytes, as a part holds one for
// each posting and moves them twice to sort them.
type partRec struct {
	key search.Key
	v   uint64 // doc<<recDocShift | count<<recTFShift | recFacet | length<<recLenShift | offset
}

// The fields of partRec.v: the index of the cable in the part's list of
// cables, the count (recTFMax for one in Part.bigTF), whether the term is
// a facet term, and where its bytes are in the arena.
const (
	recOffBits  = 23
	recLenShift = recOffBits // 8 bits: a term is at most search.MaxTermBytes
	recFacet    = 1 << 31
	recTFShift  = 32
	recTFMax    = 1<<12 - 1
	recDocShift = 44
	maxPartDocs = 1 << (64 - recDocShift)
	maxArena    = 1 << recOffBits
)

// A term's length fits in the 8 bits of partRec.v it has.
const _ = uint8(search.MaxTermBytes)

func (r *partRec) doc() uint32     { return uint32(r.v >> recDocShift) }
func (r *partRec) off() uint32     { return uint32(r.v & (maxArena - 1)) }
func (r *partRec) n() uint32       { return uint32(r.v>>recLenShift) & 0xff }
func (r *partRec) facet() bool     { return r.v&recFacet != 0 }
func (r *partRec) tfField() uint32 { return uint32(r.v>>recTFShift) & recTFMax }

// bigTF finds the count of a posting counted recTFMax times or more.
type bigTF struct {
	key search.Key
	doc uint32
}

// maxTF is the largest count a posting records.
const maxTF = MaxTF

// MaxTF is the most times a term counts in a cable; MaxRecordTF the most a
// record of a run holds itself (more are kept beside it).
const (
	MaxTF       = 1<<24 - 1
	MaxRecordTF = recTFMax
)

// Part returns a new part.
func (b *Builder) Part() *Part { return &Part{b: b, bigTF: map[bigTF]uint32{}} }

// Add adds the terms that c counted as those of cable doc.
func (p *Part) Add(doc uint32, c *search.Counter) error {
	if int(doc) >= len(p.b.dl) {
		return fmt.Errorf("index: cable number %d out of range", doc)
	}
	p.b.dl[doc] = c.Len()
	p.b.words.Add(uint64(c.Len()))
	p.b.docs.Add(1)
	if p.recs == nil {
		p.recs = make([]partRec, 0, p.b.budget+len(c.Terms()))
	}
	arenaMax := max(min(p.b.arenaMax, maxArena), search.MaxTermBytes) // a term fits in an empty arena
	if len(p.docs) == maxPartDocs || len(p.arena)+len(c.Arena()) > arenaMax && len(p.recs) > 0 {
		if err := p.Flush(); err != nil {
			return err
		}
	}
	if len(c.Arena()) > arenaMax {
		if err := p.addSplit(doc, c, arenaMax); err != nil {
			return err
		}
	} else {
		local := uint64(len(p.docs))
		p.docs = append(p.docs, doc)
		base := uint32(len(p.arena))
		p.arena = append(p.arena, c.Arena()...)
		terms := c.Terms()
		for i := range terms {
			p.add(&terms[i], local, base+terms[i].Off)
		}
	}
	if len(p.recs) >= p.b.budget {
		return p.Flush()
	}
	return nil
}

// addSplit adds the terms of a cable whose terms' bytes do not fit in one
// arena: as many as fit in each run, the cable in the list of each. p
// holds nothing when it is called.
func (p *Part) addSplit(doc uint32, c *search.Counter, arenaMax int) error {
	terms := c.Terms()
	for len(terms) > 0 {
		local := uint64(len(p.docs))
		p.docs = append(p.docs, doc)
		k := 0
		for ; k < len(terms) && len(p.arena)+int(terms[k].Len) <= arenaMax; k++ {
			off := uint32(len(p.arena))
			p.arena = append(p.arena, c.Term(&terms[k])...)
			p.add(&terms[k], local, off)
		}
		if terms = terms[k:]; len(terms) > 0 {
			if err := p.Flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// add appends the record of t, of the cable at local in the list, whose
// bytes are at off in the arena.
func (p *Part) add(t *search.Counted, local uint64, off uint32) {
	tf := uint64(t.TF)
	if t.TF >= recTFMax {
		tf = recTFMax
		p.bigTF[bigTF{t.Key, uint32(local)}] = min(t.TF, maxTF)
	}
	v := local<<recDocShift | tf<<recTFShift | uint64(t.Len)<<recLenShift | uint64(off)
	if t.Facet {
		v |= recFacet
	}
	p.recs = append(p.recs, partRec{t.Key, v})
}

// Flush writes what p holds to run files, one for each partition of the
// key space that it has terms in. A run starts with the number of cables
// the part was given since its last run and their numbers, each as the
// zigzag-encoded difference from the one before (the first from 0). Then
// come its terms by key: each as its length in bytes shifted left by one
// with the low bit set for a facet term, its bytes (the merge computes its
// key again from them), its number of postings, the length in bytes of
// its postings and the postings. A posting is the difference between the
// index of its cable in the run's list and that of the posting before it
// (the first from 0), shifted left by one with the low bit set when a
// count other than 1 follows. All numbers are unsigned varints. The
// postings of a term are in the order their cables came, which the list
// follows, so that the postings of a common term take a byte each.
func (p *Part) Flush() error {
	if len(p.recs) == 0 {
		return nil
	}
	p.sort()
	p.b.mu.Lock()
	p.b.seq++
	seq := p.b.seq
	p.b.mu.Unlock()
	if p.w == nil {
		p.w = bufio.NewWriterSize(nil, 256<<10)
	}
	docs := binary.AppendUvarint(nil, uint64(len(p.docs)))
	prevDoc := int64(0)
	for _, d := range p.docs {
		v := int64(d) - prevDoc
		prevDoc = int64(d)
		docs = binary.AppendUvarint(docs, uint64(v<<1^v>>63))
	}
	recs := p.recs
	for len(recs) > 0 {
		q := p.b.partition(recs[0].key)
		name := filepath.Join(p.b.dir, fmt.Sprintf("run-%d-%d", seq, q))
		rest, err := p.writeRun(name, docs, q, recs)
		if err != nil {
			return fmt.Errorf("index: %w", err)
		}
		recs = rest
		p.b.mu.Lock()
		p.b.runs[q] = append(p.b.runs[q], name)
		p.b.mu.Unlock()
	}
	p.recs, p.arena, p.docs = p.recs[:0], p.arena[:0], p.docs[:0]
	clear(p.bigTF)
	return nil
}

// writeRun writes the run file of partition q: the list docs, then the
// terms of recs in q. It returns the records of the partitions after q.
func (p *Part) writeRun(name string, docs []byte, q int, recs []partRec) ([]partRec, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := p.w
	w.Reset(f)
	w.Write(docs) // an error is kept by w and returned by a later Write
	for len(recs) > 0 && p.b.partition(recs[0].key) == q {
		j := 1
		for j < len(recs) && recs[j].key == recs[0].key {
			j++
		}
		p.appendTerm(recs[:j])
		if _, err := w.Write(p.buf); err != nil {
			return nil, err
		}
		recs = recs[j:]
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return recs, f.Close()
}

// appendTerm puts in p.buf the term whose postings are recs, as Flush
// describes it.
func (p *Part) appendTerm(recs []partRec) {
	r := &recs[0]
	wl := uint64(r.n()) << 1
	if r.facet() {
		wl |= 1
	}
	buf := binary.AppendUvarint(p.buf[:0], wl)
	buf = append(buf, p.arena[r.off():r.off()+r.n()]...)
	buf = binary.AppendUvarint(buf, uint64(len(recs)))
	posts := p.posts[:0]
	prev := uint32(0)
	for k := range recs {
		x := &recs[k]
		doc := x.doc()
		v := uint64(doc-prev) << 1
		prev = doc
		if tf := x.tfField(); tf != 1 {
			if tf == recTFMax {
				tf = p.bigTF[bigTF{x.key, doc}]
			}
			posts = binary.AppendUvarint(posts, v|1)
			posts = binary.AppendUvarint(posts, uint64(tf))
		} else {
			posts = binary.AppendUvarint(posts, v)
		}
	}
	buf = binary.AppendUvarint(buf, uint64(len(posts)))
	p.buf, p.posts = append(buf, posts...), posts
}

// partition returns the partition of the key space that k is in.
func (b *Builder) partition(k search.Key) int {
	if b.pbits == 0 {
		return 0
	}
	return int(uint64(k) >> (64 - b.pbits))
}

// sort orders p.recs by key: a stable counting sort on the key's top 12
// bits into p.tmp and one on the next 8 bits back, which leaves groups of
// records of one key, or rarely a few (keys are hashes, spread evenly),
// sorted last by comparison.
func (p *Part) sort() {
	const hiBits, loBits = 12, 8
	p.tmp = slices.Grow(p.tmp[:0], len(p.recs))[:len(p.recs)]
	var hi [1<<hiBits + 1]uint32
	for i := range p.recs {
		hi[uint64(p.recs[i].key)>>(64-hiBits)+1]++
	}
	for i := 1; i < len(hi); i++ {
		hi[i] += hi[i-1]
	}
	next := hi
	for i := range p.recs {
		b := uint64(p.recs[i].key) >> (64 - hiBits)
		p.tmp[next[b]] = p.recs[i]
		next[b]++
	}
	byKey := func(a, b partRec) int { return cmp.Compare(a.key, b.key) }
	for b := 0; b < 1<<hiBits; b++ {
		src, dst := p.tmp[hi[b]:hi[b+1]], p.recs[hi[b]:hi[b+1]]
		var lo [1<<loBits + 1]uint32
		for i := range src {
			lo[uint64(src[i].key)>>(64-hiBits-loBits)&(1<<loBits-1)+1]++
		}
		for i := 1; i < len(lo); i++ {
			lo[i] += lo[i-1]
		}
		at := lo
		for i := range src {
			d := uint64(src[i].key) >> (64 - hiBits - loBits) & (1<<loBits - 1)
			dst[at[d]] = src[i]
			at[d]++
		}
		for d := 0; d < 1<<loBits; d++ {
			seg := dst[lo[d]:lo[d+1]]
			for i := 1; i < len(seg); i++ {
				if seg[i].key != seg[0].key {
					slices.SortStableFunc(seg, byKey)
					break
				}
			}
		}
	}
}

// Stats says what Write wrote.
type Stats struct {
	Docs        int     // cables indexed
	Terms       int     // terms (words and facet terms)
	Words       int     // words (the vocabulary)
	Postings    int64   // postings, all terms together
	AvgLen      float64 // average length of a cable in words
	ShardBytes  int64
	VocabBytes  int64
	Runs        int   // run files merged
	SpillBytes  int64 // bytes of the run files
	LargestList int   // bytes of the longest list
}

// Write merges the runs of all parts (each must have been flushed) into
// the shards and vocabulary files of layout l, calling write with the path
// and bytes of each, from several goroutines at once. Every shard and
// vocabulary file is written, empty ones too.
func (b *Builder) Write(l search.Layout, write func(path string, data []byte) error) (*Stats, error) {
	if l.ShardBits < b.pbits {
		return nil, fmt.Errorf("index: %d shards for %d partitions", 1<<l.ShardBits, 1<<b.pbits)
	}
	st := &Stats{Docs: int(b.docs.Load())}
	if st.Docs > 0 {
		st.AvgLen = float64(b.words.Load()) / float64(st.Docs)
	}
	// Most postings count a term once: their weights are computed first.
	impact1 := make([]uint8, len(b.dl))
	for d, dl := range b.dl {
		impact1[d] = search.Impact(1, dl, st.AvgLen)
	}
	parts := make([]*partMerge, len(b.runs))
	var wg sync.WaitGroup
	for q := range parts {
		m := &partMerge{b: b, l: l, avgLen: st.AvgLen, impact1: impact1, write: write, vocab: make([][]search.VocabWord, l.Vocab)}
		m.lo = q << (l.ShardBits - b.pbits)
		m.hi = (q + 1) << (l.ShardBits - b.pbits)
		parts[q] = m
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.err = m.merge(b.runs[q])
		}()
	}
	wg.Wait()
	vocab := make([][]search.VocabWord, l.Vocab)
	for _, m := range parts {
		if m.err != nil {
			return nil, m.err
		}
		st.Terms += m.st.Terms
		st.Words += m.st.Words
		st.Postings += m.st.Postings
		st.ShardBytes += m.st.ShardBytes
		st.Runs += m.st.Runs
		st.SpillBytes += m.st.SpillBytes
		st.LargestList = max(st.LargestList, m.st.LargestList)
		for v := range vocab {
			vocab[v] = append(vocab[v], m.vocab[v]...)
		}
	}
	for v, words := range vocab {
		file := search.VocabFile(v, words)
		st.VocabBytes += int64(len(file))
		if err := write(search.VocabPath(v), file); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// partMerge merges the runs of one partition into its shards.
type partMerge struct {
	b      *Builder
	l      search.Layout
	avgLen float64
	// impact1 is the weight of a term counted once, by document.
	impact1 []uint8
	write   func(path string, data []byte) error
	lo, hi  int // its shards
	st      Stats
	vocab   [][]search.VocabWord
	err     error
	// The shard being filled: its number, its terms so far.
	shard    int
	shardBuf []byte
	shardN   int
}

// merge merges the runs of the partition into its shards.
func (m *partMerge) merge(runs []string) error {
	m.st.Runs = len(runs)
	readers, closeAll, err := m.open(runs)
	defer closeAll()
	if err != nil {
		return err
	}
	m.shard = m.lo
	var (
		scratch  []uint64
		postings []search.Posting
		list     []byte
		dense    denseMerge
	)
	for len(readers) > 0 {
		if m.b.cancel.Load() {
			return errors.New("index: merge canceled")
		}
		k, word, facet := readers[0].key, string(readers[0].word), readers[0].facet
		scratch, err = readers.take(scratch[:0], word)
		if err != nil {
			return err
		}
		if len(scratch) > len(m.b.dl)/64 {
			dense.sort(scratch, len(m.b.dl))
		} else if !slices.IsSorted(scratch) {
			slices.Sort(scratch)
		}
		postings = m.postings(postings[:0], scratch, facet)
		var flags byte
		list, flags = search.AppendList(list[:0], postings, !facet)
		if err := m.add(search.ShardTerm{Key: k, DF: len(postings), Flags: flags, List: list}, word, facet); err != nil {
			return err
		}
	}
	return m.flushShards(m.hi)
}

// open opens the runs and reads the first term of each.
func (m *partMerge) open(runs []string) (mergeHeap, func(), error) {
	var readers mergeHeap
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	for _, name := range runs {
		f, err := os.Open(name)
		if err != nil {
			return nil, closeAll, fmt.Errorf("index: %w", err)
		}
		files = append(files, f)
		if info, err := f.Stat(); err == nil {
			m.st.SpillBytes += info.Size()
		}
		r := &runReader{r: bufio.NewReaderSize(f, max(m.b.readSize, maxTermHead)), name: name, slots: uint64(len(m.b.dl))}
		if err := r.readDocs(); err != nil {
			return nil, closeAll, err
		}
		if err := r.next(); err != nil {
			return nil, closeAll, err
		}
		if !r.done {
			readers = append(readers, r)
		}
	}
	heap.Init(&readers)
	return readers, closeAll, nil
}

// take appends to scratch the postings of the smallest key in all runs,
// which must be those of word, and moves those runs on.
func (h *mergeHeap) take(scratch []uint64, word string) ([]uint64, error) {
	k := (*h)[0].key
	for len(*h) > 0 && (*h)[0].key == k {
		r := (*h)[0]
		if string(r.word) != word {
			return nil, fmt.Errorf("index: two terms with one key: %q and %q", word, r.word)
		}
		scratch = append(scratch, r.posts...)
		if err := r.next(); err != nil {
			return nil, err
		}
		if r.done {
			heap.Pop(h)
		} else {
			heap.Fix(h, 0)
		}
	}
	return scratch, nil
}

// postings weighs the sorted postings of a term (none for a facet term).
func (m *partMerge) postings(out []search.Posting, scratch []uint64, facet bool) []search.Posting {
	for _, x := range scratch {
		d := uint32(x >> 24)
		var imp uint8
		if !facet {
			if tf := uint32(x & maxTF); tf == 1 {
				imp = m.impact1[d]
			} else {
				imp = search.Impact(tf, m.b.dl[d], m.avgLen)
			}
		}
		out = append(out, search.Posting{Doc: d, Impact: imp})
	}
	return out
}

// add puts a term in its shard, writing the shards before it, and a word
// in its vocabulary file.
func (m *partMerge) add(t search.ShardTerm, word string, facet bool) error {
	st := &m.st
	st.LargestList = max(st.LargestList, len(t.List))
	s := t.Key.Shard(m.l.ShardBits)
	if s < m.lo || s >= m.hi {
		return fmt.Errorf("index: term %x in the runs of shards %d-%d", uint64(t.Key), m.lo, m.hi-1)
	}
	if err := m.flushShards(s); err != nil {
		return err
	}
	m.shardBuf = search.AppendShardTerm(m.shardBuf, t)
	m.shardN++
	st.Terms++
	st.Postings += int64(t.DF)
	if !facet {
		st.Words++
		v := search.PrefixBucket(word, m.l.Vocab)
		m.vocab[v] = append(m.vocab[v], search.VocabWord{Word: word, DF: t.DF})
	}
	return nil
}

// flushShards writes the shards before upTo.
func (m *partMerge) flushShards(upTo int) error {
	for ; m.shard < upTo; m.shard++ {
		data := binary.AppendUvarint(nil, uint64(m.shardN))
		data = append(data, m.shardBuf...)
		file := search.ScriptFile("shard", m.shard, data)
		m.st.ShardBytes += int64(len(file))
		if err := m.write(search.ShardPath(m.shard), file); err != nil {
			return err
		}
		m.shardBuf, m.shardN = m.shardBuf[:0], 0
	}
	return nil
}

// denseMerge sorts a long list of postings (document << 24 | count, each
// document once) by document in time linear in the number of cables: a
// bitmap of the documents and their counts by document.
type denseMerge struct {
	bits   []uint64
	counts []uint32
}

func (d *denseMerge) sort(posts []uint64, slots int) {
	if len(d.counts) < slots {
		d.bits = make([]uint64, (slots+63)/64)
		d.counts = make([]uint32, slots)
	}
	for _, x := range posts {
		doc := x >> 24
		d.bits[doc/64] |= 1 << (doc % 64)
		d.counts[doc] = uint32(x & maxTF)
	}
	out := posts[:0]
	for i, w := range d.bits {
		for w != 0 {
			j := bits.TrailingZeros64(w)
			w &= w - 1
			doc := uint64(i*64 + j)
			out = append(out, doc<<24|uint64(d.counts[doc]))
		}
		d.bits[i] = 0
	}
}

// runReader reads a run file term by term.
type runReader struct {
	r     *bufio.Reader
	name  string
	slots uint64 // documents are numbered below slots
	key   search.Key
	word  []byte
	facet bool
	buf   []byte
	posts []uint64 // document << 24 | count
	docs  []uint64 // the run's cables
	done  bool
}

// readDocs reads the list of cables a run starts with.
func (r *runReader) readDocs() error {
	n, err := binary.ReadUvarint(r.r)
	if err != nil || n > r.slots {
		return fmt.Errorf("index: %s: bad list of cables", r.name)
	}
	r.docs = make([]uint64, n)
	doc := uint64(0)
	for i := range r.docs {
		v, err := binary.ReadUvarint(r.r)
		if err != nil {
			return fmt.Errorf("index: %s: bad list of cables", r.name)
		}
		doc += uint64(int64(v>>1) ^ -int64(v&1))
		if doc >= r.slots {
			return fmt.Errorf("index: %s: cable %d out of range", r.name, doc)
		}
		r.docs[i] = doc
	}
	return nil
}

// maxTermHead is the most bytes that the head of a term takes in a run:
// the length of its bytes, its bytes, its number of postings and their size.
const maxTermHead = 3*binary.MaxVarintLen64 + search.MaxTermBytes

// next reads the run's next term, decoding from the reader's buffer.
func (r *runReader) next() error {
	head, err := r.r.Peek(maxTermHead) // fewer at the end of the run
	if len(head) == 0 {
		if err == io.EOF {
			r.done = true
			return nil
		}
		return fmt.Errorf("index: %s: %w", r.name, err)
	}
	if err != nil && err != io.EOF {
		return fmt.Errorf("index: %s: %w", r.name, err)
	}
	wl, n := binary.Uvarint(head)
	if n <= 0 || wl>>1 > search.MaxTermBytes || n+int(wl>>1) > len(head) {
		return fmt.Errorf("index: %s: bad term", r.name)
	}
	r.facet = wl&1 != 0
	at := n + int(wl>>1)
	r.word = append(r.word[:0], head[n:at]...)
	r.key = search.KeyOf(r.word)
	df, n := binary.Uvarint(head[at:])
	if n <= 0 || df > r.slots {
		return fmt.Errorf("index: %s: bad count of postings", r.name)
	}
	at += n
	size, n := binary.Uvarint(head[at:])
	if n <= 0 || size > 2*binary.MaxVarintLen64*df {
		return fmt.Errorf("index: %s: bad size of postings", r.name)
	}
	at += n
	r.r.Discard(at)
	var data []byte
	if int(size) <= r.r.Size() {
		// Decoded in place, then passed over.
		if data, err = r.r.Peek(int(size)); err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return fmt.Errorf("index: %s: %w", r.name, err)
		}
		defer r.r.Discard(int(size))
	} else {
		r.buf = slices.Grow(r.buf[:0], int(size))[:size]
		if _, err := io.ReadFull(r.r, r.buf); err != nil {
			return fmt.Errorf("index: %s: %w", r.name, err)
		}
		data = r.buf
	}
	r.posts = r.posts[:0]
	local := uint64(0)
	for range df {
		v, n := binary.Uvarint(data)
		if n <= 0 {
			return fmt.Errorf("index: %s: bad posting", r.name)
		}
		data = data[n:]
		local += v >> 1
		if local >= uint64(len(r.docs)) {
			return fmt.Errorf("index: %s: cable %d of %d in its list", r.name, local, len(r.docs))
		}
		doc := r.docs[local]
		tf := uint64(1)
		if v&1 != 0 {
			if tf, n = binary.Uvarint(data); n <= 0 || tf > maxTF {
				return fmt.Errorf("index: %s: bad posting", r.name)
			}
			data = data[n:]
		}
		r.posts = append(r.posts, doc<<24|tf)
	}
	if len(data) != 0 {
		return fmt.Errorf("index: %s: %d bytes after the postings", r.name, len(data))
	}
	return nil
}

type mergeHeap []*runReader

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return h[i].key < h[j].key }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
