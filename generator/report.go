package generator

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"cablesite/generator/index"
	"cablesite/generator/search/build"
	"cablesite/generator/source"
)

// Report says what a build did.
type Report struct {
	Read       int // records read, duplicates included
	Reused     int // records not parsed again: the previous build had read them
	Cables     int // cables in the site
	Pages      int // files of the site but the search index's shards and the like
	Written    int64
	Removed    int      // files of the previous site that the site no longer has
	Changed    []string // in an update, the paths written
	Bytes      int64
	Mode       string // "full", "update" (only what changed), or "unchanged"
	Rejected   []error
	Duplicates []index.Duplicate
	Keyed      []index.Keyed    // names of origins, classifications and tags that did not get their plain address
	Ignored    []source.Ignored // files and folders of the inputs passed over, and why
	Recovered  int              // files moved by completing an interrupted update
	// Notes are what a build that read nothing again says again of its
	// inputs, as the build that read them said it: duplicates, names that
	// moved, files ignored.
	Notes []string
	// Search says what the search index holds, when it was written whole;
	// SearchFiles and SearchBytes count the files of the index written
	// (included in Written and Bytes).
	Search      *build.Stats
	SearchFiles int
	SearchBytes int64
	// Citations counts the references of cables to cables (from their REF
	// lines); CitationsInArchive those to cables in the site.
	Citations, CitationsInArchive int
	Phases                        []Phase
	Elapsed                       time.Duration
}

// Phase is one stage of a build and how long it took.
type Phase struct {
	Name     string
	Duration time.Duration
}

// said returns what the report says of the inputs, as lines: the
// rejections, and the other notices (see Notes).
func (r *Report) said() (rejected, notes []string) {
	for _, e := range r.Rejected {
		rejected = append(rejected, e.Error())
	}
	for _, d := range r.Duplicates {
		notes = append(notes, d.String())
	}
	for _, k := range r.Keyed {
		notes = append(notes, "address: "+k.String())
	}
	for _, i := range r.Ignored {
		notes = append(notes, "ignored: "+i.String())
	}
	return rejected, append(notes, r.Notes...)
}

// Summary is the line a build ends with.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d cables read, %d pages written, %d rejected", r.Read, r.Written, len(r.Rejected))
}

// Progress counts what a build has done so far, for a progress display.
type Progress struct {
	mu        sync.Mutex
	phase     string
	Read      atomic.Int64 // records read
	ToWrite   atomic.Int64 // pages to write, once known
	Written   atomic.Int64 // pages written
	InputSize int64        // bytes of input
	ReadBytes atomic.Int64 // bytes of input read
}

// Phase returns the name of the stage running.
func (p *Progress) Phase() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.phase
}

func (p *Progress) setPhase(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.phase = name
	p.mu.Unlock()
}
