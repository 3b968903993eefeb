package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Listing is what an index in a site says, read back from its files: the
// IDs of the cables of every term, and the vocabulary. Two indexes of the
// same cables have the same listing, however their cables are numbered.
type Listing struct {
	Terms map[Key][]string // IDs of the cables of each term, sorted
	Vocab map[string]int   // cables of each word
}

// Summary is what Check found in an index.
type Summary struct {
	Cables, Terms, Words int
	Postings             int64
}

// Read reads the index of the site in dir whole (see Check for what it
// checks). It holds every list in memory: it is meant for tests and small
// sites.
func Read(dir string) (*Listing, error) {
	ls := &Listing{Terms: map[Key][]string{}, Vocab: map[string]int{}}
	var ids map[uint32]string
	_, err := walk(dir, func(d *Doc, n uint32) {
		if ids == nil {
			ids = map[uint32]string{}
		}
		ids[n] = d.ID
	}, func(k Key, ps []Posting) {
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = ids[p.Doc]
		}
		slices.Sort(names)
		ls.Terms[k] = names
	}, func(w vocabWord) { ls.Vocab[w.word] = w.df })
	if err != nil {
		return nil, err
	}
	return ls, nil
}

// Check reads the index of the site in dir and checks it: every file well
// formed, every term in its shard, every cable that a list names with its
// file, every word of the vocabulary with the count of its list.
func Check(dir string) (*Summary, error) {
	return walk(dir, nil, nil, nil)
}

// walk reads the files of the index in dir: the cables' files, then the
// shards, then the vocabulary, calling the functions given (any may be
// nil) with what it reads.
func walk(dir string, doc func(d *Doc, n uint32), list func(k Key, ps []Posting), word func(w vocabWord)) (*Summary, error) {
	metaFile, err := os.ReadFile(filepath.Join(dir, "search", "meta.js"))
	if err != nil {
		return nil, err
	}
	var l Layout
	m := strings.TrimSuffix(strings.TrimPrefix(string(metaFile), "cablesite.meta("), ");\n")
	if err := json.Unmarshal([]byte(m), &l); err != nil {
		return nil, fmt.Errorf("search/meta.js: %w", err)
	}
	if l.ShardBits > 20 || l.Vocab <= 0 || l.Vocab&(l.Vocab-1) != 0 {
		return nil, fmt.Errorf("search/meta.js: bad layout %+v", l)
	}
	sum := &Summary{}
	var has []bool // by cable number: its file is there
	root := filepath.Join(dir, "search", "d")
	folders, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	for _, f := range folders {
		hi, err := strconv.Atoi(f.Name())
		if err != nil || hi < 0 || hi >= 1<<23 {
			return nil, fmt.Errorf("search/d: unexpected %s", f.Name())
		}
		files, err := os.ReadDir(filepath.Join(root, f.Name()))
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			lo, err := strconv.Atoi(strings.TrimSuffix(file.Name(), ".js"))
			if err != nil || lo < 0 || lo >= 512 {
				return nil, fmt.Errorf("search/d/%s: unexpected %s", f.Name(), file.Name())
			}
			g := uint32(hi<<9 | lo)
			data, err := os.ReadFile(filepath.Join(root, f.Name(), file.Name()))
			if err != nil {
				return nil, err
			}
			group, err := ParseGroupFile(data, g)
			if err != nil {
				return nil, err
			}
			for i, raw := range group {
				if raw == nil {
					continue
				}
				n := g*GroupSize + uint32(i)
				d, err := ParseDoc(raw)
				if err != nil {
					return nil, fmt.Errorf("%s: cable %d: %w", GroupPath(g), n, err)
				}
				for int(n) >= len(has) {
					has = append(has, false)
				}
				has[n] = true
				sum.Cables++
				if doc != nil {
					doc(d, n)
				}
			}
		}
	}
	dfs := map[Key]int{}
	var ps []Posting
	for s := 0; s < 1<<l.ShardBits; s++ {
		p := ShardPath(s)
		file, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		terms, err := parseShard(file, s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, t := range terms {
			if t.key.Shard(l.ShardBits) != s {
				return nil, fmt.Errorf("%s: term %x belongs to another shard", p, uint64(t.key))
			}
			if ps, err = decodeList(t.list, t.df, t.flags, ps[:0]); err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			for _, q := range ps {
				if int(q.Doc) >= len(has) || !has[q.Doc] {
					return nil, fmt.Errorf("%s: cable %d of term %x has no file (%s)", p, q.Doc, uint64(t.key), DocPath(q.Doc))
				}
			}
			sum.Terms++
			sum.Postings += int64(len(ps))
			if t.flags&flagImpacts != 0 {
				dfs[t.key] = len(ps)
			}
			if list != nil {
				list(t.key, ps)
			}
		}
	}
	for v := 0; v < l.Vocab; v++ {
		p := VocabPath(v)
		file, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		words, err := parseVocabFile(file, v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, w := range words {
			if prefixBucket(w.word, l.Vocab) != v {
				return nil, fmt.Errorf("%s: %s belongs to another file", p, w.word)
			}
			if n := dfs[KeyOfString(w.word)]; n != w.df {
				return nil, fmt.Errorf("%s: %s in %d cables, its list has %d", p, w.word, w.df, n)
			}
			sum.Words++
			if word != nil {
				word(w)
			}
		}
	}
	return sum, nil
}
