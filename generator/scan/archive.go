package scan

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"cablesite/generator/index"
	"cablesite/generator/source"
	"cablesite/generator/state"
)

// Options say how the inputs are read.
type Options struct {
	Source  source.Options
	Cache   Cache // what an earlier build read of each record, or nil
	Workers int   // goroutines; all cores when 0
	Strict  bool  // the first record that cannot be read ends the reading
	// Contents asks for the key of what each record says (Scanned.Content),
	// by which several releases are compared.
	Contents bool
	// Older says that the records are of a release before the newest, of
	// which only the key of what each says is needed.
	Older bool
	// Read is called with the bytes of each record read, or nil.
	Read func(bytes int)
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

// Archive reads every record of the releases, oldest first, into an index
// of the archive: the newest release's cables, each with its history (see
// index.History).
func Archive(ctx context.Context, releases []Release, opt Options) (*Result, error) {
	res := &Result{Archive: index.New()}
	h := newHistories(len(releases))
	opt.Contents = len(releases) > 1
	for r, rel := range releases {
		newest := r == len(releases)-1
		o := opt
		o.Older = !newest
		ignored, err := Each(ctx, rel.Files, o, func(s *Scanned) error {
			if o.Read != nil {
				o.Read(len(s.Record.Bytes()))
			}
			if s.Err != nil {
				res.Rejected = append(res.Rejected, s.Err)
				if o.Strict {
					return fmt.Errorf("%w: %w", ErrRejected, s.Err)
				}
				return nil
			}
			res.Read++
			if s.Cached != nil {
				res.Reused++
			}
			if opt.Contents {
				h.see(r, s)
			}
			if newest {
				res.Archive.Add(s.Cable, s.Subject(), s.Tags(), s.Refs(), s.Hash)
				if opt.Contents {
					res.Archive.SetContent(s.Cable.ID, s.Content)
				}
			} else {
				res.Older = append(res.Older, state.Record{Hash: s.Hash, ID: s.Cable.ID, Format: string(s.Cable.Format), Content: s.Content, Partial: true})
			}
			return nil
		})
		res.Ignored = append(res.Ignored, ignored...)
		if err != nil {
			return res, err
		}
	}
	labels := make([]string, len(releases))
	for i, rel := range releases {
		labels[i] = rel.Label
	}
	res.Gone = h.gone(len(releases) - 1)
	res.Archive.SetReleases(labels, h.byID)
	res.Archive.Finish()
	return res, nil
}

// histories follows each cable through the releases, in order.
type histories struct {
	byID map[string]index.History
	last map[string]lastSeen // the version each cable had in the last release that held it
}

type lastSeen struct {
	release int
	content state.Key
	version index.Version
	before  *lastSeen // what the release before held, compared with
}

func newHistories(releases int) *histories {
	if releases < 2 {
		return &histories{}
	}
	return &histories{byID: map[string]index.History{}, last: map[string]lastSeen{}}
}

// see notes the version of a cable that release r holds. A later record of
// the same release replaces an earlier one, as it does in the archive: the
// change, if any, is judged again against the release before.
func (h *histories) see(r int, s *Scanned) {
	id := s.Cable.ID
	cur := lastSeen{release: r, content: s.Content, version: index.Version{Release: r, Hash: s.Hash, Format: s.Cable.Format, Source: s.Cable.Source}}
	prev, ok := h.last[id]
	hist := h.byID[id]
	switch {
	case ok && prev.release == r:
		if n := len(hist.Versions); n > 0 && hist.Versions[n-1].ChangedIn == r {
			hist.Versions = hist.Versions[:n-1]
		}
		cur.before = prev.before
	case ok:
		p := prev
		p.before = nil
		cur.before = &p
	}
	if cur.before == nil {
		hist.First = r
	} else if cur.before.content != s.Content {
		v := cur.before.version
		v.ChangedIn = r
		hist.Versions = append(hist.Versions, v)
	}
	h.byID[id] = hist
	h.last[id] = cur
}

// gone returns the IDs that no record of the newest release holds.
func (h *histories) gone(newest int) []string {
	var out []string
	for id, l := range h.last {
		if l.release != newest {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
