// Package index holds what a build knows of all cables at once, without
// their texts: one compact Entry per cable, the facets that the browse pages
// list (release day, creation month, origin, tag, classification), the
// references between cables, and the paths and names of every browse page.
//
// Entries go in with Add in input order (a later entry with the same ID
// replaces the earlier one); Finish sorts the facets and resolves the
// references; after that the Archive is read-only and safe to share between
// goroutines.
package index

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"cablesite/generator/cable"
)

// PageSize is the number of rows of a browse page.
const PageSize = 50

// Entry is one cable, as the indexes need it. An archive holds one for
// every cable, so an Entry is kept small: names and IDs it shares with
// other entries are numbers into the Archive's tables.
type Entry struct {
	ID       string
	Subject  string
	Created  cable.Time
	Released cable.Time
	Class    int32    // index into Archive.Classes
	Origin   int32    // index into Archive.Origins
	Hash     [16]byte // hash of the cable's source record (see package state)
	Content  [16]byte // key of what the record says, when several releases were read (see SetContent)

	tags, refs span  // in Archive.pool: see Archive.EntryTags, Archive.EntryRefs
	format     uint8 // index into formats
	first      uint8 // the release it first appeared in (see History)
	file       int32 // index into Archive.files
	line       int32
	length     int32
	offset     int64
}

// span is a run of Archive.pool.
type span struct{ off, n uint32 }

// formats are the layouts an entry's record can have.
var formats = []cable.Format{cable.FormatCSV, cable.FormatHTML, cable.FormatText}

// Format is the layout of the entry's record.
func (e *Entry) Format() cable.Format { return formats[e.format] }

// Path is the path of the entry's cable page.
func (e *Entry) Path() string { return cable.Path(e.ID, e.Created) }

// Kind is a way to browse the archive.
type Kind int

// The browse facets, in the order the site lists them.
const (
	Reldate Kind = iota
	Date
	Origin
	Tag
	Class
	Change // the cables that changed in a release, when several were read
	numKinds
)

// Kinds lists the facet kinds of every archive (see Archive.Kinds).
var Kinds = []Kind{Reldate, Date, Origin, Tag, Class}

// Dir is the folder of the facet's pages.
func (k Kind) Dir() string {
	return [...]string{"reldate", "date", "origin", "tag", "classification", "changes"}[k]
}

// Title is how the site names the facet ("Browse by origin").
func (k Kind) Title() string {
	return [...]string{"release date", "creation date", "origin", "tag", "classification", "change between releases"}[k]
}

// Facet is one value of a kind (one release day, one origin) and the cables
// that have it, newest first.
type Facet struct {
	Kind    Kind
	Key     string // file name part: "2011-01-15", "2010-02", "embassy-beijing", "PREL", "secret-noforn"
	Name    string // as shown: "2011-01-15", "February 2010", "Embassy Beijing", "PREL", "SECRET//NOFORN"
	Entries []int32
	first   string // PagePath(0)
}

// Pages is the number of browse pages of f (at least one).
func (f *Facet) Pages() int { return max(1, (len(f.Entries)+PageSize-1)/PageSize) }

// PagePath is the path of page p (from 0) of f: "origin/embassy-beijing_0.html".
func (f *Facet) PagePath(p int) string {
	if p == 0 && f.first != "" {
		return f.first
	}
	return f.Kind.Dir() + "/" + f.Key + "_" + strconv.Itoa(p) + ".html"
}

// Page returns the entries of page p.
func (f *Facet) Page(p int) []int32 {
	lo := min(p*PageSize, len(f.Entries))
	hi := min(lo+PageSize, len(f.Entries))
	return f.Entries[lo:hi]
}

// PageOf returns the page of f that lists entry e, or 0.
func (f *Facet) PageOf(e int32) int {
	if i := slices.Index(f.Entries, e); i >= 0 {
		return i / PageSize
	}
	return 0
}

// Duplicate records that a later record replaced an earlier one with the
// same reference ID.
type Duplicate struct {
	ID         string
	Kept, Lost cable.Location
}

func (d Duplicate) String() string {
	return fmt.Sprintf("duplicate %s: %s replaces %s (the later source wins)", d.ID, d.Kept, d.Lost)
}

