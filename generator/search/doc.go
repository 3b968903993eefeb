package search

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// Doc is what the index holds of one cable: what a result shows, and
// the text its terms are counted in. The file of cables holds all but the
// text: the search page reads the text, for passages and the check of
// phrases, from the cable's own page (assets/site.js sends it to the page
// that frames it), and an update reads the text that was indexed from the
// published page (package render, CableText).
type Doc struct {
	ID      string `json:"id"`
	URL     string `json:"u"` // path of the cable's page in the site
	Subject string `json:"s"`
	Date    string `json:"d"` // creation time, "2010-02-05 08:23"
	// Released is the release time, "2010-11-28 18:28", or "" when unknown.
	Released string   `json:"r,omitempty"`
	Origin   string   `json:"o"`
	Class    string   `json:"c"`
	Tags     []string `json:"t"`
	Aliases  []string `json:"a,omitempty"`  // other IDs that lead to the cable
	Changed  []string `json:"ch,omitempty"` // the releases it changed in, when several were read
	Blocks   []Block  `json:"-" key:"-"`    // the text, by paragraph: read from the cable's record
}

// Block is a paragraph of a cable's text: its anchor in the cable's page
// ("par1"; "" for the text before the first paragraph) and its text.
type Block struct {
	Anchor string
	Text   string
}

// Blank reports whether s is only blanks.
func Blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isBlank(s[i]) {
			return false
		}
	}
	return true
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// Count counts the terms of d into c (after c.Reset()): the words of the
// subject (SubjectWeight times each) and of the text, and the facet terms
// "id:" (of the ID and aliases), "tag:", "month:" (of its creation,
// "month:2010-02"), "released:" (its release day,
// "released:2010-11-28") and "changed:" (each release it changed in, and
// "changed:any"), by which the search page filters.
func (d *Doc) Count(c *Counter) {
	c.AddText(d.Subject, SubjectWeight)
	for _, b := range d.Blocks {
		c.AddText(b.Text, 1)
	}
	c.AddFacet("id", d.ID)
	for _, a := range d.Aliases {
		c.AddFacet("id", a)
	}
	for _, t := range d.Tags {
		c.AddFacet("tag", t)
	}
	if len(d.Date) >= 7 {
		c.AddFacet("month", d.Date[:7])
	}
	if len(d.Released) >= 10 {
		c.AddFacet("released", d.Released[:10])
	}
	for _, r := range d.Changed {
		c.AddFacet("changed", r)
	}
	if len(d.Changed) > 0 {
		c.AddFacet("changed", "any")
	}
}

// GroupSize is the number of cables a file of cables holds: eight,
// numbered 8g to 8g+7 for file g. A file holds what the result list shows
// of each (about 250 bytes a cable), not their text, so that eight to a
// file cost a query that shows 20 results at most 40 KB, and the build an
// eighth as many files as cables (creating a file is most of the cost of a
// small one). A job of the build writes a group's file and the pages of its
// cables, and marks those in a byte: GroupSize is at most 8.
const GroupSize = 8

// DocPath is the path in the site of the file that holds cable n: the
// file of group n/GroupSize, 512 files a folder.
func DocPath(n uint32) string { return GroupPath(n / GroupSize) }

// GroupPath is the path in the site of the file of group g.
func GroupPath(g uint32) string {
	return "search/d/" + strconv.Itoa(int(g>>9)) + "/" + strconv.Itoa(int(g&511)) + ".js"
}

// size is about the length of d's JSON.
func (d *Doc) size() int {
	n := 200 + len(d.Subject) + len(d.URL)
	for _, t := range d.Tags {
		n += len(t) + 3
	}
	return n
}

// appendJSON appends d as a JSON object, as a file of cables holds it.
func (d *Doc) appendJSON(out []byte) []byte {
	out = slices.Grow(out, d.size())
	out = append(out, `{"id":`...)
	out = appendJSONString(out, d.ID)
	out = append(out, `,"u":`...)
	out = appendJSONString(out, d.URL)
	out = append(out, `,"s":`...)
	out = appendJSONString(out, d.Subject)
	out = append(out, `,"d":`...)
	out = appendJSONString(out, d.Date)
	if d.Released != "" {
		out = append(out, `,"r":`...)
		out = appendJSONString(out, d.Released)
	}
	out = append(out, `,"o":`...)
	out = appendJSONString(out, d.Origin)
	out = append(out, `,"c":`...)
	out = appendJSONString(out, d.Class)
	out = append(out, `,"t":`...)
	out = appendJSONStrings(out, d.Tags)
	if len(d.Aliases) > 0 {
		out = append(out, `,"a":`...)
		out = appendJSONStrings(out, d.Aliases)
	}
	if len(d.Changed) > 0 {
		out = append(out, `,"ch":`...)
		out = appendJSONStrings(out, d.Changed)
	}
	return append(out, '}')
}

