// Package number numbers the cables of an archive in the search index: by
// origin, classification and creation time, so that each origin,
// classification and year is a few runs of numbers (see search.State);
// and, for an update, keeping the numbers of the published index, so that
// an update rewrites only what changed.
package number

import (
	"cmp"
	"slices"

	"cablesite/generator/index"
	"cablesite/generator/search"
	"cablesite/generator/state"
)

// Numbering is the number of every cable of the archive in the search
// index, and what the published index numbered before.
type Numbering struct {
	St      *search.State
	Ords    []uint32 // by entry
	PrevOrd []int64  // by entry: its number in the published index, or -1 (nil: no published index to update)
	Gone    []uint32 // numbers of the published index's cables that the archive no longer has
	entryOf []int32  // by number: the entry, or -1 for a hole
}

// Cables numbers the cables of the archive a. A previous build's numbers are
// kept when it left a usable index (prev is the published site's state,
// its records still loaded), so that an update rewrites only what changed:
// a cable that is new, or whose origin, classification or year changed,
// gets a new number after the others; the numbers of cables gone become
// holes. Otherwise the cables are numbered afresh.
func Cables(a *index.Archive, prev *state.State) *Numbering {
	x := &Numbering{}
	facets := func(e int) search.Facets {
		en := &a.Entries[e]
		return search.Facets{Origin: a.Origins[en.Origin], Class: a.Classes[en.Class], Created: en.Created.Std()}
	}
	defer func() {
		x.entryOf = make([]int32, x.St.Slots())
		for i := range x.entryOf {
			x.entryOf[i] = -1
		}
		for e, n := range x.Ords {
			x.entryOf[n] = int32(e)
		}
	}()
	if prev != nil && len(prev.Search) > 0 {
		st := new(search.State)
		if err := st.UnmarshalBinary(prev.Search); err == nil && x.renumber(a, prev, st, facets) {
			return x
		}
	}
	x.Ords, x.St = Fresh(a.Len(), facets)
	x.St.Layout = search.LayoutFor(a.Len())
	x.PrevOrd = nil
	return x
}

// Groups is the number of files of cables of the index.
func (x *Numbering) Groups() int {
	return (len(x.entryOf) + search.GroupSize - 1) / search.GroupSize
}

// Members returns the entries of group g (-1 for a hole).
func (x *Numbering) Members(g int32) [search.GroupSize]int32 {
	var m [search.GroupSize]int32
	for i := range m {
		m[i] = -1
		if n := int(g)*search.GroupSize + i; n < len(x.entryOf) {
			m[i] = x.entryOf[n]
		}
	}
	return m
}

// renumber keeps the numbers of prev's records where it can; it reports
// false when prev's numbers are not consistent with st.
func (x *Numbering) renumber(a *index.Archive, prev *state.State, st *search.State, facets func(int) search.Facets) bool {
	x.St = st
	x.Ords = make([]uint32, a.Len())
	x.PrevOrd = make([]int64, a.Len())
	for i := range x.PrevOrd {
		x.PrevOrd[i] = -1
	}
	seen := make([]bool, st.Slots())
	for i := range prev.Numbers {
		r := &prev.Numbers[i]
		if r.Ord >= st.Slots() || seen[r.Ord] || !st.Has(r.Ord) {
			return false
		}
		seen[r.Ord] = true
		// The cables are mostly where they were.
		e, ok := int32(i), i < a.Len() && a.Entries[i].ID == r.ID
		if !ok {
			e, ok = a.Lookup(r.ID)
		}
		if !ok {
			x.Gone = append(x.Gone, r.Ord)
			continue
		}
		x.PrevOrd[e] = int64(r.Ord)
	}
	prevFacets := st.FacetsNow()
	for e := range x.Ords {
		f := facets(e)
		if p := x.PrevOrd[e]; p >= 0 {
			origin, class, year := prevFacets(uint32(p))
			if origin == f.Origin && class == f.Class && year == f.Created.Year() {
				x.Ords[e] = uint32(p)
				continue
			}
		}
		x.Ords[e] = st.Append(f)
	}
	for e, p := range x.PrevOrd {
		if p >= 0 && uint32(p) != x.Ords[e] {
			st.Remove(uint32(p))
		}
	}
	for _, n := range x.Gone {
		st.Remove(n)
	}
	return true
}

// FixedFiles is the number of files that IndexPaths lists first, those
// that an update changes in place: the shards and vocabulary files.
func (x *Numbering) FixedFiles() int {
	return 1<<x.St.Layout.ShardBits + x.St.Layout.Vocab
}

// IndexPaths lists the files of the index other than the cables' files.
func (x *Numbering) IndexPaths() []string {
	var ps []string
	for s := 0; s < 1<<x.St.Layout.ShardBits; s++ {
		ps = append(ps, search.ShardPath(s))
	}
	for v := 0; v < x.St.Layout.Vocab; v++ {
		ps = append(ps, search.VocabPath(v))
	}
	for k := 0; k < x.St.DatesFiles(); k++ {
		ps = append(ps, search.DatesPath(k))
	}
	return append(ps, search.MetaPath, search.RunsPath)
}

// Fresh numbers n cables by origin, classification and creation time (and
// by index to break ties), returning the number of each. Numbering in this
// order makes every origin, classification and year a few runs of numbers.
func Fresh(n int, facets func(i int) search.Facets) ([]uint32, *search.State) {
	fs := make([]search.Facets, n)
	order := make([]int, n)
	for i := range fs {
		fs[i] = facets(i)
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		fa, fb := &fs[a], &fs[b]
		return cmp.Or(cmp.Compare(fa.Origin, fb.Origin), cmp.Compare(fa.Class, fb.Class), fa.Created.Compare(fb.Created))
	})
	st := &search.State{}
	ords := make([]uint32, n)
	for k, i := range order {
		ords[i] = uint32(k)
		st.Append(fs[i])
	}
	return ords, st
}
