package build_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cablesite/generator/search"
	"cablesite/generator/search/build"
	"cablesite/generator/search/internal/searchtest"
)

// TestBuildPaths builds the index of the sample cables with settings
// that take paths a small archive does not, and checks that the files do
// not change:
//   - the smallest buffer for reading runs, the cables each 64 times, so
//     that the postings of common terms do not fit and are read apart;
//   - parts that hold 1,000 bytes of terms, so that they write a run for
//     every few cables and split the terms of a cable over several.
func TestBuildPaths(t *testing.T) {
	for _, tc := range []struct {
		name    string
		repeat  int
		tune    build.Tuning
		minRuns int // a run a cable at least, times this
	}{
		{"read buffer", 64, build.Tuning{ReadSize: 1}, 0},
		{"arena", 4, build.Tuning{ArenaMax: 1000}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var docs []*search.Doc
			for range tc.repeat {
				docs = append(docs, searchtest.RealDocs(t)...)
			}
			l := search.Layout{ShardBits: 4, Vocab: 16}
			want, _ := searchtest.Index(t, docs, l, build.Tuning{})
			got, st := searchtest.Index(t, docs, l, tc.tune)
			if st.Runs < tc.minRuns*len(docs) {
				t.Errorf("%d runs for %d cables; the test wants cables split over runs", st.Runs, len(docs))
			}
			if len(got) != len(want) {
				t.Fatalf("%d files, want %d", len(got), len(want))
			}
			for p, data := range want {
				if !bytes.Equal(got[p], data) {
					t.Errorf("%s differs", p)
				}
			}
		})
	}
}

func TestBuilder(t *testing.T) {
	docs := searchtest.TestDocs(500, 1)
	l := search.Layout{ShardBits: 5, Vocab: 16}
	files, st := searchtest.Index(t, docs, l, build.Tuning{Budget: 50})
	if st.Runs < 10 {
		t.Errorf("%d runs; the test wants many", st.Runs)
	}
	if len(files) != 32+16 {
		t.Errorf("%d files, want 48", len(files))
	}
	// Every word's list is the cables whose text has it.
	var c search.Counter
	want := map[string][]uint32{}
	for i, d := range docs {
		c.Reset()
		d.Count(&c)
		for j := range c.Terms() {
			w := string(c.Term(&c.Terms()[j]))
			want[w] = append(want[w], uint32(i))
		}
	}
	for w, ds := range want {
		ps := searchtest.PostingsOf(t, files, l, w)
		var got []uint32
		for _, p := range ps {
			got = append(got, p.Doc)
			if strings.Contains(w, ":") != (p.Impact == 0) {
				t.Fatalf("%s: impact %d", w, p.Impact)
			}
		}
		if !slices.Equal(got, ds) {
			t.Fatalf("%s: cables %v, want %v", w, got, ds)
		}
	}
	if st.Terms != len(want) {
		t.Errorf("%d terms, want %d", st.Terms, len(want))
	}
	// The vocabulary has every word once, with its count.
	seen := 0
	for v := 0; v < l.Vocab; v++ {
		words, err := search.ParseVocabFile(files[search.VocabPath(v)], v)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if search.PrefixBucket(w.Word, l.Vocab) != v || len(want[w.Word]) != w.DF {
				t.Errorf("vocabulary %d: %s %d", v, w.Word, w.DF)
			}
			seen++
		}
	}
	if seen != st.Words {
		t.Errorf("vocabulary has %d words, want %d", seen, st.Words)
	}
}

// TestLargeCounts checks counts up to and past what a posting holds
// (build.MaxTF), in the counter and in the shards, and a facet term longer than
// a term can be.
func TestLargeCounts(t *testing.T) {
	counts := []int{1, 2, build.MaxRecordTF - 1, build.MaxRecordTF, build.MaxRecordTF + 1, build.MaxTF, build.MaxTF + 5}
	var docs []*search.Doc
	for i, n := range counts {
		docs = append(docs, &search.Doc{
			ID: fmt.Sprintf("09TEST%d", i), Subject: "count", Tags: []string{"PREL"},
			Blocks: []search.Block{{Anchor: "par1", Text: strings.Repeat("often ", n) + "once"}},
		})
	}
	var c search.Counter
	for i, d := range docs {
		c.Reset()
		d.Count(&c)
		for j := range c.Terms() {
			tt := &c.Terms()[j]
			want := 1
			if string(c.Term(tt)) == "often" {
				want = counts[i]
			} else if string(c.Term(tt)) == "count" {
				want = search.SubjectWeight
			}
			if got := tt.TF; got != uint32(want) {
				t.Errorf("cable %d: %s counted %d times, want %d", i, c.Term(tt), got, want)
			}
		}
	}
	// A facet term longer than search.MaxTermBytes is cut.
	docs[0].Tags = append(docs[0].Tags, strings.Repeat("X", 1000))
	l := search.Layout{ShardBits: 4, Vocab: 16}
	files, st := searchtest.Index(t, docs, l, build.Tuning{Budget: 50})
	if got := searchtest.PostingsOf(t, files, l, "tag:"+strings.Repeat("x", search.MaxTermBytes-len("tag:"))); len(got) != 1 || got[0].Doc != 0 {
		t.Errorf("long tag: postings %v", got)
	}
	got := searchtest.PostingsOf(t, files, l, "often")
	if len(got) != len(docs) {
		t.Fatalf("often: %d postings, want %d", len(got), len(docs))
	}
	for i, p := range got {
		dl := uint32(counts[i] + 1 + search.SubjectWeight)
		if want := search.Impact(uint32(min(counts[i], build.MaxTF)), dl, st.AvgLen); p.Impact != want {
			t.Errorf("cable %d: impact %d, want %d", i, p.Impact, want)
		}
	}
}

// BenchmarkIndex measures what indexing costs a cable, from its words to
// its postings in the shards: counting, runs, merge.
func BenchmarkIndex(b *testing.B) {
	var docs []*search.Doc
	for i := 0; i < 250; i++ {
		docs = append(docs, searchtest.RealDocs(b)...)
	}
	bytes := 0
	for _, d := range docs {
		for _, bl := range d.Blocks {
			bytes += len(bl.Text)
		}
	}
	b.SetBytes(int64(bytes))
	for b.Loop() {
		searchtest.Index(b, docs, search.Layout{ShardBits: 6, Vocab: 16}, build.Tuning{})
	}
}