// Archive is the index of every cable of a build.
type Archive struct {
	Entries    []Entry
	Classes    []string // classification names
	Origins    []string // origin names
	Tags       []string // tag codes
	RefIDs     []string // reference IDs that cables cite
	Duplicates []Duplicate
	Keyed      []Keyed // names that did not get their plain key (see uniqueKeys)
	Citations  int     // references of cables to cables (each cited ID once a cable)

	files      []string // source files
	pool       []int32  // the tags and references of all entries
	byID       map[string]int32
	classIdx   map[string]int32
	originIdx  map[string]int32
	tagIdx     map[string]int32
	refIdx     map[string]int32
	fileIdx    map[string]int32
	facets     [numKinds][]*Facet
	facetByKey [numKinds]map[string]*Facet
	originKeys []string // facet key of each origin
	classKeys  []string // facet key of each classification
	// The facets of each entry (release day, month), origin,
	// classification and tag, found once.
	relOf, monthOf                       []*Facet
	originFacets, classFacets, tagFacets []*Facet
	byIDSorted                           []int32  // entries sorted by ID, once Finish has run (byID is dropped then)
	citedOff                             []uint32 // entry e is cited by citedBy[citedOff[e]:citedOff[e+1]]
	citedBy                              []int32
	refEntry                             []int32 // the entry of each of RefIDs, or -1
	finished                             bool

	// Releases are the labels of the releases read, oldest first: one ""
	// for a build of one release (see SetReleases).
	Releases []string
	pending  map[string][]Version // by ID, until Finish
	history  map[int32]*History   // the entries that changed
}

// New returns an empty Archive.
func New() *Archive {
	return &Archive{
		byID:      map[string]int32{},
		classIdx:  map[string]int32{},
		originIdx: map[string]int32{},
		tagIdx:    map[string]int32{},
		refIdx:    map[string]int32{},
		fileIdx:   map[string]int32{},
	}
}

// Source is where entry e was read from.
func (a *Archive) Source(e int32) cable.Location {
	en := &a.Entries[e]
	return cable.Location{File: a.files[en.file], Line: int(en.line), Offset: en.offset, Length: int64(en.length)}
}

func intern(names *[]string, idx map[string]int32, name string) int32 {
	if i, ok := idx[name]; ok {
		return i
	}
	i := int32(len(*names))
	*names = append(*names, name)
	idx[name] = i
	return i
}

// Add adds a cable. A cable whose ID is already in the archive replaces the
// one there (the later source wins), and the replacement is recorded in
// Duplicates.
func (a *Archive) Add(c *cable.Cable, subject string, tags, refs []string, hash [16]byte) {
	e := Entry{
		ID:       c.ID,
		Subject:  subject,
		Created:  c.Created,
		Released: c.Released,
		Class:    intern(&a.Classes, a.classIdx, c.Classification),
		Origin:   intern(&a.Origins, a.originIdx, c.Origin),
		format:   uint8(max(slices.Index(formats, c.Format), 0)),
		Hash:     hash,
		file:     intern(&a.files, a.fileIdx, c.Source.File),
		line:     int32(c.Source.Line),
		offset:   c.Source.Offset,
		length:   int32(c.Source.Length),
	}
	e.tags.off, e.tags.n = uint32(len(a.pool)), uint32(len(tags))
	for _, t := range tags {
		a.pool = append(a.pool, intern(&a.Tags, a.tagIdx, t))
	}
	e.refs.off, e.refs.n = uint32(len(a.pool)), uint32(len(refs))
	for _, r := range refs {
		a.pool = append(a.pool, intern(&a.RefIDs, a.refIdx, r))
	}
	if i, ok := a.byID[c.ID]; ok {
		a.Duplicates = append(a.Duplicates, Duplicate{ID: c.ID, Kept: c.Source, Lost: a.Source(i)})
		a.Entries[i] = e
		return
	}
	a.byID[c.ID] = int32(len(a.Entries))
	a.Entries = append(a.Entries, e)
}

// EntryTags returns the tags of entry e, as indexes into Tags.
func (a *Archive) EntryTags(e int32) []int32 {
	sp := a.Entries[e].tags
	return a.pool[sp.off : sp.off+sp.n : sp.off+sp.n]
}

// EntryRefs returns the reference IDs that entry e cites, as indexes into
// RefIDs.
func (a *Archive) EntryRefs(e int32) []int32 {
	sp := a.Entries[e].refs
	return a.pool[sp.off : sp.off+sp.n : sp.off+sp.n]
}

// RefEntry returns the entry whose ID is RefIDs[r], once Finish has run.
func (a *Archive) RefEntry(r int32) (int32, bool) {
	j := a.refEntry[r]
	return j, j >= 0
}

