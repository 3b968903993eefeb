package state

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestRecordsRoundTrip saves a state with records of every field and loads
// it back: the loaded state decodes each record as it was saved, its hash
// without the rest, and gives the numbers of the cables' records.
func TestRecordsRoundTrip(t *testing.T) {
	records := []Record{
		{Hash: Key{1}, ID: "10BEIJING326", Subject: "A SUBJECT", Created: 21000000, Released: 21600000, Classification: "SECRET",
			Origin: "Embassy Beijing", Format: "csv", Tags: []string{"PREL", "CH"}, Refs: []string{"09BEIJING1"}, Ord: 7, Content: Key{9}},
		{Hash: Key{2}, ID: "09STATE1", Format: "html", Ord: 3},
		{Hash: Key{3}, ID: "10BEIJING326", Format: "csv", Content: Key{4}, Partial: true},
	}
	s := &State{BuildID: "b", Pages: map[Key]Key{{5}: {6}}, Search: []byte("idx")}
	file := filepath.Join(t.TempDir(), ".public.state")
	if err := s.SaveRecords(file, slices.Values(pointers(records))); err != nil {
		t.Fatal(err)
	}
	got, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if got.NumRecords() != len(records) {
		t.Fatalf("%d records, want %d", got.NumRecords(), len(records))
	}
	for i, want := range records {
		if r := got.Record(i); !reflect.DeepEqual(r, want) {
			t.Errorf("record %d: %+v, want %+v", i, r, want)
		}
		if h := got.RecordHash(i); h != want.Hash {
			t.Errorf("record %d: hash %x, want %x", i, h, want.Hash)
		}
	}
	if !reflect.DeepEqual(got.Pages, s.Pages) || string(got.Search) != "idx" {
		t.Errorf("pages %v, search %q", got.Pages, got.Search)
	}
	if want := []Ord{{"10BEIJING326", 7}, {"09STATE1", 3}}; !reflect.DeepEqual(got.Numbers, want) {
		t.Errorf("numbers %v, want %v", got.Numbers, want)
	}
	got.DropRecords()
	if got.NumRecords() != 0 || got.Numbers == nil {
		t.Errorf("dropped: %d records left, numbers %v", got.NumRecords(), got.Numbers)
	}
}

func pointers(rs []Record) []*Record {
	var ps []*Record
	for i := range rs {
		ps = append(ps, &rs[i])
	}
	return ps
}

// FuzzLoad checks that any file is loaded or refused without a panic, and
// that every record of a file loaded decodes.
func FuzzLoad(f *testing.F) {
	records := []Record{{Hash: Key{1}, ID: "10BEIJING326", Subject: "S", Tags: []string{"PREL"}, Refs: []string{"09X1"}, Ord: 1}}
	file := filepath.Join(f.TempDir(), "seed.state")
	if err := (&State{Pages: map[Key]Key{{1}: {2}}}).SaveRecords(file, slices.Values(pointers(records))); err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(file)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)-3])
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "s.state")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Load(file)
		if err != nil {
			return
		}
		for i := range s.NumRecords() {
			s.Record(i)
		}
	})
}
