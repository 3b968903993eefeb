package search

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
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
	dl     []uint32
	words  atomic.Uint64
	docs   atomic.Int64
	mu     sync.Mutex
	runs   []string
	seq    int
}

// NewBuilder returns a builder for cables numbered below slots, spilling
// into a new folder inside tmpDir.
func NewBuilder(tmpDir string, slots int) (*Builder, error) {
	dir, err := os.MkdirTemp(tmpDir, ".cablesite-index-")
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return &Builder{dir: dir, budget: 1 << 21, dl: make([]uint32, slots)}, nil
}

// Close removes the builder's temporary files.
func (b *Builder) Close() error { return os.RemoveAll(b.dir) }

// Part adds cables to a builder; one goroutine uses a Part at a time.
type Part struct {
	b     *Builder
	terms map[Key]*partTerm
	held  int
}

// partTerm is a term's postings held by a part: document << 24 | count.
type partTerm struct {
	word  string
	facet bool
	posts []uint64
}

// maxTF is the largest count a posting records.
const maxTF = 1<<24 - 1

// Part returns a new part.
func (b *Builder) Part() *Part {
	return &Part{b: b, terms: map[Key]*partTerm{}}
}

// Add adds the terms that c counted as those of cable doc.
func (p *Part) Add(doc uint32, c *Counter) error {
	if int(doc) >= len(p.b.dl) {
		return fmt.Errorf("index: cable number %d out of range", doc)
	}
	p.b.dl[doc] = c.Len()
	p.b.words.Add(uint64(c.Len()))
	p.b.docs.Add(1)
	for i := range c.terms {
		t := &c.terms[i]
		pt := p.terms[t.Key]
		if pt == nil {
			pt = &partTerm{word: string(c.Term(t)), facet: t.Facet}
			p.terms[t.Key] = pt
		}
		pt.posts = append(pt.posts, uint64(doc)<<24|uint64(min(t.TF, maxTF)))
	}
	p.held += len(c.terms)
	if p.held >= p.b.budget {
		return p.Flush()
	}
	return nil
}

