package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"cablesite/generator/cable"
)

// The layout of a cables.csv record (no header row):
//
//	record = field 7("," field) LF
//	field  = DQUOTE *(char | "\" char) DQUOTE
//
// with the eight fields seq, created ("M/D/YYYY H:MM"), reference ID, origin,
// classification, references ("REF1|REF2"), header and text. A backslash
// escapes the character after it (\" for a quote, \\ for a backslash). Fields
// span lines. encoding/csv cannot read this (it expects doubled quotes), so
// records are found here: a record ends at an unescaped quote followed by a
// line feed and either the end of the file or the opening quote and first
// digit of the next record; fields are separated by an unescaped `","`. A
// stray unescaped quote inside a field is kept as a quote.

// csvFields names the fields of a record, for error messages.
var csvFields = [8]string{"seq", "created", "reference ID", "origin", "classification", "references", "header", "text"}

// csvStart reports whether b starts like a cables.csv record: `"123","`.
func csvStart(b []byte) bool {
	if len(b) < 2 || b[0] != '"' || !isDigit(b[1]) {
		return false
	}
	i := 1
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return bytes.HasPrefix(b[i:], []byte(`","`))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// csvReader streams the records of a cables.csv file.
type csvReader struct {
	f     io.ReadCloser
	name  string
	buf   []byte // buf[r:w] holds bytes read and not yet consumed
	chunk *chunk // what buf is, when it came from chunks
	r, w  int
	off   int64 // file offset of buf[r]
	line  int   // line number of buf[r]
	eof   bool
	err   error
}

const csvChunk = 4 << 20

func newCSVReader(f io.ReadCloser, name string) *csvReader {
	return &csvReader{f: f, name: name, line: 1}
}

func (r *csvReader) Close() error {
	r.chunk.release()
	r.chunk, r.buf = nil, nil
	return r.f.Close()
}

// chunk is a buffer that records are cut from, used again once the reader
// has moved on and every record cut from it is released (see
// Record.Release). Records that are never released are left to the garbage
// collector, with their chunk.
type chunk struct {
	buf  []byte
	refs atomic.Int32 // the reader's while it reads into buf, and one per record
}

// freeChunks holds chunks of csvChunk bytes that nothing refers to, a few
// at most: as many as the records being parsed at once may hold.
var freeChunks = make(chan *chunk, 8)

func newChunk() *chunk {
	select {
	case c := <-freeChunks:
		return c
	default:
		return &chunk{buf: make([]byte, csvChunk)}
	}
}

func (c *chunk) release() {
	if c != nil && c.refs.Add(-1) == 0 && len(c.buf) == csvChunk {
		select {
		case freeChunks <- c:
		default:
		}
	}
}

// fill reads more of the file into the buffer, keeping buf[r:w].
//
// Each fill reads into another buffer, with the unread rest of the old one
// copied to its front: records are slices of the buffers, handed out
// without a copy, so a buffer is not written again while a record cut from
// it may be in use.
func (r *csvReader) fill() {
	if r.eof || r.err != nil {
		return
	}
	size := len(r.buf)
	if rest := r.w - r.r; rest > size/2 {
		size = 2 * rest // a record larger than half a buffer
	}
	var c *chunk
	if size <= csvChunk {
		c = newChunk()
	} else {
		c = &chunk{buf: make([]byte, size)}
	}
	c.refs.Store(1)
	nb := c.buf
	r.w = copy(nb, r.buf[r.r:r.w])
	r.r = 0
	r.buf = nb
	r.chunk.release()
	r.chunk = c
	n, err := io.ReadFull(r.f, r.buf[r.w:])
	r.w += n
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		r.eof = true
	} else if err != nil {
		r.err = err
	}
}

// recordEnd returns the length of the record at the start of b (its line
// feed included), or -1 if b does not hold all of it yet. atEOF says that
// no byte follows b.
func recordEnd(b []byte, atEOF bool) int {
	from := 0
	for {
		i := bytes.Index(b[from:], []byte("\"\n"))
		if i < 0 {
			break
		}
		q := from + i // the quote
		end := q + 2  // just past the line feed
		if escaped(b, q) || q == 0 {
			from = q + 1
			continue
		}
		if end == len(b) {
			if atEOF {
				return end
			}
			return -1 // the next record's start is not read yet
		}
		if end+1 < len(b) && b[end] == '"' && isDigit(b[end+1]) {
			return end
		}
		if end+1 == len(b) && !atEOF {
			return -1
		}
		if rest := bytes.TrimSpace(b[end:]); len(rest) == 0 && atEOF {
			return len(b)
		}
		from = q + 1
	}
	if atEOF && len(bytes.TrimSpace(b)) > 0 {
		return len(b) // the last record, without its line feed
	}
	return -1
}