// Lookup returns the index of the entry with the given ID.
func (a *Archive) Lookup(id string) (int32, bool) {
	if a.byID != nil {
		i, ok := a.byID[id]
		return i, ok
	}
	k, ok := slices.BinarySearchFunc(a.byIDSorted, id, func(e int32, id string) int {
		return strings.Compare(a.Entries[e].ID, id)
	})
	if !ok {
		return 0, false
	}
	return a.byIDSorted[k], true
}

// Len is the number of cables.
func (a *Archive) Len() int { return len(a.Entries) }

// Finish builds the facets and the cited-by lists. Add must not be called
// after it.
func (a *Archive) Finish() {
	if a.finished {
		return
	}
	a.finished = true
	a.attachHistory()
	a.compact()
	released, created := a.sortedEntries()
	a.buildFacets(released, created)
	a.buildCitations()
	// From now on, IDs are found by binary search.
	n := len(a.Entries)
	a.byIDSorted = make([]int32, n)
	for i := range a.byIDSorted {
		a.byIDSorted[i] = int32(i)
	}
	slices.SortFunc(a.byIDSorted, func(x, y int32) int { return strings.Compare(a.Entries[x].ID, a.Entries[y].ID) })
	a.byID = nil
}

// compact gives back what growing took: the slices are final, and the maps
// that only Add needs go.
func (a *Archive) compact() {
	a.Entries = slices.Clip(a.Entries)
	if cap(a.Entries) > len(a.Entries) {
		a.Entries = append([]Entry(nil), a.Entries...)
	}
	a.pool = append([]int32(nil), a.pool...)
	a.refIdx, a.fileIdx = nil, nil
}

// byRelease orders entries newest release first, then newest creation,
// then by ID.
func (a *Archive) byRelease(x, y int32) int {
	ex, ey := &a.Entries[x], &a.Entries[y]
	if c := ey.Released.Compare(ex.Released); c != 0 {
		return c
	}
	if c := ey.Created.Compare(ex.Created); c != 0 {
		return c
	}
	return strings.Compare(ex.ID, ey.ID)
}

// byCreation orders entries newest creation first, then by ID.
func (a *Archive) byCreation(x, y int32) int {
	ex, ey := &a.Entries[x], &a.Entries[y]
	if c := ey.Created.Compare(ex.Created); c != 0 {
		return c
	}
	return strings.Compare(ex.ID, ey.ID)
}

// sortedEntries puts the entries in order once, by release and by
// creation: each facet then gets its entries in order.
func (a *Archive) sortedEntries() (released, created []int32) {
	released, created = make([]int32, len(a.Entries)), make([]int32, len(a.Entries))
	for i := range released {
		released[i], created[i] = int32(i), int32(i)
	}
	var sorted sync.WaitGroup
	sorted.Go(func() { slices.SortFunc(released, a.byRelease) })
	slices.SortFunc(created, a.byCreation)
	sorted.Wait()
	return released, created
}

// buildFacets gives every facet its key and its entries, in order.
func (a *Archive) buildFacets(released, created []int32) {
	for k := range a.facetByKey {
		a.facetByKey[k] = map[string]*Facet{}
	}
	add := func(k Kind, key, name string, e int32) *Facet {
		f := a.facetByKey[k][key]
		if f == nil {
			f = &Facet{Kind: k, Key: key, Name: name}
			a.facetByKey[k][key] = f
			a.facets[k] = append(a.facets[k], f)
		}
		f.Entries = append(f.Entries, e)
		return f
	}
	var keyedOrigins, keyedClasses, keyedTags []Keyed
	a.originKeys, keyedOrigins = uniqueKeys(keyRules[Origin], a.Origins)
	a.classKeys, keyedClasses = uniqueKeys(keyRules[Class], a.Classes)
	tagKeys, keyedTags := uniqueKeys(keyRules[Tag], a.Tags)
	a.Keyed = slices.Concat(keyedOrigins, keyedClasses, keyedTags)
	a.relOf, a.monthOf = make([]*Facet, len(a.Entries)), make([]*Facet, len(a.Entries))
	a.originFacets, a.classFacets = make([]*Facet, len(a.Origins)), make([]*Facet, len(a.Classes))
	a.tagFacets = make([]*Facet, len(a.Tags))
	for _, n := range released {
		e := &a.Entries[n]
		if !e.Released.IsZero() {
			date := e.Released.Date()
			a.relOf[n] = add(Reldate, date, date, n)
		}
		a.originFacets[e.Origin] = add(Origin, a.originKeys[e.Origin], a.Origins[e.Origin], n)
		a.classFacets[e.Class] = add(Class, a.classKeys[e.Class], a.Classes[e.Class], n)
		for _, t := range a.EntryTags(n) {
			a.tagFacets[t] = add(Tag, tagKeys[t], a.Tags[t], n)
		}
	}
	a.changeFacets(released, add)
	for _, n := range created {
		e := &a.Entries[n]
		month, name := e.Created.Month(), ""
		if a.facetByKey[Date][month] == nil {
			name = e.Created.Std().Format("January 2006")
		}
		a.monthOf[n] = add(Date, month, name, n)
	}
	for _, fs := range a.facets {
		for _, f := range fs {
			f.first = f.PagePath(0)
		}
		slices.SortFunc(fs, func(x, y *Facet) int { return cmp.Compare(x.Key, y.Key) })
	}
}

