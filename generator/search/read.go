package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Listing is what an index in a site says, read back from its files: the
// IDs of the cables of every term, and the vocabulary. Two indexes of the
// same cables have the same listing, however their cables are numbered.
type Listing struct {
	Terms map[Key][]string // IDs of the cables of each term, sorted
	Vocab map[string]int   // cables of each word
}

// Read reads the index of the site in dir, checking that every file of it
// is well formed and that every cable a list names has its file.
func Read(dir string) (*Listing, error) {
	metaFile, err := os.ReadFile(filepath.Join(dir, "search", "meta.js"))
	if err != nil {
		return nil, err
	}
	var l Layout
	m := strings.TrimSuffix(strings.TrimPrefix(string(metaFile), "cablesite.meta("), ");\n")
	if err := json.Unmarshal([]byte(m), &l); err != nil {
		return nil, fmt.Errorf("search/meta.js: %w", err)
	}
	ids := map[uint32]string{}
	root := filepath.Join(dir, "search", "d")
	folders, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	for _, f := range folders {
		hi, err := strconv.Atoi(f.Name())
		if err != nil {
			return nil, fmt.Errorf("index: unexpected folder %s", f.Name())
		}
		files, err := os.ReadDir(filepath.Join(root, f.Name()))
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			lo, err := strconv.Atoi(strings.TrimSuffix(file.Name(), ".js"))
			if err != nil || lo >= 512 {
				return nil, fmt.Errorf("index: unexpected file %s", file.Name())
			}
			n := uint32(hi<<9 | lo)
			data, err := os.ReadFile(filepath.Join(root, f.Name(), file.Name()))
			if err != nil {
				return nil, err
			}
			d, err := ParseDocFile(data, n)
			if err != nil {
				return nil, err
			}
			ids[n] = d.ID
		}
	}
	ls := &Listing{Terms: map[Key][]string{}, Vocab: map[string]int{}}
	for s := 0; s < 1<<l.ShardBits; s++ {
		p := ShardPath(s)
		file, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		data, err := parseScriptFile(file, "shard", s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		terms, err := decodeShard(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, t := range terms {
			if t.key.Shard(l.ShardBits) != s {
				return nil, fmt.Errorf("%s: a term of another shard", p)
			}
			ps, err := decodeList(t.list, t.df, t.flags, nil)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			var names []string
			for _, p := range ps {
				id, ok := ids[p.Doc]
				if !ok {
					return nil, fmt.Errorf("%s: cable %d has no file", ShardPath(s), p.Doc)
				}
				names = append(names, id)
			}
			slices.Sort(names)
			ls.Terms[t.key] = names
		}
	}
	for v := 0; v < l.Vocab; v++ {
		p := VocabPath(v)
		file, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		words, err := parseVocabFile(file, v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, w := range words {
			if n := len(ls.Terms[KeyOfString(w.word)]); n != w.df {
				return nil, fmt.Errorf("%s: %s in %d cables, its list has %d", p, w.word, w.df, n)
			}
			ls.Vocab[w.word] = w.df
		}
	}
	return ls, nil
}
