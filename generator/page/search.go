package page

import (
	"slices"

	"cablesite/generator/cable"
	"cablesite/generator/search"
	"cablesite/generator/state"
)

// DocGroup is a file of cables of the search index (search/d/N/M.js): what
// a result shows of up to eight cables, by their numbers in the index. The
// cables' text, which the index counts but the file does not hold, comes
// from their records.
type DocGroup struct {
	Group   uint32
	Docs    [search.GroupSize]*search.Doc // nil for a number no cable has
	Records [search.GroupSize]state.Key
}

// Doc returns what the search index holds of entry e, but for its text.
func (b *Builder) Doc(e int32) *search.Doc {
	a := b.arch
	en := &a.Entries[e]
	d := &search.Doc{
		ID: en.ID, URL: en.Path(), Subject: en.Subject, Date: en.Created.String(),
		Origin: a.Origins[en.Origin], Class: a.Classes[en.Class],
		Tags: []string{},
	}
	if !en.Released.IsZero() {
		d.Released = en.Released.String()
	}
	for _, t := range a.EntryTags(e) {
		d.Tags = append(d.Tags, a.Tags[t])
	}
	if canon := cable.Canonical(en.ID); canon != "" && canon != en.ID {
		d.Aliases = []string{canon}
	}
	if h := a.History(e); h != nil {
		for _, v := range h.Versions {
			if l := a.Releases[v.ChangedIn]; !slices.Contains(d.Changed, l) {
				d.Changed = append(d.Changed, l)
			}
		}
	}
	return d
}

// DocGroup returns file g of cables of the search index, whose members are
// the entries given (-1 for a number no cable has).
func (b *Builder) DocGroup(g uint32, members [search.GroupSize]int32) *DocGroup {
	dg := &DocGroup{Group: g}
	for i, e := range members {
		if e >= 0 {
			dg.Docs[i] = b.Doc(e)
			dg.Records[i] = b.arch.Entries[e].Hash
		}
	}
	return dg
}
