package search

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// Posting is one cable of a term's list: the cable's number in the index
// and the term's weight in it (0 for a facet term such as "tag:prel").
type Posting struct {
	Doc    uint32
	Impact uint8
}

// The parameters of the BM25 weight (Robertson and Zaragoza's usual ones).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// MaxImpact is the top of the scale the weights are stored on.
	MaxImpact = 15
)

// Impact is the BM25 weight of a term that occurs tf times in a cable of
// dl words where cables have avgdl on average, without the term's inverse
// document frequency (which the page computes from the list's length),
// scaled to 1..MaxImpact.
func Impact(tf, dl uint32, avgdl float64) uint8 {
	if avgdl <= 0 {
		avgdl = 1
	}
	f := float64(tf)
	w := f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*float64(dl)/avgdl))
	q := int(math.Round(w / (bm25K1 + 1) * MaxImpact))
	return uint8(min(max(q, 1), MaxImpact))
}

// A list's flags.
const (
	FlagDense   = 1 // the documents are a bitmap, not gaps
	FlagImpacts = 2 // a weight (4 bits) follows for each document
)

// AppendList encodes a posting list (sorted by Doc, without repeats) and
// returns it with its flags. The documents are written as gaps (unsigned
// varints: the first document, then each less the one before it, less one)
// or as a bitmap (an unsigned varint of the bitmap's length in bytes, then
// the bitmap, bit d%8 of byte d/8 for document d), whichever is shorter;
// the weights follow, two to a byte, the first in the low half.
func AppendList(dst []byte, ps []Posting, impacts bool) ([]byte, byte) {
	var flags byte
	if impacts {
		flags |= FlagImpacts
	}
	if len(ps) == 0 {
		return dst, flags
	}
	sparse := 0
	prev := int64(-1)
	for _, p := range ps {
		sparse += UvarintLen(uint64(int64(p.Doc) - prev - 1))
		prev = int64(p.Doc)
	}
	nb := int(ps[len(ps)-1].Doc)/8 + 1
	if dense := UvarintLen(uint64(nb)) + nb; dense < sparse {
		flags |= FlagDense
		dst = binary.AppendUvarint(dst, uint64(nb))
		start := len(dst)
		dst = slices.Grow(dst, nb)[:start+nb]
		clear(dst[start:])
		for _, p := range ps {
			dst[start+int(p.Doc/8)] |= 1 << (p.Doc % 8)
		}
	} else {
		prev = -1
		for _, p := range ps {
			dst = binary.AppendUvarint(dst, uint64(int64(p.Doc)-prev-1))
			prev = int64(p.Doc)
		}
	}
	if impacts {
		for i := 0; i < len(ps); i += 2 {
			b := ps[i].Impact & 15
			if i+1 < len(ps) {
				b |= ps[i+1].Impact << 4
			}
			dst = append(dst, b)
		}
	}
	return dst, flags
}

func UvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// DecodeList decodes a list that AppendList wrote of df postings.
func DecodeList(data []byte, df int, flags byte, dst []Posting) ([]Posting, error) {
	start := len(dst)
	rest := data
	if flags&FlagDense != 0 {
		nb, n := binary.Uvarint(rest)
		if n <= 0 || nb > uint64(len(rest)-n) {
			return dst, errors.New("bad bitmap length")
		}
		bm := rest[n : n+int(nb)]
		rest = rest[n+int(nb):]
		for i, b := range bm {
			for b != 0 {
				j := bits.TrailingZeros8(b)
				b &= b - 1
				dst = append(dst, Posting{Doc: uint32(i*8 + j)})
			}
		}
		if len(dst)-start != df {
			return dst, fmt.Errorf("bitmap has %d documents, want %d", len(dst)-start, df)
		}
	} else {
		prev := int64(-1)
		for i := 0; i < df; i++ {
			g, n := binary.Uvarint(rest)
			if n <= 0 {
				return dst, errors.New("bad gap")
			}
			rest = rest[n:]
			d := prev + 1 + int64(g)
			if d > math.MaxUint32 {
				return dst, errors.New("document number out of range")
			}
			dst = append(dst, Posting{Doc: uint32(d)})
			prev = d
		}
	}
	if flags&FlagImpacts != 0 {
		if len(rest) != (df+1)/2 {
			return dst, fmt.Errorf("%d bytes of weights for %d documents", len(rest), df)
		}
		for i := 0; i < df; i++ {
			dst[start+i].Impact = rest[i/2] >> (4 * (i % 2)) & 15
		}
	} else if len(rest) != 0 {
		return dst, fmt.Errorf("%d bytes after the list", len(rest))
	}
	return dst, nil
}

