package search

// Key identifies a term in the index: 64 bits from two 32-bit hashes of its
// UTF-8 bytes (FNV-1a with two primes, each finished by the avalanche of
// MurmurHash3), computed the same way by assets/search.js. The high 32 bits
// choose the term's shard.
type Key uint64

// KeyOf returns the key of a term.
func KeyOf(term []byte) Key {
	a, b := uint32(0x811c9dc5), uint32(0x050c5d1f)
	for _, c := range term {
		a = (a ^ uint32(c)) * 0x01000193
		b = (b ^ uint32(c)) * 0x5bd1e995
	}
	return Key(uint64(fmix(a))<<32 | uint64(fmix(b^uint32(len(term)))))
}

// KeyOfString is KeyOf for a string.
func KeyOfString(term string) Key {
	a, b := uint32(0x811c9dc5), uint32(0x050c5d1f)
	for i := 0; i < len(term); i++ {
		c := term[i]
		a = (a ^ uint32(c)) * 0x01000193
		b = (b ^ uint32(c)) * 0x5bd1e995
	}
	return Key(uint64(fmix(a))<<32 | uint64(fmix(b^uint32(len(term)))))
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

// prefixBucket returns the vocabulary file of a word among n (a power of
// two): that of its first three letters.
func prefixBucket(word string, n int) int {
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
