package scan

import (
	"context"
	"errors"
	"fmt"

	"cablesite/generator/index"
	"cablesite/generator/source"
)

// Options say how the inputs are read.
type Options struct {
	Source  source.Options
	Cache   Cache // what an earlier build read of each record, or nil
	Workers int   // goroutines; all cores when 0
	Strict  bool  // the first record that cannot be read ends the reading
	// Read is called with the bytes of each record read, or nil.
	Read func(bytes int)
}

// Result is what the reading of the inputs gave.
type Result struct {
	Archive  *index.Archive // every cable read, finished
	Read     int            // records read, duplicates included
	Reused   int            // of which not parsed again: an earlier build had read them
	Rejected []error        // the records that could not be read, each a *source.Error
	Ignored  []source.Ignored
}

// ErrRejected is returned by a strict reading that rejected a record.
var ErrRejected = errors.New("rejected records (strict)")

// Archive reads every record of files into an index of the archive.
func Archive(ctx context.Context, files []string, opt Options) (*Result, error) {
	res := &Result{Archive: index.New()}
	var err error
	res.Ignored, err = Each(ctx, files, opt.Source, opt.Cache, opt.Workers, func(s *Scanned) error {
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
		res.Archive.Add(s.Cable, s.Subject(), s.Tags(), s.Refs(), s.Hash)
		return nil
	})
	if err != nil {
		return res, err
	}
	res.Archive.Finish()
	return res, nil
}
