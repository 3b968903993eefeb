package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"
)

// Facets are what numbering and filtering need of a cable.
type Facets struct {
	Origin, Class string
	Created       time.Time
}

// Run is a stretch of cable numbers that share an origin, a classification
// and a year of creation.
type Run struct {
	Len           uint32
	Origin, Class uint32 // into State.Origins, State.Classes
	Year          uint32
}

// State is what an index keeps between builds: how its cables are
// numbered and what an update needs to change it in place.
type State struct {
	Layout  Layout
	AvgLen  float64 // of the cables when the index was built; updates weigh with it
	Origins []string
	Classes []string
	Runs    []Run    // cover the numbers 0..Slots()-1 in order
	Days    []uint32 // by number: creation day (days since 1950-01-01) + 1; 0 for a number no cable has
}

// Slots is the number of cable numbers in use, holes included.
func (s *State) Slots() uint32 { return uint32(len(s.Days)) }

// Append gives a new cable the next number.
func (s *State) Append(f Facets) uint32 {
	s.append(f)
	return s.Slots() - 1
}

func (s *State) append(f Facets) {
	o := s.name(&s.Origins, f.Origin)
	c := s.name(&s.Classes, f.Class)
	y := uint32(max(f.Created.Year(), 0))
	if k := len(s.Runs) - 1; k >= 0 && s.Runs[k].Origin == o && s.Runs[k].Class == c && s.Runs[k].Year == y {
		s.Runs[k].Len++
	} else {
		s.Runs = append(s.Runs, Run{Len: 1, Origin: o, Class: c, Year: y})
	}
	s.Days = append(s.Days, day(f.Created))
}

func (s *State) name(names *[]string, name string) uint32 {
	if i := slices.Index(*names, name); i >= 0 {
		return uint32(i)
	}
	*names = append(*names, name)
	return uint32(len(*names) - 1)
}

// epoch is the first day that days count: the readers accept the years
// 1950 to 2099 (cable.MinYear, cable.MaxYear), whose days all fit in the
// 16 bits that the files of dates give each cable.
var epoch = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)

func day(t time.Time) uint32 {
	d := int64(t.Sub(epoch).Hours() / 24)
	return uint32(min(max(d, 0), math.MaxUint16-1)) + 1
}

// Remove makes cable number n a hole: no cable has it any more.
func (s *State) Remove(n uint32) {
	if n < s.Slots() {
		s.Days[n] = 0
	}
}

// FacetsNow returns a function that gives the origin, classification and
// year of cable number n, for the numbers that s has now: the changes made
// to s afterwards are not seen. It finds n's run by binary search.
func (s *State) FacetsNow() func(n uint32) (origin, class string, year int) {
	runs := slices.Clone(s.Runs)
	ends := make([]uint32, len(runs)) // ends[i]: the number after run i
	var end uint32
	for i, r := range runs {
		end += r.Len
		ends[i] = end
	}
	return func(n uint32) (string, string, int) {
		i, _ := slices.BinarySearch(ends, n+1)
		if i == len(runs) {
			return "", "", 0
		}
		r := runs[i]
		return s.Origins[r.Origin], s.Classes[r.Class], int(r.Year)
	}
}

// Has reports whether cable number n is not a hole.
func (s *State) Has(n uint32) bool { return n < s.Slots() && s.Days[n] != 0 }

// MarshalBinary encodes s for the build's state file.
func (s *State) MarshalBinary() ([]byte, error) {
	b := []byte("cablesite-index 1\n")
	b = binary.AppendUvarint(b, uint64(s.Layout.ShardBits))
	b = binary.AppendUvarint(b, uint64(s.Layout.Vocab))
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(s.AvgLen))
	for _, names := range [][]string{s.Origins, s.Classes} {
		b = binary.AppendUvarint(b, uint64(len(names)))
		for _, n := range names {
			b = binary.AppendUvarint(b, uint64(len(n)))
			b = append(b, n...)
		}
	}
	b = appendRuns(b, s.Runs)
	b = binary.AppendUvarint(b, uint64(len(s.Days)))
	for _, d := range s.Days {
		b = binary.AppendUvarint(b, uint64(d))
	}
	return b, nil
}

