package search

// Key identifies a term in the index: 64 bits from two 32-bit hashes of its
// UTF-8 bytes (FNV-1a with two primes, each finished by the avalanche of
// MurmurHash3), computed the same way by assets/search.js. The high 32 bits
// choose the term's shard.
type Key uint64

// termHash is the two hashes of a term's bytes that make its key, computed
// a byte at a time.
type termHash struct{ a, b uint32 }

func newTermHash() termHash { return termHash{0x811c9dc5, 0x050c5d1f} }

func (h termHash) add(c byte) termHash {
	return termHash{(h.a ^ uint32(c)) * 0x01000193, (h.b ^ uint32(c)) * 0x5bd1e995}
}

// probe returns a hash for a table of terms.
func (h termHash) probe() uint32 { return h.a ^ h.a>>16 }

// key returns the key of the term of n bytes that h hashed.
func (h termHash) key(n int) Key {
	return Key(uint64(fmix(h.a))<<32 | uint64(fmix(h.b^uint32(n))))
}

// KeyOfString returns the key of a term.
func KeyOfString(term string) Key { return KeyOf(term) }

func KeyOf[T string | []byte](term T) Key { return hashOf(term).key(len(term)) }

// hashOf returns the hashes of a term's bytes.
func hashOf[T string | []byte](term T) termHash {
	h := newTermHash()
	for i := 0; i < len(term); i++ {
		h = h.add(term[i])
	}
	return h
}

func fmix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// Shard returns the shard of key k among 1<<bits shards.
func (k Key) Shard(bits uint) int {
	if bits == 0 {
		return 0
	}
	return int(uint64(k) >> (64 - bits))
}

// PrefixBucket returns the vocabulary file of a word among n (a power of
// two): that of its first three letters.
func PrefixBucket(word string, n int) int {
	k, letters := 0, 0
	for k < len(word) && letters < 3 {
		if word[k] < 0x80 {
			k++
		} else {
			k++
			for k < len(word) && word[k]&0xc0 == 0x80 {
				k++
			}
		}
		letters++
	}
	return int(uint64(KeyOfString(word[:k]))>>32) & (n - 1)
}