// ShardTerm is one term of a shard: its key and encoded list.
type ShardTerm struct {
	Key   Key
	DF    int  // cables of its list
	Flags byte // FlagDense, FlagImpacts
	List  []byte
}

// AppendShardTerm appends a term to the binary form of a shard: the key
// (8 bytes, big-endian), the number of documents (unsigned varint), the
// flags (1 byte), the list's length in bytes (unsigned varint) and the list.
// A shard is its term count (unsigned varint) followed by its terms by
// increasing key.
func AppendShardTerm(dst []byte, t ShardTerm) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(t.Key))
	dst = binary.AppendUvarint(dst, uint64(t.DF))
	dst = append(dst, t.Flags)
	dst = binary.AppendUvarint(dst, uint64(len(t.List)))
	return append(dst, t.List...)
}

// ParseShard reads the terms of the script file of shard s.
func ParseShard(file []byte, s int) ([]ShardTerm, error) {
	data, err := ParseScriptFile(file, "shard", s)
	if err != nil {
		return nil, err
	}
	return decodeShard(data)
}

// decodeShard reads the binary form of a shard.
func decodeShard(data []byte) ([]ShardTerm, error) {
	n, k := binary.Uvarint(data)
	if k <= 0 {
		return nil, errors.New("shard: bad term count")
	}
	data = data[k:]
	if n > uint64(len(data))/11+1 {
		return nil, errors.New("shard: term count out of range")
	}
	terms := make([]ShardTerm, 0, n)
	for i := uint64(0); i < n; i++ {
		if len(data) < 8 {
			return nil, errors.New("shard: cut short")
		}
		t := ShardTerm{Key: Key(binary.BigEndian.Uint64(data))}
		data = data[8:]
		df, k := binary.Uvarint(data)
		if k <= 0 || df > 1<<32 || len(data) < k+1 {
			return nil, errors.New("shard: bad document count")
		}
		t.DF = int(df)
		t.Flags = data[k]
		data = data[k+1:]
		l, k := binary.Uvarint(data)
		if k <= 0 || l > uint64(len(data)-k) {
			return nil, errors.New("shard: bad list length")
		}
		t.List = data[k : k+int(l)]
		data = data[k+int(l):]
		if len(terms) > 0 && terms[len(terms)-1].Key >= t.Key {
			return nil, errors.New("shard: terms out of order")
		}
		terms = append(terms, t)
	}
	if len(data) != 0 {
		return nil, fmt.Errorf("shard: %d bytes after the last term", len(data))
	}
	return terms, nil
}

// The files of the index are scripts that hand their data to the page:
// cablesite.NAME(ARG,"BASE64") where ARG is a number.
func ScriptFile(name string, arg int, data []byte) []byte {
	out := make([]byte, 0, len(name)+32+base64.StdEncoding.EncodedLen(len(data)))
	out = append(out, "cablesite."...)
	out = append(out, name...)
	out = append(out, '(')
	out = strconv.AppendInt(out, int64(arg), 10)
	out = append(out, ",\""...)
	out = base64.StdEncoding.AppendEncode(out, data)
	return append(out, "\");\n"...)
}

// ParseScriptFile returns the data of a file that ScriptFile wrote, checking
// its name and argument.
func ParseScriptFile(file []byte, name string, arg int) ([]byte, error) {
	text, err := parseTextFile(file, name, arg)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(text)
}