// Flush writes what p holds to a run file.
func (p *Part) Flush() error {
	if p.held == 0 {
		return nil
	}
	keys := make([]Key, 0, len(p.terms))
	for k := range p.terms {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	p.b.mu.Lock()
	p.b.seq++
	name := filepath.Join(p.b.dir, "run-"+strconv.Itoa(p.b.seq))
	p.b.mu.Unlock()
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	for _, k := range keys {
		t := p.terms[k]
		slices.Sort(t.posts)
		buf = binary.BigEndian.AppendUint64(buf[:0], uint64(k))
		if t.facet {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
		buf = binary.AppendUvarint(buf, uint64(len(t.word)))
		buf = append(buf, t.word...)
		buf = binary.AppendUvarint(buf, uint64(len(t.posts)))
		prev := int64(-1)
		for _, x := range t.posts {
			d := int64(x >> 24)
			buf = binary.AppendUvarint(buf, uint64(d-prev-1))
			buf = binary.AppendUvarint(buf, x&maxTF)
			prev = d
		}
		if _, err := w.Write(buf); err != nil {
			f.Close()
			return fmt.Errorf("index: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("index: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	p.b.mu.Lock()
	p.b.runs = append(p.b.runs, name)
	p.b.mu.Unlock()
	clear(p.terms)
	p.held = 0
	return nil
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

// Layout fixes the number of shards and vocabulary files of an index.
type Layout struct {
	ShardBits uint `json:"shardBits"` // 1<<ShardBits shards
	Vocab     int  `json:"vocab"`     // vocabulary files, a power of two
}

// LayoutFor returns the layout for an archive of n cables: about sixteen
// cables' worth of postings a shard, so that a shard of an average term is a
// few kilobytes, and a vocabulary file for every eight shards.
func LayoutFor(n int) Layout {
	bits := uint(4)
	for bits < 16 && 1<<bits < n/16 {
		bits++
	}
	return Layout{ShardBits: bits, Vocab: max(16, 1<<bits/8)}
}

// ShardPath is the path in the site of shard s.
func ShardPath(s int) string {
	return fmt.Sprintf("search/t/%02x/%02x.js", s>>8, s&255)
}

// VocabPath is the path in the site of vocabulary file v.
func VocabPath(v int) string { return fmt.Sprintf("search/v/%03x.js", v) }

// Write merges the runs of all parts (each must have been flushed) into
// the shards and vocabulary files of layout l, calling write with the path
// and bytes of each. Every shard and vocabulary file is written, empty
// ones too.
func (b *Builder) Write(l Layout, write func(path string, data []byte) error) (*Stats, error) {
	st := &Stats{Docs: int(b.docs.Load()), Runs: len(b.runs)}
	if st.Docs > 0 {
		st.AvgLen = float64(b.words.Load()) / float64(st.Docs)
	}
	var readers mergeHeap
	for _, name := range b.runs {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
		defer f.Close()
		if info, err := f.Stat(); err == nil {
			st.SpillBytes += info.Size()
		}
		r := &runReader{r: bufio.NewReaderSize(f, 256<<10), name: name}
		if err := r.next(); err != nil {
			return nil, err
		}
		if !r.done {
			readers = append(readers, r)
		}
	}
	heap.Init(&readers)

	vocab := make([][]vocabWord, l.Vocab)
	var (
		shard    = 0
		shardBuf []byte
		shardN   int
		scratch  []uint64
		postings []Posting
		list     []byte
	)
	flushShard := func(upTo int) error {
		for ; shard < upTo; shard++ {
			data := binary.AppendUvarint(nil, uint64(shardN))
			data = append(data, shardBuf...)
			file := scriptFile("shard", shard, data)
			st.ShardBytes += int64(len(file))
			if err := write(ShardPath(shard), file); err != nil {
				return err
			}
			shardBuf, shardN = shardBuf[:0], 0
		}
		return nil
	}
	for len(readers) > 0 {
		k := readers[0].key
		scratch = scratch[:0]
		word, facet := readers[0].word, readers[0].facet
		runsOfKey := 0
		for len(readers) > 0 && readers[0].key == k {
			r := readers[0]
			if r.word != word {
				return nil, fmt.Errorf("index: two terms with one key: %q and %q", word, r.word)
			}
			scratch = append(scratch, r.posts...)
			runsOfKey++
			if err := r.next(); err != nil {
				return nil, err
			}
			if r.done {
				heap.Pop(&readers)
			} else {
				heap.Fix(&readers, 0)
			}
		}
		if runsOfKey > 1 {
			slices.Sort(scratch)
		}
		postings = postings[:0]
		for _, x := range scratch {
			d := uint32(x >> 24)
			var imp uint8
			if !facet {
				imp = Impact(uint32(x&maxTF), b.dl[d], st.AvgLen)
			}
			postings = append(postings, Posting{Doc: d, Impact: imp})
		}
		var flags byte
		list, flags = appendList(list[:0], postings, !facet)
		st.LargestList = max(st.LargestList, len(list))
		s := k.Shard(l.ShardBits)
		if err := flushShard(s); err != nil {
			return nil, err
		}
		shardBuf = appendShardTerm(shardBuf, shardTerm{key: k, df: len(postings), flags: flags, list: list})
		shardN++
		st.Terms++
		st.Postings += int64(len(postings))
		if !facet {
			st.Words++
			v := prefixBucket(word, l.Vocab)
			vocab[v] = append(vocab[v], vocabWord{word, len(postings)})
		}
	}
	if err := flushShard(1 << l.ShardBits); err != nil {
		return nil, err
	}
	for v, words := range vocab {
		file := vocabFile(v, words)
		st.VocabBytes += int64(len(file))
		if err := write(VocabPath(v), file); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// vocabWord is a word of the vocabulary and the number of cables it is in.
type vocabWord struct {
	word string
	df   int
}

// vocabFile writes a vocabulary file: cablesite.vocab(V,"WORD DF WORD DF …")
// with the words in lexical order. Words are letters and digits only, so
// they need no escaping in a script's string.
func vocabFile(v int, words []vocabWord) []byte {
	sort.Slice(words, func(i, j int) bool { return words[i].word < words[j].word })
	out := []byte("cablesite.vocab(" + strconv.Itoa(v) + ",\"")
	for i, w := range words {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, w.word...)
		out = append(out, ' ')
		out = strconv.AppendInt(out, int64(w.df), 10)
	}
	return append(out, "\");\n"...)
}

// parseVocabFile reads a file that vocabFile wrote.
func parseVocabFile(file []byte, v int) ([]vocabWord, error) {
	data, err := parseTextFile(file, "vocab", v)
	if err != nil {
		return nil, err
	}
	var words []vocabWord
	fields := splitSpaces(data)
	if len(fields)%2 != 0 {
		return nil, errors.New("vocabulary: odd number of fields")
	}
	for i := 0; i < len(fields); i += 2 {
		df, err := strconv.Atoi(fields[i+1])
		if err != nil || df < 0 {
			return nil, fmt.Errorf("vocabulary: bad count %q", fields[i+1])
		}
		words = append(words, vocabWord{fields[i], df})
	}
	return words, nil
}

func splitSpaces(s string) []string {
	var out []string
	for s != "" {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		out = append(out, s[:i])
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return out
}

// parseTextFile returns the string of a file cablesite.NAME(ARG,"STRING").
func parseTextFile(file []byte, name string, arg int) (string, error) {
	head := "cablesite." + name + "(" + strconv.Itoa(arg) + ",\""
	const tail = "\");\n"
	if len(file) < len(head)+len(tail) || string(file[:len(head)]) != head || string(file[len(file)-len(tail):]) != tail {
		return "", fmt.Errorf("not a %s(%d) file of the index", name, arg)
	}
	return string(file[len(head) : len(file)-len(tail)]), nil
}

// runReader reads a run file term by term.
type runReader struct {
	r     *bufio.Reader
	name  string
	key   Key
	word  string
	facet bool
	posts []uint64
	done  bool
}

func (r *runReader) next() error {
	var kb [9]byte
	if _, err := io.ReadFull(r.r, kb[:]); err != nil {
		if err == io.EOF {
			r.done = true
			return nil
		}
		return fmt.Errorf("index: %s: %w", r.name, err)
	}
	r.key = Key(binary.BigEndian.Uint64(kb[:8]))
	r.facet = kb[8] == 1
	wl, err := binary.ReadUvarint(r.r)
	if err != nil || wl > 4*MaxTermLetters+64 {
		return fmt.Errorf("index: %s: bad term", r.name)
	}
	wb := make([]byte, wl)
	if _, err := io.ReadFull(r.r, wb); err != nil {
		return fmt.Errorf("index: %s: %w", r.name, err)
	}
	r.word = string(wb)
	n, err := binary.ReadUvarint(r.r)
	if err != nil {
		return fmt.Errorf("index: %s: %w", r.name, err)
	}
	r.posts = r.posts[:0]
	prev := int64(-1)
	for i := uint64(0); i < n; i++ {
		g, err := binary.ReadUvarint(r.r)
		if err != nil {
			return fmt.Errorf("index: %s: %w", r.name, err)
		}
		tf, err := binary.ReadUvarint(r.r)
		if err != nil {
			return fmt.Errorf("index: %s: %w", r.name, err)
		}
		d := prev + 1 + int64(g)
		r.posts = append(r.posts, uint64(d)<<24|tf)
		prev = d
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
