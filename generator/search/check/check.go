// Package check reads a site's search index back, as search.js reads it,
// and reports every file that is missing or malformed and every cable a
// list names whose file is not there (cablesite check).
package check

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cablesite/generator/search"
)

// Listing is what an index in a site says, read back from its files: the
// IDs of the cables of every term, and the vocabulary. Two indexes of the
// same cables have the same listing, however their cables are numbered.
type Listing struct {
	Terms map[search.Key][]string // IDs of the cables of each term, sorted
	Vocab map[string]int          // cables of each word
}

// Summary is what Check found in an index.
type Summary struct {
	Cables, Terms, Words int
	Postings             int64
	// Problems lists what is wrong with the index, each file at fault
	// once, in the order the files were read.
	Problems []string
}

// Read reads the index of the site in dir whole (see Check for what it
// checks), failing on the first problem. It holds every list in memory: it
// is meant for tests and small sites.
func Read(dir string) (*Listing, error) {
	ls := &Listing{Terms: map[search.Key][]string{}, Vocab: map[string]int{}}
	var ids map[uint32]string
	sum, err := walk(dir, func(d *search.Doc, n uint32) {
		if ids == nil {
			ids = map[uint32]string{}
		}
		ids[n] = d.ID
	}, func(k search.Key, ps []search.Posting) {
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = ids[p.Doc]
		}
		slices.Sort(names)
		ls.Terms[k] = names
	}, func(w search.VocabWord) { ls.Vocab[w.Word] = w.DF })
	if err != nil {
		return nil, err
	}
	if len(sum.Problems) > 0 {
		return nil, errors.New(sum.Problems[0])
	}
	return ls, nil
}

// Check reads every file of the index of the site in dir that the search
// page may load, and checks it: meta.js, runs.js and the dates files well
// formed and of the cables meta.js counts; every cable of the runs with its
// file and every file of a cable of the runs; every shard and vocabulary
// file well formed, every term in its shard, every cable that a list names
// with its file, every word of the vocabulary with the count of its list.
// It reports every problem it finds in Summary.Problems; it fails only when
// the index cannot be read at all (no meta.js).
func Check(dir string) (*Summary, error) {
	return walk(dir, nil, nil, nil)
}

// indexMeta is what the checks read of meta.js.
type indexMeta struct {
	Slots     int  `json:"slots"`
	Docs      int  `json:"docs"`
	ShardBits uint `json:"shardBits"`
	Vocab     int  `json:"vocab"`
	DayChunk  int  `json:"dayChunk"`
}

// checker reads the files of an index, noting what is wrong.
type checker struct {
	dir string
	sum *Summary
}

func (c *checker) fail(format string, args ...any) {
	c.sum.Problems = append(c.sum.Problems, fmt.Sprintf(format, args...))
}

// read returns the file at p (slash-separated, from the site root), or
// notes that it cannot be read.
func (c *checker) read(p string) ([]byte, bool) {
	data, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(p)))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			c.fail("%s: missing", p)
		} else {
			c.fail("%s: %v", p, err)
		}
		return nil, false
	}
	return data, true
}

// walk reads the files of the index in dir: meta, runs and dates, the
// cables' files, then the shards, then the vocabulary, calling the
// functions given (any may be nil) with what it reads.
func walk(dir string, doc func(d *search.Doc, n uint32), list func(k search.Key, ps []search.Posting), word func(w search.VocabWord)) (*Summary, error) {
	metaFile, err := os.ReadFile(filepath.Join(dir, "search", "meta.js"))
	if err != nil {
		return nil, err
	}
	c := &checker{dir: dir, sum: &Summary{}}
	var m indexMeta
	text := strings.TrimSuffix(strings.TrimPrefix(string(metaFile), "cablesite.meta("), ");\n")
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return nil, fmt.Errorf("search/meta.js: %w", err)
	}
	if m.ShardBits > 20 || m.Vocab <= 0 || m.Vocab&(m.Vocab-1) != 0 || m.Slots < 0 || m.DayChunk != search.DayChunk {
		return nil, fmt.Errorf("search/meta.js: bad layout %+v", m)
	}
	live, known := c.runsAndDates(m)
	has := c.docs(doc)
	c.compareDocs(live, known, has)
	if c.sum.Cables != m.Docs {
		c.fail("search/meta.js: %d cables, but the index has files of %d", m.Docs, c.sum.Cables)
	}
	// A posting may name a cable with no file when the runs give it a
	// place (its missing file is noted already) or when the dates file
	// that would say so could not be read.
	noted := func(n int) bool { return n < len(live) && (live[n] || !known[n]) }
	dfs, failed := c.shards(m.ShardBits, has, noted, list)
	c.vocab(m.Vocab, m.ShardBits, dfs, failed, word)
	return c.sum, nil
}

