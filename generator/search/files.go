package search

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
)

// Layout fixes the number of shards and vocabulary files of an index.
type Layout struct {
	ShardBits uint `json:"shardBits"` // 1<<ShardBits shards
	Vocab     int  `json:"vocab"`     // vocabulary files, a power of two
}

// LayoutFor returns the layout for an archive of n cables: about sixteen
// cables' worth of postings a shard, so that a shard of an average term is a
// few kilobytes, and a vocabulary file for every eight shards.
func LayoutFor(n int) Layout {
	bits := uint(4)
	for bits < 16 && 1<<bits < n/16 {
		bits++
	}
	return Layout{ShardBits: bits, Vocab: max(16, 1<<bits/8)}
}

// ShardPath is the path in the site of shard s.
func ShardPath(s int) string {
	return fmt.Sprintf("search/t/%02x/%02x.js", s>>8, s&255)
}

// VocabPath is the path in the site of vocabulary file v.
func VocabPath(v int) string { return fmt.Sprintf("search/v/%03x.js", v) }

// VocabWord is a word of the vocabulary and the number of cables it is in.
type VocabWord struct {
	Word string
	DF   int
}

// VocabFile writes a vocabulary file: cablesite.vocab(V,"WORD DF WORD DF …")
// with the words in lexical order. Words are letters and digits only, so
// they need no escaping in a script's string.
func VocabFile(v int, words []VocabWord) []byte {
	sort.Slice(words, func(i, j int) bool { return words[i].Word < words[j].Word })
	out := []byte("cablesite.vocab(" + strconv.Itoa(v) + ",\"")
	for i, w := range words {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, w.Word...)
		out = append(out, ' ')
		out = strconv.AppendInt(out, int64(w.DF), 10)
	}
	return append(out, "\");\n"...)
}

// ParseVocabFile reads a file that VocabFile wrote.
func ParseVocabFile(file []byte, v int) ([]VocabWord, error) {
	data, err := parseTextFile(file, "vocab", v)
	if err != nil {
		return nil, err
	}
	var words []VocabWord
	fields := splitSpaces(data)
	if len(fields)%2 != 0 {
		return nil, errors.New("vocabulary: odd number of fields")
	}
	for i := 0; i < len(fields); i += 2 {
		df, err := strconv.Atoi(fields[i+1])
		if err != nil || df < 0 {
			return nil, fmt.Errorf("vocabulary: bad count %q", fields[i+1])
		}
		words = append(words, VocabWord{fields[i], df})
	}
	return words, nil
}

func splitSpaces(s string) []string {
	var out []string
	for s != "" {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		out = append(out, s[:i])
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return out
}

// parseTextFile returns the string of a file cablesite.NAME(ARG,"STRING").
func parseTextFile(file []byte, name string, arg int) (string, error) {
	head := "cablesite." + name + "(" + strconv.Itoa(arg) + ",\""
	const tail = "\");\n"
	if len(file) < len(head)+len(tail) || string(file[:len(head)]) != head || string(file[len(file)-len(tail):]) != tail {
		return "", fmt.Errorf("not a %s(%d) file of the index", name, arg)
	}
	return string(file[len(head) : len(file)-len(tail)]), nil
}
