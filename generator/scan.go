package generator

import (
	"context"
	"errors"
	"io"
	"runtime"

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
	Record source.Record
	Hash   state.Key // of the record's bytes
	Cable  *cable.Cable
	Doc    *cabletext.Doc
	Cached *state.Record
	Err    error
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

// recordCache finds what an earlier build read of a record, by the hash of
// its bytes.
type recordCache map[state.Key]*state.Record

// scanResult is what scan learned about the files as a whole.
type scanResult struct {
	Ignored []string // files that hold no cables
}

// scan reads the records of files in order, parses and analyses them on
// workers goroutines (all cores when 0), and calls fn with each result in
// input order. Errors of single records reach fn as Scanned.Err; scan itself
// fails only when fn fails or ctx is done.
func scan(ctx context.Context, files []string, opt source.Options, cache recordCache, workers int, fn func(*Scanned) error) (scanResult, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		rec source.Record
		out chan *Scanned
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, workers*16)
	order := make(chan chan *Scanned, workers*64)
	var res scanResult

	// Workers parse and analyse.
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				j.out <- analyse(j.rec, opt, cache)
			}
		}()
	}
	// The reader finds records in order.
	go func() {
		defer close(order)
		defer close(jobs)
		send := func(s *Scanned, rec source.Record) bool {
			out := make(chan *Scanned, 1)
			if s != nil {
				out <- s
			}
			select {
			case order <- out:
			case <-ctx.Done():
				return false
			}
			if s == nil {
				select {
				case jobs <- job{rec, out}:
				case <-ctx.Done():
					return false
				}
			}
			return true
		}
		for _, name := range files {
			r, err := source.Open(name)
			if errors.Is(err, source.ErrNotCable) {
				res.Ignored = append(res.Ignored, name)
				continue
			}
			if err != nil {
				rec := source.Record{Loc: cable.Location{File: name}}
				if !send(&Scanned{Record: rec, Err: &source.Error{File: name, Err: err}}, rec) {
					return
				}
				continue
			}
			for {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					rec = source.Record{Loc: cable.Location{File: name}}
					if !send(&Scanned{Record: rec, Err: &source.Error{File: name, Err: err}}, rec) {
						r.Close()
						return
					}
					break
				}
				if !send(nil, rec) {
					r.Close()
					return
				}
			}
			r.Close()
		}
	}()
	for out := range order {
		var s *Scanned
		select {
		case s = <-out:
		case <-ctx.Done():
			return scanResult{}, ctx.Err()
		}
		if err := fn(s); err != nil {
			return scanResult{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		return scanResult{}, err
	}
	return res, nil
}

// analyse parses one record and reads its text, unless cache knows it.
func analyse(rec source.Record, opt source.Options, cache recordCache) *Scanned {
	rec, err := rec.Load()
	if err != nil {
		return &Scanned{Record: rec, Err: err}
	}
	h := state.RecordKey(rec.Bytes())
	if r := cache[h]; r != nil && r.Format == string(rec.Format) {
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
		return &Scanned{Record: rec, Hash: h, Cable: c, Cached: r}
	}
	c, err := rec.Parse(opt)
	if err != nil {
		return &Scanned{Record: rec, Err: err}
	}
	return &Scanned{Record: rec, Hash: h, Cable: c, Doc: cabletext.Analyze(c)}
}
