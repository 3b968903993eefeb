package search

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"cablesite/generator/internal/testcorpus"
)

// realDocs makes index documents of the corpus's sample cables, a block a
// line group.
func realDocs(t testing.TB) []*Doc {
	var docs []*Doc
	for i, text := range testcorpus.SampleTexts(t) {
		d := &Doc{ID: "10TEST" + string(rune('0'+i%10)), Subject: strings.SplitN(text, "\n", 3)[1], Tags: []string{"PREL"}}
		for j, para := range strings.Split(text, "\n\n") {
			d.Blocks = append(d.Blocks, Block{Anchor: "par" + string(rune('1'+j%9)), Text: para})
		}
		docs = append(docs, d)
	}
	return docs
}

// FuzzTokenize checks that the words of any text are folded runs of
// letters and digits, at most MaxTermLetters long, and that the words of a
// word are itself.
func FuzzTokenize(f *testing.F) {
	for _, text := range testcorpus.SampleTexts(f) {
		f.Add(text)
	}
	f.Add("U.S.-CHINA E.O. 12958 don’t Ürümqi")
	f.Fuzz(func(t *testing.T, s string) {
		Tokenize(s, func(w []byte) {
			if len(w) == 0 || !utf8.Valid(w) {
				t.Fatalf("bad word %q", w)
			}
			letters := 0
			for _, r := range string(w) {
				if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
					t.Fatalf("word %q of %q has %q", w, s, r)
				}
				letters++
			}
			if letters > 2*MaxTermLetters { // a folding is at most two letters
				t.Fatalf("word %q too long", w)
			}
			if again := Words(string(w)); len(again) != 1 || again[0] != string(w) {
				if !strings.ContainsFunc(string(w), unicode.IsUpper) && len([]rune(string(w))) <= MaxTermLetters {
					t.Fatalf("words of %q are %q", w, again)
				}
			}
		})
		var want []string
		tokenizeRef(s, func(w []byte) { want = append(want, string(w)) })
		if got := Words(s); !slices.Equal(got, want) {
			t.Fatalf("words of %q are %q, want %q", s, got, want)
		}
	})
}

// tokenizeRef is Tokenize a character at a time, its reference. It shares
// with tokenize what a character beyond ASCII is (runeKind, appendFolded):
// what it checks is tokenize's ASCII path, its table and its joins.
func tokenizeRef(s string, fn func(word []byte)) {
	var buf wordBuf
	w := buf[:0]
	letters := 0
	emit := func() {
		if len(w) > 0 {
			fn(w)
		}
		w = buf[:0]
		letters = 0
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case (c == '.' || c == '\'') && letters > 0 && startsWord(s[i:]):
				continue
			default:
				emit()
				continue
			}
			if letters < MaxTermLetters {
				w = append(w, c)
			}
			letters++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch runeKind(r, s[i:], letters) {
		case runeSkipped:
			continue
		case runeEnds:
			emit()
			continue
		}
		if letters < MaxTermLetters {
			w = appendFolded(w, r)
		}
		letters++
	}
	emit()
}

// FuzzShard checks that a shard of any bytes is read without panicking,
// and that a shard read back is written the same.
func FuzzShard(f *testing.F) {
	shards, _ := referenceIndex(realDocs(f), Layout{ShardBits: 4, Vocab: 16})
	for _, data := range shards {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		terms, err := decodeShard(data)
		if err != nil {
			return
		}
		var out []byte
		for _, st := range terms {
			ps, err := DecodeList(st.List, st.DF, st.Flags, nil)
			if err != nil {
				return
			}
			for i := 1; i < len(ps); i++ {
				if ps[i].Doc <= ps[i-1].Doc {
					t.Fatalf("documents out of order: %v", ps)
				}
			}
			out = AppendShardTerm(out, st)
		}
		if _, err := decodeShard(append(appendCount(len(terms)), out...)); err != nil {
			t.Fatalf("shard written back does not read: %v", err)
		}
	})
}

// referenceIndex encodes the shards (their data, without the script
// around it) and vocabulary of docs, cable i numbered i, a term at a time,
// with no runs: the seeds of the fuzz tests of the files' formats.
func referenceIndex(docs []*Doc, l Layout) (shards [][]byte, vocab [][]VocabWord) {
	lists := map[Key][]Posting{}
	words := map[Key]string{}
	facets := map[Key]bool{}
	var c Counter
	for i, d := range docs {
		c.Reset()
		d.Count(&c)
		for j := range c.Terms() {
			t := &c.Terms()[j]
			imp := uint8(0)
			if !t.Facet {
				imp = Impact(t.TF, c.Len(), 100)
			}
			lists[t.Key] = append(lists[t.Key], Posting{Doc: uint32(i), Impact: imp})
			words[t.Key], facets[t.Key] = string(c.Term(t)), t.Facet
		}
	}
	keys := slices.Sorted(maps.Keys(lists))
	terms := make([][]ShardTerm, 1<<l.ShardBits)
	vocab = make([][]VocabWord, l.Vocab)
	for _, k := range keys {
		list, flags := AppendList(nil, lists[k], !facets[k])
		s := k.Shard(l.ShardBits)
		terms[s] = append(terms[s], ShardTerm{Key: k, DF: len(lists[k]), Flags: flags, List: list})
		if !facets[k] {
			v := PrefixBucket(words[k], l.Vocab)
			vocab[v] = append(vocab[v], VocabWord{Word: words[k], DF: len(lists[k])})
		}
	}
	for _, ts := range terms {
		data := appendCount(len(ts))
		for _, t := range ts {
			data = AppendShardTerm(data, t)
		}
		shards = append(shards, data)
	}
	return shards, vocab
}

