// Package state keeps what a build learned for the next one: what was read
// of every cable (so that an unchanged record is not parsed again) and a key
// for every page of the site, a hash of all that the page shows (so that a
// page whose key has not changed is not rendered again).
//
// A State is saved beside the site it describes, in one file written
// atomically, and names the build that wrote the site (the site holds the
// same build ID in its marker file), so that a state is never trusted for a
// site it does not describe.
package state

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/crc64"
	"io"
	"iter"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unsafe"
)

// Key identifies content: the first 16 bytes of a SHA-256.
type Key [16]byte

// Hasher computes a Key from parts written one after the other. Each part
// is written with its length, so that ("ab", "c") and ("a", "bc") differ.
type Hasher struct {
	buf []byte
}

// String adds a string.
func (h *Hasher) String(s string) *Hasher {
	h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
	h.buf = append(h.buf, s...)
	return h
}

// Int adds an integer.
func (h *Hasher) Int(n int64) *Hasher {
	h.buf = binary.AppendVarint(h.buf, n)
	return h
}

// Key adds a key.
func (h *Hasher) Key(k Key) *Hasher {
	h.buf = append(h.buf, k[:]...)
	return h
}

// Sum returns the key of what was added, and resets h.
func (h *Hasher) Sum() Key {
	sum := sha256.Sum256(h.buf)
	h.buf = h.buf[:0]
	var k Key
	copy(k[:], sum[:])
	return k
}

// Of returns the key of some bytes.
func Of(b []byte) Key {
	sum := sha256.Sum256(b)
	var k Key
	copy(k[:], sum[:])
	return k
}