// compareDocs notes, for each file of cables, the numbers that the dates
// files give a cable and that have none in it, and the other way round;
// known says which numbers the dates files that could be read cover.
func (c *checker) compareDocs(live, known, has []bool) {
	groups := (max(len(live), len(has)) + search.GroupSize - 1) / search.GroupSize
	for g := 0; g < groups; g++ {
		var missing, extra []int
		for n := g * search.GroupSize; n < (g+1)*search.GroupSize; n++ {
			l := n < len(live) && live[n]
			h := n < len(has) && has[n]
			switch {
			case l && !h:
				missing = append(missing, n)
			case h && !l && (n >= len(known) || known[n]):
				extra = append(extra, n)
			}
		}
		if len(missing) > 0 {
			c.fail("%s: no file for cables %v of the runs", search.GroupPath(uint32(g)), missing)
		}
		if len(extra) > 0 {
			c.fail("%s: files of cables %v, which have no place in the runs", search.GroupPath(uint32(g)), extra)
		}
	}
}

// runsAndDates checks runs.js and the dates files, and returns which cable
// numbers have a cable (a day), as the dates files say, and which numbers
// the dates files that could be read cover.
func (c *checker) runsAndDates(m indexMeta) (live, known []bool) {
	if data, ok := c.read(search.RunsPath); ok {
		if runs, err := search.ParseScriptFile(data, "runs", 0); err != nil {
			c.fail("%s: %v", search.RunsPath, err)
		} else if n, err := runsLength(runs); err != nil {
			c.fail("%s: %v", search.RunsPath, err)
		} else if n != m.Slots {
			c.fail("%s: runs of %d cables, meta.js says %d", search.RunsPath, n, m.Slots)
		}
	}
	live, known = make([]bool, m.Slots), make([]bool, m.Slots)
	for k := 0; k*search.DayChunk < m.Slots; k++ {
		p := search.DatesPath(k)
		data, ok := c.read(p)
		if !ok {
			continue
		}
		days, err := search.ParseScriptFile(data, "dates", k)
		want := 2 * min(search.DayChunk, m.Slots-k*search.DayChunk)
		if err == nil && len(days) != want {
			err = fmt.Errorf("%d bytes of days, want %d", len(days), want)
		}
		if err != nil {
			c.fail("%s: %v", p, err)
			continue
		}
		for i := 0; i < len(days); i += 2 {
			live[k*search.DayChunk+i/2] = days[i] != 0 || days[i+1] != 0
			known[k*search.DayChunk+i/2] = true
		}
	}
	return live, known
}

// runsLength returns the number of cables the runs of runs.js cover.
func runsLength(data []byte) (int, error) {
	n, k := binary.Uvarint(data)
	if k <= 0 || n > uint64(len(data)) {
		return 0, errors.New("bad run count")
	}
	data = data[k:]
	total := 0
	for i := uint64(0); i < 4*n; i++ {
		x, k := binary.Uvarint(data)
		if k <= 0 {
			return 0, errors.New("runs cut short")
		}
		data = data[k:]
		if i%4 == 0 {
			total += int(x)
		}
	}
	if len(data) != 0 {
		return 0, fmt.Errorf("%d bytes after the runs", len(data))
	}
	return total, nil
}

