package update_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"cablesite/generator/search"
	"cablesite/generator/search/build"
	"cablesite/generator/search/internal/searchtest"
	"cablesite/generator/search/update"
)

// TestUpdate checks that an update gives the shards and vocabulary that a
// build from scratch would, and writes only the files whose terms change.
func TestUpdate(t *testing.T) {
	l := search.Layout{ShardBits: 6, Vocab: 16}
	docs := searchtest.TestDocs(300, 2)
	files, st := searchtest.Index(t, docs, l, build.Tuning{Budget: 50})
	state := &search.State{Layout: l, AvgLen: st.AvgLen}

	changed := slices.Clone(docs)
	// Cable 7 loses a word and gains one; cable 9 goes; cable 300 comes.
	d7 := *docs[7]
	d7.Blocks = []search.Block{{Anchor: "par1", Text: strings.Replace(docs[7].Blocks[0].Text, docs[7].Blocks[0].Text[:3], "zebra", 1)}}
	changed[7] = &d7
	changed[9] = nil
	changed = append(changed, &search.Doc{ID: "10NEW1", Subject: "new cable", Tags: []string{"PREL"}, Blocks: []search.Block{{Anchor: "par1", Text: "zebra oil"}}})

	u := update.New(state)
	count := func(d *search.Doc) *search.Counter {
		if d == nil {
			return nil
		}
		c := new(search.Counter)
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
	checkUpdated(t, live, l, docs, changed, st.AvgLen)
}

// checkUpdated compares every list and vocabulary file of the updated
// index live with those of a full build of the changed cables (with the
// weights of the old average length, as the update uses), and checks that
// the words cable 7 lost are gone.
func checkUpdated(t *testing.T, live map[string][]byte, l search.Layout, docs, changed []*search.Doc, avgLen float64) {
	t.Helper()
	var c search.Counter
	want := map[string][]search.Posting{}
	for i, d := range changed {
		if d == nil {
			continue
		}
		c.Reset()
		d.Count(&c)
		for j := range c.Terms() {
			tt := &c.Terms()[j]
			var imp uint8
			if !tt.Facet {
				imp = search.Impact(tt.TF, c.Len(), avgLen)
			}
			want[string(c.Term(tt))] = append(want[string(c.Term(tt))], search.Posting{Doc: uint32(i), Impact: imp})
		}
	}
	for w, ps := range want {
		if got := searchtest.PostingsOf(t, live, l, w); !slices.Equal(got, ps) {
			t.Errorf("%s: %v, want %v", w, got, ps)
		}
	}
	for _, w := range search.Words(docs[7].Blocks[0].Text[:3]) {
		if _, ok := want[w]; !ok && searchtest.PostingsOf(t, live, l, w) != nil {
			t.Errorf("%s: still listed", w)
		}
	}
	for v := 0; v < l.Vocab; v++ {
		words, err := search.ParseVocabFile(live[search.VocabPath(v)], v)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if len(want[w.Word]) != w.DF {
				t.Errorf("vocabulary: %s %d, want %d", w.Word, w.DF, len(want[w.Word]))
			}
		}
	}
}
