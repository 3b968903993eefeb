// Package searchtest gives the tests of the search index's packages the
// cables and indexes they test on.
package searchtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/search"
	"cablesite/generator/search/build"
)

// RealDocs makes index documents of the corpus's sample cables, a block a
// group of lines.
func RealDocs(t testing.TB) []*search.Doc {
	var docs []*search.Doc
	for i, text := range testcorpus.SampleTexts(t) {
		d := &search.Doc{ID: "10TEST" + string(rune('0'+i%10)), Subject: strings.SplitN(text, "\n", 3)[1], Tags: []string{"PREL"}}
		for j, para := range strings.Split(text, "\n\n") {
			d.Blocks = append(d.Blocks, search.Block{Anchor: "par" + string(rune('1'+j%9)), Text: para})
		}
		docs = append(docs, d)
	}
	return docs
}

// TestDocs makes n small cables with words from a small vocabulary, so
// that some words are in most cables and some in few.
func TestDocs(n int, seed uint64) []*search.Doc {
	r := rand.New(rand.NewPCG(seed, 7))
	vocab := []string{"the", "of", "embassy", "minister", "prime", "oil", "nuclear", "talks", "u.s.", "anti-drug", "café"}
	for i := 0; i < 200; i++ {
		vocab = append(vocab, fmt.Sprintf("w%d", i))
	}
	var docs []*search.Doc
	for i := 0; i < n; i++ {
		var words []string
		for j := 0; j < 5+r.IntN(60); j++ {
			k := int(r.ExpFloat64() * 12)
			words = append(words, vocab[min(k, len(vocab)-1)])
		}
		docs = append(docs, &search.Doc{
			ID: fmt.Sprintf("09TEST%d", i), Subject: strings.Join(words[:3], " "),
			Tags:   []string{[]string{"PREL", "PGOV", "ECON"}[i%3]},
			Blocks: []search.Block{{Anchor: "par1", Text: strings.Join(words, " ")}},
		})
	}
	return docs
}

// Index builds the shards and vocabulary of docs (cable i numbered i) in
// memory, with a builder tuned so.
func Index(t testing.TB, docs []*search.Doc, l search.Layout, tune build.Tuning) (map[string][]byte, *build.Stats) {
	t.Helper()
	b, err := build.NewBuilder(t.TempDir(), len(docs), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Tune(tune)
	parts := []*build.Part{b.Part(), b.Part()}
	var c search.Counter
	for i, d := range docs {
		c.Reset()
		d.Count(&c)
		if err := parts[i%2].Add(uint32(i), &c); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range parts {
		if err := p.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{}
	var mu sync.Mutex
	st, err := b.Write(l, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := files[p]; ok {
			t.Errorf("%s written twice", p)
		}
		files[p] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, st
}

// PostingsOf reads the list of a term from the shard files.
func PostingsOf(t testing.TB, files map[string][]byte, l search.Layout, term string) []search.Posting {
	t.Helper()
	k := search.KeyOfString(term)
	s := k.Shard(l.ShardBits)
	terms, err := search.ParseShard(files[search.ShardPath(s)], s)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range terms {
		if st.Key == k {
			ps, err := search.DecodeList(st.List, st.DF, st.Flags, nil)
			if err != nil {
				t.Fatal(err)
			}
			return ps
		}
	}
	return nil
}
