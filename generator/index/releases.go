package index

import (
	"fmt"
	"regexp"

	"cablesite/generator/cable"
)

// A build may read several releases of the archive, oldest first (the
// December 2010 and April 2011 builds of the original site): the newest
// release's version of each cable is the one shown, and the others are its
// history. A version whose content (its metadata and its text, its
// spaces aside) differs from the next release's is kept, as a Version;
// every cable knows the release it first appeared in.

// Version is an earlier version of a cable: what an earlier release held,
// where its content differs from what the next release that holds the
// cable has.
type Version struct {
	Release   int // the release it is from
	ChangedIn int // the release whose version differs from it
	Hash      [16]byte
	Format    cable.Format
	Source    cable.Location
}

// History is what the releases before the newest say of a cable: the
// release it first appeared in, and its versions that a later release
// changed, oldest first.
type History struct {
	First    int
	Versions []Version
}

// validLabel is what a release's label may be: it names a facet and a
// search filter.
var validLabel = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// CheckLabel checks that a release's label can name its pages.
func CheckLabel(label string) error {
	if !validLabel.MatchString(label) {
		return fmt.Errorf("release label %q: letters, digits, '.', '_' and '-', at most 40, from a letter or digit", label)
	}
	return nil
}

// SetReleases says which releases the archive is read from, oldest
// first, once the newest release's cables are added: each of them first
// appeared in the newest release until an earlier one holds it (see
// SetFirst). Releases is one "" for a build of one release.
func (a *Archive) SetReleases(labels []string) {
	a.Releases = labels
	if len(labels) > 1 {
		for i := range a.Entries {
			a.Entries[i].first = uint8(len(labels) - 1)
		}
	}
}

// SetFirst says that release r holds the cable with the given ID.
func (a *Archive) SetFirst(id string, r int) {
	if e, ok := a.byID[id]; ok && r < int(a.Entries[e].first) {
		a.Entries[e].first = uint8(r)
	}
}

// SetVersions gives the cable with the given ID its earlier versions that
// changed, oldest first.
func (a *Archive) SetVersions(id string, vs []Version) {
	if a.pending == nil {
		a.pending = map[string][]Version{}
	}
	a.pending[id] = vs
}

// Newest returns the newest release's version of the cable with the given
// ID, and its content key, while the archive is being read.
func (a *Archive) Newest(id string) (Version, [16]byte, bool) {
	e, ok := a.byID[id]
	if !ok {
		return Version{}, [16]byte{}, false
	}
	en := &a.Entries[e]
	return Version{Release: len(a.Releases) - 1, Hash: en.Hash, Format: en.Format(), Source: a.Source(e)}, en.Content, true
}

// SetContent records the key of what the record of the cable with the
// given ID says, by which releases are compared (see scan.ContentKey).
func (a *Archive) SetContent(id string, key [16]byte) {
	if e, ok := a.byID[id]; ok {
		a.Entries[e].Content = key
	}
}

// Kinds returns the facet kinds of the archive: those of Kinds, and
// Change when it was read from more than one release.
func (a *Archive) Kinds() []Kind {
	if len(a.Releases) > 1 {
		return append(Kinds[:len(Kinds):len(Kinds)], Change)
	}
	return Kinds
}

// History returns the history of entry e: the release it first appeared in
// and its versions that changed; nil for a build of one release.
func (a *Archive) History(e int32) *History {
	if len(a.Releases) < 2 {
		return nil
	}
	if h, ok := a.history[e]; ok {
		return h
	}
	return &History{First: int(a.Entries[e].first)}
}

// attachHistory gives the entries their versions (see SetVersions).
func (a *Archive) attachHistory() {
	if len(a.Releases) < 2 {
		a.pending = nil
		return
	}
	a.history = map[int32]*History{}
	for id, vs := range a.pending {
		if e, ok := a.byID[id]; ok && len(vs) > 0 {
			a.history[e] = &History{First: int(a.Entries[e].first), Versions: vs}
		}
	}
	a.pending = nil
}

// changeFacets lists, for each release but the first, the cables that
// changed in it, newest release first as every facet does.
func (a *Archive) changeFacets(released []int32, add func(k Kind, key, name string, e int32) *Facet) {
	if len(a.Releases) < 2 {
		return
	}
	for _, e := range released {
		h := a.history[e]
		if h == nil {
			continue
		}
		seen := map[int]bool{}
		for _, v := range h.Versions {
			if !seen[v.ChangedIn] {
				seen[v.ChangedIn] = true
				l := a.Releases[v.ChangedIn]
				add(Change, l, l, e)
			}
		}
	}
}
