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
//	record = field 7("," field) EOL
//	field  = DQUOTE *(char | "\" char) DQUOTE
//	EOL    = LF | CR LF
//
// with the eight fields seq, created ("M/D/YYYY H:MM"), reference ID, origin,
// classification, references ("REF1|REF2"), header and text. A backslash
// escapes the character after it (\" for a quote, \\ for a backslash). Fields
// span lines. encoding/csv cannot read this (it expects doubled quotes), so
// records are found here, by one rule that needs no escapes: a record starts
// at the start of the file (after a byte-order mark) and at every line that
// starts with a quote and a digit (the quote that opens seq), and runs up to
// the next. Only then is it cut into fields, at each unescaped `","`; a
// record whose last field does not end with an unescaped quote at its end
// (a field that ends in a single backslash, a quote missing) is rejected
// with its line, and the next record is read as usual. So no record is ever
// merged into another: the records read plus those rejected are the lines
// that start a record. A line feed of the file read as CR LF is a line feed
// in the fields, so that a file saved on Windows reads as the original.

// csvFields names the fields of a record, for error messages.
var csvFields = [8]string{"seq", "created", "reference ID", "origin", "classification", "references", "header", "text"}

// csvStart reports whether b starts like a cables.csv record: `"123","`.
func csvStart(b []byte) bool {
	if isStart(b) != startYes {
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

// FreeBuffers lets go of the buffers kept for reading cables.csv files, 4
// MB each: a build calls it once it has read its inputs, so that they are
// not held while it writes the site.
func FreeBuffers() {
	for {
		select {
		case <-freeChunks:
		default:
			return
		}
	}
}

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

// recordEnd returns the length of the record at the start of b: up to the
// next line that starts a record (see csvStart), or to the end of b when
// atEOF says that no byte follows it; -1 if b does not hold all of it yet.
func recordEnd(b []byte, atEOF bool) int {
	from := 0
	for {
		// A quote after a line feed: quotes are fewer than line feeds.
		i := bytes.IndexByte(b[from:], '"')
		if i < 0 {
			break
		}
		start := from + i // the quote that may start a record
		if start == 0 || b[start-1] != '\n' {
			from = start + 1
			continue
		}
		switch isStart(b[start:]) {
		case startYes:
			return start
		case startMore:
			if !atEOF {
				return -1
			}
		}
		from = start + 1
	}
	if atEOF {
		return len(b)
	}
	return -1
}

// What isStart tells of the bytes at a line's start.
const (
	startNo   = iota
	startYes  // a record starts here
	startMore // the bytes end before it can tell
)

// isStart tells whether b starts a record: a quote, then a digit. A quote
// inside a field is escaped (\"), so in a file as the release writes it,
// no line of a field starts so.
func isStart(b []byte) int {
	switch {
	case len(b) < 2:
		return startMore
	case b[0] == '"' && isDigit(b[1]):
		return startYes
	}
	return startNo
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

// bom is the byte-order mark that some tools put at the start of a UTF-8
// file.
var bom = []byte("\ufeff")

func (r *csvReader) Next() (Record, error) {
	for {
		if r.off == 0 && r.w-r.r < len(bom) && !r.eof && r.err == nil {
			r.fill()
			continue
		}
		if r.off == 0 && bytes.HasPrefix(r.buf[r.r:r.w], bom) {
			r.r += len(bom)
			r.off += int64(len(bom))
		}
		// Skip blank lines between records.
		for r.r < r.w && (r.buf[r.r] == '\n' || r.buf[r.r] == '\r' || r.buf[r.r] == ' ' || r.buf[r.r] == '\t') {
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
	b := bytes.TrimRight(raw, "\r\n\t ")
	switch {
	case !csvStart(b):
		return fields, errors.New(`not a record: a record starts with its number in quotes, then a comma ("123","…)`)
	case len(b) < 2 || b[len(b)-1] != '"':
		return fields, errors.New("the record's last field does not end with a quote before the next record")
	case escaped(b, len(b)-1):
		return fields, errors.New(`the record's last field ends in a backslash that escapes its closing quote (\" at the end of the field)`)
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

// unescapeCSV undoes the backslash escapes of a field, and reads a CR LF
// as a line feed.
func unescapeCSV(b []byte) string {
	i := bytes.IndexByte(b, '\\')
	if i < 0 {
		return crlf(string(b))
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
			return crlf(out.String())
		}
	}
}

// crlf turns each CR LF of s into a line feed.
func crlf(s string) string {
	if !strings.Contains(s, "\r\n") {
		return s
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
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
	if month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > 9999 || hour > 23 || min > 59 {
		return cable.Time{}, bad
	}
	t := cable.NewTime(year, time.Month(month), day, hour, min)
	if t.Std().Day() != day {
		return cable.Time{}, bad
	}
	return t, nil
}
