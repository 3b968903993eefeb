package search

import "strings"

// SubjectWeight is how many times a word of a cable's subject counts.
const SubjectWeight = 3

// Counter counts the terms of one cable. It is reused from cable to cable
// (Reset) so that counting allocates nothing once it has grown.
type Counter struct {
	slots []int32 // open addressing on the key: index+1 into terms, or 0
	terms []Counted
	arena []byte // the terms' bytes
	words uint32
	word  wordBuf
}

// Counted is a term of a cable and how many times it occurs.
type Counted struct {
	Key      Key
	TF       uint32
	Facet    bool     // a facet term ("tag:prel"), not a word of the text
	th       termHash // the hashes its key is made of
	Off, Len uint32   // where its bytes are in the counter's arena (see Arena)
}

// Reset empties c.
func (c *Counter) Reset() {
	clear(c.slots)
	c.terms = c.terms[:0]
	c.arena = c.arena[:0]
	c.words = 0
}

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
	if len(term) > MaxTermBytes {
		term = term[:MaxTermBytes] // no tag or ID is that long
	}
	c.addHashed(term, hashOf(term), 1, true)
}

// addHashed adds a term whose hashes are given.
func (c *Counter) addHashed(term []byte, th termHash, n uint32, facet bool) {
	// The table is probed with the first hash; terms are told apart by
	// their hashes and length, as the index tells them apart by their key.
	h := th.probe()
	if len(c.terms)*2 >= len(c.slots) {
		c.grow()
	}
	mask := uint32(len(c.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := c.slots[i]
		if s == 0 {
			c.terms = append(c.terms, Counted{Key: th.key(len(term)), TF: n, Facet: facet, th: th, Off: uint32(len(c.arena)), Len: uint32(len(term))})
			c.arena = append(c.arena, term...)
			c.slots[i] = int32(len(c.terms))
			return
		}
		if t := &c.terms[s-1]; t.th == th && t.Len == uint32(len(term)) {
			t.TF += n
			return
		}
	}
}

func (c *Counter) grow() {
	n := max(256, 2*len(c.slots))
	c.slots = make([]int32, n)
	mask := uint32(n - 1)
	for j := range c.terms {
		for i := c.terms[j].th.probe() & mask; ; i = (i + 1) & mask {
			if c.slots[i] == 0 {
				c.slots[i] = int32(j + 1)
				break
			}
		}
	}
}

// Arena returns the bytes of the counted terms, one after the other (see
// Counted.Off; valid until the next Reset).
func (c *Counter) Arena() []byte { return c.arena }

// Terms returns the counted terms, in the order they first occurred.
func (c *Counter) Terms() []Counted { return c.terms }

// Term returns the bytes of a counted term (valid until the next Reset).
func (c *Counter) Term(t *Counted) []byte { return c.arena[t.Off : t.Off+t.Len] }

// Len is the cable's length in words (subject words counted as often as
// they weigh).
func (c *Counter) Len() uint32 { return c.words }
