// Package update changes a published search index for a rebuild: the terms
// of each cable before and after are compared, and only the shards and
// vocabulary files of the terms whose postings changed are written again.
package update

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"cablesite/generator/search"
)

// Update changes the term shards and vocabulary of an index in place, for
// cables that were added, removed or changed since it was built: only the
// shards and vocabulary files of terms whose postings change are written.
type Update struct {
	st    *search.State
	mu    sync.Mutex
	terms map[search.Key]*termChange
}

// termChange is what happens to one term's list.
type termChange struct {
	word   string
	facet  bool
	remove []uint32         // cables that lose the term
	set    []search.Posting // cables that gain it, or whose weight changes
}

// New starts an update of the index that st describes.
func New(st *search.State) *Update {
	return &Update{st: st, terms: map[search.Key]*termChange{}}
}

// Change records that cable n had the terms counted in old (nil for a new
// cable) and has those counted in new (nil for a removed one). A term
// whose weight in the cable stays the same is left alone.
func (u *Update) Change(n uint32, old, new *search.Counter) {
	type weighed struct {
		word   string
		facet  bool
		impact uint8
	}
	weigh := func(c *search.Counter) map[search.Key]weighed {
		m := map[search.Key]weighed{}
		if c == nil {
			return m
		}
		for i := range c.Terms() {
			t := &c.Terms()[i]
			var imp uint8
			if !t.Facet {
				imp = search.Impact(t.TF, c.Len(), u.st.AvgLen)
			}
			m[t.Key] = weighed{string(c.Term(t)), t.Facet, imp}
		}
		return m
	}
	before, after := weigh(old), weigh(new)
	u.mu.Lock()
	defer u.mu.Unlock()
	change := func(k search.Key, w weighed) *termChange {
		tc := u.terms[k]
		if tc == nil {
			tc = &termChange{word: w.word, facet: w.facet}
			u.terms[k] = tc
		}
		return tc
	}
	for k, w := range before {
		if _, ok := after[k]; !ok {
			tc := change(k, w)
			tc.remove = append(tc.remove, n)
		}
	}
	for k, w := range after {
		if b, ok := before[k]; ok && b.impact == w.impact {
			continue
		}
		tc := change(k, w)
		tc.set = append(tc.set, search.Posting{Doc: n, Impact: w.impact})
	}
}

// Write rewrites the shards and vocabulary files whose terms change,
// reading each as it is in the site with read and writing it with write.
// It returns the paths written.
func (u *Update) Write(read func(path string) ([]byte, error), write func(path string, data []byte) error) ([]string, error) {
	byShard := map[int][]search.Key{}
	for k := range u.terms {
		s := k.Shard(u.st.Layout.ShardBits)
		byShard[s] = append(byShard[s], k)
	}
	var written []string
	vocabDelta := map[int]map[string]int{} // vocabulary file → word → new count
	for _, s := range slices.Sorted(maps.Keys(byShard)) {
		p := search.ShardPath(s)
		file, err := read(p)
		if err != nil {
			return written, fmt.Errorf("index update: %w", err)
		}
		out, err := u.shard(file, s, byShard[s], vocabDelta)
		if err != nil {
			return written, fmt.Errorf("index update: %s: %w", p, err)
		}
		if err := write(p, out); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	for _, v := range slices.Sorted(maps.Keys(vocabDelta)) {
		p := search.VocabPath(v)
		file, err := read(p)
		if err != nil {
			return written, fmt.Errorf("index update: %w", err)
		}
		out, err := vocab(file, v, vocabDelta[v])
		if err != nil {
			return written, fmt.Errorf("index update: %s: %w", p, err)
		}
		if err := write(p, out); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	sort.Strings(written)
	return written, nil
}

// shard returns shard file s with the changes of keys applied, and notes
// in vocabDelta the new counts of the words they change.
func (u *Update) shard(file []byte, s int, keys []search.Key, vocabDelta map[int]map[string]int) ([]byte, error) {
	terms, err := search.ParseShard(file, s)
	if err != nil {
		return nil, err
	}
	at := map[search.Key]int{}
	for i, t := range terms {
		at[t.Key] = i
	}
	var ps []search.Posting
	for _, k := range keys {
		tc := u.terms[k]
		ps = ps[:0]
		i, had := at[k]
		if had {
			ps, err = search.DecodeList(terms[i].List, terms[i].DF, terms[i].Flags, ps)
			if err != nil {
				return nil, err
			}
		}
		ps = applyChange(ps, tc)
		list, flags := search.AppendList(nil, ps, !tc.facet)
		nt := search.ShardTerm{Key: k, DF: len(ps), Flags: flags, List: list}
		switch {
		case had && len(ps) == 0:
			terms[i].DF = -1 // dropped below
		case had:
			terms[i] = nt
		case len(ps) > 0:
			terms = append(terms, nt)
		}
		if !tc.facet {
			v := search.PrefixBucket(tc.word, u.st.Layout.Vocab)
			if vocabDelta[v] == nil {
				vocabDelta[v] = map[string]int{}
			}
			vocabDelta[v][tc.word] = len(ps)
		}
	}
	terms = slices.DeleteFunc(terms, func(t search.ShardTerm) bool { return t.DF < 0 })
	slices.SortFunc(terms, func(a, b search.ShardTerm) int { return cmp.Compare(a.Key, b.Key) })
	out := binary.AppendUvarint(nil, uint64(len(terms)))
	for _, t := range terms {
		out = search.AppendShardTerm(out, t)
	}
	return search.ScriptFile("shard", s, out), nil
}

// vocab returns vocabulary file v with the new counts of delta (a word
// counted 0 goes).
func vocab(file []byte, v int, delta map[string]int) ([]byte, error) {
	words, err := search.ParseVocabFile(file, v)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, w := range words {
		counts[w.Word] = w.DF
	}
	for w, df := range delta {
		if df == 0 {
			delete(counts, w)
		} else {
			counts[w] = df
		}
	}
	words = words[:0]
	for w, df := range counts {
		words = append(words, search.VocabWord{Word: w, DF: df})
	}
	return search.VocabFile(v, words), nil
}

// applyChange applies a term's change to its postings (sorted by cable).
func applyChange(ps []search.Posting, tc *termChange) []search.Posting {
	drop := map[uint32]bool{}
	for _, n := range tc.remove {
		drop[n] = true
	}
	for _, p := range tc.set {
		drop[p.Doc] = true
	}
	ps = slices.DeleteFunc(ps, func(p search.Posting) bool { return drop[p.Doc] })
	ps = append(ps, tc.set...)
	slices.SortFunc(ps, func(a, b search.Posting) int { return cmp.Compare(a.Doc, b.Doc) })
	return ps
}