// GroupFile appends to dst[:0] the file of group g:
// cablesite.docs(G,[A,B,…]), where A, B, … are the JSON objects of cables
// GroupSize*g and the next ones, or null for a number no cable has. A
// build passes a buffer of its writer's, which writes the file from it.
func GroupFile(dst []byte, g uint32, docs [GroupSize]*Doc) []byte {
	size := 32
	for _, d := range docs {
		if d != nil {
			size += d.size()
		}
	}
	out := slices.Grow(dst[:0], size)
	out = append(out, "cablesite.docs("...)
	out = strconv.AppendInt(out, int64(g), 10)
	out = append(out, ",["...)
	for i, d := range docs {
		if i > 0 {
			out = append(out, ',')
		}
		if d == nil {
			out = append(out, "null"...)
			continue
		}
		out = d.appendJSON(out)
	}
	return append(out, "]);\n"...)
}

// ParseGroupFile reads the file of group g that GroupFile wrote, returning the
// JSON of its cables (nil for null).
func ParseGroupFile(file []byte, g uint32) ([GroupSize][]byte, error) {
	var docs [GroupSize][]byte
	head := "cablesite.docs(" + strconv.Itoa(int(g)) + ","
	const tail = ");\n"
	if len(file) < len(head)+len(tail) || string(file[:len(head)]) != head || string(file[len(file)-len(tail):]) != tail {
		return docs, fmt.Errorf("%s: not the file of cables %d to %d", GroupPath(g), GroupSize*g, GroupSize*g+GroupSize-1)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(file[len(head):len(file)-len(tail)], &raw); err != nil {
		return docs, fmt.Errorf("%s: %w", GroupPath(g), err)
	}
	if len(raw) != GroupSize {
		return docs, fmt.Errorf("%s: %d cables, want %d", GroupPath(g), len(raw), GroupSize)
	}
	for i, r := range raw {
		if string(r) != "null" {
			docs[i] = r
		}
	}
	return docs, nil
}

// ParseDoc reads the JSON of a cable in a file of cables.
func ParseDoc(data []byte) (*Doc, error) {
	d := &Doc{}
	if err := json.Unmarshal(data, d); err != nil {
		return nil, err
	}
	if d.ID == "" {
		return nil, errors.New("a cable without an ID")
	}
	return d, nil
}

// DocJSON returns the JSON of cable n in its file.
func DocJSON(file []byte, n uint32) ([]byte, error) {
	docs, err := ParseGroupFile(file, n/GroupSize)
	if err != nil {
		return nil, err
	}
	if docs[n%GroupSize] == nil {
		return nil, fmt.Errorf("%s: no cable %d", DocPath(n), n)
	}
	return docs[n%GroupSize], nil
}

// ParseDocFile returns cable n of its file.
func ParseDocFile(file []byte, n uint32) (*Doc, error) {
	raw, err := DocJSON(file, n)
	if err != nil {
		return nil, err
	}
	d, err := ParseDoc(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: cable %d: %w", DocPath(n), n, err)
	}
	return d, nil
}

func appendJSONStrings(out []byte, ss []string) []byte {
	out = append(out, '[')
	for i, s := range ss {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendJSONString(out, s)
	}
	return append(out, ']')
}

// plain marks the ASCII bytes that a JSON string holds as they are.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0x7f
	}
	return t
}()

// appendJSONString appends s as a JSON string that is safe inside a
// <script> element and a script file: <, > and & are escaped like control
// characters, and so are U+2028 and U+2029; invalid UTF-8 becomes U+FFFD.
// Runs of eight bytes that hold none of these are copied as they are.
func appendJSONString(out []byte, s string) []byte {
	return appendJSONBytes(out, s, true)
}

// appendJSONBytes is appendJSONString, looking at eight bytes at once when
// wide (its tests compare the two ways).
func appendJSONBytes(out []byte, s string, wide bool) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	// b is s as bytes, only read.
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	start := 0
	for i := 0; i < len(s); {
		if wide && i+8 <= len(b) {
			m := special(binary.LittleEndian.Uint64(b[i:]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			out = append(out, s[start:i]...)
			switch {
			case c == '"' || c == '\\':
				out = append(out, '\\', c)
			case c == '\n':
				out = append(out, '\\', 'n')
			case c == '\t':
				out = append(out, '\\', 't')
			default:
				out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			out = append(out, s[start:i]...)
			out = append(out, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			out = append(out, s[start:i]...)
			out = append(out, '\\', 'u', '2', '0', '2', hex[r&15])
			i += n
			start = i
			continue
		}
		i += n
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
	low7Bits = 0x7f7f7f7f7f7f7f7f
)

// special returns a mask with the high bit set of each byte of x (eight
// bytes of text) that is not plain: a control character (below a space or
// DEL), a byte of a UTF-8 sequence, or one of " & < > \\. Spaces are not
// in it.
func special(x uint64) uint64 {
	lo := x & low7Bits
	return (^(lo+lowBits*0x60|x)|(lo+lowBits|x))&highBits |
		bytesEqual(x|lowBits*0x04, '&') | // " or &
		bytesEqual(x|lowBits*0x02, '>') | // < or >
		bytesEqual(x, '\\')
}

// bytesEqual returns a mask with the high bit set of each byte of x that is c.
func bytesEqual(x uint64, c byte) uint64 {
	v := x ^ lowBits*uint64(c)
	return ^((v&low7Bits + low7Bits) | v | low7Bits)
}
