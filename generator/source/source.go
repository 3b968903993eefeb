// Package source finds cable files and reads them, in the three layouts the
// archive circulates in: pages of the original site (read with goquery), the
// cables.csv release (streamed record by record) and plain text (the
// samples/txt layout and text copied from the original site's pages).
//
// Files turns the paths a user gives into an ordered list of files; Open
// detects a file's layout and returns a Reader that yields its records one
// at a time, each with the Location it came from, so that At can find that
// one cable again later without reading the whole file. Record.Parse reads
// a record's cable; a record that cannot be read gives an *Error naming the
// file, the line and the field, and reading goes on with the next record.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"cablesite/generator/cable"
)

// Error is a record that could not be read.
type Error struct {
	File  string
	Line  int    // 0 when unknown
	Field string // "" when the record as a whole is at fault
	ID    string // the reference ID, when it could be read
	Err   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(file string, line int, field, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Field: field, Err: fmt.Errorf(format, args...)}
}

// Record is one cable of a file, found but not yet parsed: its layout, where
// it is, and for records cut out of a larger file, its bytes. Parsing is
// left to Parse so that it can run on another goroutine than the reading.
type Record struct {
	Format cable.Format
	Loc    cable.Location
	raw    []byte
	chunk  *chunk // that raw is cut from, if any
}

// Release says that the record's bytes, and what Parse returned that points
// into them (nothing: the cable's strings are copies), are no longer used:
// the reader may read other records into them. A record need not be
// released; it must not be used after it is, and is released once (copies
// of it included).
func (r *Record) Release() {
	r.chunk.release()
	r.chunk, r.raw = nil, nil
}

// Load reads the bytes of the record, when it does not hold them yet (a
// record that is a whole file, or one made by At), and returns the record
// holding them.
func (r Record) Load() (Record, error) {
	if r.raw != nil {
		return r, nil
	}
	raw, err := readRange(r.Loc)
	if err != nil {
		return r, &Error{File: r.Loc.File, Line: r.Loc.Line, Err: err}
	}
	r.raw = raw
	return r, nil
}

// Bytes returns the bytes of a loaded record (see Load), or nil.
func (r Record) Bytes() []byte { return r.raw }

// Parse reads the cable of the record. It reads the file when the record
// does not hold its bytes, so a Record made from a Location alone (see
// At) reads that one cable again; the bytes it reads then are let go when
// it returns (the cable's strings are copies).
func (r Record) Parse(opt Options) (*cable.Cable, error) {
	if r.raw == nil && r.Loc.Length > 0 {
		buf := rawBufs.Get().(*[]byte)
		defer rawBufs.Put(buf)
		if cap(*buf) < int(r.Loc.Length) {
			*buf = make([]byte, r.Loc.Length)
		}
		r.raw = (*buf)[:r.Loc.Length]
		if err := readAt(r.Loc, r.raw); err != nil {
			return nil, &Error{File: r.Loc.File, Line: r.Loc.Line, Err: err}
		}
	}
	r, err := r.Load()
	if err != nil {
		return nil, err
	}
	raw := r.raw
	var c *cable.Cable
	switch r.Format {
	case cable.FormatCSV:
		c, err = parseCSVRecord(raw, r.Loc, opt)
	case cable.FormatHTML:
		c, err = ParseHTML(r.Loc.File, raw, opt)
	case cable.FormatText:
		c, err = ParseText(r.Loc.File, raw, opt)
	default:
		return nil, &Error{File: r.Loc.File, Line: r.Loc.Line, Err: fmt.Errorf("unknown layout %q", r.Format)}
	}
	if err != nil {
		return nil, err
	}
	c.Format = r.Format
	if r.Format != cable.FormatCSV {
		c.Source = cable.Location{File: r.Loc.File}
	}
	return c, nil
}

// Size is the number of bytes of the record, when known.
func (r Record) Size() int { return len(r.raw) }

// At returns the record found earlier at loc, to be read again.
func At(format cable.Format, loc cable.Location) Record {
	return Record{Format: format, Loc: loc}
}

// rawBufs holds buffers for the records that Parse reads again.
var rawBufs = sync.Pool{New: func() any { return new([]byte) }}

// readRange reads the bytes of a record: the whole file, or loc's range.
func readRange(loc cable.Location) ([]byte, error) {
	if loc.Length == 0 {
		return os.ReadFile(loc.File)
	}
	buf := make([]byte, loc.Length)
	return buf, readAt(loc, buf)
}

// readAt reads loc's range into buf.
func readAt(loc cable.Location, buf []byte) error {
	f, err := os.Open(loc.File)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.ReadAt(buf, loc.Offset)
	return err
}

// Reader yields the records of one file. Next returns io.EOF after the
// last one. Close releases the file.
type Reader interface {
	Next() (Record, error)
	Close() error
}

// Options tune how records are parsed.
type Options struct {
	// Released is the release time given to cables whose source does not
	// state one (the cables.csv release and the plain-text layout). Zero
	// leaves them unknown.
	Released cable.Time
}

// ErrNotCable is returned by Open for a file that holds no cables in a
// layout this package knows (a README, an image).
var ErrNotCable = errors.New("not a cable file")

// Ignored is a path that Files, or a reader, passed over, and why.
type Ignored struct {
	Path   string
	Reason string
}

func (i Ignored) String() string { return i.Path + ": " + i.Reason }

