package scan

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"cablesite/generator/index"
	"cablesite/generator/source"
	"cablesite/generator/state"
)

// Options say how the inputs are read.
type Options struct {
	Source  source.Options
	Cache   *Cache // what an earlier build read of each record, or nil
	Workers int    // goroutines; all cores when 0
	Strict  bool   // the first record that cannot be read ends the reading
	// Contents asks for the key of what each record says (Scanned.Content),
	// by which several releases are compared.
	Contents bool
	// Older says that the records are of a release before the newest, of
	// which only the key of what each says is needed.
	Older bool
	// Known are the records of a later release, by their bytes' keys: an
	// earlier release's record with the same bytes is not parsed.
	Known map[state.Key]Known
	// Read is called with the bytes of each record read, or nil.
	Read func(bytes int)
}

// Known is what a record of a later release says: its cable's ID and the
// key of its content.
type Known struct {
	ID      string
	Content state.Key
}

// Release is one release of the archive: its label and its files.
type Release struct {
	Label string // "" for a build of one release
	Files []string
}

// Result is what the reading of the inputs gave.
type Result struct {
	Archive  *index.Archive // every cable read, finished
	Read     int            // records read, duplicates included
	Reused   int            // of which not parsed again: an earlier build had read them
	Rejected []error        // the records that could not be read, each a *source.Error
	Ignored  []source.Ignored
	// Older are the records of the releases before the newest, which the
	// next build need not parse again.
	Older []state.Record
	// Gone are the IDs of cables that an earlier release held and the
	// newest does not: they are not shown.
	Gone []string
}

// ErrRejected is returned by a strict reading that rejected a record.
var ErrRejected = errors.New("rejected records (strict)")

// Archive reads every record of the releases into an index of the
// archive: the newest release's cables, each with its history (see
// index.History). The newest release is read first; then each earlier one,
// newest first, compared with the release after it that holds each cable.
// A record of an earlier release with the same bytes as one of a later
// release says the same, and is not parsed.
func Archive(ctx context.Context, releases []Release, opt Options) (*Result, error) {
	res := &Result{Archive: index.New()}
	newest := len(releases) - 1
	opt.Contents = newest > 0
	if err := res.read(ctx, releases[newest].Files, opt, func(s *Scanned) {
		res.Archive.Add(s.Cable, s.Subject(), s.Tags(), s.Refs(), s.Hash)
		if opt.Contents {
			res.Archive.SetContent(s.Cable.ID, s.Content)
		}
	}); err != nil {
		return res, err
	}
	labels := make([]string, len(releases))
	for i, rel := range releases {
		labels[i] = rel.Label
	}
	res.Archive.SetReleases(labels)
	if newest > 0 {
		h := newHistory(res.Archive)
		opt.Older, opt.Known = true, h.known()
		for r := newest - 1; r >= 0; r-- {
			if err := res.read(ctx, releases[r].Files, opt, func(s *Scanned) {
				if h.see(r, s) {
					res.Older = append(res.Older, state.Record{Hash: s.Hash, ID: s.Cable.ID, Format: string(s.Cable.Format), Content: s.Content, Partial: true})
				}
			}); err != nil {
				return res, err
			}
			h.done()
		}
		for id, vs := range h.versions {
			slices.Reverse(vs) // oldest first
			res.Archive.SetVersions(id, vs)
		}
		res.Gone = slices.Sorted(maps.Keys(h.gone))
	}
	source.FreeBuffers()
	res.Archive.Finish()
	return res, nil
}

// read reads the records of files, counting and rejecting as it goes, and
// calls add with each cable read.
func (res *Result) read(ctx context.Context, files []string, opt Options, add func(*Scanned)) error {
	ignored, err := Each(ctx, files, opt, func(s *Scanned) error {
		if opt.Read != nil {
			opt.Read(len(s.Record.Bytes()))
		}
		if s.Err != nil {
			res.Rejected = append(res.Rejected, s.Err)
			if opt.Strict {
				return fmt.Errorf("%w: %w", ErrRejected, s.Err)
			}
			return nil
		}
		res.Read++
		if s.Cached != nil {
			res.Reused++
		}
		add(s)
		return nil
	})
	res.Ignored = append(res.Ignored, ignored...)
	return err
}

// history follows each cable back through the releases, newest first.
type history struct {
	a        *index.Archive
	versions map[string][]index.Version // the versions that changed, newest first
	// later holds the version of a cable in the nearest release after the
	// one being read that holds it, but for the newest (see Archive.Newest);
	// cur, the versions of the release being read, which join later once
	// it is read.
	later, cur map[string]laterVersion
	gone       map[string]bool // IDs that the newest release does not hold
}

// laterVersion is a version of a cable and the key of what it says.
type laterVersion struct {
	v       index.Version
	content state.Key
}

func newHistory(a *index.Archive) *history {
	return &history{a: a, versions: map[string][]index.Version{}, later: map[string]laterVersion{}, cur: map[string]laterVersion{}, gone: map[string]bool{}}
}

// known returns what the records of the newest release say, by their
// bytes' keys: an earlier release's record with the same bytes says the
// same.
func (h *history) known() map[state.Key]Known {
	k := make(map[state.Key]Known, h.a.Len())
	for i := range h.a.Entries {
		en := &h.a.Entries[i]
		k[en.Hash] = Known{ID: en.ID, Content: en.Content}
	}
	return k
}

// see notes the version of a cable that release r holds, and reports
// whether its record was parsed (so that the next build keeps what was
// read of it). A later record of the same release replaces an earlier
// one, as it does in the archive.
func (h *history) see(r int, s *Scanned) bool {
	id := s.Cable.ID
	v := index.Version{Release: r, Hash: s.Hash, Format: s.Cable.Format, Source: s.Cable.Source}
	vs := h.versions[id]
	if n := len(vs); n > 0 && vs[n-1].Release == r {
		vs = vs[:n-1] // an earlier record of this release, replaced
	}
	next, ok := h.later[id]
	if !ok {
		if nv, content, found := h.a.Newest(id); found {
			next, ok = laterVersion{nv, content}, true
		} else {
			h.gone[id] = true
		}
	}
	if ok && next.content != s.Content {
		v.ChangedIn = next.v.Release
		vs = append(vs, v)
	}
	if vs != nil {
		h.versions[id] = vs
	}
	h.a.SetFirst(id, r)
	if r > 0 {
		h.cur[id] = laterVersion{v, s.Content}
	}
	return s.Known == nil
}

// done ends the reading of a release: its versions are those the next
// release read is compared with.
func (h *history) done() {
	for id, lv := range h.cur {
		h.later[id] = lv
	}
	clear(h.cur)
}
