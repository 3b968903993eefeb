package build

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"cablesite/generator/search"
)

// TestRunCounts checks that the runs hold the counts of terms, up to and
// past what a posting holds: the weights saturate long before such counts.
func TestRunCounts(t *testing.T) {
	counts := []int{1, 2, recTFMax - 1, recTFMax, recTFMax + 1, maxTF, maxTF + 5}
	var docs []*search.Doc
	for i, n := range counts {
		docs = append(docs, &search.Doc{
			ID: fmt.Sprintf("09TEST%d", i), Subject: "count", Tags: []string{"PREL"},
			Blocks: []search.Block{{Anchor: "par1", Text: strings.Repeat("often ", n) + "once"}},
		})
	}
	var c search.Counter
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