// docs reads the files of the cables, and returns which numbers have one.
func (c *checker) docs(doc func(d *search.Doc, n uint32)) []bool {
	var has []bool
	root := filepath.Join(c.dir, "search", "d")
	folders, err := os.ReadDir(root)
	if err != nil {
		c.fail("search/d: %v", err)
		return nil
	}
	for _, f := range folders {
		hi, err := strconv.Atoi(f.Name())
		if err != nil || hi < 0 || hi >= 1<<23 {
			c.fail("search/d: unexpected %s", f.Name())
			continue
		}
		files, err := os.ReadDir(filepath.Join(root, f.Name()))
		if err != nil {
			c.fail("search/d/%s: %v", f.Name(), err)
			continue
		}
		for _, file := range files {
			lo, err := strconv.Atoi(strings.TrimSuffix(file.Name(), ".js"))
			if err != nil || lo < 0 || lo >= 512 {
				c.fail("search/d/%s: unexpected %s", f.Name(), file.Name())
				continue
			}
			g := uint32(hi<<9 | lo)
			data, ok := c.read(search.GroupPath(g))
			if !ok {
				continue
			}
			group, err := search.ParseGroupFile(data, g)
			if err != nil {
				c.fail("%s: %v", search.GroupPath(g), err)
				continue
			}
			for i, raw := range group {
				if raw == nil {
					continue
				}
				n := g*search.GroupSize + uint32(i)
				d, err := search.ParseDoc(raw)
				if err != nil {
					c.fail("%s: cable %d: %v", search.GroupPath(g), n, err)
					continue
				}
				for int(n) >= len(has) {
					has = append(has, false)
				}
				has[n] = true
				c.sum.Cables++
				if doc != nil {
					doc(d, n)
				}
			}
		}
	}
	return has
}

// shards reads the shards, and returns the number of cables of each word's
// list (the terms with impacts), and the shards that could not be read. A
// list that names a cable with no file is noted once a shard, unless
// noted says that its missing file is, or need not be, noted already.
func (c *checker) shards(bits uint, has []bool, noted func(n int) bool, list func(k search.Key, ps []search.Posting)) (map[search.Key]int, map[int]bool) {
	dfs, failed := map[search.Key]int{}, map[int]bool{}
	var ps []search.Posting
	for s := 0; s < 1<<bits; s++ {
		p := search.ShardPath(s)
		file, ok := c.read(p)
		if !ok {
			failed[s] = true
			continue
		}
		terms, err := search.ParseShard(file, s)
		if err != nil {
			c.fail("%s: %v", p, err)
			failed[s] = true
			continue
		}
		once := false
		for _, t := range terms {
			if t.Key.Shard(bits) != s {
				c.fail("%s: term %x belongs to another shard", p, uint64(t.Key))
				continue
			}
			if ps, err = search.DecodeList(t.List, t.DF, t.Flags, ps[:0]); err != nil {
				c.fail("%s: %v", p, err)
				continue
			}
			for _, q := range ps {
				n := int(q.Doc)
				if (n >= len(has) || !has[n]) && !noted(n) && !once {
					c.fail("%s: cable %d of term %x has no file (%s) and no place in the runs", p, q.Doc, uint64(t.Key), search.DocPath(q.Doc))
					once = true
				}
			}
			c.sum.Terms++
			c.sum.Postings += int64(len(ps))
			if t.Flags&search.FlagImpacts != 0 {
				dfs[t.Key] = len(ps)
			}
			if list != nil {
				list(t.Key, ps)
			}
		}
	}
	return dfs, failed
}

// vocab reads the vocabulary files; the words whose shard could not be
// read are not checked against it.
func (c *checker) vocab(files int, bits uint, dfs map[search.Key]int, failed map[int]bool, word func(w search.VocabWord)) {
	for v := 0; v < files; v++ {
		p := search.VocabPath(v)
		file, ok := c.read(p)
		if !ok {
			continue
		}
		words, err := search.ParseVocabFile(file, v)
		if err != nil {
			c.fail("%s: %v", p, err)
			continue
		}
		for _, w := range words {
			if search.PrefixBucket(w.Word, files) != v {
				c.fail("%s: %s belongs to another file", p, w.Word)
				continue
			}
			if k := search.KeyOfString(w.Word); !failed[k.Shard(bits)] && dfs[k] != w.DF {
				n := dfs[k]
				c.fail("%s: %s in %d cables, its list has %d", p, w.Word, w.DF, n)
			}
			c.sum.Words++
			if word != nil {
				word(w)
			}
		}
	}
}