func appendRuns(b []byte, runs []Run) []byte {
	b = binary.AppendUvarint(b, uint64(len(runs)))
	for _, r := range runs {
		b = binary.AppendUvarint(b, uint64(r.Len))
		b = binary.AppendUvarint(b, uint64(r.Origin))
		b = binary.AppendUvarint(b, uint64(r.Class))
		b = binary.AppendUvarint(b, uint64(r.Year))
	}
	return b
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (s *State) UnmarshalBinary(data []byte) error {
	head := []byte("cablesite-index 1\n")
	if !bytes.HasPrefix(data, head) {
		return errors.New("index state: not of this version")
	}
	d := data[len(head):]
	bad := false
	uv := func() uint64 {
		x, n := binary.Uvarint(d)
		if n <= 0 {
			bad = true
			return 0
		}
		d = d[n:]
		return x
	}
	s.Layout.ShardBits = uint(uv())
	s.Layout.Vocab = int(uv())
	if len(d) < 8 {
		return errors.New("index state: cut short")
	}
	s.AvgLen = math.Float64frombits(binary.BigEndian.Uint64(d))
	d = d[8:]
	for _, names := range []*[]string{&s.Origins, &s.Classes} {
		n := uv()
		if n > uint64(len(d)) {
			return errors.New("index state: bad name count")
		}
		*names = make([]string, 0, n)
		for i := uint64(0); i < n && !bad; i++ {
			l := uv()
			if l > uint64(len(d)) {
				return errors.New("index state: bad name")
			}
			*names = append(*names, string(d[:l]))
			d = d[l:]
		}
	}
	n := uv()
	if n > uint64(len(d)) {
		return errors.New("index state: bad run count")
	}
	s.Runs = make([]Run, n)
	for i := range s.Runs {
		s.Runs[i] = Run{Len: uint32(uv()), Origin: uint32(uv()), Class: uint32(uv()), Year: uint32(uv())}
	}
	n = uv()
	if n > uint64(len(d)) {
		return errors.New("index state: bad cable count")
	}
	s.Days = make([]uint32, n)
	for i := range s.Days {
		s.Days[i] = uint32(uv())
	}
	if bad || len(d) != 0 {
		return errors.New("index state: malformed")
	}
	var total uint64
	for _, r := range s.Runs {
		if int(r.Origin) >= len(s.Origins) || int(r.Class) >= len(s.Classes) {
			return errors.New("index state: run names out of range")
		}
		total += uint64(r.Len)
	}
	if total != uint64(len(s.Days)) || s.Layout.ShardBits > 20 || s.Layout.Vocab <= 0 || s.Layout.Vocab&(s.Layout.Vocab-1) != 0 {
		return errors.New("index state: inconsistent")
	}
	return nil
}

// The paths in the site of the index's files of one each.
const (
	MetaPath = "search/meta.js" // what the search page loads first (see MetaFile)
	RunsPath = "search/runs.js" // the runs of cable numbers (see RunsFile)
)

// DayChunk is the number of cables a dates file covers.
const DayChunk = 8192

// DatesPath is the path in the site of dates file k.
func DatesPath(k int) string { return "search/c/" + strconv.Itoa(k) + ".js" }

// DatesFiles is the number of dates files of s.
func (s *State) DatesFiles() int { return (len(s.Days) + DayChunk - 1) / DayChunk }

// DatesFile returns dates file k: the creation day of cables kDayChunk to
// (k+1)DayChunk-1, two bytes each (little-endian), 0 for a hole.
func (s *State) DatesFile(k int) []byte {
	lo := k * DayChunk
	hi := min(lo+DayChunk, len(s.Days))
	b := make([]byte, 0, 2*(hi-lo))
	for _, d := range s.Days[lo:hi] {
		b = binary.LittleEndian.AppendUint16(b, uint16(d))
	}
	return ScriptFile("dates", k, b)
}

// RunsFile returns search/runs.js: the runs (an unsigned varint of their
// number, then four of each: length, origin, classification, year).
func (s *State) RunsFile() []byte { return ScriptFile("runs", 0, appendRuns(nil, s.Runs)) }

// Meta is what the search page loads first: search/meta.js.
type Meta struct {
	Docs    int
	Tags    [][2]string // tag code and description, most used first
	TagDocs []int       // cables of each tag
	// Keys are the address keys of the origins and classifications, by
	// name ("Embassy Beijing": "embassy-beijing"), which the search page
	// takes as filters too.
	Keys map[string]string
}

// MetaFile returns search/meta.js for s.
func (s *State) MetaFile(m Meta) []byte {
	origins, classes, years := s.counts()
	b := []byte("cablesite.meta({\"version\":1")
	num := func(name string, x int64) {
		b = append(b, ",\""+name+"\":"...)
		b = strconv.AppendInt(b, x, 10)
	}
	num("slots", int64(len(s.Days)))
	num("docs", int64(m.Docs))
	num("shardBits", int64(s.Layout.ShardBits))
	num("vocab", int64(s.Layout.Vocab))
	num("dayChunk", DayChunk)
	num("maxImpact", MaxImpact)
	b = append(b, `,"avgLen":`...)
	b = strconv.AppendFloat(b, s.AvgLen, 'f', 2, 64)
	b = appendNames(b, "origins", s.Origins, origins, m.Keys)
	b = appendNames(b, "classes", s.Classes, classes, m.Keys)
	b = append(b, `,"years":[`...)
	for i, y := range slices.Sorted(maps.Keys(years)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "[%d,%d]", y, years[y])
	}
	b = append(b, `],"tags":[`...)
	for i, t := range m.Tags {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, t[0])
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(m.TagDocs[i]), 10)
		if t[1] != "" {
			b = append(b, ',')
			b = appendJSONString(b, t[1])
		}
		b = append(b, ']')
	}
	b = append(b, `],"holes":[`...)
	first := true
	for i, d := range s.Days {
		if d == 0 {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = strconv.AppendInt(b, int64(i), 10)
		}
	}
	return append(b, "]});\n"...)
}

// counts returns the number of cables of each origin, classification and
// year (the holes left by cables gone are not counted).
func (s *State) counts() (origins, classes []int, years map[uint32]int) {
	origins = make([]int, len(s.Origins))
	classes = make([]int, len(s.Classes))
	years = map[uint32]int{}
	n := uint32(0)
	for _, r := range s.Runs {
		for i := uint32(0); i < r.Len; i++ {
			if s.Days[n+i] != 0 {
				origins[r.Origin]++
				classes[r.Class]++
				years[r.Year]++
			}
		}
		n += r.Len
	}
	return origins, classes, years
}

// appendNames appends ,"key":[[name,count,address key],…] to b (without
// the address key when keys has none for the name).
func appendNames(b []byte, key string, names []string, counts []int, keys map[string]string) []byte {
	b = append(b, ",\""+key+"\":["...)
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, name)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(counts[i]), 10)
		if k := keys[name]; k != "" {
			b = append(b, ',')
			b = appendJSONString(b, k)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}
