// Package scan reads the records of the inputs, in parallel and in input
// order, and analyses the text of each (package cabletext): what the index
// of the archive needs of every cable goes into an index.Archive, and the
// text is dropped. A record whose bytes an earlier build read already is
// not parsed again: its Cache gives what was read of it.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/source"
	"cablesite/generator/state"
)

// Scanned is one record of the input after parsing and analysis: a cable
// with what its text says, or the error that kept it out. A record that the
// previous build read already (same bytes) is not parsed again: Cached holds
// what was read of it, Cable its metadata only, and Doc is nil.
type Scanned struct {
	Record  source.Record
	Hash    state.Key // of the record's bytes
	Content state.Key // of what it says (see ContentKey), when Options.Contents asks for it
	Cable   *cable.Cable
	Doc     *cabletext.Doc
	Cached  *state.Record
	Known   *Known // what a later release's record with the same bytes says (see Options.Known)
	Err     error
}

// Subject, Tags and Refs are what the text of the record says.
func (s *Scanned) Subject() string {
	if s.Cached != nil {
		return s.Cached.Subject
	}
	return s.Doc.Subject
}

// Tags returns the tags of the cable.
func (s *Scanned) Tags() []string {
	if s.Cached != nil {
		return s.Cached.Tags
	}
	return s.Doc.Tags
}

// Refs returns the reference IDs the cable cites.
func (s *Scanned) Refs() []string {
	if s.Cached != nil {
		return s.Cached.Refs
	}
	return s.Doc.IDs()
}

// Cache finds what an earlier build read of a record, by the hash of its
// bytes.
type Cache struct {
	prev *state.State
	at   map[state.Key]int32 // the index of each record in prev, by its hash
}

// NewCache returns the cache of the records of an earlier build, whose
// state is prev.
func NewCache(prev *state.State) *Cache {
	c := &Cache{prev: prev, at: make(map[state.Key]int32, prev.NumRecords())}
	for i := range prev.NumRecords() {
		c.at[prev.RecordHash(i)] = int32(i)
	}
	return c
}

// Get returns what the earlier build read of the record whose bytes have
// hash h, or nil. A nil cache knows no record. It is safe for use by
// several goroutines.
func (c *Cache) Get(h state.Key) *state.Record {
	if c == nil {
		return nil
	}
	i, ok := c.at[h]
	if !ok {
		return nil
	}
	r := c.prev.Record(int(i))
	return &r
}

