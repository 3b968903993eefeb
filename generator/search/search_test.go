package search

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TokenCase is a case of the table that the Go and JavaScript tokenizers
// are both tested on.
type TokenCase struct {
	In    string   `json:"in"`
	Words []string `json:"words"`
}

func tokenCases(t *testing.T) []TokenCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "search", "tokens.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []TokenCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestTokenize(t *testing.T) {
	for _, c := range tokenCases(t) {
		got := Words(c.In)
		if got == nil {
			got = []string{}
		}
		if !slices.Equal(got, c.Words) {
			t.Errorf("Words(%q) = %q, want %q", c.In, got, c.Words)
		}
	}
}

// The script folds letters with the same table, and cuts terms at the same
// length.
func TestScriptFolding(t *testing.T) {
	js, err := os.ReadFile(filepath.Join("..", "..", "assets", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"`+Folding+`"`) {
		t.Error("assets/search.js does not hold the folding table of package search")
	}
	if want := fmt.Sprintf("MAX_TERM_BYTES = %d;", MaxTermBytes); !strings.Contains(string(js), want) {
		t.Errorf("assets/search.js does not cut terms as package search does: no %q", want)
	}
}

func TestListRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 10, 1000, 5000} {
		for _, spread := range []int{1, 3, 100} {
			var ps []Posting
			d := uint32(r.IntN(50))
			for i := 0; i < n; i++ {
				ps = append(ps, Posting{Doc: d, Impact: uint8(1 + r.IntN(MaxImpact))})
				d += uint32(1 + r.IntN(spread))
			}
			for _, impacts := range []bool{true, false} {
				want := slices.Clone(ps)
				if !impacts {
					for i := range want {
						want[i].Impact = 0
					}
				}
				list, flags := appendList(nil, want, impacts)
				got, err := decodeList(list, len(want), flags, nil)
				if err != nil {
					t.Fatalf("n=%d spread=%d: %v", n, spread, err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d spread=%d impacts=%v: round trip differs", n, spread, impacts)
				}
				if spread == 1 && n >= 1000 && flags&flagDense == 0 {
					t.Errorf("n=%d consecutive documents: want a bitmap", n)
				}
				if spread == 100 && flags&flagDense != 0 {
					t.Errorf("n=%d sparse documents: want gaps", n)
				}
			}
		}
	}
}

func TestImpact(t *testing.T) {
	if a, b := Impact(1, 100, 100), Impact(5, 100, 100); a >= b {
		t.Errorf("more occurrences weigh less: %d >= %d", a, b)
	}
	if a, b := Impact(2, 50, 100), Impact(2, 500, 100); a <= b {
		t.Errorf("a longer cable weighs the same count more: %d <= %d", a, b)
	}
	if got := Impact(1000, 1, 100); got != MaxImpact {
		t.Errorf("Impact saturates at %d, want %d", got, MaxImpact)
	}
}

func TestDocFileRoundTrip(t *testing.T) {
	d := &Doc{
		ID: "10BEIJING326", URL: "cable/2010/02/10BEIJING326.html",
		Subject: `CHINA: "ROCK & ROLL" </script><!--` + "\u2028", Date: "2010-02-05 08:23",
		Origin: "Embassy Beijing", Class: "SECRET//NOFORN", Tags: []string{"PREL", "CH"},
		Aliases: []string{"10BEIJING0326"},
		Blocks:  []Block{{"", "  lead \x01\n\n  text\t "}, {"par1", "1. (C) Invalid \xff byte."}},
	}
	var group [GroupSize]*Doc
	group[1234%GroupSize] = d
	file := GroupFile(nil, 1234/GroupSize, group)
	if s := string(file); strings.Contains(s, "</script") || strings.Contains(s, "<!--") || strings.Contains(s, "\u2028") {
		t.Errorf("file holds text a script cannot: %s", s)
	}
	first := 1234 / GroupSize * GroupSize
	for n := first - 1; n <= first+GroupSize; n++ {
		if in := n >= first && n < first+GroupSize; (DocPath(uint32(n)) == GroupPath(1234/GroupSize)) != in {
			t.Errorf("cable %d in %s, cable 1234 in %s", n, DocPath(uint32(n)), DocPath(1234))
		}
	}
	got, err := ParseDocFile(file, 1234)
	if err != nil {
		t.Fatal(err)
	}
	want := *d
	want.Blocks = nil // the text is not in the file
	if fmt.Sprint(*got) != fmt.Sprint(want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", *got, want)
	}
	if _, err := ParseDocFile(file, 1235); err == nil {
		t.Error("cable 1235 read from a file without it")
	}
	if _, err := ParseDocFile(file, 1236); err == nil {
		t.Error("the file of cables 1234 and 1235 read as that of 1236")
	}
}

// testDocs makes n small cables with words from a small vocabulary, so that
// some words are in most cables and some in few.
func testDocs(n int, seed uint64) []*Doc {
	r := rand.New(rand.NewPCG(seed, 7))
	vocab := []string{"the", "of", "embassy", "minister", "prime", "oil", "nuclear", "talks", "u.s.", "anti-drug", "café"}
	for i := 0; i < 200; i++ {
		vocab = append(vocab, fmt.Sprintf("w%d", i))
	}
	var docs []*Doc
	for i := 0; i < n; i++ {
		var words []string
		for j := 0; j < 5+r.IntN(60); j++ {
			k := int(r.ExpFloat64() * 12)
			words = append(words, vocab[min(k, len(vocab)-1)])
		}
		docs = append(docs, &Doc{
			ID: fmt.Sprintf("09TEST%d", i), Subject: strings.Join(words[:3], " "),
			Tags:   []string{[]string{"PREL", "PGOV", "ECON"}[i%3]},
			Blocks: []Block{{"par1", strings.Join(words, " ")}},
		})
	}
	return docs
}

// buildIndex builds the shards and vocabulary of docs (cable i numbered i)
// in memory.
func buildIndex(t *testing.T, docs []*Doc, l Layout) (map[string][]byte, *Stats) {
	return buildFromDocs(t, docs, l, 50) // many runs
}

// buildFromDocs is buildIndex for tests, fuzz tests and benchmarks.
func buildFromDocs(t testing.TB, docs []*Doc, l Layout, budget int, options ...func(*Builder)) (map[string][]byte, *Stats) {
	t.Helper()
	b, err := NewBuilder(t.TempDir(), len(docs), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if budget > 0 {
		b.budget = budget
	}
	for _, o := range options {
		o(b)
	}
	parts := []*Part{b.Part(), b.Part()}
	var c Counter
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
		option  func(*Builder)
		minRuns int // a run a cable at least, times this
	}{
		{"read buffer", 64, func(b *Builder) { b.readSize = 0 }, 0},
		{"arena", 4, func(b *Builder) { b.arenaMax = 1000 }, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var docs []*Doc
			for range tc.repeat {
				docs = append(docs, realDocs(t)...)
			}
			l := Layout{ShardBits: 4, Vocab: 16}
			want, _ := buildFromDocs(t, docs, l, 0)
			got, st := buildFromDocs(t, docs, l, 0, tc.option)
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

// postingsOf reads the list of a term from the shard files.
func postingsOf(t *testing.T, files map[string][]byte, l Layout, term string) []Posting {
	t.Helper()
	k := KeyOfString(term)
	s := k.Shard(l.ShardBits)
	terms, err := parseShard(files[ShardPath(s)], s)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range terms {
		if st.key == k {
			ps, err := decodeList(st.list, st.df, st.flags, nil)
			if err != nil {
				t.Fatal(err)
			}
			return ps
		}
	}
	return nil
}

func TestBuilder(t *testing.T) {
	docs := testDocs(500, 1)
	l := Layout{ShardBits: 5, Vocab: 16}
	files, st := buildIndex(t, docs, l)
	if st.Runs < 10 {
		t.Errorf("%d runs; the test wants many", st.Runs)
	}
	if len(files) != 32+16 {
		t.Errorf("%d files, want 48", len(files))
	}
	// Every word's list is the cables whose text has it.
	var c Counter
	want := map[string][]uint32{}
	for i, d := range docs {
		c.Reset()
		d.Count(&c)
		for j := range c.terms {
			w := string(c.Term(&c.terms[j]))
			want[w] = append(want[w], uint32(i))
		}
	}
	for w, ds := range want {
		ps := postingsOf(t, files, l, w)
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
		words, err := parseVocabFile(files[VocabPath(v)], v)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if prefixBucket(w.word, l.Vocab) != v || len(want[w.word]) != w.df {
				t.Errorf("vocabulary %d: %s %d", v, w.word, w.df)
			}
			seen++
		}
	}
	if seen != st.Words {
		t.Errorf("vocabulary has %d words, want %d", seen, st.Words)
	}
}

// An update gives the shards and vocabulary that a build from scratch
// would, and writes only the files whose terms change.
// TestLargeCounts checks counts up to and past what a posting holds
// (maxTF), in the counter and in the shards, and a facet term longer than
// a term can be.
func TestLargeCounts(t *testing.T) {
	counts := []int{1, 2, recTFMax - 1, recTFMax, recTFMax + 1, maxTF, maxTF + 5}
	var docs []*Doc
	for i, n := range counts {
		docs = append(docs, &Doc{
			ID: fmt.Sprintf("09TEST%d", i), Subject: "count", Tags: []string{"PREL"},
			Blocks: []Block{{"par1", strings.Repeat("often ", n) + "once"}},
		})
	}
	var c Counter
	for i, d := range docs {
		c.Reset()
		d.Count(&c)
		for j := range c.Terms() {
			tt := &c.Terms()[j]
			want := 1
			if string(c.Term(tt)) == "often" {
				want = counts[i]
			} else if string(c.Term(tt)) == "count" {
				want = SubjectWeight
			}
			if got := tt.TF; got != uint32(want) {
				t.Errorf("cable %d: %s counted %d times, want %d", i, c.Term(tt), got, want)
			}
		}
	}
	// A facet term longer than MaxTermBytes is cut.
	docs[0].Tags = append(docs[0].Tags, strings.Repeat("X", 1000))
	l := Layout{ShardBits: 4, Vocab: 16}
	files, st := buildIndex(t, docs, l)
	if got := postingsOf(t, files, l, "tag:"+strings.Repeat("x", MaxTermBytes-len("tag:"))); len(got) != 1 || got[0].Doc != 0 {
		t.Errorf("long tag: postings %v", got)
	}
	got := postingsOf(t, files, l, "often")
	if len(got) != len(docs) {
		t.Fatalf("often: %d postings, want %d", len(got), len(docs))
	}
	for i, p := range got {
		dl := uint32(counts[i] + 1 + SubjectWeight)
		if want := Impact(uint32(min(counts[i], maxTF)), dl, st.AvgLen); p.Impact != want {
			t.Errorf("cable %d: impact %d, want %d", i, p.Impact, want)
		}
	}
	// The weights saturate long before such counts: the runs must hold
	// the counts themselves.
	b, err := NewBuilder(t.TempDir(), len(docs), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	part := b.Part()
	for i, d := range docs {
		c.Reset()
		d.Count(&c)
		if err := part.Add(uint32(i), &c); err != nil {
			t.Fatal(err)
		}
	}
	if err := part.Flush(); err != nil {
		t.Fatal(err)
	}
	tfs := map[uint64]uint64{}
	for _, name := range b.runs[0] {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		r := &runReader{r: bufio.NewReader(f), name: name, slots: uint64(len(docs))}
		err = r.readDocs()
		for err == nil {
			if err = r.next(); err == nil && !r.done && string(r.word) == "often" {
				for _, x := range r.posts {
					tfs[x>>24] = x & maxTF
				}
			}
			if r.done {
				break
			}
		}
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, n := range counts {
		if tfs[uint64(i)] != uint64(min(n, maxTF)) {
			t.Errorf("cable %d: the run counts often %d times, want %d", i, tfs[uint64(i)], min(n, maxTF))
		}
	}
}

func TestUpdate(t *testing.T) {
	l := Layout{ShardBits: 6, Vocab: 16}
	docs := testDocs(300, 2)
	files, st := buildIndex(t, docs, l)
	state := &State{Layout: l, AvgLen: st.AvgLen}

	changed := slices.Clone(docs)
	// Cable 7 loses a word and gains one; cable 9 goes; cable 300 comes.
	d7 := *docs[7]
	d7.Blocks = []Block{{"par1", strings.Replace(docs[7].Blocks[0].Text, docs[7].Blocks[0].Text[:3], "zebra", 1)}}
	changed[7] = &d7
	changed[9] = nil
	changed = append(changed, &Doc{ID: "10NEW1", Subject: "new cable", Tags: []string{"PREL"}, Blocks: []Block{{"par1", "zebra oil"}}})

	u := NewUpdate(state)
	count := func(d *Doc) *Counter {
		if d == nil {
			return nil
		}
		c := new(Counter)
		d.Count(c)
		return c
	}
	u.Change(7, count(docs[7]), count(changed[7]))
	u.Change(9, count(docs[9]), nil)
	u.Change(300, nil, count(changed[300]))
	live := map[string][]byte{}
	for p, data := range files {
		live[p] = data
	}
	written, err := u.Write(func(p string) ([]byte, error) {
		data, ok := live[p]
		if !ok {
			return nil, fmt.Errorf("%s: no such file", p)
		}
		return data, nil
	}, func(p string, data []byte) error {
		live[p] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(written) == 0 || len(written) >= len(files)/2 {
		t.Errorf("%d files written of %d", len(written), len(files))
	}
	// Compare every list with those of a full build of the new cables (with
	// the weights of the old average length, as the update uses).
	var c Counter
	want := map[string][]Posting{}
	for i, d := range changed {
		if d == nil {
			continue
		}
		c.Reset()
		d.Count(&c)
		for j := range c.terms {
			tt := &c.terms[j]
			var imp uint8
			if !tt.Facet {
				imp = Impact(tt.TF, c.Len(), st.AvgLen)
			}
			want[string(c.Term(tt))] = append(want[string(c.Term(tt))], Posting{uint32(i), imp})
		}
	}
	for w, ps := range want {
		if got := postingsOf(t, live, l, w); !slices.Equal(got, ps) {
			t.Errorf("%s: %v, want %v", w, got, ps)
		}
	}
	for _, w := range Words(docs[7].Blocks[0].Text[:3]) {
		if _, ok := want[w]; !ok && postingsOf(t, live, l, w) != nil {
			t.Errorf("%s: still listed", w)
		}
	}
	for v := 0; v < l.Vocab; v++ {
		words, err := parseVocabFile(live[VocabPath(v)], v)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if len(want[w.word]) != w.df {
				t.Errorf("vocabulary: %s %d, want %d", w.word, w.df, len(want[w.word]))
			}
		}
	}
}

func TestStateRoundTrip(t *testing.T) {
	day := func(s string) time.Time { tm, _ := time.Parse("2006-01-02", s); return tm }
	fs := []Facets{
		{"Embassy Paris", "SECRET", day("2009-03-01")},
		{"Embassy Beijing", "CONFIDENTIAL", day("2010-02-05")},
		{"Embassy Beijing", "CONFIDENTIAL", day("2009-01-05")},
		{"Embassy Beijing", "SECRET", day("2009-01-01")},
	}
	ords, st := Number(len(fs), func(i int) Facets { return fs[i] })
	if !slices.Equal(ords, []uint32{3, 1, 0, 2}) {
		t.Errorf("numbers %v", ords)
	}
	if len(st.Runs) != 4 {
		t.Errorf("runs %+v", st.Runs)
	}
	n := st.Append(Facets{"Embassy Rome", "SECRET", day("2010-01-01")})
	st.Remove(1)
	st.Layout = LayoutFor(10)
	data, _ := st.MarshalBinary()
	var got State
	if err := got.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(*st) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, *st)
	}
	facets := got.FacetsNow()
	for i, f := range append(fs, Facets{"Embassy Rome", "SECRET", day("2010-01-01")}) {
		k := n
		if i < len(ords) {
			k = ords[i]
		}
		if o, c, y := facets(k); o != f.Origin || c != f.Class || y != f.Created.Year() {
			t.Errorf("facets of cable %d: %s %s %d, want %s %s %d", k, o, c, y, f.Origin, f.Class, f.Created.Year())
		}
	}
	if o, _, _ := facets(got.Slots()); o != "" {
		t.Errorf("facets past the last cable: %q", o)
	}
	if got.Has(1) || !got.Has(2) {
		t.Error("hole not kept")
	}
	if err := got.UnmarshalBinary(data[:len(data)-1]); err == nil {
		t.Error("a cut state read")
	}
}

// BenchmarkIndex measures what indexing costs a cable, from its words to
// its postings in the shards: counting, runs, merge.
func BenchmarkIndex(b *testing.B) {
	var docs []*Doc
	for i := 0; i < 250; i++ {
		docs = append(docs, realDocs(b)...)
	}
	bytes := 0
	for _, d := range docs {
		for _, bl := range d.Blocks {
			bytes += len(bl.Text)
		}
	}
	b.SetBytes(int64(bytes))
	for b.Loop() {
		buildFromDocs(b, docs, Layout{ShardBits: 6, Vocab: 16}, 0)
	}
}

// BenchmarkDocFile measures writing a cable's file of the index.
func BenchmarkDocFile(b *testing.B) {
	docs := realDocs(b)
	for b.Loop() {
		for _, d := range docs {
			GroupFile(nil, 1, [GroupSize]*Doc{d, nil})
		}
	}
}

// BenchmarkTokenize measures reading the words of the sample cables.
func BenchmarkTokenize(b *testing.B) {
	docs := realDocs(b)
	n := 0
	for _, d := range docs {
		for _, bl := range d.Blocks {
			n += len(bl.Text)
		}
	}
	b.SetBytes(int64(n))
	var c Counter
	for b.Loop() {
		for _, d := range docs {
			c.Reset()
			d.Count(&c)
		}
	}
}

// TestDays checks that the days of the dates files order every day of the
// years the readers accept, 1950 to 2099, and fit in their 16 bits.
func TestDays(t *testing.T) {
	first := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2099, 12, 31, 23, 59, 0, 0, time.UTC)
	if day(first) != 1 {
		t.Errorf("day of 1950-01-01: %d", day(first))
	}
	prev := uint32(0)
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if got := day(d); got != prev+1 {
			t.Fatalf("day of %s: %d after %d", d.Format("2006-01-02"), got, prev)
		}
		prev = day(d)
	}
	if prev >= 1<<16 {
		t.Errorf("the last day, %d, does not fit in 16 bits", prev)
	}
}
