package page

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/state"
)

// History is what the releases of the archive say of a cable, when the
// build read more than one: the release it first appeared in, the last
// that changed it, and each change.
type History struct {
	First       string // label of the release it first appeared in
	LastChanged string // label of the last release that changed it, or ""
	Changes     []Change
}

// Change is how a cable differs from one release to the next that holds
// it: what changed of its metadata and a diff of the words of its text.
// Both are derived from the two versions' records, whose keys (Records)
// are in the page's key, as a cable's text is (see Cable).
type Change struct {
	In      string       // the release whose version differs
	From    string       // the release of the version before
	Records [2]state.Key // the keys of the version before and of the one in In

	Meta []MetaChange `key:"-"`
	Text []DiffHunk   `key:"-"`
}

// MetaChange is a field of the metadata that changed.
type MetaChange struct {
	Field    string // "Subject", "Tags", …
	Old, New string
}

// DiffHunk is a stretch of the text around a change: runs of words kept,
// removed and added.
type DiffHunk struct {
	Runs []DiffRun
}

// DiffRun is a run of words: kept, removed or added.
type DiffRun struct {
	Text           string
	Removed, Added bool
}

// history returns the history of entry e, without what its records say,
// or nil for a build of one release.
func (b *Builder) history(e int32) *History {
	a := b.arch
	h := a.History(e)
	if h == nil {
		return nil
	}
	out := &History{First: a.Releases[h.First]}
	for i, v := range h.Versions {
		next := a.Entries[e].Hash
		if i+1 < len(h.Versions) {
			next = h.Versions[i+1].Hash
		}
		out.Changes = append(out.Changes, Change{In: a.Releases[v.ChangedIn], From: a.Releases[v.Release], Records: [2]state.Key{v.Hash, next}})
		out.LastChanged = a.Releases[v.ChangedIn]
	}
	return out
}

// Versions returns the sources of the two versions each change of entry
// e compares, in the order of History.Changes: what a page's history is
// made from.
func Versions(a *index.Archive, e int32) [][2]index.Version {
	h := a.History(e)
	if h == nil {
		return nil
	}
	en := &a.Entries[e]
	newest := index.Version{Release: len(a.Releases) - 1, Hash: en.Hash, Format: en.Format(), Source: a.Source(e)}
	var out [][2]index.Version
	for i, v := range h.Versions {
		next := newest
		if i+1 < len(h.Versions) {
			next = h.Versions[i+1]
		}
		out = append(out, [2]index.Version{v, next})
	}
	return out
}

// SetDiff fills in what changed from the version before (old, analysed as
// od) to the one after (new, analysed as nd).
func (ch *Change) SetDiff(old, new *cable.Cable, od, nd *cabletext.Doc) {
	ch.Meta = nil
	field := func(name, o, n string) {
		if o != n {
			ch.Meta = append(ch.Meta, MetaChange{Field: name, Old: o, New: n})
		}
	}
	field("Created", old.Created.String(), new.Created.String())
	field("Classification", old.Classification, new.Classification)
	field("Origin", old.Origin, new.Origin)
	field("Subject", od.Subject, nd.Subject)
	field("Tags", strings.Join(od.Tags, " "), strings.Join(nd.Tags, " "))
	ch.Text = wordDiff(old.Text, new.Text, diffContext)
}

// diffContext is how many words a hunk keeps on each side of a change.
const diffContext = 12

// wordDiff returns the hunks of a diff of the words of two texts (spaces
// and line breaks aside), each change with up to context words around it.
func wordDiff(a, b string, context int) []DiffHunk {
	wa, wb := strings.Fields(a), strings.Fields(b)
	// Each word becomes a rune, so that the diff is of words.
	codes := map[string]rune{}
	encode := func(ws []string) []rune {
		out := make([]rune, len(ws))
		for i, w := range ws {
			r, ok := codes[w]
			if !ok {
				r = rune(0xE000 + len(codes)) // private use, then beyond
				if r >= 0xF900 {
					r += 0x10000
				}
				codes[w] = r
			}
			out[i] = r
		}
		return out
	}
	ra, rb := encode(wa), encode(wb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(ra, rb, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	type op struct {
		kind  string
		words []string
	}
	var ops []op
	ia, ib := 0, 0
	for _, d := range diffs {
		n := len([]rune(d.Text))
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			ops = append(ops, op{"=", wb[ib : ib+n]})
			ia, ib = ia+n, ib+n
		case diffmatchpatch.DiffDelete:
			ops = append(ops, op{"-", wa[ia : ia+n]})
			ia += n
		case diffmatchpatch.DiffInsert:
			ops = append(ops, op{"+", wb[ib : ib+n]})
			ib += n
		}
	}
	var hunks []DiffHunk
	var cur *DiffHunk
	for i, o := range ops {
		if o.kind != "=" {
			if cur == nil {
				hunks = append(hunks, DiffHunk{})
				cur = &hunks[len(hunks)-1]
				if i > 0 {
					ws := ops[i-1].words
					cur.Runs = append(cur.Runs, DiffRun{Text: strings.Join(ws[max(0, len(ws)-context):], " ")})
				}
			}
			cur.Runs = append(cur.Runs, DiffRun{Text: strings.Join(o.words, " "), Removed: o.kind == "-", Added: o.kind == "+"})
			continue
		}
		if cur == nil {
			continue
		}
		if len(o.words) <= 2*context && i+1 < len(ops) {
			cur.Runs = append(cur.Runs, DiffRun{Text: strings.Join(o.words, " ")})
			continue
		}
		cur.Runs = append(cur.Runs, DiffRun{Text: strings.Join(o.words[:min(context, len(o.words))], " ")})
		cur = nil
	}
	return hunks
}