// buildCitations finds who cites whom, as two arrays (a map of slices
// would cost ten times the memory): count, then fill.
func (a *Archive) buildCitations() {
	n := len(a.Entries)
	a.citedOff = make([]uint32, n+1)
	a.refEntry = make([]int32, len(a.RefIDs))
	for r, id := range a.RefIDs {
		a.refEntry[r] = -1
		if j, ok := a.byID[id]; ok {
			a.refEntry[r] = j
		}
	}
	cites := func(fn func(cited, citing int32)) {
		for i := range a.Entries {
			for _, ref := range a.EntryRefs(int32(i)) {
				if j, ok := a.RefEntry(ref); ok && j != int32(i) {
					fn(j, int32(i))
				}
			}
		}
	}
	cites(func(j, _ int32) { a.citedOff[j+1]++ })
	for i := range a.Entries {
		a.Citations += len(a.EntryRefs(int32(i)))
	}
	for i := 0; i < n; i++ {
		a.citedOff[i+1] += a.citedOff[i]
	}
	a.citedBy = make([]int32, a.citedOff[n])
	fill := slices.Clone(a.citedOff[:n])
	cites(func(j, i int32) {
		a.citedBy[fill[j]] = i
		fill[j]++
	})
	for e := 0; e < n; e++ {
		slices.SortFunc(a.CitedBy(int32(e)), a.byCreation)
	}
}

// Facets returns the facets of a kind, sorted by key.
func (a *Archive) Facets(k Kind) []*Facet { return a.facets[k] }

// Facet returns the facet of a kind with the given key, or nil.
func (a *Archive) Facet(k Kind, key string) *Facet { return a.facetByKey[k][key] }

// EntryFacets returns the facets entry e is listed under, but for its tags
// (see TagFacet); reldate is nil for a cable without a release time.
func (a *Archive) EntryFacets(e int32) (reldate, date, origin, class *Facet) {
	en := &a.Entries[e]
	return a.relOf[e], a.monthOf[e], a.originFacets[en.Origin], a.classFacets[en.Class]
}

// TagFacet returns the facet of tag t (an index into Tags).
func (a *Archive) TagFacet(t int32) *Facet { return a.tagFacets[t] }

// TagFacetOf returns the facet of the tag with the given code, or nil.
func (a *Archive) TagFacetOf(code string) *Facet {
	if t, ok := a.tagIdx[code]; ok {
		return a.tagFacets[t]
	}
	return nil
}

// OriginFacet returns the facet of the origin with the given name, or nil.
func (a *Archive) OriginFacet(name string) *Facet {
	if i, ok := a.originIdx[name]; ok {
		return a.facetByKey[Origin][a.originKeys[i]]
	}
	return nil
}

// ClassFacet returns the facet of the classification with the given name,
// or nil.
func (a *Archive) ClassFacet(name string) *Facet {
	if i, ok := a.classIdx[name]; ok {
		return a.facetByKey[Class][a.classKeys[i]]
	}
	return nil
}

// CitationsInArchive is how many of the Citations cite a cable of the
// archive.
func (a *Archive) CitationsInArchive() int { return len(a.citedBy) }

// CitedBy returns the entries that cite entry e, newest first.
func (a *Archive) CitedBy(e int32) []int32 {
	return a.citedBy[a.citedOff[e]:a.citedOff[e+1]:a.citedOff[e+1]]
}

// Unreleased counts the cables without a known release time.
func (a *Archive) Unreleased() int {
	n := 0
	for i := range a.Entries {
		if a.Entries[i].Released.IsZero() {
			n++
		}
	}
	return n
}