// escaped reports whether the byte at b[i] follows an odd number of
// backslashes.
func escaped(b []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && b[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func (r *csvReader) Next() (Record, error) {
	for {
		// Skip blank lines between records.
		for r.r < r.w && (r.buf[r.r] == '\n' || r.buf[r.r] == '\r' || r.buf[r.r] == ' ') {
			if r.buf[r.r] == '\n' {
				r.line++
			}
			r.r++
			r.off++
		}
		if r.r == r.w {
			if r.eof {
				return Record{}, io.EOF
			}
			if r.err != nil {
				return Record{}, fmt.Errorf("%s: %w", r.name, r.err)
			}
			r.fill()
			continue
		}
		n := recordEnd(r.buf[r.r:r.w], r.eof)
		if n < 0 {
			if r.err != nil {
				return Record{}, fmt.Errorf("%s: %w", r.name, r.err)
			}
			r.fill()
			continue
		}
		raw := r.buf[r.r : r.r+n : r.r+n]
		loc := cable.Location{File: r.name, Line: r.line, Offset: r.off, Length: int64(n)}
		r.r += n
		r.off += int64(n)
		r.line += bytes.Count(raw, []byte{'\n'})
		r.chunk.refs.Add(1)
		return Record{Format: cable.FormatCSV, Loc: loc, raw: raw, chunk: r.chunk}, nil
	}
}

// parseCSVRecord reads the fields of one record.
func parseCSVRecord(raw []byte, loc cable.Location, opt Options) (*cable.Cable, error) {
	fields, err := splitCSVRecord(raw)
	if err != nil {
		return nil, &Error{File: loc.File, Line: loc.Line, Err: err}
	}
	c := &cable.Cable{
		ID:             unescapeCSV(fields[2]),
		Origin:         unescapeCSV(fields[3]),
		Classification: unescapeCSV(fields[4]),
		Header:         unescapeCSV(fields[6]),
		Text:           unescapeCSV(fields[7]),
		Format:         cable.FormatCSV,
		Source:         loc,
	}
	created, err := parseCSVTime(string(fields[1]))
	if err != nil {
		return nil, &Error{File: loc.File, Line: loc.Line, Field: "created", ID: cable.NormalizeID(c.ID), Err: err}
	}
	c.Created = created
	if err := finish(c, loc.File, loc.Line, opt); err != nil {
		return nil, err
	}
	for _, ref := range strings.Split(unescapeCSV(fields[5]), "|") {
		ref = cable.NormalizeID(ref)
		if ref != "" && ref != c.ID && cable.ValidateID(ref) == nil {
			c.CSVReferences = append(c.CSVReferences, ref)
		}
	}
	return c, nil
}

// splitCSVRecord cuts a record into its eight fields, still escaped.
func splitCSVRecord(raw []byte) ([8][]byte, error) {
	var fields [8][]byte
	b := bytes.TrimRight(raw, "\r\n")
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' || escaped(b, len(b)-1) {
		return fields, errors.New("record is not a list of quoted fields")
	}
	b = b[1 : len(b)-1]
	for k := 0; k < 7; k++ {
		i := fieldEnd(b)
		if i < 0 {
			return fields, fmt.Errorf("record has %d fields, want 8 (missing %s)", k+1, strings.Join(csvFields[k+1:], ", "))
		}
		fields[k] = b[:i]
		b = b[i+3:]
	}
	fields[7] = b
	return fields, nil
}

// fieldEnd returns the index of the unescaped `","` that ends the field at
// the start of b, or -1.
func fieldEnd(b []byte) int {
	from := 0
	for {
		i := bytes.Index(b[from:], []byte(`","`))
		if i < 0 {
			return -1
		}
		if !escaped(b, from+i) {
			return from + i
		}
		from += i + 1
	}
}

// unescapeCSV undoes the backslash escapes of a field.
func unescapeCSV(b []byte) string {
	i := bytes.IndexByte(b, '\\')
	if i < 0 {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b))
	for {
		out.Write(b[:i])
		if i+1 < len(b) {
			out.WriteByte(b[i+1])
			b = b[i+2:]
		} else {
			out.WriteByte('\\')
			b = nil
		}
		i = bytes.IndexByte(b, '\\')
		if i < 0 {
			out.Write(b)
			return out.String()
		}
	}
}

// parseCSVTime reads "12/28/1966 18:48".
func parseCSVTime(s string) (cable.Time, error) {
	bad := fmt.Errorf("%q is not M/D/YYYY H:MM", s)
	date, clock, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		clock = "0:00"
	}
	parts := strings.Split(date, "/")
	hm := strings.Split(strings.TrimSpace(clock), ":")
	if len(parts) != 3 || len(hm) != 2 {
		return cable.Time{}, bad
	}
	var n [5]int
	for i, p := range append(parts, hm...) {
		v, err := strconv.Atoi(p)
		if err != nil {
			return cable.Time{}, bad
		}
		n[i] = v
	}
	month, day, year, hour, min := n[0], n[1], n[2], n[3], n[4]
	if month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100 || hour > 23 || min > 59 {
		return cable.Time{}, bad
	}
	t := cable.NewTime(year, time.Month(month), day, hour, min)
	if t.Std().Day() != day {
		return cable.Time{}, bad
	}
	return t, nil
}
