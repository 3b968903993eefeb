package search

import "strings"

// SubjectWeight is how many times a word of a cable's subject counts.
const SubjectWeight = 3

// Counter counts the terms of one cable. It is reused from cable to cable
// (Reset) so that counting allocates nothing once it has grown. A Part
// counts into a Counter of its own that keeps the terms of the cables
// before (Next instead of Reset): they are the part's postings.
type Counter struct {
	slots []uint32 // open addressing on the terms' hashes: index+1 into pres, or 0
	pres  []Key    // by term of the cable: what its key is made of (termHash.pre)
	terms []Counted
	start int    // the current cable's first term
	arena []byte // the terms' bytes
	words uint32
	doc   uint32 // given to the terms of the current cable
	word  wordBuf
}

// Counted is a term of a cable and how many times it occurs.
type Counted struct {
	Key   Key
	TF    uint32
	doc   uint32 // the cable's index in a Part's list
	off   uint32 // the term's bytes in the arena
	len   uint16
	Facet bool // a facet term ("tag:prel"), not a word of the text
}

// Reset empties c.
func (c *Counter) Reset() {
	c.terms = c.terms[:0]
	c.arena = c.arena[:0]
	c.next(0)
}

// next starts counting the terms of another cable, keeping those counted
// so far, whose terms will have doc. The table shrinks back after a cable
// of many terms, so that the next ones probe a table of their size.
func (c *Counter) next(doc uint32) {
	if n := len(c.pres); len(c.slots) > minSlots && n*8 < len(c.slots) {
		c.slots = c.slots[:max(minSlots, len(c.slots)/4)]
	}
	clear(c.slots)
	c.pres = c.pres[:0]
	c.start = len(c.terms)
	c.words = 0
	c.doc = doc
}

// minSlots is the smallest table of a Counter.
const minSlots = 256

// AddText counts the words of s, each weight times, and adds them to the
// cable's length.
func (c *Counter) AddText(s string, weight uint32) {
	tokenize(s, &c.word, func(w []byte, h termHash) {
		c.addHashed(w, h, weight, false)
		c.words += weight
	})
}

// AddFacet counts a facet term: a name ("tag", "id") and a value, which is
// folded to lower case ("tag:prel"). A facet term is not a word: it is not
// in the vocabulary and has no weight.
func (c *Counter) AddFacet(name, value string) {
	term := []byte(name + ":" + strings.ToLower(value))
	if len(term) > maxFacetBytes {
		term = term[:maxFacetBytes] // no tag or ID is that long
	}
	c.addHashed(term, hashOf(term), 1, true)
}

// maxFacetBytes is the longest a facet term is (a word is at most
// len(wordBuf{}) bytes).
const maxFacetBytes = 1<<16 - 1

// addHashed adds a term whose hashes are given.
func (c *Counter) addHashed(term []byte, th termHash, n uint32, facet bool) {
	if len(c.pres)*2 >= len(c.slots) {
		c.grow()
	}
	pre := th.pre(len(term))
	mask := uint32(len(c.slots) - 1)
	for i := th.probe() & mask; ; i = (i + 1) & mask {
		s := c.slots[i]
		if s == 0 {
			c.pres = append(c.pres, pre)
			c.slots[i] = uint32(len(c.pres))
			c.terms = append(c.terms, Counted{Key: th.key(len(term)), TF: n, doc: c.doc, Facet: facet, off: uint32(len(c.arena)), len: uint16(len(term))})
			c.arena = append(c.arena, term...)
			return
		}
		if c.pres[s-1] == pre {
			c.terms[c.start+int(s-1)].TF += n
			return
		}
	}
}

// grow doubles the table, within its capacity when it can.
func (c *Counter) grow() {
	n := max(minSlots, 2*len(c.slots))
	if n <= cap(c.slots) {
		c.slots = c.slots[:n]
		clear(c.slots)
	} else {
		c.slots = make([]uint32, n)
	}
	mask := uint32(n - 1)
	for j, pre := range c.pres {
		for i := (termHash{a: uint32(pre >> 32)}).probe() & mask; ; i = (i + 1) & mask {
			if c.slots[i] == 0 {
				c.slots[i] = uint32(j + 1)
				break
			}
		}
	}
}

// Terms returns the counted terms of the cable, in the order they first
// occurred.
func (c *Counter) Terms() []Counted { return c.terms[c.start:] }

// Term returns the bytes of a counted term (valid until the next Reset).
func (c *Counter) Term(t *Counted) []byte { return c.arena[t.off : t.off+uint32(t.len)] }

// Len is the cable's length in words (subject words counted as often as
// they weigh).
func (c *Counter) Len() uint32 { return c.words }
