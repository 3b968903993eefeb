package search

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
				list, flags := AppendList(nil, want, impacts)
				got, err := DecodeList(list, len(want), flags, nil)
				if err != nil {
					t.Fatalf("n=%d spread=%d: %v", n, spread, err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d spread=%d impacts=%v: round trip differs", n, spread, impacts)
				}
				if spread == 1 && n >= 1000 && flags&FlagDense == 0 {
					t.Errorf("n=%d consecutive documents: want a bitmap", n)
				}
				if spread == 100 && flags&FlagDense != 0 {
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

func TestStateRoundTrip(t *testing.T) {
	day := func(s string) time.Time { tm, _ := time.Parse("2006-01-02", s); return tm }
	fs := []Facets{
		{"Embassy Paris", "SECRET", day("2009-03-01")},
		{"Embassy Beijing", "CONFIDENTIAL", day("2010-02-05")},
		{"Embassy Beijing", "CONFIDENTIAL", day("2009-01-05")},
		{"Embassy Beijing", "SECRET", day("2009-01-01")},
	}
	st := &State{}
	var ords []uint32
	for _, i := range []int{2, 1, 3, 0} { // by origin, classification, time
		st.Append(fs[i])
	}
	ords = []uint32{3, 1, 0, 2}
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
