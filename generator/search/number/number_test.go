package number

import (
	"slices"
	"testing"
	"time"

	"cablesite/generator/search"
)

// TestFresh checks that cables are numbered by origin, classification and
// creation time, so that each origin is a run of numbers.
func TestFresh(t *testing.T) {
	day := func(s string) time.Time { tm, _ := time.Parse("2006-01-02", s); return tm }
	fs := []search.Facets{
		{Origin: "Embassy Paris", Class: "SECRET", Created: day("2009-03-01")},
		{Origin: "Embassy Beijing", Class: "CONFIDENTIAL", Created: day("2010-02-05")},
		{Origin: "Embassy Beijing", Class: "CONFIDENTIAL", Created: day("2009-01-05")},
		{Origin: "Embassy Beijing", Class: "SECRET", Created: day("2009-01-01")},
	}
	ords, st := Fresh(len(fs), func(i int) search.Facets { return fs[i] })
	if !slices.Equal(ords, []uint32{3, 1, 0, 2}) {
		t.Errorf("numbers %v", ords)
	}
	if len(st.Runs) != 4 || st.Slots() != 4 {
		t.Errorf("runs %+v", st.Runs)
	}
}