// Each reads the records of files in order, parses and analyses them on
// workers goroutines (all cores when 0), and calls fn with each result in
// input order. The record's bytes are used again once fn returns: fn must
// not keep them. Errors of single records reach fn as Scanned.Err; Each
// itself fails only when fn fails or ctx is done. It returns the files
// that hold no cables.
func Each(ctx context.Context, files []string, opt Options, fn func(*Scanned) error) ([]source.Ignored, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rd := &reader{
		ctx:   ctx,
		jobs:  make(chan job, workers*4),
		order: make(chan chan []*Scanned, workers*16),
	}
	for w := 0; w < workers; w++ {
		go func() {
			for j := range rd.jobs {
				out := make([]*Scanned, len(j.recs))
				for i, rec := range j.recs {
					out[i] = analyse(rec, opt)
				}
				j.out <- out
			}
		}()
	}
	go rd.run(files)
	for out := range rd.order {
		var batch []*Scanned
		select {
		case batch = <-out:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		for _, s := range batch {
			if err := fn(s); err != nil {
				return nil, err
			}
			s.Record.Release()
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return rd.ignored, nil
}

// A job is a batch of records for a worker, and where its results go.
// Records go to the workers in batches: a record of a rebuild takes less
// time to check than to hand from one goroutine to another.
type job struct {
	recs []source.Record
	out  chan []*Scanned
}

// A reader finds the records of the files in order, hands them to the
// workers in batches and queues where each batch's results will come, so
// that they are taken in input order.
type reader struct {
	ctx     context.Context
	jobs    chan job
	order   chan chan []*Scanned
	batch   []source.Record
	size    int
	ignored []source.Ignored // read by Each once order is closed
}

// run reads every file, then closes the queues.
func (rd *reader) run(files []string) {
	defer close(rd.order)
	defer close(rd.jobs)
	for _, name := range files {
		if !rd.file(name) {
			return
		}
	}
}

// file reads the records of one file; it returns false when the build is
// cancelled.
func (rd *reader) file(name string) bool {
	r, err := source.Open(name)
	if errors.Is(err, source.ErrNotCable) {
		rd.ignored = append(rd.ignored, source.Ignored{Path: name, Reason: "not a cable file"})
		return true
	}
	if err != nil {
		return rd.fail(name, err)
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !rd.fail(name, err) {
				return false
			}
			break
		}
		rd.batch = append(rd.batch, rec)
		rd.size += len(rec.Bytes())
		if len(rd.batch) == scanBatch || rd.size >= scanBatchBytes {
			if !rd.flush() {
				return false
			}
		}
	}
	return rd.flush()
}

// put passes on results made already (done), or a batch to analyse.
func (rd *reader) put(done []*Scanned, recs []source.Record) bool {
	out := make(chan []*Scanned, 1)
	if done != nil {
		out <- done
	}
	select {
	case rd.order <- out:
	case <-rd.ctx.Done():
		return false
	}
	if done == nil {
		select {
		case rd.jobs <- job{recs, out}:
		case <-rd.ctx.Done():
			return false
		}
	}
	return true
}

// flush hands the records gathered so far to a worker.
func (rd *reader) flush() bool {
	if len(rd.batch) == 0 {
		return true
	}
	ok := rd.put(nil, rd.batch)
	rd.batch, rd.size = nil, 0
	return ok
}

// fail passes on the error of a file that cannot be read (further).
func (rd *reader) fail(name string, err error) bool {
	rec := source.Record{Loc: cable.Location{File: name}}
	return rd.flush() && rd.put([]*Scanned{{Record: rec, Err: &source.Error{File: name, Err: err}}}, nil)
}

// A batch of records for a worker holds at most scanBatch records and
// scanBatchBytes bytes.
const (
	scanBatch      = 64
	scanBatchBytes = 1 << 20
)

// analyse parses one record and reads its text, unless the cache knows it.
func analyse(rec source.Record, opt Options) *Scanned {
	rec, err := rec.Load()
	if err != nil {
		return &Scanned{Record: rec, Err: err}
	}
	h := state.RecordKey(rec.Bytes())
	if k, ok := opt.Known[h]; ok {
		loc := rec.Loc
		if rec.Format != cable.FormatCSV {
			loc = cable.Location{File: loc.File}
		}
		return &Scanned{Record: rec, Hash: h, Content: k.Content, Cable: &cable.Cable{ID: k.ID, Format: rec.Format, Source: loc}, Known: &k}
	}
	if r := opt.Cache.Get(h); r != nil && r.Format == string(rec.Format) && (!opt.Contents || r.Content != (state.Key{})) && (!r.Partial || opt.Older) {
		loc := rec.Loc
		if rec.Format != cable.FormatCSV {
			loc = cable.Location{File: loc.File}
		}
		c := &cable.Cable{
			ID:             r.ID,
			Created:        cable.TimeFromUnix(r.Created),
			Released:       cable.TimeFromUnix(r.Released),
			Classification: r.Classification,
			Origin:         r.Origin,
			Format:         rec.Format,
			Source:         loc,
		}
		return &Scanned{Record: rec, Hash: h, Content: r.Content, Cable: c, Cached: r}
	}
	c, err := rec.Parse(opt.Source)
	if err != nil {
		return &Scanned{Record: rec, Err: err}
	}
	d := cabletext.Analyze(c)
	if len(d.Tags) > MaxTags {
		err := fmt.Errorf("%d codes, more than the %d a cable may have (the most in the archive is 27)", len(d.Tags), MaxTags)
		return &Scanned{Record: rec, Err: &source.Error{File: rec.Loc.File, Line: rec.Loc.Line, Field: "TAGS", ID: c.ID, Err: err}}
	}
	s := &Scanned{Record: rec, Hash: h, Cable: c, Doc: d}
	if opt.Contents {
		s.Content = ContentKey(c, d)
	}
	return s
}

// ContentKey returns the key of what a cable says: its creation time,
// classification, origin, subject and tags, and the words of its text, its
// spaces and line breaks aside, so that two releases that laid the same
// cable out differently have the same key for it. Like a record's key, it
// tells versions apart (state.RecordKey), with no need for a hash that
// resists forgery.
func ContentKey(c *cable.Cable, d *cabletext.Doc) state.Key {
	bp := contentBufs.Get().(*[]byte)
	b := (*bp)[:0]
	b = strconv.AppendInt(b, c.Created.Unix(), 10)
	for _, s := range append([]string{c.Classification, c.Origin, d.Subject}, d.Tags...) {
		b = append(b, 0)
		b = append(b, s...)
	}
	b = append(b, 0)
	text := c.Text
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		if j > i {
			b = append(append(b, text[i:j]...), ' ')
		}
		i = j
	}
	k := state.RecordKey(b)
	*bp = b
	contentBufs.Put(bp)
	return k
}

var contentBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// MaxTags is the most tags a cable may have: each makes the cable a row of
// a tag's pages, and no cable of the archive has more than 27.
const MaxTags = 300