func appendCount(n int) []byte {
	var b []byte
	for {
		c := byte(n & 127)
		n >>= 7
		if n == 0 {
			return append(b, c)
		}
		b = append(b, c|128)
	}
}

// FuzzDocFile checks that a file of cables of any bytes is read without
// panicking, and that what it reads is written and read the same.
func FuzzDocFile(f *testing.F) {
	docs := realDocs(f)
	for i := 0; i+GroupSize <= len(docs); i += GroupSize {
		f.Add(GroupFile(nil, 3, [GroupSize]*Doc(docs[i:i+GroupSize])))
	}
	f.Add(GroupFile(nil, 3, [GroupSize]*Doc{nil, docs[0]}))
	f.Fuzz(func(t *testing.T, file []byte) {
		for n := uint32(3 * GroupSize); n < 4*GroupSize; n++ {
			d, err := ParseDocFile(file, n)
			if err != nil {
				continue
			}
			var same [GroupSize]*Doc
			for k := range same {
				same[k] = d
			}
			file := GroupFile(nil, 3, same)
			again, err := ParseDocFile(file, n)
			if err != nil {
				t.Fatalf("written back: %v", err)
			}
			var a, b Counter
			d.Count(&a)
			again.Count(&b)
			if a.Len() != b.Len() || len(a.Terms()) != len(b.Terms()) {
				t.Fatalf("the terms changed on the way: %d/%d words, %d/%d terms", a.Len(), b.Len(), len(a.Terms()), len(b.Terms()))
			}
		}
	})
}

// FuzzState checks that an index state of any bytes is read without
// panicking or allocating beyond its size.
func FuzzState(f *testing.F) {
	st := &State{}
	for i := range 3 {
		st.Append(Facets{Origin: []string{"Embassy Rome", "Embassy Paris"}[i%2], Class: "SECRET"})
	}
	st.Layout = LayoutFor(3)
	data, _ := st.MarshalBinary()
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s State
		if s.UnmarshalBinary(data) != nil {
			return
		}
		again, _ := s.MarshalBinary()
		var s2 State
		if err := s2.UnmarshalBinary(again); err != nil {
			t.Fatalf("written back: %v", err)
		}
	})
}

// FuzzVocab checks that a vocabulary file of any bytes is read without
// panicking.
func FuzzVocab(f *testing.F) {
	_, vocab := referenceIndex(realDocs(f), Layout{ShardBits: 4, Vocab: 16})
	f.Add(VocabFile(3, vocab[3]))
	f.Fuzz(func(t *testing.T, file []byte) {
		words, err := ParseVocabFile(file, 3)
		if err != nil {
			return
		}
		if _, err := ParseVocabFile(VocabFile(3, words), 3); err != nil {
			t.Fatalf("written back: %v", err)
		}
	})
}

// FuzzJSON checks that any text reads back from its JSON string as
// encoding/json writes it, in valid JSON that a script element can hold,
// and that reading eight bytes at once changes nothing.
func FuzzJSON(f *testing.F) {
	for _, d := range realDocs(f) {
		f.Add(d.Subject)
		for _, b := range d.Blocks {
			f.Add(b.Text)
		}
	}
	f.Add(" a  b\t\n c \u2028 <d> \"e\" \\ \xff ")
	f.Add("abcdefgh  ijklmnop \n\nqrstuvw x<yz&01234567\x7f89abcdef\u00e9ghijklmn \t opqrstuvwxyz0123 ")
	f.Fuzz(func(t *testing.T, s string) {
		js := appendJSONString(nil, s)
		if !json.Valid(js) {
			t.Fatalf("invalid JSON %q", js)
		}
		if bytes.ContainsAny(js, "<>&\u2028\u2029") {
			t.Fatalf("JSON %q holds what a script element cannot", js)
		}
		std, _ := json.Marshal(s)
		var got, want string
		if err := json.Unmarshal(js, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(std, &want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("appendJSONString(%q) reads %q, want %q", s, got, want)
		}
		if narrow := appendJSONBytes(nil, s, false); !bytes.Equal(js, narrow) {
			t.Fatalf("appendJSONString(%q) = %s, a byte at a time %s", s, js, narrow)
		}
	})
}