// RecordKey identifies the bytes of a source record, to tell whether a
// record changed since the last build: two CRC-32s (Castagnoli and IEEE,
// which the processor computes at tens of gigabytes a second) and the
// length. A change that leaves all three as they were is a chance of one
// in 2^64; the 2.3 GB of the full archive are checked in a tenth of a
// second, where SHA-256 takes more than one.
func RecordKey(b []byte) Key {
	var k Key
	binary.LittleEndian.PutUint32(k[0:], crc32.Checksum(b, castagnoli))
	binary.LittleEndian.PutUint32(k[4:], crc32.ChecksumIEEE(b))
	binary.LittleEndian.PutUint64(k[8:], uint64(len(b)))
	return k
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Record is what a build read of one source record: enough to index the
// cable without parsing it again.
type Record struct {
	Hash           Key // of the record's bytes (see RecordKey)
	ID             string
	Subject        string
	Created        int64 // minutes since 1970 (cable.Time.Unix)
	Released       int64
	Classification string
	Origin         string
	Format         string
	Tags           []string
	Refs           []string
	Ord            uint32 // the cable's number in the search index
	Content        Key    // of what the record says, when several releases were read (see scan.ContentKey)
	// Partial marks the record of an earlier release's version of a cable,
	// of which the state keeps its ID, format and content only.
	Partial bool
}

// Ord is the number in the search index of the cable with an ID.
type Ord struct {
	ID  string
	Ord uint32
}

// DropRecords lets the records go: a build that has read its inputs needs
// nothing else of them but Numbers, and they hold on to the whole file
// they were read from.
func (s *State) DropRecords() { s.enc, s.offs = "", nil }

// State is what a build leaves for the next.
type State struct {
	// Numbers are the cables' numbers in the search index: of each record
	// but those of earlier releases, its ID (a copy) and number.
	Numbers []Ord
	BuildID string
	// RecordsKey says what Records depend on besides the records' bytes:
	// the generator and the options of reading.
	RecordsKey Key
	// ConfigKey says what every page depends on: the generator, the
	// templates, assets and pages, the base URL.
	ConfigKey Key
	// Inputs are the files the records were read from, in order, as they
	// were when read: a build whose inputs are all as they were reads
	// none of them again.
	Inputs []Input
	Read   int    // records read from them, duplicates included
	Cables int    // cables of the site
	Files  Digest // the files of the site
	// Rejected and Notes are what the build said of its inputs: the
	// records it rejected, and its other notices (duplicates, names that
	// moved, files ignored), which a build that reads nothing again says
	// again.
	Rejected []string
	Notes    []string
	Search   []byte      // what the search index keeps for updates (package search)
	Pages    map[Key]Key // the key of each page of the site, by the key of its path (see PathKey)

	// The records of a state loaded from its file (written by SaveRecords,
	// one by one) stay as the file has them, each decoded when asked
	// (NumRecords, Record): a quarter of the memory of decoding all
	// 251,287 at once, while the build that reads them holds the new index
	// too.
	enc  string   // the records as the state file holds them
	offs []uint32 // where each record starts in enc
}

// NumRecords returns the number of records kept; none when loaded by
// LoadHead, or once dropped.
func (s *State) NumRecords() int { return len(s.offs) }

// Record returns record i (from 0, below NumRecords).
func (s *State) Record(i int) Record {
	end := len(s.enc)
	if i+1 < len(s.offs) {
		end = int(s.offs[i+1])
	}
	rec := s.enc[s.offs[i]:end]
	d := decoder{b: unsafe.Slice(unsafe.StringData(rec), len(rec)), all: rec}
	return d.record()
}

// RecordHash returns the hash of record i, without decoding the rest.
func (s *State) RecordHash(i int) Key {
	var k Key
	copy(k[:], s.enc[s.offs[i]:])
	return k
}

// Digest sums up a set of paths, in any order: two sets of paths have the
// same digest when they are the same, and but for a chance of one in 2^128
// only then.
type Digest struct {
	Files int
	Sum   [2]uint64
}

// Add adds a path to the digest.
func (d *Digest) Add(path string) {
	d.Files++
	d.Sum[0] += crc64.Checksum([]byte(path), crcISO) * 0x9e3779b97f4a7c15
	d.Sum[1] += crc64.Checksum([]byte(path), crcECMA)<<1 | 1
}

// Merge adds the paths of another digest.
func (d *Digest) Merge(o Digest) {
	d.Files += o.Files
	d.Sum[0] += o.Sum[0]
	d.Sum[1] += o.Sum[1]
}

var (
	crcISO  = crc64.MakeTable(crc64.ISO)
	crcECMA = crc64.MakeTable(crc64.ECMA)
)

// Input is a file read by a build, as it was.
type Input struct {
	Path    string
	Size    int64
	ModTime int64 // nanoseconds since 1970
}

// PathKey is the key of a page's path, under which State.Pages keeps the
// page's key: fixed-size keys cost less memory than the paths.
func PathKey(path string) Key { return Of([]byte(path)) }

// magic starts a state file; the last byte is the format's version.
var magic = []byte("cablesite-state\x06")

// SaveRecords writes s to file atomically (into a new file that replaces
// file), with the records given one by one rather than in s.Records, so
// that a build can save what its index holds without a copy of it.
func (s *State) SaveRecords(file string, records iter.Seq[*Record]) error {
	n := 0
	for range records {
		n++
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".tmp-")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	e := encoder{w: w}
	e.bytes(magic)
	head := s.head()
	e.uint(uint64(len(head)))
	e.bytes(head)
	e.uint(uint64(len(s.Search)))
	e.bytes(s.Search)
	paths := make([]Key, 0, len(s.Pages))
	for p := range s.Pages {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return bytes.Compare(paths[i][:], paths[j][:]) < 0 })
	e.uint(uint64(len(paths)))
	for _, p := range paths {
		k := s.Pages[p]
		e.bytes(p[:])
		e.bytes(k[:])
	}
	e.uint(uint64(n))
	for r := range records {
		e.bytes(r.Hash[:])
		e.str(r.ID)
		e.str(r.Subject)
		e.int(r.Created)
		e.int(r.Released)
		e.str(r.Classification)
		e.str(r.Origin)
		e.str(r.Format)
		e.strs(r.Tags)
		e.strs(r.Refs)
		e.uint(uint64(r.Ord))
		e.bytes(r.Content[:])
		e.bool(r.Partial)
	}
	if e.err == nil {
		e.err = w.Flush()
	}
	if e.err == nil {
		e.err = tmp.Close()
	} else {
		tmp.Close()
	}
	if e.err != nil {
		return fmt.Errorf("state: %w", e.err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// head returns the head of the state's file: what LoadHead reads.
func (s *State) head() []byte {
	var b bytes.Buffer
	e := encoder{w: &b}
	e.str(s.BuildID)
	e.bytes(s.RecordsKey[:])
	e.bytes(s.ConfigKey[:])
	e.uint(uint64(len(s.Inputs)))
	for _, in := range s.Inputs {
		e.str(in.Path)
		e.int(in.Size)
		e.int(in.ModTime)
	}
	e.uint(uint64(s.Read))
	e.uint(uint64(s.Cables))
	e.uint(uint64(s.Files.Files))
	e.uint(s.Files.Sum[0])
	e.uint(s.Files.Sum[1])
	e.strs(s.Rejected)
	e.strs(s.Notes)
	return b.Bytes()
}

// ErrFormat is returned by Load for a file that is not a state of this
// version of the generator.
var ErrFormat = errors.New("not a state file of this version")

// Load reads a state saved by SaveRecords.
func Load(file string) (*State, error) { return load(file, true) }

// LoadHead reads a state saved by SaveRecords but for its records: what a
// build needs to tell that nothing changed.
func LoadHead(file string) (*State, error) { return load(file, false) }

func load(file string, all bool) (*State, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	m := make([]byte, len(magic))
	if _, err := io.ReadFull(r, m); err != nil || !bytes.Equal(m, magic) {
		return nil, fmt.Errorf("state: %s: %w", file, ErrFormat)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<30 {
		return nil, fmt.Errorf("state: %s: %w", file, ErrFormat)
	}
	headBytes := make([]byte, n)
	if _, err := io.ReadFull(r, headBytes); err != nil {
		return nil, fmt.Errorf("state: %s: %w", file, err)
	}
	s := &State{}
	d := decoder{b: headBytes}
	s.BuildID = d.str()
	copy(s.RecordsKey[:], d.next(16))
	copy(s.ConfigKey[:], d.next(16))
	s.Inputs = make([]Input, d.count())
	for i := range s.Inputs {
		s.Inputs[i] = Input{Path: d.str(), Size: d.int(), ModTime: d.int()}
	}
	s.Read = int(d.uint())
	s.Cables = int(d.uint())
	s.Files = Digest{Files: int(d.uint()), Sum: [2]uint64{d.uint(), d.uint()}}
	s.Rejected = d.strs()
	s.Notes = d.strs()
	if d.err != nil || len(d.b) != 0 {
		return nil, fmt.Errorf("state: %s: a bad head", file)
	}
	if !all {
		return s, nil
	}
	// The rest, read into a buffer of its size: the records' strings are
	// kept in it.
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("state: %s: %w", file, err)
	}
	size := info.Size() - int64(len(magic)+binary.PutUvarint(make([]byte, binary.MaxVarintLen64), n)) - int64(n)
	if size < 0 || size > math.MaxUint32 {
		return nil, fmt.Errorf("state: %s: %w", file, ErrFormat)
	}
	rest := make([]byte, size)
	if _, err := io.ReadFull(r, rest); err != nil {
		return nil, fmt.Errorf("state: %s: %w", file, err)
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("state: %s: longer than it was when opened", file)
	}
	if err := s.decodeBody(rest); err != nil {
		return nil, fmt.Errorf("state: %s: %w", file, err)
	}
	return s, nil
}

// decodeBody reads what follows the head of a state file: the search
// index's data, the keys of the pages, and where each record starts (the
// records stay as they are, see Record). b is not used again by the
// caller.
func (s *State) decodeBody(b []byte) error {
	all := unsafe.String(unsafe.SliceData(b), len(b))
	d := decoder{b: b, all: all}
	if n := d.count(); n > 0 {
		s.Search = slices.Clone(d.next(n))
	}
	n2 := d.count()
	s.Pages = make(map[Key]Key, n2)
	for i := 0; i < n2; i++ {
		var p, k Key
		copy(p[:], d.next(16))
		copy(k[:], d.next(16))
		s.Pages[p] = k
	}
	s.offs = make([]uint32, d.count())
	start := len(all) - len(d.b)
	for i := range s.offs {
		s.offs[i] = uint32(len(all) - len(d.b) - start)
		if id, ord, partial := d.number(); !partial {
			s.Numbers = append(s.Numbers, Ord{ID: strings.Clone(id), Ord: ord})
		}
	}
	if d.err != nil {
		return d.err
	}
	if len(d.b) != 0 {
		return fmt.Errorf("%d bytes after the end", len(d.b))
	}
	s.enc = all[start:]
	return nil
}

// record decodes one record.
func (d *decoder) record() Record {
	var r Record
	copy(r.Hash[:], d.next(16))
	r.ID = d.str()
	r.Subject = d.str()
	r.Created = d.int()
	r.Released = d.int()
	r.Classification = d.str()
	r.Origin = d.str()
	r.Format = d.str()
	r.Tags = d.strs()
	r.Refs = d.strs()
	r.Ord = uint32(d.uint())
	copy(r.Content[:], d.next(16))
	r.Partial = d.uint() != 0
	return r
}

// number reads past one record, keeping of it the ID, the number in the
// search index and whether it is of an earlier release (see record).
func (d *decoder) number() (id string, ord uint32, partial bool) {
	d.next(16)
	id = d.str()
	d.str()
	d.int()
	d.int()
	d.str()
	d.str()
	d.str()
	for range 2 {
		for n := d.count(); n > 0; n-- {
			d.str()
		}
	}
	ord = uint32(d.uint())
	d.next(16)
	return id, ord, d.uint() != 0
}

type encoder struct {
	w   io.Writer
	err error
	tmp [binary.MaxVarintLen64]byte
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) uint(n uint64) { e.bytes(e.tmp[:binary.PutUvarint(e.tmp[:], n)]) }
func (e *encoder) int(n int64)   { e.bytes(e.tmp[:binary.PutVarint(e.tmp[:], n)]) }

func (e *encoder) bool(b bool) {
	if b {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

func (e *encoder) strs(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

type decoder struct {
	b   []byte
	err error
	// all, when set, is the whole input as a string, of which str returns
	// substrings: a state holds millions of strings, and one allocation
	// for all of them spares the garbage collector millions of objects.
	all string
}

var errShort = errors.New("truncated")

func (d *decoder) next(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		if d.err == nil {
			d.err = errShort
		}
		return make([]byte, max(n, 0))
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) int() int64 {
	if d.err != nil {
		return 0
	}
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[k:]
	return n
}

// count reads a count of items that each take at least one byte.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.err = errShort
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count()
	off := len(d.all) - len(d.b)
	b := d.next(n)
	if d.all == "" || d.err != nil {
		return string(b)
	}
	return d.all[off : off+n]
}

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}