// Files returns the files under the given paths in the order they are to be
// read: the paths in the order given, the files of a folder in lexical order
// of their path, walked recursively. Hidden files and folders (".git") are
// passed over. Links are followed: a link to a file is read as that file
// and a link to a folder as that folder, each once; what a link leads to
// that was read already (a link back to a folder that holds it, say), a
// link to nothing, and what is neither a file nor a folder are listed as
// ignored, with the folders in skip (the output of the build reading them,
// which may lie inside an input folder). A PATH that does not exist or
// cannot be read is an error.
func Files(paths []string, skip ...string) ([]string, []Ignored, error) {
	l := lister{seen: map[string]string{}, skip: map[string]bool{}}
	for _, s := range skip {
		if real, err := filepath.EvalSymlinks(s); err == nil {
			l.skip[real] = true
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("input %s: %w", p, err)
		}
		start := len(l.files)
		if err := l.add(p, info); err != nil {
			return nil, nil, fmt.Errorf("input %s: %w", p, err)
		}
		sort.Strings(l.files[start:])
	}
	return l.files, l.ignored, nil
}

// lister gathers the files of Files.
type lister struct {
	files   []string
	ignored []Ignored
	seen    map[string]string // real path of each file and folder read -> its path as listed
	skip    map[string]bool   // real paths of folders not to read
}

// add adds the file or folder at p, whose information (links followed) is
// info.
func (l *lister) add(p string, info fs.FileInfo) error {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return err
	}
	if first, ok := l.seen[real]; ok {
		what := "the file"
		if info.IsDir() {
			what = "the folder"
		}
		l.ignored = append(l.ignored, Ignored{p, "read already, as " + what + " " + first + " (a link leads to it twice, or back to a folder that holds it)"})
		return nil
	}
	switch {
	case info.Mode().IsRegular():
		l.seen[real] = p
		l.files = append(l.files, p)
		return nil
	case !info.IsDir():
		l.ignored = append(l.ignored, Ignored{p, "not a file or a folder"})
		return nil
	case l.skip[real]:
		l.ignored = append(l.ignored, Ignored{p, "the output folder of this build"})
		return nil
	}
	l.seen[real] = p
	entries, err := os.ReadDir(p)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		q := filepath.Join(p, e.Name())
		info, err := os.Stat(q) // through links
		if err != nil {
			if e.Type()&fs.ModeSymlink != 0 {
				l.ignored = append(l.ignored, Ignored{q, "a link to nothing"})
				continue
			}
			return err
		}
		if err := l.add(q, info); err != nil {
			return err
		}
	}
	return nil
}

// Detect tells the layout of a file from its name and its first bytes, or
// returns ErrNotCable.
func Detect(name string, head []byte) (cable.Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return cable.FormatHTML, nil
	case ".csv":
		return cable.FormatCSV, nil
	case ".txt", ".text":
		return cable.FormatText, nil
	case "":
	default:
		return "", ErrNotCable
	}
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(h, []byte("<")):
		return cable.FormatHTML, nil
	case csvStart(h):
		return cable.FormatCSV, nil
	case looksLikeText(h):
		return cable.FormatText, nil
	}
	return "", ErrNotCable
}

// Open detects the layout of a cable file and returns a Reader of its
// records. A file of another kind gives ErrNotCable.
func Open(name string) (Reader, error) {
	var head []byte
	if filepath.Ext(name) == "" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		head = make([]byte, 4096)
		n, err := io.ReadFull(f, head)
		f.Close()
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, err
		}
		head = head[:n]
	}
	format, err := Detect(name, head)
	if err != nil {
		return nil, err
	}
	if format == cable.FormatCSV {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		return newCSVReader(f, name), nil
	}
	return &fileReader{rec: Record{Format: format, Loc: cable.Location{File: name}}}, nil
}

// fileReader is the Reader of a file that holds one cable.
type fileReader struct {
	rec  Record
	done bool
}

func (r *fileReader) Next() (Record, error) {
	if r.done {
		return Record{}, io.EOF
	}
	r.done = true
	return r.rec, nil
}

func (r *fileReader) Close() error { return nil }

// finish validates and normalises the metadata that every reader fills in,
// and reports the first field at fault.
func finish(c *cable.Cable, file string, line int, opt Options) error {
	if c.Released.IsZero() {
		c.Released = opt.Released
	}
	c.ID = cable.NormalizeID(c.ID)
	if err := cable.ValidateID(c.ID); err != nil {
		return &Error{File: file, Line: line, Field: "reference ID", Err: err}
	}
	c.Classification = cable.NormalizeClassification(c.Classification)
	c.Origin = cable.NormalizeOrigin(c.Origin)
	id := c.ID
	switch {
	case c.Created.IsZero():
		return &Error{File: file, Line: line, Field: "created", ID: id, Err: errors.New("missing")}
	case cable.CheckYear(c.Created) != nil:
		return &Error{File: file, Line: line, Field: "created", ID: id, Err: cable.CheckYear(c.Created)}
	case cable.CheckYear(c.Released) != nil:
		return &Error{File: file, Line: line, Field: "released", ID: id, Err: cable.CheckYear(c.Released)}
	case c.Classification == "":
		return &Error{File: file, Line: line, Field: "classification", ID: id, Err: errors.New("missing")}
	case cable.Slug(c.Classification) == "":
		return &Error{File: file, Line: line, Field: "classification", ID: id, Err: fmt.Errorf("%q has no letter or digit", c.Classification)}
	case c.Origin == "":
		return &Error{File: file, Line: line, Field: "origin", ID: id, Err: errors.New("missing")}
	case cable.Slug(c.Origin) == "":
		return &Error{File: file, Line: line, Field: "origin", ID: id, Err: fmt.Errorf("%q has no letter or digit", c.Origin)}
	}
	return nil
}
